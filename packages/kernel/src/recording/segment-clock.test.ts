import { describe, expect, it } from 'vitest';
import { SegmentClock } from './segment-clock.js';

describe('SegmentClock', () => {
  it('places back-to-back segments contiguously at the earliest-latency anchor', () => {
    const clock = new SegmentClock();
    const t0 = 1_700_000_000_000;
    // Reports arrive 300 ms, 120 ms and 450 ms after each segment's media end.
    const a = clock.place(0, 4, t0 + 4000 + 300);
    const b = clock.place(4, 8.04, t0 + 8040 + 120);
    const c = clock.place(8.04, 12, t0 + 12000 + 450);
    expect(a).toEqual({ startMs: t0 + 300, endMs: t0 + 4300 });
    expect(b.startMs).toBe(a.endMs);
    expect(b.endMs - b.startMs).toBe(4040);
    expect(c.startMs).toBe(b.endMs);
    expect(c.endMs - c.startMs).toBe(3960);
  });

  it('never overlaps the previous segment and closes sub-second seams, but keeps real gaps', () => {
    const clock = new SegmentClock(1_000_000);
    expect(clock.place(0, 2, 1_000_000 + 1500)).toEqual({ startMs: 1_000_000, endMs: 1_002_000 });
    const after = new SegmentClock(1_000_000);
    expect(after.place(0, 2, 1_000_000 + 2000 + 5000)).toEqual({ startMs: 1_005_000, endMs: 1_007_000 });
  });
});
