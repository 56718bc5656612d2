import { describe, expect, it } from 'vitest';
import { EventWindows } from './event-window.js';

describe('EventWindows', () => {
  it('opens [t − pre, t + post] and extends but never shortens it', () => {
    const w = new EventWindows();
    expect(w.trigger(100_000, 5_000, 30_000)).toBe(130_000);
    expect(w.activeAt(95_000)).toBe(true);
    expect(w.activeAt(94_999)).toBe(false);
    expect(w.trigger(110_000, 5_000, 30_000)).toBe(140_000);
    // A trigger with a shorter post-roll inside the window keeps the later end.
    expect(w.trigger(111_000, 5_000, 1_000)).toBe(140_000);
    expect(w.windowEndAt(120_000)).toBe(140_000);
    expect(w.activeAt(140_001)).toBe(false);
  });

  it('decides which staged segments overlap a window', () => {
    const w = new EventWindows();
    w.trigger(100_000, 5_000, 10_000); // [95 s, 110 s]
    expect(w.overlaps(80_000, 90_000)).toBe(false);
    expect(w.overlaps(90_000, 96_000)).toBe(true); // pre-roll segment
    expect(w.overlaps(108_000, 118_000)).toBe(true); // post-roll tail
    expect(w.overlaps(111_000, 120_000)).toBe(false);
  });

  it('keeps separate windows apart and prunes old ones', () => {
    const w = new EventWindows();
    w.trigger(100_000, 0, 10_000);
    w.trigger(200_000, 0, 10_000);
    expect(w.overlaps(150_000, 160_000)).toBe(false);
    w.prune(150_000);
    expect(w.overlaps(100_000, 105_000)).toBe(false);
    expect(w.overlaps(200_000, 205_000)).toBe(true);
  });
});
