/**
 * Test footage for the clip tests: segment files made with the recorder's own ffmpeg command
 * (recording/record-args.ts) from a synthetic camera, indexed at chosen wall-clock times through the
 * kernel's indexer — cheaper than recording a live camera, and the times are exact.
 */
import { execFile } from 'node:child_process';
import { copyFile, mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { buildRecordArgs } from '../src/recording/record-args.js';
import { inspectSegment } from '../src/recording/segment-inspector.js';
import type { TestKernel } from './helpers/test-kernel.js';

const execFileAsync = promisify(execFile);

export interface FootageOptions {
  seconds?: number;
  size?: string;
  fps?: number;
  /** Keyframe interval in frames (default: fps, i.e. a 1 s GOP). */
  gop?: number;
  bframes?: number;
  audio?: boolean;
  bitrateKbps?: number;
}

/** One recorded segment file of `seconds` length (the recorder's flags; a single segment). */
export async function makeSegmentFile(dir: string, name: string, options: FootageOptions = {}): Promise<string> {
  const { seconds = 10, size = '320x240', fps = 10, bframes = 0, audio = true } = options;
  const gop = options.gop ?? fps;
  const out = path.join(dir, name);
  await mkdir(out, { recursive: true });
  const camera = path.join(out, 'camera.mkv');
  await ffmpeg([
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}`,
    ...(audio ? ['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000'] : []),
    '-t', String(seconds),
    '-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(gop), '-keyint_min', String(gop), '-sc_threshold', '0', '-bf', String(bframes),
    ...(options.bitrateKbps ? ['-b:v', `${options.bitrateKbps}k`, '-maxrate', `${options.bitrateKbps}k`, '-bufsize', `${options.bitrateKbps * 2}k`] : []),
    '-pix_fmt', 'yuv420p',
    ...(audio ? ['-c:a', 'aac'] : []),
    '-f', 'matroska', camera,
  ]);
  // The recorder's command, reading the file as fast as it can: one segment, as the segment length
  // is a second more than the whole (the recorder may cut up to a second early, at the keyframe
  // before a cut point: with the length alone, the last keyframe would start a second segment).
  const { args, env } = buildRecordArgs({ inputUrl: camera, segmentSeconds: seconds + 1, recordAudio: audio, outputPattern: path.join(out, 'seg-%06d.mp4') });
  await execFileAsync('ffmpeg', args, { env: { ...process.env, ...env } });
  const segments = (await readdir(out)).filter((f) => f.startsWith('seg-'));
  if (segments.length !== 1) throw new Error(`expected one segment, got ${segments.join(', ')}`);
  return path.join(out, segments[0] as string);
}

/**
 * Copies `file` into the recordings folder once per start time and indexes each copy (by the kernel's
 * indexer, or the one given); returns the ids.
 */
export async function indexCopies(
  kernel: TestKernel,
  cameraId: string,
  file: string,
  startsMs: readonly number[],
  indexer: Pick<TestKernel['indexer'], 'indexInPlace'> = kernel.indexer,
): Promise<number[]> {
  const info = await inspectSegment(file);
  const ids: number[] = [];
  for (const start of startsMs) {
    const relative = `${cameraId}/synthetic/${start}-${path.basename(file)}`;
    const target = path.join(kernel.config.recordingsDir, relative);
    await mkdir(path.dirname(target), { recursive: true });
    await copyFile(file, target);
    ids.push(await indexer.indexInPlace(cameraId, relative, info, start));
  }
  return ids;
}

export async function addTestCamera(kernel: TestKernel, id: string): Promise<void> {
  const res = await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { id, name: `Camera ${id}`, stream_url: 'rtsp://127.0.0.1:9/none', record_enabled: false } });
  if (res.statusCode !== 201) throw new Error(`camera not created: ${res.statusCode} ${res.body}`);
}

/** ffmpeg with errors only; resolves with what it printed on stderr. */
export async function ffmpeg(args: readonly string[]): Promise<string> {
  const { stderr } = await execFileAsync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], { maxBuffer: 16 * 1024 * 1024 });
  return stderr;
}

/** What `ffmpeg -v error -i <file> -f null -` prints: nothing for a clip that decodes cleanly. */
export function decodeErrors(file: string): Promise<string> {
  return ffmpeg(['-i', file, '-f', 'null', '-']);
}

export interface ProbeInfo {
  durationS: number;
  streams: { codec_type: string; width?: number; height?: number; duration?: string; nb_read_packets?: string }[];
}

export async function probe(file: string): Promise<ProbeInfo> {
  const { stdout } = await execFileAsync('ffprobe', ['-v', 'error', '-count_packets', '-show_format', '-show_streams', '-of', 'json', file]);
  const parsed = JSON.parse(stdout) as { format: { duration: string }; streams: ProbeInfo['streams'] };
  return { durationS: Number(parsed.format.duration), streams: parsed.streams };
}

export const iso = (ms: number): string => new Date(ms).toISOString();
