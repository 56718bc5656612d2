import { EventWindows } from './event-window.js';
import type { InspectedSegment } from './segment-inspector.js';

/** A finished segment still in staging, waiting to learn whether an event will want it. */
export interface HeldSegment {
  file: string;
  startMs: number;
  endMs: number;
  info: InspectedSegment;
}

/**
 * Real pre-roll for an event camera: every finished segment is either promoted at once (it overlaps a
 * trigger window or an open schedule window) or held in staging. A trigger releases the held segments
 * that overlap its window `[t − pre_roll, t + post_roll]`; held segments that ended more than
 * `pre_roll` ago can no longer be wanted and are expired.
 */
export class PreRollBuffer {
  private readonly windows = new EventWindows();
  private held: HeldSegment[] = [];

  /** Extends the trigger window and returns its end plus the held segments it now wants. */
  trigger(atMs: number, preRollMs: number, postRollMs: number): { windowEnd: number; release: HeldSegment[] } {
    const windowEnd = this.windows.trigger(atMs, preRollMs, postRollMs);
    const release = this.held.filter((h) => this.windows.overlaps(h.startMs, h.endMs));
    this.held = this.held.filter((h) => !release.includes(h));
    return { windowEnd, release };
  }

  /** Whether a trigger window covers `ms` (the camera is "recording" for its status). */
  activeAt(ms: number): boolean {
    return this.windows.activeAt(ms);
  }

  windowEndAt(ms: number): number | null {
    return this.windows.windowEndAt(ms);
  }

  /** True: promote now. False: the segment was held. */
  admit(segment: HeldSegment, scheduleActive: boolean): boolean {
    if (scheduleActive || this.windows.overlaps(segment.startMs, segment.endMs)) return true;
    this.held.push(segment);
    return false;
  }

  /** Removes and returns held segments that ended before `now − preRoll`: no trigger can want them. */
  expire(nowMs: number, preRollMs: number): HeldSegment[] {
    const cutoff = nowMs - preRollMs;
    const expired = this.held.filter((h) => h.endMs < cutoff);
    this.held = this.held.filter((h) => h.endMs >= cutoff);
    this.windows.prune(cutoff);
    return expired;
  }

  /** The files held now (they are finished: no ffmpeg writes to them any more). */
  heldFiles(): string[] {
    return this.held.map((h) => h.file);
  }

  /** Everything still held (on stop: the caller decides what to do with it). */
  drain(): HeldSegment[] {
    const all = this.held;
    this.held = [];
    return all;
  }
}
