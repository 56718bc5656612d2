import { describe, expect, it } from 'vitest';
import { AckWatermark } from './ack-watermark.js';

describe('AckWatermark', () => {
  it('moves only past events when everything before them is done', () => {
    const w = new AckWatermark(10);
    w.begin(11);
    w.begin(12);
    expect(w.skip(13)).toBeUndefined();
    w.begin(14);
    expect(w.finish(12)).toBeUndefined();
    expect(w.value).toBe(10);
    expect(w.finish(11)).toBe(13);
    expect(w.finish(14)).toBe(14);
    expect(w.skip(15)).toBe(15);
  });

  it('stays before an event that never finished (stopped or paused), whatever finished after it', () => {
    const w = new AckWatermark(0);
    for (let id = 1; id <= 3000; id++) w.begin(id);
    for (let id = 3000; id >= 2; id--) expect(w.finish(id)).toBeUndefined();
    expect(w.value).toBe(0);
    expect(w.finish(1)).toBe(3000);
    expect(w.finish(1)).toBeUndefined();
  });
});
