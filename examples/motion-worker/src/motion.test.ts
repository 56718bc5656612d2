import { execFileSync } from 'node:child_process';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { cellMeans, decodeGrey, MotionDetector } from './motion.js';

/** A 320×240 grey JPEG with optional white rectangles [x, y, w, h] in pixels. */
function frame(rects: [number, number, number, number][] = []): Buffer {
  const width = 320;
  const height = 240;
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const lit = rects.some(([rx, ry, rw, rh]) => x >= rx && x < rx + rw && y >= ry && y < ry + rh);
      const v = lit ? 240 : 90 + ((x * 7 + y * 13) % 11); // a faint texture, like a real wall
      data.set([v, v, v, 255], (y * width + x) * 4);
    }
  }
  return jpeg.encode({ width, height, data }, 80).data;
}

/** JPEG frames from ffmpeg's lavfi source `graph`, split on their start markers. */
function ffmpegFrames(graph: string, count: number): Buffer[] {
  const out = execFileSync('ffmpeg', ['-hide_banner', '-loglevel', 'error', '-f', 'lavfi', '-i', graph, '-frames:v', String(count), '-c:v', 'mjpeg', '-q:v', '5', '-f', 'image2pipe', 'pipe:1']);
  const starts: number[] = [];
  for (let i = 0; i + 2 < out.length; i++) if (out[i] === 0xff && out[i + 1] === 0xd8 && out[i + 2] === 0xff) starts.push(i);
  return starts.map((s, i) => out.subarray(s, starts[i + 1] ?? out.length));
}

describe('MotionDetector', () => {
  it('decodes JPEGs to luminance and averages cells', () => {
    const grey = decodeGrey(frame([[0, 0, 160, 240]]));
    expect([grey.width, grey.height]).toEqual([320, 240]);
    expect(grey.data[10]).toBeGreaterThan(230);
    expect(grey.data[300]).toBeLessThan(110);
    const cells = cellMeans(grey, 8);
    expect([cells.width, cells.height]).toEqual([40, 30]);
  });

  it('boxes what moved, normalised to the frame, and nothing when nothing moved', () => {
    const detector = new MotionDetector();
    expect(detector.detect('cam', decodeGrey(frame()))).toEqual([]); // first frame: nothing to compare with
    const boxes = detector.detect('cam', decodeGrey(frame([[200, 96, 64, 80]])));
    expect(boxes).toHaveLength(1);
    const [x, y, w, h] = boxes[0]!.box;
    // Within a cell (8 px) of the square, on every side.
    expect(Math.abs(x * 320 - 200)).toBeLessThanOrEqual(8);
    expect(Math.abs(y * 240 - 96)).toBeLessThanOrEqual(8);
    expect(Math.abs(w * 320 - 64)).toBeLessThanOrEqual(16);
    expect(Math.abs(h * 240 - 80)).toBeLessThanOrEqual(16);
    expect(boxes[0]!.confidence).toBeGreaterThan(0.9);
    expect(detector.detect('cam', decodeGrey(frame([[200, 96, 64, 80]])))).toEqual([]);
    // Two separate objects are two boxes; cameras are independent.
    const two = detector.detect('cam', decodeGrey(frame([[10, 10, 40, 40], [200, 150, 60, 60]])));
    expect(two).toHaveLength(2);
    expect(detector.detect('other', decodeGrey(frame()))).toEqual([]);
  });

  it('ignores sensor noise on a still scene and sees the moving parts of a test pattern', () => {
    const noisy = ffmpegFrames('color=c=gray:s=320x240:r=5,noise=alls=16:allf=t', 3).map(decodeGrey);
    const still = new MotionDetector();
    expect(noisy.map((f) => still.detect('cam', f))).toEqual([[], [], []]);

    const pattern = ffmpegFrames('testsrc2=s=320x240:r=5', 2).map(decodeGrey);
    const moving = new MotionDetector();
    moving.detect('cam', pattern[0]!);
    const boxes = moving.detect('cam', pattern[1]!);
    expect(boxes.length).toBeGreaterThan(0);
    for (const b of boxes) for (const v of b.box) expect(v).toBeGreaterThanOrEqual(0);
    for (const b of boxes) expect(b.box[0] + b.box[2]).toBeLessThanOrEqual(1);
  });
});
