import type { Db } from '../db/database.js';

/** The only place that reads or writes `segment_leases`: one row per (segment, holder). */
export class LeaseRepository {
  constructor(private readonly db: Db) {}

  /**
   * Leases those of the segments that exist and are not being deleted; returns their ids. One
   * INSERT … SELECT per chunk, so it is atomic against retention's tombstoning UPDATE: either the
   * lease row exists first (retention skips the segment) or the tombstone does (the lease skips it).
   */
  async insert(holder: string, segmentIds: readonly number[], expiresAt: number): Promise<number[]> {
    const granted: number[] = [];
    for (let i = 0; i < segmentIds.length; i += 500) {
      const chunk = segmentIds.slice(i, i + 500);
      const rows = await this.db
        .insertInto('segment_leases')
        .columns(['segment_id', 'holder', 'expires_at'])
        .expression((eb) =>
          eb
            .selectFrom('segments')
            .select((s) => ['id', s.val(holder).as('holder'), s.val(expiresAt).as('expires_at')])
            .where('id', 'in', chunk)
            .where('deleting_at', 'is', null),
        )
        .returning('segment_id')
        .execute();
      for (const r of rows) granted.push(r.segment_id);
    }
    return granted;
  }

  /** Unexpired lease rows (for the storage report). */
  async countActive(now: number): Promise<number> {
    const row = await this.db
      .selectFrom('segment_leases')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('expires_at', '>', now)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async extend(holder: string, expiresAt: number): Promise<void> {
    await this.db.updateTable('segment_leases').set({ expires_at: expiresAt }).where('holder', '=', holder).execute();
  }

  /** Deletes only this holder's rows: another holder's lease on the same segments stays. */
  async deleteHolder(holder: string): Promise<number> {
    const r = await this.db.deleteFrom('segment_leases').where('holder', '=', holder).executeTakeFirst();
    return Number(r.numDeletedRows);
  }

  async deleteExpired(now: number): Promise<string[]> {
    const rows = await this.db.deleteFrom('segment_leases').where('expires_at', '<=', now).returning('holder').execute();
    return [...new Set(rows.map((r) => r.holder))];
  }

  /** Of the given segments, those with at least one unexpired lease. */
  async leased(segmentIds: readonly number[], now: number): Promise<Set<number>> {
    const out = new Set<number>();
    for (let i = 0; i < segmentIds.length; i += 500) {
      const rows = await this.db
        .selectFrom('segment_leases')
        .select('segment_id')
        .distinct()
        .where('segment_id', 'in', segmentIds.slice(i, i + 500))
        .where('expires_at', '>', now)
        .execute();
      for (const r of rows) out.add(r.segment_id);
    }
    return out;
  }
}
