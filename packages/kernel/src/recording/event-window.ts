/**
 * Event recording windows and real pre-roll.
 *
 * An event-capable camera records all the time into staging. A trigger at `t` opens (or extends —
 * never shortens) the window `[t − pre_roll, t + post_roll]`; staged segments that overlap a window
 * (or an open schedule window for `scheduled_event`) are promoted to the index, the others are dropped
 * once they end more than `pre_roll` before now, when no later trigger could still want them.
 */
export interface Interval {
  from: number;
  to: number;
}

export class EventWindows {
  private windows: Interval[] = [];

  /** Records a trigger; returns the end of the window it falls in (the later of old and new). */
  trigger(atMs: number, preRollMs: number, postRollMs: number): number {
    const next: Interval = { from: atMs - preRollMs, to: atMs + postRollMs };
    const last = this.windows.at(-1);
    if (last && next.from <= last.to) {
      last.to = Math.max(last.to, next.to);
      last.from = Math.min(last.from, next.from);
      return last.to;
    }
    this.windows.push(next);
    return next.to;
  }

  /** Whether a trigger window covers the instant. */
  activeAt(ms: number): boolean {
    return this.windows.some((w) => w.from <= ms && ms <= w.to && ms >= w.from);
  }

  /** The end of the window covering `ms`, if any. */
  windowEndAt(ms: number): number | null {
    const w = this.windows.find((x) => x.from <= ms && ms <= x.to);
    return w ? w.to : null;
  }

  /** Whether a segment [start, end) overlaps any window. */
  overlaps(startMs: number, endMs: number): boolean {
    return this.windows.some((w) => startMs <= w.to && endMs > w.from);
  }

  /** Forgets windows that ended before `ms` (no staged segment can need them any more). */
  prune(beforeMs: number): void {
    this.windows = this.windows.filter((w) => w.to >= beforeMs);
  }
}
