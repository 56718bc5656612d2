import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { JpegSplitter } from './jpeg-splitter.js';

/** Ten 160×120 JPEG frames, back to back, exactly as the sampler's ffmpeg writes them. */
function ffmpegMjpeg(): Buffer {
  return execFileSync('ffmpeg', [
    '-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x240:rate=10', '-t', '2',
    '-vf', "fps=5,scale='min(160,iw)':-2", '-c:v', 'mjpeg', '-q:v', '5', '-f', 'image2pipe', 'pipe:1',
  ]);
}

/** A minimal, well-formed JPEG structure (not decodable, but every marker in place) with FF D9 inside a table. */
function syntheticJpeg(width: number, height: number, scan: number[]): Buffer {
  const seg = (marker: number, body: number[]) => [0xff, marker, ((body.length + 2) >> 8) & 0xff, (body.length + 2) & 0xff, ...body];
  return Buffer.from([
    0xff, 0xd8,
    ...seg(0xdb, [0x00, ...Array.from({ length: 62 }, () => 1), 0xff, 0xd9]), // DQT whose values contain FF D9
    ...seg(0xc0, [8, height >> 8, height & 0xff, width >> 8, width & 0xff, 1, 1, 0x11, 0]),
    ...seg(0xda, [1, 1, 0, 0, 63, 0]),
    ...scan,
    0xff, 0xd9,
  ]);
}

describe('JpegSplitter', () => {
  it('splits ffmpeg image2pipe output into whole frames with their size, whatever the chunking', () => {
    const stream = ffmpegMjpeg();
    for (const chunkSize of [61, 4096, 65536, stream.length]) {
      const splitter = new JpegSplitter();
      const frames = [];
      for (let i = 0; i < stream.length; i += chunkSize) frames.push(...splitter.push(stream.subarray(i, i + chunkSize)));
      expect(frames).toHaveLength(10);
      expect(Buffer.concat(frames.map((f) => f.data))).toEqual(stream);
      for (const f of frames) {
        expect(f.data.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
        expect(f.data.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
        expect([f.width, f.height]).toEqual([160, 120]);
      }
      expect(splitter.discardedBytes).toBe(0);
    }
  });

  it('is not fooled by FF D9 inside a table, stuffed FF 00 or restart markers in the scan', () => {
    const a = syntheticJpeg(640, 360, [0x12, 0xff, 0x00, 0x34, 0xff, 0xd0, 0x56, 0xff, 0xff, 0xd7, 0x01]);
    const b = syntheticJpeg(320, 180, [0xab]);
    const frames = new JpegSplitter().push(Buffer.concat([a, b]));
    expect(frames.map((f) => f.data)).toEqual([a, b]);
    expect(frames.map((f) => [f.width, f.height])).toEqual([[640, 360], [320, 180]]);
  });

  it('skips garbage between frames and counts it', () => {
    const a = syntheticJpeg(8, 8, [1, 2, 3]);
    const splitter = new JpegSplitter();
    const frames = [...splitter.push(Buffer.from([0x00, 0x11, 0xff])), ...splitter.push(Buffer.concat([a, Buffer.from('junk'), a]))];
    expect(frames.map((f) => f.data)).toEqual([a, a]);
    expect(splitter.discardedBytes).toBe(3 + 4);
  });

  it('drops a frame that grows past the size limit and finds the next one', () => {
    const big = syntheticJpeg(8, 8, Array.from({ length: 5000 }, () => 0x42));
    const small = syntheticJpeg(8, 8, [1]);
    const splitter = new JpegSplitter(1024);
    const frames = [];
    for (let i = 0; i < big.length; i += 500) frames.push(...splitter.push(big.subarray(i, i + 500)));
    frames.push(...splitter.push(small));
    expect(frames.map((f) => f.data)).toEqual([small]);
    expect(splitter.discardedBytes).toBeGreaterThan(1000);
  });
});
