import type { Camera } from '../cameras/camera.js';
import type { CameraStatusRow } from '../db/schema.js';
import { healthLimitMs } from './segment-limits.js';

export interface Unhealthy {
  cameraId: string;
  reason: string;
}

/**
 * How long each camera has gone without progress, measured on the monotonic clock from the moment
 * the health check first saw its current progress value. Progress is stored as wall-clock time, so
 * comparing it with the wall clock alone turns a clock step (NTP correcting a drifted clock, a test
 * moving time) into a false alarm that needlessly replaces a healthy ffmpeg; a step backwards would
 * instead hide a stall for as long as the step.
 */
export class ProgressWatch {
  private readonly seen = new Map<string, { progress: number; monoAt: number }>();

  constructor(private readonly monotonicNow: () => number = () => performance.now()) {}

  /**
   * The quiet time of `cameraId` whose newest progress is `progress` (wall ms). A value seen for the
   * first time counts its wall-clock age, clamped to [0, limit]: it never fires on its first sighting,
   * and a truly stalled camera still fires once the limit has passed on the monotonic clock.
   */
  quietMs(cameraId: string, progress: number, wallNow: number, limitMs: number): number {
    const mono = this.monotonicNow();
    const known = this.seen.get(cameraId);
    if (known === undefined || known.progress !== progress) {
      const age = Math.min(Math.max(wallNow - progress, 0), limitMs);
      this.seen.set(cameraId, { progress, monoAt: mono - age });
      return age;
    }
    return mono - known.monoAt;
  }

  /** Forgets cameras that are no longer recording, so a later run starts from a fresh sighting. */
  keepOnly(cameraIds: ReadonlySet<string>): void {
    for (const id of this.seen.keys()) if (!cameraIds.has(id)) this.seen.delete(id);
  }
}

/**
 * The recorder's health check: a camera whose status says `recording` but whose newest segment (or,
 * just after it started recording, the start of that state) has not changed for max(3 × segment,
 * floor) is not recording, whatever its ffmpeg is doing. Absurd stored segment lengths are clamped, so
 * the check cannot be disarmed by one (2 × ∞ + 30 s never fired).
 */
export function findUnhealthy(
  statuses: readonly CameraStatusRow[],
  cameras: readonly Camera[],
  now: number,
  floorMs: number,
  watch: ProgressWatch,
): Unhealthy[] {
  const byId = new Map(cameras.map((c) => [c.id, c]));
  const found: Unhealthy[] = [];
  const recording = new Set<string>();
  for (const s of statuses) {
    const cam = byId.get(s.camera_id);
    if (s.state !== 'recording' || cam === undefined) continue;
    recording.add(s.camera_id);
    const limit = healthLimitMs(cam.segment_seconds, floorMs);
    const quiet = watch.quietMs(s.camera_id, Math.max(s.last_segment_at ?? 0, s.since), now, limit);
    if (quiet > limit) {
      found.push({ cameraId: s.camera_id, reason: `no new segment for ${Math.round(quiet / 1000)} s while recording (limit ${Math.round(limit / 1000)} s)` });
    }
  }
  watch.keepOnly(recording);
  return found;
}
