import type { EventSeverity } from '../db/schema.js';

/**
 * Every kind of event the kernel logs, with the severities it is logged at, what it means and what its
 * payload carries. The one source for the `kind` type (logging a kind not listed here does not
 * compile), the OpenAPI `EventKind` enum (the event list's filter, the event object, the UI's filter)
 * and docs/api.md's table (`npm run docs:tables`; a test fails when the table drifts).
 */
/** What every zone event carries; the zone kinds add their own fields. */
const ZONE_PAYLOAD = '`zone_id`, `zone`, `track_id`, `label`, `confidence`, `box`, `point`, `frame_id`, `frame_at`, `worker`';

export interface EventKindInfo {
  readonly severities: readonly EventSeverity[];
  readonly description: string;
  /** The payload's fields, as docs/api.md lists them. */
  readonly payload: string;
}

export const EVENT_KINDS = {
  camera_added: { severities: ['info'], description: 'A camera was added.', payload: '`name`' },
  camera_updated: { severities: ['info'], description: "A camera's settings were changed.", payload: '`fields` (names of the changed fields, never values)' },
  camera_deleted: { severities: ['info'], description: 'A camera was deleted and its footage purged.', payload: '`purged_segments`, `kept_held_segments`' },
  camera_schedule_updated: { severities: ['info'], description: "A camera's weekly recording schedule was replaced.", payload: '`windows`' },
  camera_offline: {
    severities: ['warning'],
    description: 'The recorder lost the camera (once per outage).',
    payload: '`reason` (exited, failed, stalled, timeout, stopped), `ran_seconds`, `retry_in_seconds`, `detail` (masked cause, e.g. `recordings volume full: /data/recordings has 0 bytes free`)',
  },
  camera_online: { severities: ['info'], description: 'The recorder has the camera again; closes every `camera_offline`.', payload: '`offline_seconds`, `failed_attempts`' },
  camera_resolution_changed: { severities: ['info'], description: "The camera's picture size changed; ffmpeg is restarted so later segments match it.", payload: '`width`, `height`' },
  recorder_error: {
    severities: ['warning', 'error'],
    description: 'The recorder could not start or index a segment.',
    payload: '`reason` (e.g. `recorder failed: segment length must be 2–3600 s (got Infinity)`), `detail`',
  },
  recorder_unhealthy: {
    severities: ['error'],
    description: 'The camera was `recording` without a new segment for max(3 × segment, 30 s); ffmpeg is replaced.',
    payload: '`reason`',
  },
  recorder_stalled: { severities: ['warning'], description: 'ffmpeg wrote nothing for too long and was restarted.', payload: '`stalled_seconds`, `detail`' },
  recorder_audio_dropped: { severities: ['warning'], description: "The camera's audio cannot go into MP4 (e.g. G.711); recording goes on without it.", payload: '`reason`' },
  recorder_orphans_killed: { severities: ['warning'], description: 'At start, recorder processes left by an earlier run were stopped.', payload: '`pids`' },
  recording_triggered: { severities: ['info'], description: 'An event recording was started or extended.', payload: '`reason`, `window_end`' },
  recording_degraded: { severities: ['error'], description: 'The primary volume cannot be written: recording to the mirror only (not indexed).', payload: '`reason`' },
  recording_restored: { severities: ['info'], description: 'The primary volume can be written again: recording there again.', payload: '`reason`' },
  mirror_error: { severities: ['error'], description: 'A segment could not be copied to the mirror volume.', payload: '`reason`, `path`' },
  mirror_recovered: { severities: ['info'], description: 'Copying to the mirror volume works again.', payload: '`path`' },
  mirror_segments_restored: {
    severities: ['info', 'warning'],
    description: 'Segments recorded mirror-only were brought back into the primary volume and the index (warning when some could not be).',
    payload: '`restored`, `left_on_mirror_only`',
  },
  segment_repaired: { severities: ['warning'], description: 'An unfinished segment (crash, power loss) was repaired and kept.', payload: '`file`, `kept_seconds`' },
  segment_quarantined: { severities: ['warning'], description: 'A segment that could not be read was moved aside, not indexed.', payload: '`file`, `reason`' },
  segment_missing: { severities: ['warning'], description: 'Indexed segments whose files are gone were removed from the index.', payload: '`segments`, `paths` (at most 20)' },
  recovery_indexed: { severities: ['info'], description: 'At start, finished segments missing from the index were indexed.', payload: '`segments`' },
  storage_pressure: {
    severities: ['warning'],
    description: 'A sweep cannot meet a limit (the rest is held, or nothing is left to delete); once per episode.',
    payload: '`budget` (camera_bytes, global_bytes, free_space, mirror_bytes, mirror_free_space), `volume`, `needed_bytes` and the limit’s figures',
  },
  storage_pressure_cleared: { severities: ['info'], description: 'The budget or floor of an earlier `storage_pressure` is met again.', payload: '`budget`, `volume`' },
  storage_floor_deleting: {
    severities: ['warning'],
    description: 'The free-space floor started deleting footage (once per episode).',
    payload: '`volume`, `deleted_segments`, `freed_bytes`, `free_bytes`, `min_free_bytes`',
  },
  incident_opened: { severities: ['info'], description: 'An incident now holds footage against deletion.', payload: '`incident_id`, `title`, `cameras`, `from`, `to`, `created_by`' },
  incident_released: { severities: ['info'], description: "An incident was released; its footage is subject to retention again.", payload: '`incident_id`, `title`, `cameras`, `released_by`' },
  clip_exported: { severities: ['info'], description: 'A clip was exported.', payload: '`clip_id`, `from`, `to`, `method`, `size_bytes`, `exported_by`, `duration_ms` (time the export took)' },
  clip_deleted: { severities: ['info'], description: 'A clip was deleted.', payload: '`clip_id`, `deleted_by`' },
  sampler_online: { severities: ['info'], description: "The camera's frame sampler delivers frames (again).", payload: '`fps`' },
  sampler_stalled: { severities: ['warning'], description: 'The frame sampler delivered no frame for too long and was restarted.', payload: '`stalled_seconds`, `restarts`' },
  sampler_offline: { severities: ['warning'], description: 'The frame sampler failed; it retries.', payload: '`reason`, `retry_in_seconds`' },
  worker_online: { severities: ['info'], description: 'A perception worker registered.', payload: '`worker_id`, `name`, `version`, `labels`, `assigned_cameras`' },
  worker_offline: {
    severities: ['info', 'warning'],
    description: 'A perception worker left (warning when it timed out); its cameras were reassigned.',
    payload: '`worker_id`, `name`, `reason`, `silent_seconds`, `cameras`, `reassigned`',
  },
  zone_enter: { severities: ['info'], description: 'A tracked object entered a zone.', payload: ZONE_PAYLOAD },
  zone_exit: { severities: ['info'], description: 'A tracked object left a zone or was lost.', payload: `${ZONE_PAYLOAD}, \`seconds\`, \`reason\` (left, lost)` },
  zone_dwell: { severities: ['info'], description: "A tracked object stayed in a zone for the zone's dwell time.", payload: `${ZONE_PAYLOAD}, \`seconds\`` },
  line_cross: { severities: ['info'], description: 'A tracked object crossed a line.', payload: `${ZONE_PAYLOAD}, \`direction\` (left_to_right, right_to_left)` },
  zone_trigger_failed: {
    severities: ['warning'],
    description: "A zone could not start recording (the camera is not in an event mode or not recording); once per zone.",
    payload: '`zone_id`, `zone`, `reason`',
  },
  disk_smart_warning: {
    severities: ['error'],
    description: 'A disk listed in HELDAR_SMART_DEVICES fails its SMART health check (`smartctl -H`); once until it passes again.',
    payload: '`device`, `status` (failed, unknown), `detail` (smartctl\'s verdict line or the error)',
  },
  raid_degraded: {
    severities: ['error'],
    description: 'A software RAID array in /proc/mdstat runs with members missing; once until it is whole again.',
    payload: '`array`, `level`, `members`, `active`, `status` (e.g. `[U_]`)',
  },
  webhook_paused: {
    severities: ['warning'],
    description: "A webhook's deliveries failed too many times in a row; it is paused until it is enabled again.",
    payload: '`webhook_id`, `name`, `failures`, `last_error`',
  },
  discovery_scan_progress: {
    severities: ['info'],
    description: 'A network scan (POST /api/discovery/scan) got a tenth further through its addresses.',
    payload: '`scan_id`, `scanned`, `targets`, `open_hosts`',
  },
  discovery_scan_done: {
    severities: ['info', 'warning'],
    description: 'A network scan ended (warning when it failed or was cancelled); its result is at GET /api/discovery/scans/:id.',
    payload: '`scan_id`, `state` (done, failed, cancelled), `targets`, `hosts`, `streams`, `seconds`',
  },
  backup_job_progress: {
    severities: ['info'],
    description: 'A backup job is copying (at most every 5 s while it runs).',
    payload: '`job_id`, `policy_id`, `destination_id`, `files_total`, `files_done`, `files_skipped`, `bytes_total`, `bytes_done`',
  },
  backup_job_done: {
    severities: ['info', 'warning', 'error'],
    description: 'A backup job ended: `completed` (info), `cancelled` (warning) or `failed` (error).',
    payload: '`job_id`, `policy_id`, `destination_id`, `state`, `files_done`, `files_skipped`, `bytes_done`, `resent`, `error`',
  },
  onvif_motion: {
    severities: ['info'],
    description: "The camera's own motion detection reported motion (ONVIF `RuleEngine/CellMotionDetector/Motion` or another motion topic the camera triggers on).",
    payload: '`topic`, `source`, `data` (the ONVIF message items, e.g. `IsMotion`), `at` (the camera\'s time of the event, corrected)',
  },
  onvif_line_crossed: { severities: ['info'], description: "The camera's own line-crossing detection fired (an ONVIF `LineDetector` topic).", payload: '`topic`, `source`, `data`, `at`' },
  onvif_field_detected: { severities: ['info'], description: "The camera's own field (intrusion) detection fired (an ONVIF `FieldDetector` topic).", payload: '`topic`, `source`, `data`, `at`' },
  onvif_event: { severities: ['info'], description: 'Another ONVIF event topic the camera is set to trigger on fired.', payload: '`topic`, `source`, `data`, `at`' },
  onvif_events_lost: {
    severities: ['warning'],
    description: "The camera's ONVIF event subscription failed; Heldar subscribes again with backoff (once per outage).",
    payload: '`reason`, `retry_in_seconds`',
  },
  backfill_finished: {
    severities: ['info', 'warning'],
    description: 'A recording gap was filled from the camera’s own storage (info), or could not be (warning: failed or unavailable).',
    payload: '`gap_id`, `from`, `to`, `state` (filled, failed, unavailable), `filled_seconds`, `segments`, `error`',
  },
  archive_created: { severities: ['info'], description: 'An evidence archive (several cameras’ clips, notes and a signed manifest in one zip) was made.', payload: '`archive_id`, `cameras`, `from`, `to`, `incident_id`, `size_bytes`, `created_by`' },
  camera_failed_over: {
    severities: ['info', 'warning'],
    description: 'Another node records the camera now: its node died or stopped renewing its lease (warning), or handed it over for a drain or to its preferred node (info). Its `at` is the takeover’s time; the event is written after the taken cameras’ recorders are started.',
    payload: '`from_node`, `to_node`, `epoch`, `reason` (node_gone: its process died, seen through PostgreSQL before the lease ran out; lease_expired; released: its node stopped cleanly; drain; preferred_node), `takeover_ms` (from the old node\'s last renewal to the takeover)',
  },
  node_joined: { severities: ['info'], description: 'A node started and joined the nodes sharing this database.', payload: '`node_id`, `url`, `capacity`, `version`' },
  segment_fenced: {
    severities: ['warning'],
    description: 'A finished segment was not indexed: this node no longer holds the camera (another node took it over). The file is kept under `.fenced/` on this node\'s volume.',
    payload: '`node_id`, `epoch`, `path`',
  },
} as const satisfies Readonly<Record<string, EventKindInfo>>;

export type EventKind = keyof typeof EVENT_KINDS;

/** The severities a kind is logged at: logging it at another one does not compile. */
export type EventSeverityOf<K extends EventKind> = (typeof EVENT_KINDS)[K]['severities'][number];

/** Every kind, in the registry's order (the docs' and the OpenAPI enum's order). */
export const EVENT_KIND_NAMES = Object.keys(EVENT_KINDS) as EventKind[];

export function isEventKind(kind: string): kind is EventKind {
  return Object.hasOwn(EVENT_KINDS, kind);
}

/** docs/api.md's table of event kinds, between its markers. */
export function eventKindsMarkdown(): string {
  const lines = ['| kind | severity | meaning | payload |', '|---|---|---|---|'];
  for (const kind of EVENT_KIND_NAMES) {
    const info: EventKindInfo = EVENT_KINDS[kind];
    lines.push(`| \`${kind}\` | ${info.severities.join(' / ')} | ${info.description} | ${info.payload} |`);
  }
  return lines.join('\n');
}
