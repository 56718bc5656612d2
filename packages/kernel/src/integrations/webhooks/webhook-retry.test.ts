import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './webhook-retry.js';

describe('webhook retry delay', () => {
  it('doubles from the initial delay up to the limit, half of it random', () => {
    const low = [1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(n, 1000, 30_000, () => 0));
    const high = [1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(n, 1000, 30_000, () => 1));
    expect(high).toEqual([1000, 2000, 4000, 8000, 16_000, 30_000]);
    expect(low).toEqual([500, 1000, 2000, 4000, 8000, 15_000]);
  });
});
