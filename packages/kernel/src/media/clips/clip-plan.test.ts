import { describe, expect, it } from 'vitest';
import { planClip, type IndexedSource, type SourceIndex } from './clip-plan.js';

/** A source whose fragments are 1 s GOPs (plus ffmpeg's trailing audio-only fragment). */
function source(id: number, startMs: number, seconds: number, configKey = 'a', options: { keyframes?: (i: number) => boolean } = {}): IndexedSource {
  const fragments = Array.from({ length: seconds }, (_, i) => ({ startMs: i * 1000, durationMs: 1000, keyframe: options.keyframes?.(i) ?? true }));
  fragments.push({ startMs: seconds * 1000, durationMs: 0, keyframe: false });
  const index = { init: { tracks: [{ trackId: 1, timescale: 12_800 }, { trackId: 2, timescale: 48_000 }] }, fragments } as unknown as SourceIndex;
  return { segment: { id, path: `${id}.mp4`, file: `/r/${id}.mp4`, start_ms: startMs, end_ms: startMs + seconds * 1000 }, index, init: Buffer.alloc(0), configKey };
}

const summary = (parts: ReturnType<typeof planClip>) =>
  parts.map((p) => ({ from: p.fromMs, to: p.toMs, files: p.files.map((f) => [f.source.segment.id, f.first, f.last, f.cut ? Object.fromEntries(f.cut) : null]) }));

describe('planClip', () => {
  it('starts at the fragment holding `from` and cuts the one holding `to`', () => {
    const parts = planClip([source(1, 0, 10), source(2, 10_000, 10)], 3_500, 15_500);
    expect(summary(parts)).toEqual([{ from: 3_000, to: 15_500, files: [[1, 3, 10, null], [2, 0, 5, { 1: 5.5 * 12_800, 2: 5.5 * 48_000 }]] }]);
  });

  it('keeps the trailing audio-only fragment when the file is used to its end, and needs no cut on a boundary', () => {
    const parts = planClip([source(1, 0, 10)], 0, 10_000);
    expect(summary(parts)).toEqual([{ from: 0, to: 10_000, files: [[1, 0, 10, null]] }]);
  });

  it('backs up to a keyframe, or skips ahead to one in a file that starts without', () => {
    const gop2 = (i: number) => i % 2 === 0;
    expect(summary(planClip([source(1, 0, 10, 'a', { keyframes: gop2 })], 3_200, 5_000))[0]?.files[0]).toEqual([1, 2, 4, null]);
    const late = (i: number) => i >= 2;
    expect(summary(planClip([source(1, 0, 10, 'a', { keyframes: late })], 0, 5_000))[0]?.files[0]).toEqual([1, 2, 4, null]);
  });

  it('never takes the same time twice from overlapping segments', () => {
    // Segment 2 repeats 5–10 s of segment 1, then continues to 15 s.
    const parts = planClip([source(1, 0, 10), source(2, 5_000, 10)], 0, 15_000);
    expect(summary(parts)).toEqual([{ from: 0, to: 15_000, files: [[1, 0, 10, null], [2, 5, 10, null]] }]);
  });

  it('starts a new output file when the codec configuration changes, and skips files outside the range', () => {
    const parts = planClip([source(1, 0, 10, 'a'), source(2, 10_000, 10, 'a'), source(3, 20_000, 10, 'b'), source(4, 40_000, 10, 'b')], 5_000, 25_000);
    expect(summary(parts)).toEqual([
      { from: 5_000, to: 20_000, files: [[1, 5, 10, null], [2, 0, 10, null]] },
      { from: 20_000, to: 25_000, files: [[3, 0, 4, null]] },
    ]);
    expect(planClip([source(1, 0, 10)], 20_000, 30_000)).toEqual([]);
  });
});
