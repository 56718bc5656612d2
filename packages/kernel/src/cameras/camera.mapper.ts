import type { CameraRow } from '../db/schema.js';
import { toRfc3339 } from '../time.js';
import type { CameraDto } from './camera.schemas.js';
import { maskUrl, recordUrl } from './camera-url.js';

/** Row → API shape. The password never leaves this function; URLs are masked. */
export function toCameraDto(row: CameraRow): CameraDto {
  const effective = recordUrl(row);
  return {
    id: row.id,
    name: row.name,
    enabled: row.enabled === 1,
    record_enabled: row.record_enabled === 1,
    record_mode: row.record_mode,
    stream_url: row.stream_url === null ? null : maskUrl(row.stream_url),
    record_url: effective === null ? null : maskUrl(effective),
    address: row.address,
    port: row.port,
    path: row.path,
    username: row.username,
    password_set: row.password !== null && row.password !== '',
    sub_stream_url: row.sub_stream_url === null ? null : maskUrl(row.sub_stream_url),
    segment_seconds: row.segment_seconds,
    record_audio: row.record_audio === 1,
    mirror_enabled: row.mirror_enabled === 1,
    pre_roll_seconds: row.pre_roll_seconds,
    post_roll_seconds: row.post_roll_seconds,
    retention_days: row.retention_days,
    retention_max_bytes: row.retention_max_bytes,
    detect_fps: row.detect_fps,
    created_at: toRfc3339(row.created_at),
    updated_at: toRfc3339(row.updated_at),
  };
}
