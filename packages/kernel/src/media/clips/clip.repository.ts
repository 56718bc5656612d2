import type { Db } from '../../db/database.js';
import { clipFromRow, newClipRow, type ClipRecord } from './clip.js';

export interface SegmentHash {
  sha256: string;
  size_bytes: number;
}

/** The only place that reads or writes `clips` and `segment_hashes`. */
export class ClipRepository {
  constructor(private readonly db: Db) {}

  async insert(clip: ClipRecord): Promise<void> {
    await this.db
      .insertInto('clips')
      .values(newClipRow(clip))
      .execute();
  }

  async get(id: string): Promise<ClipRecord | undefined> {
    const row = await this.db.selectFrom('clips').selectAll().where('id', '=', id).executeTakeFirst();
    return row && clipFromRow(row);
  }

  /** Newest first; `beforeMs` pages back through older exports. */
  async list(filter: { cameraId?: string; beforeMs?: number; limit: number }): Promise<ClipRecord[]> {
    let q = this.db.selectFrom('clips').selectAll();
    if (filter.cameraId !== undefined) q = q.where('camera_id', '=', filter.cameraId);
    if (filter.beforeMs !== undefined) q = q.where('created_at', '<', filter.beforeMs);
    const rows = await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).execute();
    return rows.map(clipFromRow);
  }

  /** Deletes the row and returns it, or undefined when there was none. */
  async delete(id: string): Promise<ClipRecord | undefined> {
    const row = await this.db.deleteFrom('clips').where('id', '=', id).returningAll().executeTakeFirst();
    return row && clipFromRow(row);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.selectFrom('clips').select('id').where('id', '=', id).executeTakeFirst()) !== undefined;
  }

  async segmentHashes(segmentIds: readonly number[]): Promise<Map<number, SegmentHash>> {
    const out = new Map<number, SegmentHash>();
    // Chunked: SQLite limits the number of bound parameters per statement.
    for (let i = 0; i < segmentIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('segment_hashes')
        .select(['segment_id', 'sha256', 'size_bytes'])
        .where('segment_id', 'in', segmentIds.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.segment_id, { sha256: r.sha256, size_bytes: r.size_bytes });
    }
    return out;
  }

  async saveSegmentHashes(hashes: ReadonlyMap<number, SegmentHash>, now: number): Promise<void> {
    const rows = [...hashes].map(([segment_id, h]) => ({ segment_id, sha256: h.sha256, size_bytes: h.size_bytes, hashed_at: now }));
    for (let i = 0; i < rows.length; i += 200) {
      await this.db
        .insertInto('segment_hashes')
        .values(rows.slice(i, i + 200))
        .onConflict((oc) => oc.column('segment_id').doUpdateSet((eb) => ({ sha256: eb.ref('excluded.sha256'), size_bytes: eb.ref('excluded.size_bytes'), hashed_at: eb.ref('excluded.hashed_at') })))
        .execute();
    }
  }
}
