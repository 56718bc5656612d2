// Synthetic footage and a kernel to index it into, for the benchmarks that read recordings
// (playback, snapshot). Imports the kernel's built files: build first (`npx tsc -b`).
import { execFile } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';

const kernelDist = new URL('../../packages/kernel/dist/', import.meta.url);
const { loadConfig } = await import(new URL('config.js', kernelDist).href);
const { createKernel } = await import(new URL('kernel.js', kernelDist).href);
const { buildRecordArgs } = await import(new URL('recording/record-args.js', kernelDist).href);
const { inspectSegment } = await import(new URL('recording/segment-inspector.js', kernelDist).href);

const execFileAsync = promisify(execFile);

/**
 * One 10 s segment (test picture + 440 Hz AAC) written by the recorder's own ffmpeg command into
 * `<work>/source`, with what the recorder's inspector reads from it.
 */
export async function recordSyntheticSegment(work, { size = '1280x720', fps = 25, gopSeconds = 1, kbps = 2000 } = {}) {
  const source = path.join(work, 'source');
  await mkdir(source);
  const camera = path.join(source, 'camera.mkv');
  const gop = String(Math.round(gopSeconds * fps));
  await execFileAsync('ffmpeg', [
    '-hide_banner', '-nostdin', '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=${size}:rate=${fps}`, '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000',
    '-t', '10', '-c:v', 'libx264', '-preset', 'ultrafast', '-g', gop, '-keyint_min', gop, '-sc_threshold', '0',
    '-b:v', `${kbps}k`, '-maxrate', `${kbps}k`, '-bufsize', `${2 * kbps}k`, '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '64k',
    '-f', 'matroska', camera,
  ]);
  const { args, env } = buildRecordArgs({ inputUrl: camera, segmentSeconds: 10, recordAudio: true, outputPattern: path.join(source, 'seg-%06d.mp4') });
  await execFileAsync('ffmpeg', args, { env: { ...process.env, ...env } });
  const segmentFile = path.join(source, (await readdir(source)).find((f) => f.startsWith('seg-')));
  return { segmentFile, info: await inspectSegment(segmentFile) };
}

/** A kernel on `<work>/data` with the recorder off and logs silent; the caller disposes it. */
export async function startBenchKernel(work) {
  const config = loadConfig({ HELDAR_DATA_DIR: path.join(work, 'data'), HELDAR_HTTP_PORT: '0', HELDAR_RECORDER_ENABLED: 'false', HELDAR_LOG_LEVEL: 'silent', HELDAR_TZ: 'UTC', PATH: process.env.PATH ?? '' });
  return { config, kernel: await createKernel(config, pino({ level: 'silent' })) };
}
