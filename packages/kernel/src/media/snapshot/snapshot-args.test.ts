import { describe, expect, it } from 'vitest';
import { buildSnapshotArgs } from './snapshot-args.js';

describe('buildSnapshotArgs', () => {
  it('decodes the piped fragment, drops the frames before the wanted one and writes one JPEG to stdout', () => {
    expect(buildSnapshotArgs({ frameIndex: 12 })).toEqual([
      '-hide_banner', '-loglevel', 'error',
      '-threads', '1',
      '-f', 'mp4', '-i', 'pipe:0',
      '-map', '0:v:0', '-vf', 'trim=start_frame=12', '-frames:v', '1',
      '-c:v', 'mjpeg', '-pix_fmt', 'yuvj420p', '-q:v', '3',
      '-f', 'mjpeg', 'pipe:1',
    ]);
  });

  it('takes a quality', () => {
    expect(buildSnapshotArgs({ frameIndex: 0, quality: 10 })).toEqual([
      '-hide_banner', '-loglevel', 'error',
      '-threads', '1',
      '-f', 'mp4', '-i', 'pipe:0',
      '-map', '0:v:0', '-vf', 'trim=start_frame=0', '-frames:v', '1',
      '-c:v', 'mjpeg', '-pix_fmt', 'yuvj420p', '-q:v', '10',
      '-f', 'mjpeg', 'pipe:1',
    ]);
  });

  it('refuses a negative or fractional frame index or a quality out of range', () => {
    expect(() => buildSnapshotArgs({ frameIndex: -1 })).toThrow('snapshot frame index must be an integer ≥ 0, got -1');
    expect(() => buildSnapshotArgs({ frameIndex: 1.5 })).toThrow('snapshot frame index must be an integer ≥ 0, got 1.5');
    expect(() => buildSnapshotArgs({ frameIndex: 0, quality: 1 })).toThrow('snapshot quality must be an integer from 2 to 31, got 1');
  });
});
