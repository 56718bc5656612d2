import type { CameraRow, CameraStatusRow } from '../db/schema.js';
import { healthLimitMs } from './segment-limits.js';

export interface Unhealthy {
  cameraId: string;
  reason: string;
}

/**
 * The recorder's health check: a camera whose status says `recording` but whose newest segment (or,
 * just after it started recording, the start of that state) is older than max(3 × segment, floor) is
 * not recording, whatever its ffmpeg is doing. Absurd stored segment lengths are clamped, so the
 * check cannot be disarmed by one (2 × ∞ + 30 s never fired).
 */
export function findUnhealthy(statuses: readonly CameraStatusRow[], cameras: readonly CameraRow[], now: number, floorMs: number): Unhealthy[] {
  const byId = new Map(cameras.map((c) => [c.id, c]));
  const found: Unhealthy[] = [];
  for (const s of statuses) {
    const cam = byId.get(s.camera_id);
    if (s.state !== 'recording' || cam === undefined) continue;
    const limit = healthLimitMs(cam.segment_seconds, floorMs);
    const progress = Math.max(s.last_segment_at ?? 0, s.since);
    const quiet = now - progress;
    if (quiet > limit) {
      found.push({ cameraId: s.camera_id, reason: `no new segment for ${Math.round(quiet / 1000)} s while recording (limit ${Math.round(limit / 1000)} s)` });
    }
  }
  return found;
}
