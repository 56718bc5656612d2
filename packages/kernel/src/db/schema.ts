import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types, in one place. Times are integer milliseconds since the epoch (UTC); booleans are
 * stored as 0/1 integers so the schema stays the same on SQLite and PostgreSQL.
 */
export interface Database {
  cameras: CamerasTable;
  camera_status: CameraStatusTable;
  camera_schedules: CameraSchedulesTable;
  segments: SegmentsTable;
  segment_leases: SegmentLeasesTable;
  events: EventsTable;
}

export type RecordMode = 'continuous' | 'scheduled' | 'event' | 'scheduled_event';
export const RECORD_MODES: readonly RecordMode[] = ['continuous', 'scheduled', 'event', 'scheduled_event'];

export interface CamerasTable {
  id: string;
  name: string;
  enabled: number;
  record_enabled: number;
  record_mode: RecordMode;
  stream_url: string | null;
  address: string | null;
  port: number | null;
  path: string | null;
  username: string | null;
  password: string | null;
  sub_stream_url: string | null;
  segment_seconds: number;
  record_audio: number;
  mirror_enabled: number;
  pre_roll_seconds: number;
  post_roll_seconds: number;
  retention_days: number | null;
  detect_fps: number | null;
  created_at: number;
  updated_at: number;
}

export type CameraState = 'connecting' | 'recording' | 'idle' | 'error' | 'offline' | 'disabled';

export interface CameraStatusTable {
  camera_id: string;
  state: CameraState;
  pid: number | null;
  since: number;
  last_error: string | null;
  reconnect_count: number;
  last_segment_at: number | null;
}

export interface CameraSchedulesTable {
  id: Generated<number>;
  camera_id: string;
  /** JSON array of weekdays, 0 = Monday … 6 = Sunday. */
  days: string;
  time_start: string;
  time_end: string;
  enabled: number;
}

export interface SegmentsTable {
  id: Generated<number>;
  camera_id: string;
  /** Relative to the recordings root, `/`-separated. */
  path: string;
  start_ms: number;
  end_ms: number;
  duration_ms: number;
  /** Friendly video codec name: h264, hevc, … */
  codec: string;
  /** RFC 6381 codec strings of all tracks, for HLS `CODECS` (e.g. `avc1.4d401e,mp4a.40.2`). */
  codecs: string | null;
  width: number | null;
  height: number | null;
  size_bytes: number;
  container: string;
  /** Byte length of the fMP4 init segment (ftyp + moov). */
  init_size: number | null;
  /** Compact per-fragment index (offset, size, decode time, duration, keyframe); see media/fmp4. */
  fragments: Buffer | null;
  created_at: number;
}

export interface SegmentLeasesTable {
  id: Generated<number>;
  segment_id: number;
  holder: string;
  expires_at: number;
}

export type EventSeverity = 'info' | 'warning' | 'error';

export interface EventsTable {
  id: Generated<number>;
  camera_id: string | null;
  kind: string;
  severity: EventSeverity;
  /** JSON object. */
  payload: string;
  at: ColumnType<number, number, never>;
}

export type CameraRow = Selectable<CamerasTable>;
export type NewCameraRow = Insertable<CamerasTable>;
export type CameraUpdate = Updateable<CamerasTable>;
export type CameraStatusRow = Selectable<CameraStatusTable>;
export type ScheduleRow = Selectable<CameraSchedulesTable>;
export type SegmentRow = Selectable<SegmentsTable>;
export type NewSegmentRow = Insertable<SegmentsTable>;
export type EventRow = Selectable<EventsTable>;
