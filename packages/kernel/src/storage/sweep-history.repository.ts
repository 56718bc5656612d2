import type { Db } from '../db/database.js';
import type { RetentionRule, SweepHistory, SweepReport } from './retention-sweeper.js';

const ROW = 'recordings';
const RULES: readonly RetentionRule[] = ['pending', 'age', 'camera_bytes', 'global_bytes', 'free_space'];

/** The `retention_last_sweep` table: the last sweep's report, so it is known again after a restart. */
export class SweepHistoryRepository implements SweepHistory {
  constructor(private readonly db: Db) {}

  async save(report: SweepReport): Promise<void> {
    const row = { at: report.at, report: JSON.stringify(report) };
    await this.db
      .insertInto('retention_last_sweep')
      .values({ name: ROW, ...row })
      .onConflict((oc) => oc.column('name').doUpdateSet(row))
      .execute();
  }

  /** The stored report, or null when there is none or it is not a report this version reads. */
  async last(): Promise<SweepReport | null> {
    const row = await this.db.selectFrom('retention_last_sweep').select('report').where('name', '=', ROW).executeTakeFirst();
    if (row === undefined) return null;
    return asReport(JSON.parse(row.report) as unknown);
  }
}

/** A report written by another version may lack a field: the ones the reports read are checked, the rest filled in. */
function asReport(value: unknown): SweepReport | null {
  if (typeof value !== 'object' || value === null) return null;
  const r = value as Partial<SweepReport>;
  const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  if (typeof r.at !== 'number' || typeof r.deleted !== 'object' || r.deleted === null) return null;
  const deleted = Object.fromEntries(RULES.map((rule) => [rule, num(r.deleted?.[rule])])) as Record<RetentionRule, number>;
  return {
    at: r.at,
    durationMs: num(r.durationMs),
    leasesReclaimed: num(r.leasesReclaimed),
    deleted,
    bytesFreed: num(r.bytesFreed),
    filesMissing: num(r.filesMissing),
    filesFailed: num(r.filesFailed),
    mirror: r.mirror ?? null,
    pressure: Array.isArray(r.pressure) ? r.pressure.filter((p): p is string => typeof p === 'string') : [],
  };
}
