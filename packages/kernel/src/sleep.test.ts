import { describe, expect, it } from 'vitest';
import { sleep } from './sleep.js';

describe('sleep', () => {
  it('waits the full time when not aborted', async () => {
    const t0 = performance.now();
    expect(await sleep(30)).toBe('elapsed');
    expect(performance.now() - t0).toBeGreaterThanOrEqual(25);
    const ac = new AbortController();
    expect(await sleep(5, ac.signal)).toBe('elapsed');
    ac.abort(); // after it elapsed: nothing left listening, nothing happens
  });

  it('returns as soon as the signal aborts', async () => {
    const ac = new AbortController();
    const t0 = performance.now();
    const pending = sleep(60_000, ac.signal);
    setTimeout(() => ac.abort(), 20);
    expect(await pending).toBe('aborted');
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('returns at once for a signal that already aborted', async () => {
    expect(await sleep(60_000, AbortSignal.abort())).toBe('aborted');
  });
});
