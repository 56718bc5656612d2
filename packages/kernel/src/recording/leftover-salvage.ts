import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { isEventCapable } from '../cameras/schedule.js';
import type { Clock } from '../clock.js';
import type { Camera } from '../cameras/camera.js';
import type { MirrorFallback } from './mirror-fallback.js';
import type { PreRollBuffer } from './pre-roll-buffer.js';
import type { RunTimeline } from './run-progress.js';
import type { ScheduleCheck } from './schedule-check.js';
import type { SegmentIntake } from './segment-intake.js';

export interface LeftoverSalvageDeps {
  clock: Clock;
  volumes: MirrorFallback;
  preRoll: PreRollBuffer;
  schedule: ScheduleCheck;
  intake: Pick<SegmentIntake, 'promote'>;
}

/**
 * After an ffmpeg run ends: the files it left in staging without reporting them (it was killed)
 * keep what plays. The one this run was writing continues the run's last listed segment on its
 * media timeline, so it is placed by the run's clock, back to back with that segment; others are
 * placed by their prft.
 */
export class LeftoverSalvage {
  constructor(private readonly deps: LeftoverSalvageDeps) {}

  async salvage(cam: Camera, dir: string, timeline: RunTimeline): Promise<void> {
    const { volumes, preRoll } = this.deps;
    // Held pre-roll segments are finished files: they stay held across an ffmpeg restart, so a
    // trigger just after a reconnect still gets the seconds before it.
    const held = new Set(preRoll.heldFiles());
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const file = path.join(dir, name);
      if (held.has(file)) continue;
      const outcome = await volumes.salvageFor(dir).salvage(cam.id, file);
      if (outcome.kind !== 'keep') continue;
      const from = timeline.listedEndSec;
      const placed =
        from !== null && name.startsWith(timeline.prefix)
          ? (await timeline.clock).place(from, from + outcome.info.durationMs / 1000, this.deps.clock.now())
          : { startMs: outcome.startMs, endMs: outcome.startMs + outcome.info.durationMs };
      if (from !== null && name.startsWith(timeline.prefix)) timeline.listedEndSec = from + outcome.info.durationMs / 1000;
      const wanted = !isEventCapable(cam.record_mode) || preRoll.activeAt(placed.startMs) || (await this.deps.schedule.activeNow(cam));
      if (wanted) await this.deps.intake.promote({ file, startMs: placed.startMs, endMs: placed.endMs, info: outcome.info });
      else await rm(file, { force: true });
    }
  }
}
