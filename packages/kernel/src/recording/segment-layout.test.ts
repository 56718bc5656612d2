import { describe, expect, it } from 'vitest';
import { parseSegmentName, parseStagingName, segmentRelativePath } from './segment-layout.js';

describe('segment layout', () => {
  it('files a segment under camera/day/hour in UTC with a millisecond name that parses back', () => {
    const start = Date.UTC(2026, 10, 21, 5, 12, 15, 123);
    const rel = segmentRelativePath('front-door', start);
    expect(rel).toBe('front-door/2026-11-21/05/20261121T051215.123Z.mp4');
    expect(parseSegmentName(rel.split('/').pop()!)).toBe(start);
    expect(parseSegmentName('20261121T051215.123Z-2.mp4')).toBe(start);
    expect(parseSegmentName('notes.txt')).toBeNull();
  });

  it('reads the start second from ffmpeg staging names', () => {
    expect(parseStagingName('20261121T051215Z.mp4')).toBe(Date.UTC(2026, 10, 21, 5, 12, 15));
    expect(parseStagingName('20261121T051215.mp4')).toBeNull();
  });
});
