import { describe, expect, it } from 'vitest';
import { maskText, maskUrl } from './credential-mask.js';

describe('masking', () => {
  it('masks the password of a URL but keeps the user, host and path', () => {
    expect(maskUrl('rtsp://admin:secret@cam:554/live?x=1')).toBe('rtsp://admin:***@cam:554/live?x=1');
    expect(maskUrl('rtsp://admin:p%40ss%3Aw%2Frd@cam/live')).toBe('rtsp://admin:***@cam/live');
    expect(maskUrl('rtsp://cam/live')).toBe('rtsp://cam/live');
    expect(maskUrl('rtsp://viewer@cam/live')).toBe('rtsp://viewer@cam/live');
  });

  it('masks unencoded passwords containing @', () => {
    expect(maskUrl('rtsp://admin:p@ss@cam/live')).toBe('rtsp://admin:***@cam/live');
  });

  it('masks every URL inside free text such as ffmpeg stderr', () => {
    const stderr =
      "[rtsp @ 0x55d] method DESCRIBE failed: 401 Unauthorized\nrtsp://admin:hunter2@10.0.0.5:554/ch1: Server returned 401 Unauthorized\nOutput #0 to 'http://u:pw123@host/x'";
    const masked = maskText(stderr);
    expect(masked).toContain('rtsp://admin:***@10.0.0.5:554/ch1: Server returned 401');
    expect(masked).toContain("'http://u:***@host/x'");
    expect(masked).not.toContain('hunter2');
    expect(masked).not.toContain('pw123');
  });

  it('masks literal secrets and their encoded form, where no URL shape gives them away', () => {
    const text = 'auth failed for p@ss:w/rd (sent p%40ss%3Aw%2Frd) and rtsp://a:p@ss:w/rd@h/x';
    const masked = maskText(text, ['p@ss:w/rd']);
    expect(masked).not.toContain('p@ss');
    expect(masked).not.toContain('p%40ss');
    expect(masked).toBe('auth failed for *** (sent ***) and rtsp://a:***@h/x');
  });

  it('leaves text without credentials alone and ignores very short secrets', () => {
    expect(maskText('frame=100 fps=25 time=00:00:04.00', ['a', null, undefined, ''])).toBe('frame=100 fps=25 time=00:00:04.00');
  });
});

describe('credentials in query strings', () => {
  it.each([
    ['rtsp://cam/stream?user=admin&password=hunter2&channel=1', 'rtsp://cam/stream?user=admin&password=***&channel=1'],
    ['http://cam/video.cgi?USER=admin&PWD=hunter2', 'http://cam/video.cgi?USER=admin&PWD=***'],
    ['rtsp://cam/live;passwd=hunter2;x=1', 'rtsp://cam/live;passwd=***;x=1'],
    ['https://svc/v?token=abc.def-ghi#frag', 'https://svc/v?token=***#frag'],
    ['rtsp://cam/s?api_key=k1&apikey=k2&key=k3&auth=k4&pass=k5', 'rtsp://cam/s?api_key=***&apikey=***&key=***&auth=***&pass=***'],
    ['rtsp://u:pw@cam/s?password=p2', 'rtsp://u:***@cam/s?password=***'],
  ])('masks %s', (url, masked) => {
    expect(maskUrl(url)).toBe(masked);
  });

  it('masks them in free text such as ffmpeg output, and leaves look-alikes alone', () => {
    expect(maskText("[rtsp @ 0x5] method DESCRIBE failed: 401 Unauthorized\nInput 'rtsp://cam/s?password=hunter2': error")).toBe(
      "[rtsp @ 0x5] method DESCRIBE failed: 401 Unauthorized\nInput 'rtsp://cam/s?password=***': error",
    );
    expect(maskUrl('rtsp://cam/s?passenger=1&keyframe=2&monkey=3')).toBe('rtsp://cam/s?passenger=1&keyframe=2&monkey=3');
  });
});
