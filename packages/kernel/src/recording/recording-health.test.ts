import { describe, expect, it } from 'vitest';
import { ProgressWatch } from './recording-health.js';

describe('ProgressWatch', () => {
  const limit = 6000;

  it('ignores a wall-clock step: only time on the monotonic clock counts', () => {
    let mono = 0;
    const watch = new ProgressWatch(() => mono);
    const segmentAt = Date.UTC(2026, 0, 5, 9, 0, 10);
    expect(watch.quietMs('a', segmentAt, segmentAt + 1000, limit)).toBe(1000);
    mono += 2000;
    // The wall clock jumps 49 s ahead (NTP, or a test moving time): still 3 s of real quiet.
    expect(watch.quietMs('a', segmentAt, segmentAt + 50_000, limit)).toBe(3000);
    mono += 4000;
    expect(watch.quietMs('a', segmentAt, segmentAt + 50_000, limit)).toBe(7000);
  });

  it('starts again at each new segment, and never fires on a first sighting', () => {
    let mono = 100_000;
    const watch = new ProgressWatch(() => mono);
    expect(watch.quietMs('a', 0, 60_000, limit)).toBe(limit);
    mono += 500;
    expect(watch.quietMs('a', 0, 60_500, limit)).toBe(limit + 500);
    expect(watch.quietMs('a', 60_000, 60_500, limit)).toBe(500);
    // A step backwards: the age is never negative.
    expect(watch.quietMs('b', 60_000, 10_000, limit)).toBe(0);
  });

  it('forgets cameras that stopped recording', () => {
    let mono = 0;
    const watch = new ProgressWatch(() => mono);
    watch.quietMs('a', 1000, 1000, limit);
    watch.keepOnly(new Set());
    mono += 60_000;
    expect(watch.quietMs('a', 1000, 2000, limit)).toBe(1000);
  });
});
