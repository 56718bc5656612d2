import { describe, expect, it } from 'vitest';
import { coverage } from './coverage.js';

const seg = (start_ms: number, end_ms: number) => ({ start_ms, end_ms });

describe('coverage', () => {
  it('joins back-to-back segments and seams under a second into one span', () => {
    const c = coverage([seg(0, 10_000), seg(10_000, 20_000), seg(20_400, 30_000)], 0, 30_000);
    expect(c).toEqual({ spans: [{ from: 0, to: 30_000 }], gaps: [], coveredMs: 30_000 });
  });

  it('reports real gaps, including at the edges, clipped to the range', () => {
    const c = coverage([seg(0, 10_000), seg(15_000, 25_000)], 5_000, 40_000);
    expect(c.spans).toEqual([{ from: 5_000, to: 10_000 }, { from: 15_000, to: 25_000 }]);
    expect(c.gaps).toEqual([{ from: 10_000, to: 15_000 }, { from: 25_000, to: 40_000 }]);
    expect(c.coveredMs).toBe(15_000);
    expect(coverage([seg(3_000, 10_000)], 0, 10_000).gaps).toEqual([{ from: 0, to: 3_000 }]);
  });

  it('is all gap without footage', () => {
    expect(coverage([], 0, 5_000)).toEqual({ spans: [], gaps: [{ from: 0, to: 5_000 }], coveredMs: 0 });
  });

  it('handles overlapping segments without double counting', () => {
    expect(coverage([seg(0, 10_000), seg(5_000, 12_000)], 0, 12_000).coveredMs).toBe(12_000);
  });
});
