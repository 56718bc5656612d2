import { describe, expect, it } from 'vitest';
import { numberedSegmentPath, parseSegmentName, parseStagingName, segmentRelativePath, stagingRunPattern } from './footage-layout.js';

describe('segment layout', () => {
  it('files a segment under camera/day/hour in UTC with a millisecond name that parses back', () => {
    const start = Date.UTC(2026, 10, 21, 5, 12, 15, 123);
    const rel = segmentRelativePath('front-door', start);
    expect(rel).toBe('front-door/2026-11-21/05/20261121T051215.123Z.mp4');
    expect(parseSegmentName(rel.split('/').pop()!)).toBe(start);
    expect(parseSegmentName('20261121T051215.123Z-2.mp4')).toBe(start);
    expect(parseSegmentName('notes.txt')).toBeNull();
    // A second segment starting in the same millisecond is numbered; the number never piles up.
    expect(numberedSegmentPath(rel, 2)).toBe('front-door/2026-11-21/05/20261121T051215.123Z-2.mp4');
    expect(numberedSegmentPath(numberedSegmentPath(rel, 2), 3)).toBe('front-door/2026-11-21/05/20261121T051215.123Z-3.mp4');
  });

  it('reads the start second from staging names of the old wall-clock form', () => {
    expect(parseStagingName('20261121T051215Z.mp4')).toBe(Date.UTC(2026, 10, 21, 5, 12, 15));
    expect(parseStagingName('20261121T051215.mp4')).toBeNull();
    expect(parseStagingName('20261121T051215123Z-9f3a-000001.mp4')).toBeNull();
  });

  it("names each run's files by the run and ffmpeg's segment number, sorting by run then segment", () => {
    const pattern = stagingRunPattern(Date.UTC(2026, 10, 21, 5, 12, 15, 7), '9f3a');
    expect(pattern).toBe('20261121T051215007Z-9f3a-%06d.mp4');
    const later = stagingRunPattern(Date.UTC(2026, 10, 21, 5, 12, 15, 8), '0000');
    const name = (p: string, n: number) => p.replace('%06d', String(n).padStart(6, '0'));
    expect([name(later, 0), name(pattern, 10), name(pattern, 9)].sort()).toEqual([name(pattern, 9), name(pattern, 10), name(later, 0)]);
    expect(() => stagingRunPattern(0, '%d')).toThrow(/nonce/);
  });
});
