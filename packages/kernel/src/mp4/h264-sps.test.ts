import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { inbandPictureSize, spsPictureSize } from './h264-sps.js';

/** The SPS NAL of a real libx264 stream of the given size and profile. */
function realSps(width: number, height: number, profile: string): Buffer {
  const h264 = execFileSync('ffmpeg', [
    '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=5`, '-frames:v', '1',
    '-c:v', 'libx264', '-profile:v', profile, '-pix_fmt', 'yuv420p', '-f', 'h264', '-',
  ]);
  // Annex B: the NAL after a 00 00 01 start code whose type is 7, up to the next start code.
  for (let i = 0; i + 3 < h264.length; i++) {
    if (h264[i] === 0 && h264[i + 1] === 0 && h264[i + 2] === 1 && (h264[i + 3]! & 0x1f) === 7) {
      let end = i + 3;
      while (end + 2 < h264.length && !(h264[end] === 0 && h264[end + 1] === 0 && (h264[end + 2] === 1 || h264[end + 2] === 0))) end++;
      return h264.subarray(i + 3, end + 2 >= h264.length ? h264.length : end);
    }
  }
  throw new Error('no SPS');
}

describe('H.264 SPS picture size', () => {
  it.each([
    [320, 240, 'baseline'],
    [480, 270, 'main'],
    [1280, 720, 'high'],
    [1920, 1080, 'high'],
  ])('reads %ix%i (%s profile, with cropping where needed)', (width, height, profile) => {
    expect(spsPictureSize(realSps(width, height, profile))).toEqual({ width, height });
  });

  it('finds the SPS among length-prefixed NAL units of a sample and stops at the first slice', () => {
    const sps = realSps(640, 360, 'main');
    const len = (n: number) => Buffer.from([0, 0, 0, n]);
    const aud = Buffer.from([0x09, 0xf0]);
    const slice = Buffer.from([0x65, 0x88, 0x84]);
    expect(inbandPictureSize(Buffer.concat([len(2), aud, len(sps.length), sps, len(3), slice]))).toEqual({ width: 640, height: 360 });
    expect(inbandPictureSize(Buffer.concat([len(3), slice, len(sps.length), sps]))).toBeNull();
    expect(inbandPictureSize(Buffer.alloc(0))).toBeNull();
  });
});
