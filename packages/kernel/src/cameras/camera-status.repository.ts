import type { Db } from '../db/database.js';
import type { CameraState, CameraStatusRow } from '../db/schema.js';

/** Reads and writes `camera_status`, the recorder's live view of each camera. */
export class CameraStatusRepository {
  constructor(private readonly db: Db) {}

  get(cameraId: string): Promise<CameraStatusRow | undefined> {
    return this.db.selectFrom('camera_status').selectAll().where('camera_id', '=', cameraId).executeTakeFirst();
  }

  all(): Promise<CameraStatusRow[]> {
    return this.db.selectFrom('camera_status').selectAll().execute();
  }

  /**
   * Moves a camera to `state`. `since` changes only when the state does, so it says how long the
   * camera has been in its current state. `lastError` is stored only for error-like states.
   */
  async setState(cameraId: string, state: CameraState, at: number, fields: { pid?: number | null; lastError?: string | null } = {}): Promise<void> {
    const current = await this.get(cameraId);
    if (!current) return; // camera deleted meanwhile
    await this.db
      .updateTable('camera_status')
      .set({
        state,
        since: current.state === state ? current.since : at,
        ...(fields.pid !== undefined ? { pid: fields.pid } : {}),
        ...(fields.lastError !== undefined ? { last_error: fields.lastError } : {}),
      })
      .where('camera_id', '=', cameraId)
      .execute();
  }

  async bumpReconnect(cameraId: string): Promise<void> {
    await this.db
      .updateTable('camera_status')
      .set((eb) => ({ reconnect_count: eb('reconnect_count', '+', 1) }))
      .where('camera_id', '=', cameraId)
      .execute();
  }

  async setLastSegment(cameraId: string, at: number): Promise<void> {
    await this.db.updateTable('camera_status').set({ last_segment_at: at }).where('camera_id', '=', cameraId).execute();
  }

  async clearPid(cameraId: string): Promise<void> {
    await this.db.updateTable('camera_status').set({ pid: null }).where('camera_id', '=', cameraId).execute();
  }
}
