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
] as const;

/** A segment row without its (large) fragment index: what listings and retention need. */
export type SegmentSummary = Omit<SegmentRow, 'fragments'>;

/** The only place that reads or writes the segment index. */
export class SegmentRepository {
  constructor(private readonly db: Db) {}

  async insert(row: NewSegmentRow): Promise<number> {
    const { id } = await this.db.insertInto('segments').values(row).returning('id').executeTakeFirstOrThrow();
    return id;
  }

  /** Segments of a camera that overlap [from, to), oldest first, without their fragment index. */
  inRange(cameraId: string, from: number, to: number): Promise<SegmentSummary[]> {
    return this.db
      .selectFrom('segments')
      .select(SUMMARY_COLUMNS)
      .where('camera_id', '=', cameraId)
      .where('start_ms', '<', to)
      .where('end_ms', '>', from)
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

  /** Id and path of every segment that started at or after `sinceMs` (all cameras). */
  pathsSince(sinceMs: number): Promise<{ id: number; camera_id: string; path: string }[]> {
    return this.db.selectFrom('segments').select(['id', 'camera_id', 'path']).where('start_ms', '>=', sinceMs).execute();
  }

  async hasPath(path: string): Promise<boolean> {
    return (await this.db.selectFrom('segments').select('id').where('path', '=', path).executeTakeFirst()) !== undefined;
  }

  async deleteIds(ids: readonly number[]): Promise<void> {
    // Chunked: SQLite limits the number of bound parameters per statement.
    for (let i = 0; i < ids.length; i += 500) {
      await this.db.deleteFrom('segments').where('id', 'in', ids.slice(i, i + 500)).execute();
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

  /** Removes every index row of a camera and returns their paths (relative to the recordings root). */
  async deleteForCamera(cameraId: string): Promise<string[]> {
    const rows = await this.db.deleteFrom('segments').where('camera_id', '=', cameraId).returning('path').execute();
    return rows.map((r) => r.path);
  }
}
