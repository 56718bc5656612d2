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
   * camera has been in its current state. `lastError` is stored only for error-like states;
   * `reconnects` is added to the reconnect count in the same statement.
   *
   * One UPDATE that reads the old state inside the database, not a read then a write: on PostgreSQL
   * two writers (the supervisor, the manager's health check) use two pooled connections, and a
   * read-then-write could keep a `since` from a state already replaced. In one statement a reader also
   * never sees a failure half stored (reconnect counted, state not yet `error`).
   */
  async setState(cameraId: string, state: CameraState, at: number, fields: { pid?: number | null; lastError?: string | null; reconnects?: number } = {}): Promise<void> {
    await this.db
      .updateTable('camera_status')
      .set((eb) => ({
        state,
        since: eb.case().when('state', '=', state).then(eb.ref('since')).else(at).end(),
        ...(fields.pid !== undefined ? { pid: fields.pid } : {}),
        ...(fields.lastError !== undefined ? { last_error: fields.lastError } : {}),
        ...(fields.reconnects ? { reconnect_count: eb('reconnect_count', '+', fields.reconnects) } : {}),
      }))
      .where('camera_id', '=', cameraId)
      .execute();
  }

  /**
   * The newest segment's end; never moves back. The indexer and a mirror-only segment write it from
   * different places, which on PostgreSQL may land out of order — an older end arriving last would
   * make the health check see a stall that is not there.
   */
  async setLastSegment(cameraId: string, at: number): Promise<void> {
    await this.db
      .updateTable('camera_status')
      .set({ last_segment_at: at })
      .where('camera_id', '=', cameraId)
      .where((eb) => eb.or([eb('last_segment_at', 'is', null), eb('last_segment_at', '<', at)]))
      .execute();
  }

  async clearPid(cameraId: string): Promise<void> {
    await this.db.updateTable('camera_status').set({ pid: null }).where('camera_id', '=', cameraId).execute();
  }
}
