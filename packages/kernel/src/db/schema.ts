import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

/**
 * Table types, in one place. Times are integer milliseconds since the epoch (UTC); booleans are
 * stored as 0/1 integers so the schema stays the same on SQLite and PostgreSQL. Only repositories use
 * these row types: they hand the rest of the kernel domain objects (real booleans, parsed JSON); see
 * docs/architecture.md.
 */
export interface Database {
  cameras: CamerasTable;
  camera_status: CameraStatusTable;
  camera_schedules: CameraSchedulesTable;
  segments: SegmentsTable;
  segment_leases: SegmentLeasesTable;
  incidents: IncidentsTable;
  incident_cameras: IncidentCamerasTable;
  events: EventsTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_keys: ApiKeysTable;
  audit_log: AuditLogTable;
  workers: WorkersTable;
  zones: ZonesTable;
  tracks: TracksTable;
  modules: ModulesTable;
  clips: ClipsTable;
  segment_hashes: SegmentHashesTable;
  playback_sessions: PlaybackSessionsTable;
  playback_session_segments: PlaybackSessionSegmentsTable;
  settings: SettingsTable;
  webhooks: WebhooksTable;
  webhook_deliveries: WebhookDeliveriesTable;
  module_sidecars: ModuleSidecarsTable;
  retention_last_sweep: RetentionLastSweepTable;
  backup_destinations: BackupDestinationsTable;
  backup_policies: BackupPoliciesTable;
  backup_jobs: BackupJobsTable;
  backup_copies: BackupCopiesTable;
  archives: ArchivesTable;
  backfill_gaps: BackfillGapsTable;
  camera_backfill: CameraBackfillTable;
  nodes: NodesTable;
  camera_owners: CameraOwnersTable;
  login_counters: LoginCountersTable;
  login_pairs: LoginPairsTable;
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
  /** Byte budget of this camera's recordings; null: none. */
  retention_max_bytes: number | null;
  detect_fps: number | null;
  created_at: number;
  updated_at: number;
  /** ONVIF device service URL (no credentials in it); null: no ONVIF. */
  onvif_url: string | null;
  /** JSON list of ONVIF event topics that trigger event recording; null: none. */
  onvif_trigger_topics: string | null;
  /** Failover order: cameras with a higher priority move to a surviving node first. */
  failover_priority: ColumnType<number, number | undefined, number>;
  /** The node that should record this camera while it is up; null: any. */
  preferred_node_id: ColumnType<string | null, string | null | undefined, string | null>;
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
  /** Compact per-fragment index (offset, size, decode time, duration, keyframe); see mp4/. */
  fragments: Buffer | null;
  created_at: number;
  /**
   * Set when retention starts deleting the segment (before its file goes): readers that hand segments
   * out skip such rows, and start-up recovery finishes the deletion after a crash.
   */
  deleting_at: number | null;
  /** Null: recorded live. 'backfill': fetched afterwards from the camera's own storage (recording/backfill/). */
  source: ColumnType<string | null, string | null | undefined, string | null>;
  /** The node that recorded it (its file is on that node's volume); null: before nodes existed. */
  node_id: ColumnType<string | null, string | null | undefined, string | null>;
  /** The camera_owners epoch it was written under (fencing); null: before nodes existed. */
  epoch: ColumnType<number | null, number | null | undefined, number | null>;
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

// Perception (workers, zones, tracks, module catalog).

export type WorkerState = 'online' | 'offline';

export interface WorkersTable {
  id: string;
  name: string;
  version: string;
  /** JSON array of the labels the worker detects. */
  labels: string;
  /** JSON array of wanted camera ids; `["*"]` for every sampled camera. */
  cameras: string;
  fps: number | null;
  /** Id of the principal (API key or user) that registered it; null when auth is off. */
  owner: string | null;
  state: WorkerState;
  registered_at: number;
  last_seen_at: number;
}

export type ZoneKind = 'polygon' | 'line';

export interface ZonesTable {
  id: Generated<number>;
  camera_id: string;
  name: string;
  kind: ZoneKind;
  /** JSON array of [x, y] pairs in 0..1. */
  points: string;
  /** JSON array of labels; empty = every label. */
  labels: string;
  min_confidence: number;
  inertia_frames: number;
  dwell_seconds: number;
  trigger_recording: number;
  created_at: number;
  updated_at: number;
}

export interface TracksTable {
  id: string;
  camera_id: string;
  /** Name of the worker (group) whose detections built it. */
  worker: string;
  label: string;
  /** The worker's own track id, when it gave one. */
  external_id: string | null;
  first_seen: number;
  last_seen: number;
  detections: number;
  best_frame_id: string;
  best_confidence: number;
  /** JSON [x, y, w, h], normalised. */
  best_box: string;
  best_at: number;
  closed_at: number | null;
}

export interface ModulesTable {
  name: string;
  version: string;
  description: string | null;
  /** JSON array of event kinds it consumes. */
  consumes: string;
  ui_url: string | null;
  registered_by: string | null;
  created_at: number;
  updated_at: number;
}

export type WorkerRow = Selectable<WorkersTable>;
export type ZoneRow = Selectable<ZonesTable>;
export type TrackRow = Selectable<TracksTable>;
export type ModuleRow = Selectable<ModulesTable>;

/** A clip export (media/clips). Files and gaps are JSON; see media/clips/clip.repository.ts. */
export interface ClipsTable {
  id: string;
  camera_id: string;
  from_ms: number;
  to_ms: number;
  covered_ms: number;
  /** JSON array of `{from_ms, to_ms}`. */
  gaps: string;
  method: string;
  /** JSON array of the clip's MP4 files: `{filename, size_bytes, sha256, from_ms, to_ms}`. */
  files: string;
  manifest_filename: string;
  /** Sum over the files. */
  size_bytes: number;
  segment_count: number;
  exported_by: string | null;
  created_at: number;
}

/** SHA-256 of a recorded segment file, computed once when a clip first lists it as a source. */
export interface SegmentHashesTable {
  segment_id: number;
  sha256: string;
  size_bytes: number;
  hashed_at: number;
}

export type ClipRow = Selectable<ClipsTable>;

// --- auth (users, sessions, API keys, audit log) ---

export interface UsersTable {
  id: string;
  /** Lower case; unique. */
  username: string;
  /** argon2id PHC string; never leaves the auth module. */
  password_hash: string;
  role: 'admin' | 'operator' | 'viewer';
  created_at: number;
  updated_at: number;
  last_login_at: number | null;
}

export interface SessionsTable {
  /** SHA-256 (hex) of the session cookie's token. */
  id: string;
  user_id: string;
  created_at: number;
  last_seen_at: number;
  expires_at: number;
  ip: string | null;
}

export interface ApiKeysTable {
  id: string;
  name: string;
  /** Comma-separated scopes: worker, integration, admin, metrics. */
  scopes: string;
  /** SHA-256 (hex) of the key's secret part. */
  secret_hash: string;
  created_by: string | null;
  created_at: number;
  last_used_at: number | null;
  revoked_at: number | null;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  actor_kind: 'user' | 'api_key' | 'anonymous' | 'cli' | 'system';
  actor_id: string | null;
  actor_name: string | null;
  ip: string | null;
  action: string;
  method: string | null;
  route: string | null;
  target_id: string | null;
  status: number | null;
  outcome: 'ok' | 'denied' | 'failed' | 'rejected' | 'error' | 'throttled';
  /** Small JSON object, never a request body. */
  detail: string | null;
}

export type UserRow = Selectable<UsersTable>;
export type SessionRow = Selectable<SessionsTable>;
export type ApiKeyRow = Selectable<ApiKeysTable>;
export type AuditRow = Selectable<AuditLogTable>;
export type NewAuditRow = Insertable<AuditLogTable>;

// Storage: incidents (evidence holds).

export interface IncidentsTable {
  id: Generated<number>;
  title: string;
  notes: string;
  /** The held range: every segment of the incident's cameras overlapping [from_ms, to_ms). */
  from_ms: number;
  to_ms: number;
  created_by: string | null;
  created_at: number;
  /** Null while the incident is open (holding footage). */
  released_at: number | null;
  released_by: string | null;
}

export interface IncidentCamerasTable {
  incident_id: number;
  camera_id: string;
}

export type IncidentRow = Selectable<IncidentsTable>;

// Playback sessions (media/playback).

export interface PlaybackSessionsTable {
  /** `pbs_` + 32 hex digits. */
  id: string;
  camera_id: string;
  from_ms: number;
  to_ms: number;
  covered_ms: number;
  /** JSON array of `{from_ms, to_ms}`: unrecorded parts of the range. */
  gaps: string;
  /** Recorded files the playlist points into. */
  segment_count: number;
  /** The HLS media playlist, rendered at creation. */
  playlist: string;
  /** Holder of the session's segment lease (storage/segment-leases.ts). */
  lease_holder: string;
  created_by: string | null;
  created_at: number;
  /** Slides forward while the session is used; the sweeper removes the session after it. */
  expires_at: number;
}

export interface PlaybackSessionSegmentsTable {
  session_id: string;
  segment_id: number;
  /** Microseconds added to the file's decode times when this session serves it (see shifted-media.ts). */
  shift_us: number;
}

export type PlaybackSessionRow = Selectable<PlaybackSessionsTable>;

/** A setting an admin changed at run time (settings/): its text as written, parsed like its variable. */
export interface SettingsTable {
  name: string;
  value: string;
  updated_at: number;
  updated_by: string | null;
}
// --- Integrations (webhooks, module sidecars) ---

export interface WebhooksTable {
  /** `whk_` + 16 hex digits. */
  id: string;
  name: string;
  url: string;
  /** JSON array of event kinds; null: every kind. */
  kinds: string | null;
  min_severity: EventSeverity;
  /** JSON array of camera ids; null: every camera (and events of no camera). */
  cameras: string | null;
  secret: string;
  enabled: number;
  /** Set when repeated failures paused the subscription; cleared when it is enabled again. */
  paused_at: number | null;
  pause_reason: string | null;
  consecutive_failures: number;
  /** The last event id handled; delivery resumes after it. */
  cursor: number;
  /** Deliveries in flight at once; 1 delivers in strict order. */
  max_in_flight: number;
  /** The module sidecar this subscription was issued to, if any. */
  module: string | null;
  created_by: string | null;
  created_at: number;
  updated_at: number;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  webhook_id: string;
  /** The X-Heldar-Delivery header: the same on every attempt of one event. */
  delivery_id: string;
  /** Null for a test delivery. */
  event_id: number | null;
  event_kind: string;
  attempt: number;
  /** The receiver's HTTP status; null when no answer came. */
  status: number | null;
  ok: number;
  error: string | null;
  latency_ms: number;
  at: number;
}

export interface ModuleSidecarsTable {
  /** The module's catalog name. */
  name: string;
  base_url: string;
  api_key_id: string;
  webhook_id: string;
  /** JSON array of `{ label, path }`: the module's entries in the UI's navigation. */
  navigation: string;
  /** GET <base_url><health_path> is the health check. */
  health_path: string;
  created_at: number;
}

export type WebhookRow = Selectable<WebhooksTable>;
export type WebhookDeliveryRow = Selectable<WebhookDeliveriesTable>;
export type ModuleSidecarRow = Selectable<ModuleSidecarsTable>;

/** The last retention sweep (one row, `name` = 'recordings'): its report as JSON, kept across restarts. */
export interface RetentionLastSweepTable {
  name: string;
  at: number;
  report: string;
}

// Backup (backup/): destinations, policies, jobs, and what each destination already holds.

export interface BackupDestinationsTable {
  id: string;
  name: string;
  kind: 'local' | 'sftp' | 's3';
  /** JSON of the kind's settings without secrets. */
  settings: string;
  /** Sealed by the SecretBox (stored-secrets.ts); sftp password, sftp private key, s3 secret key. */
  password: string | null;
  private_key: string | null;
  secret_key: string | null;
  created_at: number;
  updated_at: number;
}

export interface BackupPoliciesTable {
  id: string;
  name: string;
  destination_id: string;
  /** JSON array of camera ids; null: every camera. */
  camera_ids: string | null;
  every_minutes: number;
  look_back_hours: number;
  only_incidents: number;
  include_database: number;
  enabled: number;
  last_run_at: number | null;
  created_at: number;
  updated_at: number;
}

export interface BackupJobsTable {
  id: string;
  policy_id: string;
  destination_id: string;
  state: 'pending' | 'running' | 'completed' | 'failed' | 'cancelled';
  files_total: number;
  files_done: number;
  files_skipped: number;
  bytes_total: number;
  bytes_done: number;
  /** Copies found damaged on the destination (size or SHA-256) and sent again. */
  resent: number;
  error: string | null;
  created_at: number;
  started_at: number | null;
  finished_at: number | null;
}

export interface BackupCopiesTable {
  destination_id: string;
  segment_id: number;
  camera_id: string;
  /** Relative to the destination's root: the recordings layout. */
  path: string;
  start_ms: number;
  end_ms: number;
  size_bytes: number;
  sha256: string;
  copied_at: number;
}
export type ArchiveState = 'pending' | 'running' | 'completed' | 'failed';

export interface ArchivesTable {
  id: string;
  /** JSON array of camera ids, in the order asked for. */
  camera_ids: string;
  from_ms: number;
  to_ms: number;
  incident_id: number | null;
  state: ArchiveState;
  /** 0…1. */
  progress: number;
  /** The footage's size before export (what the size cap is checked against). */
  estimated_bytes: number;
  size_bytes: number | null;
  sha256: string | null;
  filename: string | null;
  error: string | null;
  created_by: string | null;
  created_at: number;
  finished_at: number | null;
}

export type BackfillState = 'pending' | 'filling' | 'filled' | 'failed' | 'unavailable';

export interface BackfillGapsTable {
  id: Generated<number>;
  camera_id: string;
  from_ms: number;
  to_ms: number;
  state: BackfillState;
  attempts: number;
  /** Footage the backfill added inside the gap. */
  filled_ms: number;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export interface CameraBackfillTable {
  camera_id: string;
  enabled: number;
  /** With {start} and {end} (YYYYMMDDThhmmssZ), {host}, {username}, {password}; null: the Hikvision default. */
  replay_url_template: string | null;
  updated_at: number;
}

export type ArchiveRow = Selectable<ArchivesTable>;
export type BackfillGapRow = Selectable<BackfillGapsTable>;

export type NodeState = 'active' | 'draining' | 'stopped';

/** One Heldar process sharing the database: its heartbeat, address and capacity. */
export interface NodesTable {
  id: string;
  /** How peers reach it (HELDAR_NODE_URL); null: not reachable by peers. */
  url: string | null;
  state: NodeState;
  started_at: number;
  heartbeat_at: number;
  /** The most cameras it takes. */
  capacity: number;
  free_bytes: number | null;
  total_bytes: number | null;
  version: string | null;
}

/** Which node records a camera: a lease with an increasing epoch that fences stale writers. */
export interface CameraOwnersTable {
  camera_id: string;
  node_id: string;
  epoch: number;
  lease_expires_at: number;
  acquired_at: number;
}

/** Sign-in failures per user name (`u:<name>`) or per address (`ip:<address>`) in a fixed window. */
export interface LoginCountersTable {
  key: string;
  failures: number;
  /** 0: an empty row (locked by a sign-in in progress, no window yet). */
  reset_at: number;
}

/** One user name from one address: failures, the growing lock, and the last correct sign-in. */
export interface LoginPairsTable {
  username: string;
  address: string;
  failures: number;
  locks: number;
  locked_until: number;
  last_failure_at: number;
  known_at: number | null;
}

export type NodeRow = Selectable<NodesTable>;
export type CameraOwnerRow = Selectable<CameraOwnersTable>;
