import jpeg from 'jpeg-js';

/** A grey image: one byte of luminance per pixel, row by row. */
export interface GreyImage {
  width: number;
  height: number;
  data: Uint8Array;
}

export interface MotionBox {
  /** [x, y, w, h], normalised to 0..1 of the frame. */
  box: [number, number, number, number];
  /** How strong the change is: the mean luminance change in the box's moving cells, scaled to 0..1. */
  confidence: number;
  /** Share of the box's cells that changed. */
  fill: number;
}

export interface MotionOptions {
  /** The frame is averaged into cells of this many pixels (square) before comparing: it evens out sensor noise. */
  cellPixels: number;
  /** A cell whose mean luminance changed by more than this (0–255) moved. */
  threshold: number;
  /** Boxes smaller than this share of the frame are ignored (leaves, noise). */
  minArea: number;
  /** Moving cells this far apart (in cells) still belong to the same object. */
  joinCells: number;
}

export const DEFAULT_MOTION_OPTIONS: Readonly<MotionOptions> = Object.freeze({ cellPixels: 8, threshold: 12, minArea: 0.002, joinCells: 1 });

/** Decodes a JPEG into luminance (BT.601 weights), skipping colour work the detector does not need. */
export function decodeGrey(bytes: Uint8Array): GreyImage {
  const rgba = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxMemoryUsageInMB: 256 });
  const data = new Uint8Array(rgba.width * rgba.height);
  for (let i = 0, j = 0; i < data.length; i++, j += 4) {
    data[i] = (77 * (rgba.data[j] ?? 0) + 150 * (rgba.data[j + 1] ?? 0) + 29 * (rgba.data[j + 2] ?? 0)) >> 8;
  }
  return { width: rgba.width, height: rgba.height, data };
}

/** Mean luminance per cell: a (width / cell) × (height / cell) image. */
export function cellMeans(image: GreyImage, cell: number): GreyImage {
  const cw = Math.max(1, Math.floor(image.width / cell));
  const ch = Math.max(1, Math.floor(image.height / cell));
  const sums = new Uint32Array(cw * ch);
  for (let y = 0; y < ch * cell && y < image.height; y++) {
    const row = y * image.width;
    const crow = Math.floor(y / cell) * cw;
    for (let x = 0; x < cw * cell && x < image.width; x++) {
      const i = crow + Math.floor(x / cell);
      sums[i] = (sums[i] ?? 0) + (image.data[row + x] ?? 0);
    }
  }
  const area = cell * cell;
  return { width: cw, height: ch, data: Uint8Array.from(sums, (s) => Math.round(s / area)) };
}

/**
 * Motion by frame differencing, per camera: each frame is reduced to cell means and compared with
 * the previous frame's; cells that changed by more than the threshold are grouped into connected
 * regions (cells up to `joinCells` apart join), and each region big enough becomes a box.
 */
export class MotionDetector {
  private readonly previous = new Map<string, GreyImage>();
  private readonly options: MotionOptions;

  constructor(options: Partial<MotionOptions> = {}) {
    this.options = { ...DEFAULT_MOTION_OPTIONS, ...options };
  }

  /** The motion boxes between this frame of `cameraId` and its previous one ([] for the first frame). */
  detect(cameraId: string, image: GreyImage): MotionBox[] {
    const cells = cellMeans(image, this.options.cellPixels);
    const before = this.previous.get(cameraId);
    this.previous.set(cameraId, cells);
    if (!before || before.width !== cells.width || before.height !== cells.height) return [];
    const { width: w, height: h } = cells;
    const diff = new Uint8Array(w * h);
    const moving = new Uint8Array(w * h);
    for (let i = 0; i < diff.length; i++) {
      diff[i] = Math.abs((cells.data[i] ?? 0) - (before.data[i] ?? 0));
      moving[i] = (diff[i] ?? 0) > this.options.threshold ? 1 : 0;
    }
    return this.regions(moving, diff, w, h);
  }

  /** Forgets a camera's previous frame (e.g. after a gap, where a difference would mean nothing). */
  reset(cameraId: string): void {
    this.previous.delete(cameraId);
  }

  private regions(moving: Uint8Array, diff: Uint8Array, w: number, h: number): MotionBox[] {
    const seen = new Uint8Array(w * h);
    const reach = this.options.joinCells;
    const boxes: MotionBox[] = [];
    const stack: number[] = [];
    for (let start = 0; start < moving.length; start++) {
      if (moving[start] !== 1 || seen[start] === 1) continue;
      let minX = w;
      let minY = h;
      let maxX = -1;
      let maxY = -1;
      let count = 0;
      let total = 0;
      seen[start] = 1;
      stack.push(start);
      while (stack.length > 0) {
        const i = stack.pop() as number;
        const x = i % w;
        const y = (i - x) / w;
        count += 1;
        total += diff[i] ?? 0;
        minX = Math.min(minX, x);
        maxX = Math.max(maxX, x);
        minY = Math.min(minY, y);
        maxY = Math.max(maxY, y);
        for (let dy = -reach; dy <= reach; dy++) {
          for (let dx = -reach; dx <= reach; dx++) {
            const nx = x + dx;
            const ny = y + dy;
            if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
            const j = ny * w + nx;
            if (moving[j] === 1 && seen[j] !== 1) {
              seen[j] = 1;
              stack.push(j);
            }
          }
        }
      }
      const bw = maxX - minX + 1;
      const bh = maxY - minY + 1;
      if ((bw * bh) / (w * h) < this.options.minArea) continue;
      boxes.push({
        box: [minX / w, minY / h, bw / w, bh / h],
        confidence: Math.min(1, Math.round((total / count / 64) * 1000) / 1000),
        fill: Math.round((count / (bw * bh)) * 1000) / 1000,
      });
    }
    return boxes.sort((a, b) => b.box[2] * b.box[3] - a.box[2] * a.box[3]);
  }
}
