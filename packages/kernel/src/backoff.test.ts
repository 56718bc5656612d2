import { describe, expect, it } from 'vitest';
import { Backoff, DEFAULT_BACKOFF, nextBackoffMs } from './backoff.js';

describe('nextBackoffMs', () => {
  it('doubles from 1 s up to 30 s while runs stay short', () => {
    const delays: number[] = [];
    let previous: number | null = null;
    for (let i = 0; i < 8; i++) {
      previous = nextBackoffMs(previous, 2000);
      delays.push(previous);
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000, 30_000, 30_000]);
  });

  it('resets after a healthy run of at least 30 s', () => {
    expect(nextBackoffMs(30_000, 29_999)).toBe(30_000);
    expect(nextBackoffMs(16_000, 29_999)).toBe(30_000);
    expect(nextBackoffMs(30_000, 30_000)).toBe(1000);
    expect(nextBackoffMs(8000, 3_600_000)).toBe(1000);
  });

  it('takes another policy', () => {
    const policy = { initialMs: 100, maxMs: 500, healthyRunMs: 1000 };
    expect(nextBackoffMs(null, 0, policy)).toBe(100);
    expect(nextBackoffMs(400, 0, policy)).toBe(500);
    expect(nextBackoffMs(400, 1000, policy)).toBe(100);
    expect(DEFAULT_BACKOFF).toEqual({ initialMs: 1000, maxMs: 30_000, healthyRunMs: 30_000 });
  });
});

describe('Backoff', () => {
  it('keeps the state for a supervisor loop', () => {
    const b = new Backoff();
    expect([b.next(100), b.next(100), b.next(100)]).toEqual([1000, 2000, 4000]);
    expect(b.next(45_000)).toBe(1000);
    expect(b.next(100)).toBe(2000);
    b.reset();
    expect(b.next(100)).toBe(1000);
  });
});
