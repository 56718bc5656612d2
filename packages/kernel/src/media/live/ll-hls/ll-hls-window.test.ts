import { describe, expect, it } from 'vitest';
import { feeder, streamInfo, T0 } from './ll-hls-fixture.test-helper.js';
import { LlHlsWindow, segmentDurationMs } from './ll-hls-window.js';

describe('LlHlsWindow', () => {
  it('groups fragments into parts and segments that start at keyframes, numbered from the first msn', () => {
    const window = new LlHlsWindow(undefined, 7);
    window.start(streamInfo(1));
    feeder(window)(12); // 2.4 s: two 1 s segments and an open one
    const segments = window.segments();
    expect(segments.map((s) => [s.msn, s.complete, s.parts.length])).toEqual([
      [7, true, 5],
      [8, true, 5],
      [9, false, 2],
    ]);
    expect(segments[0]!.parts.map((p) => p.independent)).toEqual([true, false, false, false, false]);
    expect(segments[0]!.startedAt).toBe(T0);
    expect(segments[1]!.startedAt).toBe(T0 + 1000);
    expect(segments[1]!.parts[0]!.data.toString()).toBe('g1f5');
    expect(window.longestSegment()).toBe(1000);
    expect(window.longestPart()).toBe(200);
    expect(window.upcomingMsn()).toBe(10);
  });

  it('aggregates short fragments into parts of at least minPartMs', () => {
    const window = new LlHlsWindow({ keepSegments: 6, minPartMs: 300, minSegmentMs: 1000, maxSegmentMs: 4000 });
    window.start(streamInfo(1));
    feeder(window, 1, 10, 100)(20);
    const first = window.segments()[0]!;
    expect(first.parts.map((p) => [p.durationMs, p.data.length])).toEqual([
      [300, 3],
      [300, 3],
      [300, 3],
      [100, 1], // the last part of a segment may be short: the keyframe came
    ]);
  });

  it('groups short GOPs up to minSegmentMs and cuts long GOPs at maxSegmentMs', () => {
    const short = new LlHlsWindow();
    short.start(streamInfo(1));
    feeder(short, 1, 2)(13); // a keyframe every 0.4 s
    expect(short.segments().filter((s) => s.complete).map(segmentDurationMs)).toEqual([1200, 1200]);

    const long = new LlHlsWindow();
    long.start(streamInfo(1));
    feeder(long, 1, 1000)(45); // one keyframe in 9 s
    const complete = long.segments().filter((s) => s.complete);
    expect(complete.map(segmentDurationMs)).toEqual([4000, 4000]);
    expect(complete[1]!.parts[0]!.independent).toBe(false);
  });

  it('keeps the last keepSegments complete segments and counts the discontinuities that slid out', () => {
    const window = new LlHlsWindow({ keepSegments: 3, minPartMs: 200, minSegmentMs: 1000, maxSegmentMs: 4000 });
    window.start(streamInfo(1));
    feeder(window, 1)(10);
    window.start(streamInfo(2)); // ffmpeg restarted
    feeder(window, 2)(26);
    const segments = window.segments();
    expect(segments.map((s) => s.msn)).toEqual([4, 5, 6, 7]);
    expect(segments.every((s) => s.generation === 2)).toBe(true);
    expect(window.discontinuitySequence()).toBe(1);
    expect(window.init(1)).toBeUndefined();
    expect(window.init(2)?.init.toString()).toBe('init-2');
  });

  it('a new generation closes the open segment and marks the next one discontinuous', () => {
    const window = new LlHlsWindow();
    window.start(streamInfo(1));
    feeder(window, 1)(7);
    window.start(streamInfo(2));
    feeder(window, 2)(1);
    const [a, b, c] = window.segments();
    expect([a!.complete, b!.complete, b!.parts.length, c!.complete]).toEqual([true, true, 2, false]);
    expect(c!.generation).toBe(2);
    expect(c!.discontinuity).toBe(true);
    expect(b!.discontinuity).toBe(false);
  });

  it('skipped fragments: the next segment is discontinuous; fragments before the first keyframe are dropped', () => {
    const window = new LlHlsWindow();
    window.start(streamInfo(1));
    window.add({ generation: 1, sequence: 0, keyframe: false, decodeTimeMs: 0, durationMs: 200, receivedAt: T0, data: Buffer.from('x') });
    expect(window.segments()).toEqual([]);
    feeder(window)(3);
    window.skipped();
    feeder(window)(1);
    expect(window.segments().map((s) => [s.complete, s.discontinuity])).toEqual([
      [true, false],
      [false, true],
    ]);
  });
});
