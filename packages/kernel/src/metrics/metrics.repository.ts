import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import type { CameraState } from '../db/schema.js';

export interface CameraStatusFigures {
  cameraId: string;
  state: CameraState;
  reconnects: number;
  lastSegmentAt: number | null;
}

export interface IndexFigures {
  segments: number;
  bytes: number;
}

/**
 * The read-only queries a scrape makes. Each one walks an index, not the tables' rows: `segments` is
 * counted and summed over segments_camera_start_size (a covering index), cameras and their status are
 * one row per camera, leases are counted over their primary key.
 */
export class MetricsRepository {
  constructor(private readonly db: Db) {}

  async cameraCount(): Promise<number> {
    const row = await this.db.selectFrom('cameras').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async cameraStatuses(): Promise<CameraStatusFigures[]> {
    const rows = await this.db.selectFrom('camera_status').select(['camera_id', 'state', 'reconnect_count', 'last_segment_at']).execute();
    return rows.map((r) => ({ cameraId: r.camera_id, state: r.state, reconnects: r.reconnect_count, lastSegmentAt: r.last_segment_at }));
  }

  /** Indexed segments (those being deleted included: their files are still on disk) and their bytes. */
  async index(): Promise<IndexFigures> {
    const row = await this.db
      .selectFrom('segments')
      .select([sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(size_bytes), 0)`.as('bytes')])
      .executeTakeFirstOrThrow();
    return { segments: Number(row.n), bytes: Number(row.bytes) };
  }

  /**
   * Cameras meant to record now — every state but `idle` (outside its schedule or event window) and
   * `disabled` — and how many of them are recording.
   */
  async recordingShare(): Promise<{ expected: number; recording: number }> {
    const row = await this.db
      .selectFrom('camera_status')
      .where('state', 'not in', ['idle', 'disabled'])
      .select([sql<number>`count(*)`.as('expected'), sql<number>`coalesce(sum(case when state = 'recording' then 1 else 0 end), 0)`.as('recording')])
      .executeTakeFirstOrThrow();
    return { expected: Number(row.expected), recording: Number(row.recording) };
  }

  async playbackSessions(): Promise<number> {
    const row = await this.db.selectFrom('playback_sessions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }

  async leasesHeld(): Promise<number> {
    const row = await this.db.selectFrom('segment_leases').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    return Number(row.n);
  }
}
