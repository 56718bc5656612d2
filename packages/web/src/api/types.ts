/** The API's shapes as the UI uses them (snake_case, RFC 3339 strings), from the kernel's OpenAPI schemas. */

export type Role = 'viewer' | 'operator' | 'admin';
export type RecordMode = 'continuous' | 'scheduled' | 'event' | 'scheduled_event';
export const RECORD_MODES: readonly RecordMode[] = ['continuous', 'scheduled', 'event', 'scheduled_event'];

export interface Camera {
  id: string;
  name: string;
  enabled: boolean;
  record_enabled: boolean;
  record_mode: RecordMode;
  stream_url: string | null;
  record_url: string | null;
  address: string | null;
  port: number | null;
  path: string | null;
  username: string | null;
  password_set: boolean;
  sub_stream_url: string | null;
  segment_seconds: number;
  record_audio: boolean;
  mirror_enabled: boolean;
  pre_roll_seconds: number;
  post_roll_seconds: number;
  retention_days: number | null;
  detect_fps: number | null;
  created_at: string;
  updated_at: string;
}

export type CameraState = 'connecting' | 'recording' | 'idle' | 'error' | 'offline' | 'disabled';

export interface CameraStatus {
  camera_id: string;
  state: CameraState;
  pid: number | null;
  since: string;
  last_error: string | null;
  reconnect_count: number;
  last_segment_at: string | null;
}

export interface ScheduleWindow {
  days: number[];
  time_start: string;
  time_end: string;
  enabled: boolean;
}

export interface Segment {
  id: number;
  camera_id: string;
  start_time: string;
  end_time: string;
  duration_s: number;
  codec: string;
  width: number | null;
  height: number | null;
  size_bytes: number;
}

export interface Range {
  from: string;
  to: string;
}

export interface TimelinePeriod extends Range {
  kind: 'recorded' | 'outage' | 'not_recording';
  reason: string;
  detail: string | null;
}

export interface Timeline {
  spans: Range[];
  gaps: Range[];
  /** Kernels before periods existed leave it out. */
  periods?: TimelinePeriod[];
  covered_seconds: number;
}

export interface HeldarEvent {
  id: number;
  camera_id: string | null;
  kind: string;
  severity: string;
  payload: Record<string, unknown>;
  at: string;
}

export interface PlaybackSession {
  id: string;
  camera_id: string;
  playlist_url: string;
  from: string;
  to: string;
  duration_s: number;
  segment_count: number;
  covered_seconds: number;
  /** Unrecorded parts of the range: the playlist steps over them. */
  gaps: Range[];
  created_at: string;
  expires_at: string;
}

export interface ClipFile {
  filename: string;
  url: string;
  download_url: string;
  size_bytes: number;
  sha256: string;
  from: string;
  to: string;
}

/** POST /api/clips answers when the export is done (201). */
export interface Clip {
  id: string;
  camera_id: string;
  filename: string;
  url: string;
  download_url: string;
  manifest_url: string;
  from: string;
  to: string;
  requested_seconds: number;
  covered_seconds: number;
  gaps: Range[];
  size_bytes: number;
  segment_count: number;
  sha256: string;
  method: string;
  /** More than one when the codec configuration changed within the range. */
  files: ClipFile[];
  exported_by: string | null;
  created_at: string;
}

export type ZoneKind = 'polygon' | 'line';

export interface Zone {
  id: number;
  camera_id: string;
  name: string;
  kind: ZoneKind;
  points: [number, number][];
  labels: string[];
  min_confidence: number;
  inertia_frames: number;
  dwell_seconds: number;
  trigger_recording: boolean;
}

export interface Incident {
  id: number;
  title: string;
  notes: string;
  cameras: string[];
  from: string;
  to: string;
  status: 'open' | 'released';
  created_by: string | null;
  created_at: string;
  released_at: string | null;
  released_by: string | null;
  segments: number;
  bytes: number;
}

export interface Volume {
  name: 'recordings' | 'mirror';
  total_bytes: number | null;
  used_bytes: number | null;
  free_bytes: number | null;
  min_free_bytes: number;
  max_bytes: number | null;
  recorded_bytes: number | null;
  estimated_days_left: number | null;
  error: string | null;
}

export interface CameraStorage {
  camera_id: string;
  bytes: number;
  segments: number;
  oldest: string | null;
  newest: string | null;
  bytes_per_hour: number;
  retention_days: number | null;
  retention_max_bytes: number | null;
  estimated_days_left: number | null;
}

export interface StorageReport {
  volumes: Volume[];
  cameras: CameraStorage[];
  holds: { open_incidents: number; active_leases: number };
  last_sweep: { at: string; duration_ms: number; deleted_segments: number; bytes_freed: number; mirror_files_deleted: number; pressure: string[] } | null;
}

export type KeyScope = 'worker' | 'integration' | 'admin';
export const KEY_SCOPES: readonly KeyScope[] = ['worker', 'integration', 'admin'];

export interface User {
  id: string;
  username: string;
  role: Role;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
}

export interface ApiKey {
  id: string;
  name: string;
  scopes: KeyScope[];
  created_by: string | null;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface CreatedApiKey {
  id: string;
  name: string;
  scopes: KeyScope[];
  /** Shown once, in the answer to its creation. */
  key: string;
  created_at: string;
}

export interface AuditEntry {
  id: number;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  actor: string | null;
  ip: string | null;
  action: string;
  method: string | null;
  route: string | null;
  target_id: string | null;
  status: number | null;
  outcome: string;
  detail: Record<string, unknown> | null;
}

export interface Me {
  kind: 'user' | 'api_key';
  id: string;
  name: string;
  role: Role;
}
