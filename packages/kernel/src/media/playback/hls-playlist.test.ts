import { describe, expect, it } from 'vitest';
import type { FragmentIndexRecord, FragmentRecord } from '../../mp4/index.js';
import { buildPlaylist, fileParts, type PlaylistSource } from './hls-playlist.js';

const TIMESCALE = 10_240;

/** A file of `count` 1 s keyframe fragments of `size` bytes after a 1000-byte init, optionally with an audio-only tail. */
function file(segmentId: number, startMs: number, count: number, options: { audioTail?: boolean; leadingDelta?: boolean; encoding?: string } = {}): PlaylistSource {
  const fragments: FragmentRecord[] = [];
  let offset = 1000;
  let decodeTime = 0;
  const push = (size: number, duration: number, keyframe: boolean) => {
    fragments.push({ offset, size, decodeTime, duration, keyframe });
    offset += size;
    decodeTime += duration;
  };
  if (options.leadingDelta) push(300, TIMESCALE / 2, false);
  for (let i = 0; i < count; i++) push(5000 + i, TIMESCALE, true);
  if (options.audioTail) push(700, 0, false);
  const index: FragmentIndexRecord = { timescale: TIMESCALE, initSize: 1000, fileSize: offset, truncated: false, trailingBytes: 0, fragments };
  return { segmentId, startMs, index, encoding: options.encoding ?? 'avc1.64001f|320x240|1000' };
}

const T0 = Date.UTC(2026, 10, 21, 5);

describe('HLS playlist', () => {
  it('makes one keyframe-led part per fragment; the audio-only tail joins the last part, a leading delta is left out', () => {
    const parts = fileParts(file(1, T0, 3, { audioTail: true, leadingDelta: true }));
    expect(parts.map((p) => [p.offset, p.size, p.ticks])).toEqual([
      [1300, 5000, TIMESCALE],
      [6300, 5001, TIMESCALE],
      [11301, 5002 + 700, TIMESCALE],
    ]);
    expect(parts[0]!.startMs).toBe(T0 + 500);
  });

  it('points into the files: MAP with the init range, BYTERANGE per part, DISCONTINUITY between files', () => {
    const playlist = buildPlaylist([file(7, T0, 2, { audioTail: true }), file(9, T0 + 10_000, 2)], T0, T0 + 12_000);
    expect(playlist.text).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:7',
        '#EXT-X-TARGETDURATION:1',
        '#EXT-X-MEDIA-SEQUENCE:0',
        '#EXT-X-PLAYLIST-TYPE:VOD',
        '#EXT-X-INDEPENDENT-SEGMENTS',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-21T05:00:00.000Z',
        '#EXT-X-MAP:URI="7.mp4",BYTERANGE="1000@0"',
        '#EXTINF:1.00000,',
        '#EXT-X-BYTERANGE:5000@1000',
        '7.mp4',
        '#EXTINF:1.00000,',
        '#EXT-X-BYTERANGE:5701@6000',
        '7.mp4',
        '#EXT-X-DISCONTINUITY',
        '#EXT-X-PROGRAM-DATE-TIME:2026-11-21T05:00:10.000Z',
        '#EXT-X-MAP:URI="9.mp4",BYTERANGE="1000@0"',
        '#EXTINF:1.00000,',
        '#EXT-X-BYTERANGE:5000@1000',
        '9.mp4',
        '#EXTINF:1.00000,',
        '#EXT-X-BYTERANGE:5001@6000',
        '9.mp4',
        '#EXT-X-ENDLIST',
        '',
      ].join('\n'),
    );
    expect(playlist.files.map((f) => f.segmentId)).toEqual([7, 9]);
    expect(playlist.durationMs).toBe(4000);
  });

  it('shifts each file so its decode times continue where the previous file ended', () => {
    // The first file is entered at its third second, which becomes 0; it plays 8 s, so the second file
    // (decode times from 0) starts at 8 s and the third, after the second's 2 s, at 10 s.
    const files = buildPlaylist([file(1, T0, 10), file(2, T0 + 60_000, 2), file(3, T0 + 70_000, 3)], T0 + 2_500, T0 + 80_000).files;
    expect(files.map((f) => f.shiftUs)).toEqual([-2_000_000, 8_000_000, 10_000_000]);
  });

  it('trims to the fragment holding `from` and the one holding `to`, and asks the player to start at `from`', () => {
    const playlist = buildPlaylist([file(1, T0, 10)], T0 + 2_400, T0 + 5_000);
    // 2.4 s lies in the third fragment [2, 3); 5.0 s is where the sixth begins, so [4, 5) is the last.
    expect(playlist.files[0]!.parts.map((p) => p.startMs - T0)).toEqual([2000, 3000, 4000]);
    expect(playlist.text).toContain('#EXT-X-START:TIME-OFFSET=0.400,PRECISE=YES');
    expect(playlist.text).toContain('#EXT-X-PROGRAM-DATE-TIME:2026-11-21T05:00:02.000Z');
    expect(playlist.text.match(/#EXTINF/g)).toHaveLength(3);
  });

  it('leaves out files with nothing in the range and sets the target duration from the longest part', () => {
    const long = file(2, T0 + 20_000, 1);
    const stretched: PlaylistSource = { ...long, index: { ...long.index, fragments: [{ ...long.index.fragments[0]!, duration: TIMESCALE * 2.6 }] } };
    const playlist = buildPlaylist([file(1, T0, 2), stretched], T0 + 10_000, T0 + 30_000);
    expect(playlist.files.map((f) => f.segmentId)).toEqual([2]);
    expect(playlist.text).toContain('#EXT-X-TARGETDURATION:3');
    expect(playlist.text).not.toContain('#EXT-X-DISCONTINUITY');
  });

  it('marks a discontinuity only where footage is missing or the encoding changes', () => {
    const at = (s: number) => T0 + s * 1000;
    const files = buildPlaylist(
      [
        file(1, at(0), 2),
        file(2, at(2), 2), // back to back: one recording, one timeline
        file(3, at(4.6), 2), // a 600 ms seam: still one recording
        file(4, at(8), 2), // 1.4 s without footage: a gap
        file(5, at(10), 2, { encoding: 'avc1.640028|1280x720|1100' }), // the camera changed resolution
      ],
      at(0),
      at(20),
    ).files;
    expect(files.map((f) => f.discontinuity)).toEqual([false, false, false, true, true]);
    // Decode times run on regardless: 2 s per file.
    expect(files.map((f) => f.shiftUs)).toEqual([0, 2e6, 4e6, 6e6, 8e6]);
  });

  it('is empty when no fragment overlaps', () => {
    expect(buildPlaylist([file(1, T0, 2)], T0 + 5_000, T0 + 6_000).files).toEqual([]);
  });
});
