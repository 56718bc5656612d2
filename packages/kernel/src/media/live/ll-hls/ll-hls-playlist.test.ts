import { describe, expect, it } from 'vitest';
import { mediaUris } from './ll-hls.service.js';
import { renderLlHlsPlaylist } from './ll-hls-playlist.js';
import { feeder, streamInfo } from './ll-hls-fixture.test-helper.js';
import { DEFAULT_WINDOW_SETTINGS, LlHlsWindow } from './ll-hls-window.js';

function render(window: LlHlsWindow, stream: 'main' | 'sub' = 'main'): string {
  return renderLlHlsPlaylist({
    segments: window.segments(),
    discontinuitySequence: window.discontinuitySequence(),
    longestSegmentMs: window.longestSegment(),
    longestPartMs: window.longestPart(),
    minPartMs: DEFAULT_WINDOW_SETTINGS.minPartMs,
    upcomingMsn: window.upcomingMsn(),
    uris: mediaUris(stream),
  });
}

describe('renderLlHlsPlaylist', () => {
  it('renders the LL-HLS tags, parts, the open segment’s parts and a preload hint', () => {
    const window = new LlHlsWindow();
    window.start(streamInfo(1));
    feeder(window)(7);
    expect(render(window)).toBe(
      [
        '#EXTM3U',
        '#EXT-X-VERSION:9',
        '#EXT-X-TARGETDURATION:1',
        '#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,PART-HOLD-BACK=0.600',
        '#EXT-X-PART-INF:PART-TARGET=0.200',
        '#EXT-X-MEDIA-SEQUENCE:0',
        '#EXT-X-DISCONTINUITY-SEQUENCE:0',
        '#EXT-X-MAP:URI="hls/init-1.mp4"',
        '#EXT-X-PROGRAM-DATE-TIME:2026-12-03T10:00:00.000Z',
        '#EXT-X-PART:DURATION=0.200,URI="hls/part-0.0.mp4",INDEPENDENT=YES',
        '#EXT-X-PART:DURATION=0.200,URI="hls/part-0.1.mp4"',
        '#EXT-X-PART:DURATION=0.200,URI="hls/part-0.2.mp4"',
        '#EXT-X-PART:DURATION=0.200,URI="hls/part-0.3.mp4"',
        '#EXT-X-PART:DURATION=0.200,URI="hls/part-0.4.mp4"',
        '#EXTINF:1.000,',
        'hls/seg-0.mp4',
        '#EXT-X-PROGRAM-DATE-TIME:2026-12-03T10:00:01.000Z',
        '#EXT-X-PART:DURATION=0.200,URI="hls/part-1.0.mp4",INDEPENDENT=YES',
        '#EXT-X-PART:DURATION=0.200,URI="hls/part-1.1.mp4"',
        '#EXT-X-PRELOAD-HINT:TYPE=PART,URI="hls/part-1.2.mp4"',
        '',
      ].join('\n'),
    );
  });

  it('lists parts only within three target durations of the live edge; the sub stream is named in every URI', () => {
    const window = new LlHlsWindow();
    window.start(streamInfo(1));
    feeder(window)(30); // five complete 1 s segments and a full sixth that ends with the next keyframe
    const text = render(window, 'sub');
    expect(text).toContain('#EXT-X-MEDIA-SEQUENCE:0');
    expect(text).not.toContain('part-2.');
    expect(text).toContain('#EXT-X-PART:DURATION=0.200,URI="hls/part-3.0.mp4?stream=sub",INDEPENDENT=YES');
    expect(text).toContain('hls/seg-0.mp4?stream=sub');
    expect(text.trimEnd().split('\n').at(-1)).toBe('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="hls/part-5.5.mp4?stream=sub"');
  });

  it('a restarted ffmpeg: EXT-X-DISCONTINUITY and the new init segment', () => {
    const window = new LlHlsWindow();
    window.start(streamInfo(3));
    feeder(window, 3)(5);
    window.start(streamInfo(4));
    feeder(window, 4)(6);
    const lines = render(window).split('\n');
    const at = lines.indexOf('hls/seg-0.mp4');
    expect(lines.slice(at + 1, at + 4)).toEqual(['#EXT-X-DISCONTINUITY', '#EXT-X-MAP:URI="hls/init-4.mp4"', '#EXT-X-PROGRAM-DATE-TIME:2026-12-03T10:00:00.000Z']);
    expect(lines[0]).toBe('#EXTM3U');
    expect(lines.filter((l) => l.startsWith('#EXT-X-MAP'))).toEqual(['#EXT-X-MAP:URI="hls/init-3.mp4"', '#EXT-X-MAP:URI="hls/init-4.mp4"']);
  });

  it('target duration and part target follow the longest segment and part (honest), hold-back three part targets', () => {
    const window = new LlHlsWindow();
    window.start(streamInfo(1));
    feeder(window, 1, 12, 250)(13); // 3 s GOP of 250 ms fragments
    const text = render(window);
    expect(text).toContain('#EXT-X-TARGETDURATION:3\n');
    expect(text).toContain('#EXT-X-PART-INF:PART-TARGET=0.250\n');
    expect(text).toContain('PART-HOLD-BACK=0.750\n');
  });
});
