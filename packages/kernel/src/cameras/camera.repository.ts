import type { Db } from '../db/database.js';
import type { CameraState, ScheduleRow } from '../db/schema.js';
import { cameraFromRow, cameraUpdateRow, newCameraRow, type Camera, type CameraChanges, type NewCamera } from './camera.js';

export interface ScheduleWindow {
  days: number[];
  time_start: string;
  time_end: string;
  enabled: boolean;
}

/** The only place that reads or writes cameras, their status and their schedules. */
export class CameraRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<Camera[]> {
    return (await this.db.selectFrom('cameras').selectAll().orderBy('name').orderBy('id').execute()).map(cameraFromRow);
  }

  async find(id: string): Promise<Camera | undefined> {
    const row = await this.db.selectFrom('cameras').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : cameraFromRow(row);
  }

  /** Inserts the camera and its initial status row in one transaction. */
  async insert(camera: NewCamera, initialState: CameraState): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const row = newCameraRow(camera);
      await tx.insertInto('cameras').values(row).execute();
      await tx
        .insertInto('camera_status')
        .values({ camera_id: row.id, state: initialState, since: row.created_at, reconnect_count: 0 })
        .execute();
    });
  }

  async update(id: string, changes: CameraChanges): Promise<void> {
    await this.db.updateTable('cameras').set(cameraUpdateRow(changes)).where('id', '=', id).execute();
  }

  /** Deletes the camera; status and schedules go with it (foreign keys cascade). */
  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('cameras').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  async schedules(cameraId: string): Promise<ScheduleWindow[]> {
    const rows = await this.db.selectFrom('camera_schedules').selectAll().where('camera_id', '=', cameraId).orderBy('id').execute();
    return rows.map(toWindow);
  }

  /** Replaces all of a camera's windows at once, so a reader never sees half a schedule. */
  async replaceSchedules(cameraId: string, windows: readonly ScheduleWindow[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      await tx.deleteFrom('camera_schedules').where('camera_id', '=', cameraId).execute();
      if (windows.length === 0) return;
      await tx
        .insertInto('camera_schedules')
        .values(
          windows.map((w) => ({
            camera_id: cameraId,
            days: JSON.stringify(w.days),
            time_start: w.time_start,
            time_end: w.time_end,
            enabled: w.enabled ? 1 : 0,
          })),
        )
        .execute();
    });
  }
}

function toWindow(row: ScheduleRow): ScheduleWindow {
  return {
    days: JSON.parse(row.days) as number[],
    time_start: row.time_start,
    time_end: row.time_end,
    enabled: row.enabled === 1,
  };
}
