import type { Db } from '../db/database.js';
import type { CameraRow, CameraState, ScheduleRow } from '../db/schema.js';
import type { SecretBox } from '../secrets/secret-box.js';
import { cameraFromRow, cameraUpdateRow, newCameraRow, type Camera, type CameraChanges, type NewCamera } from './camera.js';

export interface ScheduleWindow {
  days: number[];
  time_start: string;
  time_end: string;
  enabled: boolean;
}

/** Columns that may hold a credential: encrypted at rest (db/stored-secrets.ts lists them too). */
const SECRET_FIELDS = ['password', 'stream_url', 'sub_stream_url'] as const;

/**
 * The only place that reads or writes cameras, their status and their schedules. Passwords and stream
 * URLs are encrypted on the way in and decrypted on the way out: the Camera in memory is plaintext.
 */
export class CameraRepository {
  constructor(
    private readonly db: Db,
    private readonly secrets: SecretBox,
  ) {}

  async list(): Promise<Camera[]> {
    return (await this.db.selectFrom('cameras').selectAll().orderBy('name').orderBy('id').execute()).map((row) => this.fromRow(row));
  }

  /** Camera → the node holding a live lease on it (cluster/ writes the leases). */
  async recordingNodes(now: number, cameraId?: string): Promise<Map<string, string>> {
    let query = this.db.selectFrom('camera_owners').select(['camera_id', 'node_id']).where('lease_expires_at', '>=', now);
    if (cameraId !== undefined) query = query.where('camera_id', '=', cameraId);
    return new Map((await query.execute()).map((r) => [r.camera_id, r.node_id]));
  }

  async find(id: string): Promise<Camera | undefined> {
    const row = await this.db.selectFrom('cameras').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : this.fromRow(row);
  }

  /** Inserts the camera and its initial status row in one transaction. */
  async insert(camera: NewCamera, initialState: CameraState): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const row = this.sealed(newCameraRow(camera));
      await tx.insertInto('cameras').values(row).execute();
      await tx
        .insertInto('camera_status')
        .values({ camera_id: row.id, state: initialState, since: row.created_at, reconnect_count: 0 })
        .execute();
    });
  }

  async update(id: string, changes: CameraChanges): Promise<void> {
    await this.db.updateTable('cameras').set(this.sealed(cameraUpdateRow(changes))).where('id', '=', id).execute();
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

  private fromRow(row: CameraRow): Camera {
    const camera = cameraFromRow(row);
    for (const field of SECRET_FIELDS) {
      const value = camera[field];
      if (value !== null && value !== '') camera[field] = this.secrets.decrypt(value);
    }
    return camera;
  }

  private sealed<T extends Partial<Record<(typeof SECRET_FIELDS)[number], string | null>>>(row: T): T {
    const out = { ...row };
    for (const field of SECRET_FIELDS) {
      const value = out[field];
      if (typeof value === 'string' && value !== '') (out as Record<string, unknown>)[field] = this.secrets.encrypt(value);
    }
    return out;
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
