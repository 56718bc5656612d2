import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { inbandPictureSize, spsPictureSize } from './h264-sps.js';

/** The SPS NAL of a real libx264 stream of the given size and profile. */
function realSps(width: number, height: number, profile: string): Buffer {
  const h264 = execFileSync('ffmpeg', [
    '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=${width}x${height}:rate=5`, '-frames:v', '1',
    '-c:v', 'libx264', '-profile:v', profile, '-pix_fmt', 'yuv420p', '-f', 'h264', '-',
  ]);
  // Annex B: split on start codes, find NAL type 7.
  const parts = h264.toString('latin1').split(/\x00\x00\x00\x01|\x00\x00\x01/).map((p) => Buffer.from(p, 'latin1'));
  const sps = parts.find((p) => p.length > 0 && (p[0]! & 0x1f) === 7);
  if (!sps) throw new Error('no SPS');
  return sps;
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
