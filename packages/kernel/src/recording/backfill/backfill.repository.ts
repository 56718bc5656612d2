import type { Db } from '../../db/database.js';
import type { BackfillGapRow, BackfillState } from '../../db/schema.js';
import type { BackfillGap, CameraBackfill, Interval } from './backfill-gap.js';

const toGap = (row: BackfillGapRow): BackfillGap => ({ ...row });

/** The only place that reads or writes backfill_gaps and camera_backfill (and reads backfilled spans). */
export class BackfillRepository {
  constructor(private readonly db: Db) {}

  async settings(cameraId: string): Promise<CameraBackfill> {
    const row = await this.db.selectFrom('camera_backfill').selectAll().where('camera_id', '=', cameraId).executeTakeFirst();
    return { camera_id: cameraId, enabled: row?.enabled === 1, replay_url_template: row?.replay_url_template ?? null };
  }

  async saveSettings(settings: CameraBackfill, now: number): Promise<void> {
    const values = { enabled: settings.enabled ? 1 : 0, replay_url_template: settings.replay_url_template, updated_at: now };
    await this.db
      .insertInto('camera_backfill')
      .values({ camera_id: settings.camera_id, ...values })
      .onConflict((oc) => oc.column('camera_id').doUpdateSet(values))
      .execute();
  }

  async enabledCameras(): Promise<CameraBackfill[]> {
    const rows = await this.db.selectFrom('camera_backfill').selectAll().where('enabled', '=', 1).execute();
    return rows.map((r) => ({ camera_id: r.camera_id, enabled: true, replay_url_template: r.replay_url_template }));
  }

  /** Adds gaps not known yet (one row per camera and start); returns how many were new. */
  async addGaps(cameraId: string, gaps: readonly Interval[], now: number): Promise<number> {
    let added = 0;
    for (const g of gaps) {
      const result = await this.db
        .insertInto('backfill_gaps')
        .values({ camera_id: cameraId, from_ms: g.from, to_ms: g.to, state: 'pending', attempts: 0, filled_ms: 0, error: null, created_at: now, updated_at: now })
        .onConflict((oc) => oc.columns(['camera_id', 'from_ms']).doNothing())
        .executeTakeFirst();
      added += Number(result.numInsertedOrUpdatedRows ?? 0);
    }
    return added;
  }

  /** Pending gaps of the given cameras that start after `since`, oldest first. */
  due(cameraIds: readonly string[], since: number, limit: number): Promise<BackfillGap[]> {
    if (cameraIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('backfill_gaps')
      .selectAll()
      .where('state', '=', 'pending')
      .where('camera_id', 'in', cameraIds)
      .where('from_ms', '>=', since)
      .orderBy('from_ms')
      .limit(limit)
      .execute()
      .then((rows) => rows.map(toGap));
  }

  /** pending → filling with one more attempt; false when another sweep took it first. */
  async claim(id: number, now: number): Promise<boolean> {
    const result = await this.db
      .updateTable('backfill_gaps')
      .set((eb) => ({ state: 'filling', attempts: eb('attempts', '+', 1), updated_at: now }))
      .where('id', '=', id)
      .where('state', '=', 'pending')
      .executeTakeFirst();
    return Number(result.numUpdatedRows) === 1;
  }

  async finish(id: number, state: BackfillState, filledMs: number, error: string | null, now: number): Promise<void> {
    await this.db.updateTable('backfill_gaps').set({ state, filled_ms: filledMs, error, updated_at: now }).where('id', '=', id).execute();
  }

  /** Start-up: a fill a crash interrupted is tried again. */
  async resetFilling(now: number): Promise<void> {
    await this.db.updateTable('backfill_gaps').set({ state: 'pending', updated_at: now }).where('state', '=', 'filling').execute();
  }

  /** Pending gaps older than the age limit will not be tried any more. */
  async expire(before: number, now: number): Promise<void> {
    await this.db
      .updateTable('backfill_gaps')
      .set({ state: 'unavailable', error: 'older than HELDAR_BACKFILL_MAX_AGE_HOURS; not tried any more', updated_at: now })
      .where('state', '=', 'pending')
      .where('from_ms', '<', before)
      .execute();
  }

  async get(id: number): Promise<BackfillGap | undefined> {
    const row = await this.db.selectFrom('backfill_gaps').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toGap(row);
  }

  /** Gaps overlapping [from, to), of one camera or all, oldest first. */
  list(filter: { cameraId?: string; from: number; to: number; limit: number }): Promise<BackfillGap[]> {
    let q = this.db.selectFrom('backfill_gaps').selectAll().where('from_ms', '<', filter.to).where('to_ms', '>', filter.from);
    if (filter.cameraId !== undefined) q = q.where('camera_id', '=', filter.cameraId);
    return q
      .orderBy('from_ms')
      .limit(filter.limit)
      .execute()
      .then((rows) => rows.map(toGap));
  }

  /** [start, end) of a camera's backfilled segments overlapping [from, to), by start (the timeline marks them). */
  backfilledSpans(cameraId: string, from: number, to: number): Promise<{ start_ms: number; end_ms: number }[]> {
    return this.db
      .selectFrom('segments')
      .select(['start_ms', 'end_ms'])
      .where('camera_id', '=', cameraId)
      .where('source', '=', 'backfill')
      .where('start_ms', '<', to)
      .where('end_ms', '>', from)
      .where('deleting_at', 'is', null)
      .orderBy('start_ms')
      .execute();
  }
}
