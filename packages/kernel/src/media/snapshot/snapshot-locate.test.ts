import { describe, expect, it } from 'vitest';
import type { FragmentRecord } from '../../mp4/index.js';
import type { PlaylistSource } from '../playback/hls-playlist.js';
import { locateMoment } from './snapshot-locate.js';

const TIMESCALE = 1000;

/** A file of 1 s keyframe fragments (decode times in ms), starting at `startMs` on the wall clock. */
function source(segmentId: number, startMs: number, seconds: number): PlaylistSource {
  const fragments: FragmentRecord[] = Array.from({ length: seconds }, (_, i) => ({ offset: 800 + i * 1000, size: 1000, decodeTime: i * 1000, duration: 1000, keyframe: true }));
  return { segmentId, startMs, encoding: '', index: { timescale: TIMESCALE, initSize: 800, fileSize: 800 + seconds * 1000, truncated: false, trailingBytes: 0, fragments } };
}

describe('locateMoment', () => {
  const sources = [source(1, 10_000, 3), source(2, 20_000, 2)];

  it('finds the keyframe part whose span holds the moment, start included, end excluded', () => {
    expect(locateMoment(sources, 11_500)).toEqual({ found: { segmentId: 1, initSize: 800, timescale: TIMESCALE, part: { offset: 1800, size: 1000, startMs: 11_000, decodeTime: 1000, ticks: 1000 } } });
    expect(locateMoment(sources, 20_000)).toMatchObject({ found: { segmentId: 2, part: { offset: 800 } } });
    expect(locateMoment(sources, 12_999)).toMatchObject({ found: { segmentId: 1, part: { offset: 2800 } } });
  });

  it('names the nearest recorded moment for a time in a gap, before or after everything', () => {
    expect(locateMoment(sources, 14_000)).toEqual({ found: null, nearestMs: 13_000 });
    expect(locateMoment(sources, 19_000)).toEqual({ found: null, nearestMs: 20_000 });
    expect(locateMoment(sources, 5_000)).toEqual({ found: null, nearestMs: 10_000 });
    expect(locateMoment(sources, 30_000)).toEqual({ found: null, nearestMs: 22_000 });
    expect(locateMoment([], 30_000)).toEqual({ found: null, nearestMs: null });
  });
});
