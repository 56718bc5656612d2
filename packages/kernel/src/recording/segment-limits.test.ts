import { describe, expect, it } from 'vitest';
import { healthLimitMs, stallTimeoutMs, timerSegmentSeconds } from './segment-limits.js';

describe('segment limits for timers', () => {
  it('clamps stored values a watchdog could not use', () => {
    expect(timerSegmentSeconds(10)).toBe(10);
    expect(timerSegmentSeconds(Number.POSITIVE_INFINITY)).toBe(3600);
    expect(timerSegmentSeconds(Number.NEGATIVE_INFINITY)).toBe(2);
    expect(timerSegmentSeconds(Number.NaN)).toBe(3600);
    expect(timerSegmentSeconds(1e12)).toBe(3600);
    expect(timerSegmentSeconds(0)).toBe(2);
  });

  it('stall timeout 2 × segment + grace, health limit max(3 × segment, 30 s), both finite', () => {
    expect(stallTimeoutMs(2, 30_000)).toBe(34_000);
    expect(stallTimeoutMs(Number.POSITIVE_INFINITY, 30_000)).toBe(7_230_000);
    expect(healthLimitMs(2)).toBe(30_000);
    expect(healthLimitMs(20)).toBe(60_000);
    expect(healthLimitMs(Number.POSITIVE_INFINITY)).toBe(10_800_000);
    expect(healthLimitMs(2, 3000)).toBe(6000);
  });
});
