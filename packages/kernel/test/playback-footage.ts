/**
 * Footage for the playback tests: a synthetic camera recorded with the recorder's own command
 * (recording/record-args.ts: fragmented MP4, prft, audio, 2 s segments) once per test file, then the
 * files placed in the recordings layout at chosen wall-clock times and indexed through the kernel's
 * indexer — cheaper than a live camera, and the times (and gaps) are exact.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildRecordArgs } from '../src/recording/record-args.js';
import { inspectSegment, type InspectedSegment } from '../src/recording/segment-inspector.js';
import { segmentRelativePath } from '../src/storage/footage-layout.js';
import type { TestKernel } from './helpers/test-kernel.js';

const execFileAsync = promisify(execFile);

export const FPS = 10;

/** Records `seconds` of a 320×240 test pattern (+ tone) into `segmentSeconds` files; returns them in order. */
export async function recordFiles(dir: string, options: { seconds?: number; segmentSeconds?: number; bframes?: number } = {}): Promise<string[]> {
  const { seconds = 12, segmentSeconds = 2, bframes = 2 } = options;
  await mkdir(dir, { recursive: true });
  const camera = path.join(dir, 'camera.mkv');
  await execFileAsync('ffmpeg', [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=${FPS}`,
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(FPS), '-keyint_min', String(FPS), '-sc_threshold', '0', '-bf', String(bframes),
    '-pix_fmt', 'yuv420p', '-c:a', 'aac',
    '-f', 'matroska', camera,
  ]);
  // The recorder's own command, read at full speed: several segments finish within a second.
  const { args: recordArgs, env } = buildRecordArgs({ inputUrl: camera, segmentSeconds, recordAudio: true, outputPattern: path.join(dir, 'seg-%03d.mp4') });
  await execFileAsync('ffmpeg', recordArgs, { env: { ...process.env, ...env } });
  return (await readdir(dir))
    .filter((f) => f.startsWith('seg-'))
    .sort()
    .map((f) => path.join(dir, f));
}

export interface IndexedFile {
  id: number;
  relative: string;
  absolute: string;
  startMs: number;
  endMs: number;
  info: InspectedSegment;
}

/**
 * Copies the files into the recordings folder back to back from `startMs` (as the recorder's
 * segment clock places them), with `gapMs` of nothing before file number `gapBefore`, and indexes them.
 */
export async function indexFootage(
  kernel: TestKernel,
  cameraId: string,
  files: readonly string[],
  startMs: number,
  gap: { before: number; ms: number } | null = null,
): Promise<IndexedFile[]> {
  const out: IndexedFile[] = [];
  let t = startMs;
  for (const [i, file] of files.entries()) {
    if (gap && i === gap.before) t += gap.ms;
    const info = await inspectSegment(file);
    const relative = segmentRelativePath(cameraId, t);
    const absolute = path.join(kernel.config.recordingsDir, relative);
    await mkdir(path.dirname(absolute), { recursive: true });
    await copyFile(file, absolute);
    const id = await kernel.indexer.indexInPlace(cameraId, relative, info, t);
    out.push({ id, relative, absolute, startMs: t, endMs: t + info.durationMs, info });
    t += info.durationMs;
  }
  return out;
}

export async function addTestCamera(kernel: TestKernel, id: string): Promise<void> {
  const res = await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { id, name: `Camera ${id}`, stream_url: 'rtsp://127.0.0.1:9/none', record_enabled: false } });
  if (res.statusCode !== 201) throw new Error(`camera not created: ${res.statusCode} ${res.body}`);
}

/** Top-level MP4 boxes of a buffer as [type, size], strictly: they must tile it exactly. */
export function topLevelBoxes(bytes: Buffer): [string, number][] {
  const boxes: [string, number][] = [];
  let at = 0;
  while (at < bytes.length) {
    if (bytes.length - at < 8) throw new Error(`a box header is cut at ${at}`);
    let size = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    if (size === 1) size = Number(bytes.readBigUInt64BE(at + 8));
    if (size < 8 || at + size > bytes.length) throw new Error(`box ${type} at ${at} (size ${size}) runs past the range (${bytes.length})`);
    boxes.push([type, size]);
    at += size;
  }
  return boxes;
}
