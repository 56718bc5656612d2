import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { NewSegmentRow, SegmentRow } from '../db/schema.js';

const SUMMARY_COLUMNS = [
  'id',
  'camera_id',
  'path',
  'start_ms',
  'end_ms',
  'duration_ms',
  'codec',
  'codecs',
  'width',
  'height',
  'size_bytes',
  'container',
  'init_size',
  'created_at',
  'node_id',
] as const;

/** A segment row without its (large) fragment index: what listings and retention need. */
export type SegmentSummary = Omit<SegmentRow, 'fragments' | 'deleting_at' | 'source' | 'epoch'>;

/** A segment retention has started to delete (tombstoned): its file may or may not still exist. */
export interface PendingDeletion {
  id: number;
  camera_id: string;
  path: string;
  size_bytes: number;
}

/**
 * A row entered or left the index: its camera and start, or `startMs: null` for all of a camera's rows.
 * Caches of the index (the timeline's) listen; tombstoning is not reported (readers skip those rows).
 */
export interface SegmentChange {
  cameraId: string;
  startMs: number | null;
}

/** A live segment's place in time (the timeline). */
export interface SegmentSpan {
  start_ms: number;
  end_ms: number;
}
/** What playback needs of a live segment: its file, time, encoding and fragment index. */
export type SegmentWithFragments = Pick<SegmentRow, 'id' | 'camera_id' | 'path' | 'start_ms' | 'end_ms' | 'codecs' | 'width' | 'height' | 'init_size' | 'fragments' | 'node_id'>;

/** Where a segment's file is: its path under the recordings root of the node that holds it (null: this one). */
export type SegmentLocation = Pick<SegmentRow, 'id' | 'path' | 'node_id'>;

/**
 * The only place that reads or writes the segment index. Reads that hand segments out (listings,
 * playback, export, timeline) skip rows with `deleting_at` set: retention is deleting their files.
 * Every method that inserts or deletes rows reports them to `onChange` listeners.
 */
export class SegmentRepository {
  private readonly listeners = new Set<(change: SegmentChange) => void>();

  constructor(private readonly db: Db) {}

  onChange(listener: (change: SegmentChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private changed(rows: readonly { camera_id: string; start_ms: number | null }[]): void {
    for (const row of rows) for (const listener of this.listeners) listener({ cameraId: row.camera_id, startMs: row.start_ms });
  }

  async insert(row: NewSegmentRow): Promise<number> {
    const { id } = await this.db.insertInto('segments').values(row).returning('id').executeTakeFirstOrThrow();
    this.changed([row]);
    return id;
  }

  /**
   * Inserts a segment only while `camera_owners` still gives its camera to (node_id, epoch): one
   * statement, INSERT … SELECT … WHERE EXISTS, so a node whose lease another node took (a higher
   * epoch) cannot add a row however late its write arrives. Null: refused.
   */
  async insertFenced(row: NewSegmentRow & { node_id: string; epoch: number }): Promise<number | null> {
    const columns = Object.keys(row) as (keyof NewSegmentRow & string)[];
    const inserted = await this.db
      .insertInto('segments')
      .columns(columns)
      .expression(
        this.db
          .selectNoFrom(columns.map((c) => sql`${row[c] ?? null}`.as(c)))
          .where(({ exists, selectFrom }) =>
            exists(
              selectFrom('camera_owners')
                .select('camera_owners.camera_id')
                .where('camera_owners.camera_id', '=', row.camera_id)
                .where('camera_owners.node_id', '=', row.node_id)
                .where('camera_owners.epoch', '=', row.epoch),
            ),
          ),
      )
      .returning('id')
      .executeTakeFirst();
    if (inserted === undefined) return null;
    this.changed([row]);
    return inserted.id;
  }

  /**
   * (start_ms, end_ms) of a camera's live segments that start in [fromStart, toStart), by start: an
   * index-only scan of segments_live_span (the timeline reads whole hours of them).
   */
  spansStartingIn(cameraId: string, fromStart: number, toStart: number): Promise<SegmentSpan[]> {
    return this.db
      .selectFrom('segments')
      .select(['start_ms', 'end_ms'])
      .where('camera_id', '=', cameraId)
      .where('start_ms', '>=', fromStart)
      .where('start_ms', '<', toStart)
      .where('deleting_at', 'is', null)
      .orderBy('start_ms')
      .execute();
  }

  /**
   * Starts of a camera's tombstoned segments (few: retention deletes them within a sweep). All cameras'
   * are read through the small partial index segments_deleting and filtered here: with the camera in
   * the WHERE clause SQLite would walk that camera's whole (camera_id, …) index instead.
   */
  async tombstonedStarts(cameraId: string): Promise<number[]> {
    const rows = await this.db.selectFrom('segments').select(['camera_id', 'start_ms']).where('deleting_at', 'is not', null).execute();
    return rows.filter((r) => r.camera_id === cameraId).map((r) => r.start_ms);
  }

  /**
   * Live segments overlapping [from, to) with their fragment index, oldest first. `maxSegmentMs` bounds
   * how long before `from` an overlapping segment can start, so the index range stays [from − max, to)
   * instead of the camera's whole history.
   */
  withFragments(cameraId: string, from: number, to: number, maxSegmentMs: number): Promise<SegmentWithFragments[]> {
    return this.db
      .selectFrom('segments')
      .select(['id', 'camera_id', 'path', 'start_ms', 'end_ms', 'codecs', 'width', 'height', 'init_size', 'fragments', 'node_id'])
      .where('camera_id', '=', cameraId)
      .where('start_ms', '>', from - maxSegmentMs)
      .where('start_ms', '<', to)
      .where('end_ms', '>', from)
      .where('deleting_at', 'is', null)
      .orderBy('start_ms')
      .execute();
  }

  /** Where an indexed segment's file is; undefined for an unknown id or one retention is deleting. */
  location(id: number): Promise<SegmentLocation | undefined> {
    return this.db.selectFrom('segments').select(['id', 'path', 'node_id']).where('id', '=', id).where('deleting_at', 'is', null).executeTakeFirst();
  }

  /** Segments of a camera that overlap [from, to), oldest first, without their fragment index. */
  inRange(cameraId: string, from: number, to: number): Promise<SegmentSummary[]> {
    return this.db
      .selectFrom('segments')
      .select(SUMMARY_COLUMNS)
      .where('camera_id', '=', cameraId)
      .where('start_ms', '<', to)
      .where('end_ms', '>', from)
      .where('deleting_at', 'is', null)
      .orderBy('start_ms')
      .execute();
  }

  /** Start of the camera's newest indexed segment, or null. */
  async newestStart(cameraId: string): Promise<number | null> {
    const row = await this.db
      .selectFrom('segments')
      .select('start_ms')
      .where('camera_id', '=', cameraId)
      .orderBy('start_ms', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row?.start_ms ?? null;
  }

  /**
   * Id and path of every segment that started at or after `sinceMs` (all cameras); with `nodeId`, only
   * those whose file is on that node's volume (or recorded before nodes existed).
   */
  pathsSince(sinceMs: number, nodeId: string | null = null): Promise<{ id: number; camera_id: string; path: string }[]> {
    let query = this.db.selectFrom('segments').select(['id', 'camera_id', 'path']).where('start_ms', '>=', sinceMs);
    if (nodeId !== null) query = query.where((eb) => eb.or([eb('node_id', '=', nodeId), eb('node_id', 'is', null)]));
    return query.execute();
  }

  async hasPath(path: string): Promise<boolean> {
    return (await this.db.selectFrom('segments').select('id').where('path', '=', path).executeTakeFirst()) !== undefined;
  }

  async deleteIds(ids: readonly number[]): Promise<void> {
    // Chunked: SQLite limits the number of bound parameters per statement.
    for (let i = 0; i < ids.length; i += 500) {
      this.changed(await this.db.deleteFrom('segments').where('id', 'in', ids.slice(i, i + 500)).returning(['camera_id', 'start_ms']).execute());
    }
  }

  async countForCamera(cameraId: string): Promise<number> {
    const row = await this.db
      .selectFrom('segments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('camera_id', '=', cameraId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Segments whose deletion was started (tombstoned) but not finished, oldest mark first. */
  pendingDeletions(limit: number): Promise<PendingDeletion[]> {
    return this.db
      .selectFrom('segments')
      .select(['id', 'camera_id', 'path', 'size_bytes'])
      .where('deleting_at', 'is not', null)
      .orderBy('deleting_at')
      .limit(limit)
      .execute();
  }

  /** The last step of a deletion: removes tombstoned rows (never a live one) once their files are gone. */
  async deleteTombstoned(ids: readonly number[]): Promise<number> {
    let deleted = 0;
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.db
        .deleteFrom('segments')
        .where('id', 'in', ids.slice(i, i + 500))
        .where('deleting_at', 'is not', null)
        .returning(['camera_id', 'start_ms'])
        .execute();
      this.changed(rows);
      deleted += rows.length;
    }
    return deleted;
  }

  /** Removes every index row of a camera and returns their paths (relative to the recordings root). */
  async deleteForCamera(cameraId: string): Promise<string[]> {
    const rows = await this.db.deleteFrom('segments').where('camera_id', '=', cameraId).returning('path').execute();
    this.changed([{ camera_id: cameraId, start_ms: null }]);
    return rows.map((r) => r.path);
  }
}
