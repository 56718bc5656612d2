import type { Camera } from './camera.js';
import { toRfc3339 } from '../time.js';
import type { CameraDto } from './camera.schemas.js';
import { maskUrl } from '../secrets/credential-mask.js';
import { recordUrl } from './camera-url.js';
import { triggerTopics } from './onvif-topics.js';

/** Row → API shape, with the node recording it (or null). The password never leaves this function; URLs are masked. */
export function toCameraDto(row: Camera, nodeId: string | null = null): CameraDto {
  const effective = recordUrl(row);
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled,
    record_enabled: row.record_enabled,
    record_mode: row.record_mode,
    stream_url: row.stream_url === null ? null : maskUrl(row.stream_url),
    record_url: effective === null ? null : maskUrl(effective),
    address: row.address,
    port: row.port,
    path: row.path,
    username: row.username,
    password_set: row.password !== null && row.password !== '',
    sub_stream_url: row.sub_stream_url === null ? null : maskUrl(row.sub_stream_url),
    segment_seconds: intIn(row.segment_seconds, 2, 3600, 10),
    record_audio: row.record_audio,
    mirror_enabled: row.mirror_enabled,
    pre_roll_seconds: intIn(row.pre_roll_seconds, 0, 3600, 5),
    post_roll_seconds: intIn(row.post_roll_seconds, 0, 3600, 30),
    retention_days: intIn(row.retention_days, 1, 36_500, null),
    retention_max_bytes: intIn(row.retention_max_bytes, 1, Number.MAX_SAFE_INTEGER, null),
    detect_fps: numberIn(row.detect_fps, 0.1, 30, null),
    onvif_url: row.onvif_url,
    onvif_trigger_topics: triggerTopics(row),
    failover_priority: intIn(row.failover_priority, -1000, 1000, 0),
    preferred_node_id: row.preferred_node_id,
    node_id: nodeId,
    created_at: toRfc3339(row.created_at),
    updated_at: toRfc3339(row.updated_at),
  };
}

/*
 * Before strict validation, numeric strings such as "Infinity" or "1e999" were coerced and stored;
 * such a row (or one edited by hand) must not turn every camera listing into a 500. A value outside
 * what the API accepts reads as the column's default (or null), as the repair migration
 * (2026-12-02T00-repair-camera-numbers) also writes it.
 */
function intIn<T extends number | null>(value: number | null, min: number, max: number, fallback: T): number | T {
  return value !== null && Number.isInteger(value) && value >= min && value <= max ? value : fallback;
}

function numberIn<T extends number | null>(value: number | null, min: number, max: number, fallback: T): number | T {
  return value !== null && Number.isFinite(value) && value >= min && value <= max ? value : fallback;
}
