import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { CameraState } from '../db/schema.js';

export interface IndexWindow {
  /** Bytes and segments in the index (rows being deleted included: their files are still on disk). */
  bytes: number;
  segments: number;
  /** Start of the oldest segment, or null for an empty index. */
  oldestStart: number | null;
  /** Bytes of the segments that started at or after `since`. */
  bytesSince: number;
}

/** The read-only queries behind GET /api/system. */
export class SystemRepository {
  constructor(private readonly db: Db) {}

  async camerasByState(): Promise<{ total: number; byState: Partial<Record<CameraState, number>> }> {
    const total = await this.db.selectFrom('cameras').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await this.db.selectFrom('camera_status').select(['state', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('state').execute();
    return { total: Number(total.n), byState: Object.fromEntries(rows.map((r) => [r.state, Number(r.n)])) };
  }

  /** One pass over the index: totals, the oldest start and the bytes written since `since` (segments_start). */
  async indexWindow(since: number): Promise<IndexWindow> {
    const row = await this.db
      .selectFrom('segments')
      .select([
        sql<number>`count(*)`.as('n'),
        sql<number>`coalesce(sum(size_bytes), 0)`.as('bytes'),
        sql<number | null>`min(start_ms)`.as('oldest'),
        sql<number>`coalesce(sum(case when start_ms >= ${since} then size_bytes else 0 end), 0)`.as('since'),
      ])
      .executeTakeFirstOrThrow();
    return { segments: Number(row.n), bytes: Number(row.bytes), oldestStart: row.oldest === null ? null : Number(row.oldest), bytesSince: Number(row.since) };
  }
}
