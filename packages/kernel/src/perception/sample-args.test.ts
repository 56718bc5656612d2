import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { JpegSplitter } from './jpeg-splitter.js';
import { liveOutputArgs } from '../recording/live-output-args.js';
import { buildSampleArgs, isSamplerNoise } from './sample-args.js';

describe('buildSampleArgs', () => {
  it('decodes an RTSP camera over TCP into JPEGs at the wanted fps and width', () => {
    expect(buildSampleArgs({ inputUrl: 'rtsp://u:p@cam/sub', fps: 5, width: 640 })).toEqual([
      '-hide_banner', '-loglevel', 'warning', '-threads', '1', '-analyzeduration', '500000',
      '-rtsp_transport', 'tcp', '-timeout', '15000000',
      '-i', 'rtsp://u:p@cam/sub',
      '-map', '0:v:0', '-an', '-sn', '-dn',
      '-vf', "fps=5,scale='min(640,iw)':-2",
      '-c:v', 'mjpeg', '-q:v', '5', '-f', 'image2pipe', 'pipe:1',
    ]);
  });

  it('adds the live copy of the stream on pipe:3 when asked: every packet, video only, after the JPEG output', () => {
    const plain = buildSampleArgs({ inputUrl: 'rtsp://u:p@cam/sub', fps: 5, width: 640 });
    expect(buildSampleArgs({ inputUrl: 'rtsp://u:p@cam/sub', fps: 5, width: 640, liveOutput: true })).toEqual([...plain, ...liveOutputArgs({ audio: false })]);
    expect(plain).not.toContain('pipe:3');
  });

  it('uses the http timeout for http inputs and loops files', () => {
    expect(buildSampleArgs({ inputUrl: 'http://cam/video', fps: 0.5, width: 320, ioTimeoutMs: 5000 })).toContain('-rw_timeout');
    expect(buildSampleArgs({ inputUrl: 'http://cam/video', fps: 0.5, width: 320 })).toContain("fps=0.5,scale='min(320,iw)':-2");
    const file = buildSampleArgs({ inputUrl: '/tmp/clip.mp4', fps: 2, width: 320, loopFile: true });
    expect(file.slice(7, 11)).toEqual(['-re', '-stream_loop', '-1', '-i']);
  });

  it('refuses settings ffmpeg would reject', () => {
    expect(() => buildSampleArgs({ inputUrl: '', fps: 5, width: 640 })).toThrow('input URL is empty');
    expect(() => buildSampleArgs({ inputUrl: 'rtsp://cam', fps: 0, width: 640 })).toThrow('fps must be from 0.1 to 30 (got 0)');
    expect(() => buildSampleArgs({ inputUrl: 'rtsp://cam', fps: 5, width: 10.5 })).toThrow('width');
    expect(() => buildSampleArgs({ inputUrl: 'rtsp://cam', fps: 5, width: 640, loopFile: true })).toThrow('file inputs only');
    expect(() => buildSampleArgs({ inputUrl: 'ftp://cam', fps: 5, width: 640 })).toThrow('unsupported input');
  });

  it('runs with the real ffmpeg: a 320×240 10 fps source at fps 4 and width 160 gives 160×120 frames, never upscaled', () => {
    const args = buildSampleArgs({ inputUrl: 'lavfi-placeholder', fps: 4, width: 160 });
    // The same arguments with a synthetic source in place of the camera.
    const i = args.indexOf('-i');
    const real = [...args.slice(0, i), '-f', 'lavfi', '-t', '3', '-i', 'testsrc2=size=320x240:rate=10', ...args.slice(i + 2)];
    const frames = new JpegSplitter().push(execFileSync('ffmpeg', real, { stdio: ['ignore', 'pipe', 'pipe'] }));
    expect(frames.length).toBeGreaterThanOrEqual(11);
    expect(frames.length).toBeLessThanOrEqual(13);
    expect(frames.every((f) => f.width === 160 && f.height === 120)).toBe(true);

    const wide = buildSampleArgs({ inputUrl: 'x', fps: 2, width: 1920 });
    const j = wide.indexOf('-i');
    const small = [...wide.slice(0, j), '-f', 'lavfi', '-t', '1', '-i', 'testsrc2=size=320x240:rate=10', ...wide.slice(j + 2)];
    const [frame] = new JpegSplitter().push(execFileSync('ffmpeg', small, { stdio: ['ignore', 'pipe', 'pipe'] }));
    expect([frame?.width, frame?.height]).toEqual([320, 240]);
  });

  it('knows the scaler warning it may drop', () => {
    expect(isSamplerNoise('[swscaler @ 0x55] deprecated pixel format used, make sure you did set range correctly')).toBe(true);
    expect(isSamplerNoise('rtsp://cam: Connection refused')).toBe(false);
  });
});
