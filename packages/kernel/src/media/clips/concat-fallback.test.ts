import { describe, expect, it } from 'vitest';
import { buildConcatArgs, concatList, concatWindow } from './concat-fallback.js';

const s = (start_ms: number, end_ms: number, file = `/r/${start_ms}.mp4`) => ({ file, start_ms, end_ms });

describe('ffmpeg concat fallback', () => {
  it('places the range on the back-to-back timeline, so a gap never pulls in footage after `to`', () => {
    // Footage 0–10 s and 40–50 s; range 5–45 s: 5 s of the first file, then 5 s of the second.
    expect(concatWindow([s(0, 10_000), s(40_000, 50_000)], 5_000, 45_000)).toEqual({ startSeconds: 5, durationSeconds: 10 });
    // A range starting before the footage starts at its beginning.
    expect(concatWindow([s(2_000, 12_000)], 0, 6_000)).toEqual({ startSeconds: 0, durationSeconds: 4 });
    expect(concatWindow([s(0, 10_000), s(10_000, 20_000)], 3_000, 30_000)).toEqual({ startSeconds: 3, durationSeconds: 17 });
  });

  it('escapes single quotes in the list and builds a stream-copy command', () => {
    expect(concatList([s(0, 1, "/r/it's.mp4"), s(1, 2, '/r/b.mp4')])).toBe("file '/r/it'\\''s.mp4'\nfile '/r/b.mp4'\n");
    expect(buildConcatArgs('/c/l.txt', { startSeconds: 1.5, durationSeconds: 12 }, '/c/o.mp4.tmp')).toEqual([
      '-hide_banner', '-nostdin', '-loglevel', 'error', '-f', 'concat', '-safe', '0', '-ss', '1.500', '-i', '/c/l.txt', '-t', '12.000',
      '-map', '0', '-c', 'copy', '-avoid_negative_ts', 'make_zero', '-movflags', '+faststart', '-f', 'mp4', '/c/o.mp4.tmp',
    ]);
  });
});
