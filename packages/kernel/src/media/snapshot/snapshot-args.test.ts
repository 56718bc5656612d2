import { describe, expect, it } from 'vitest';
import { buildSnapshotArgs } from './snapshot-args.js';

describe('buildSnapshotArgs', () => {
  it('decodes the piped fragment up to the offset and writes one JPEG to stdout', () => {
    expect(buildSnapshotArgs({ offsetSeconds: 1.2345 })).toEqual([
      '-hide_banner', '-loglevel', 'error',
      '-f', 'mp4', '-i', 'pipe:0',
      '-ss', '1.234',
      '-map', '0:v:0', '-frames:v', '1',
      '-c:v', 'mjpeg', '-pix_fmt', 'yuvj420p', '-q:v', '3',
      '-f', 'mjpeg', 'pipe:1',
    ]);
  });

  it('takes a quality', () => {
    expect(buildSnapshotArgs({ offsetSeconds: 0, quality: 10 })).toEqual([
      '-hide_banner', '-loglevel', 'error',
      '-f', 'mp4', '-i', 'pipe:0',
      '-ss', '0.000',
      '-map', '0:v:0', '-frames:v', '1',
      '-c:v', 'mjpeg', '-pix_fmt', 'yuvj420p', '-q:v', '10',
      '-f', 'mjpeg', 'pipe:1',
    ]);
  });

  it('refuses a negative offset or a quality out of range', () => {
    expect(() => buildSnapshotArgs({ offsetSeconds: -0.1 })).toThrow('snapshot offset must be a finite number ≥ 0, got -0.1');
    expect(() => buildSnapshotArgs({ offsetSeconds: Number.NaN })).toThrow('snapshot offset must be a finite number ≥ 0, got NaN');
    expect(() => buildSnapshotArgs({ offsetSeconds: 0, quality: 1 })).toThrow('snapshot quality must be an integer from 2 to 31, got 1');
  });
});
