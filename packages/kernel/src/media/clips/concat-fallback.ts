import { writeFile } from 'node:fs/promises';
import type { Logger } from 'pino';
import { FfmpegProcess } from '../../ffmpeg/ffmpeg-process.js';

/**
 * The fallback for sources the in-process assembler cannot use (a segment that is not a fragmented
 * MP4, e.g. imported or recorded by another tool): the Rust original's ffmpeg concat + stream copy (docs/reference.md).
 * Never a re-encode.
 */
export interface ConcatSource {
  file: string;
  start_ms: number;
  end_ms: number;
}

/** ffmpeg concat demuxer list: one `file '<path>'` line per source, single quotes escaped as `'\''`. */
export function concatList(sources: readonly ConcatSource[]): string {
  return sources.map((s) => `file '${s.file.replace(/'/g, `'\\''`)}'\n`).join('');
}

/**
 * Where [from, to] falls on the concat demuxer's timeline, which plays the files back to back (gaps
 * between them closed up): the start offset into the first file, and the length up to the point where
 * `to` falls in the file that holds it — not simply to − from, which would run past `to` whenever
 * the range spans a gap (the Rust original's bug).
 */
export function concatWindow(sources: readonly ConcatSource[], from: number, to: number): { startSeconds: number; durationSeconds: number } {
  const first = sources[0];
  if (first === undefined) throw new Error('concat needs at least one source');
  const startMs = Math.max(0, from - first.start_ms);
  let offset = 0;
  let endMs = 0;
  for (const s of sources) {
    const length = s.end_ms - s.start_ms;
    if (s.start_ms < to) endMs = offset + Math.min(length, to - s.start_ms);
    offset += length;
  }
  return { startSeconds: startMs / 1000, durationSeconds: Math.max(0, endMs - startMs) / 1000 };
}

/** The command: input-side -ss seeks to the keyframe before the start (keyframe-aligned, like the Rust original). */
export function buildConcatArgs(listFile: string, window: { startSeconds: number; durationSeconds: number }, output: string): string[] {
  return [
    '-hide_banner',
    '-nostdin',
    '-loglevel',
    'error',
    '-f',
    'concat',
    '-safe',
    '0',
    '-ss',
    window.startSeconds.toFixed(3),
    '-i',
    listFile,
    '-t',
    window.durationSeconds.toFixed(3),
    '-map',
    '0',
    '-c',
    'copy',
    '-avoid_negative_ts',
    'make_zero',
    // A regular MP4 with its index up front: plays and seeks in anything, downloads start playing at once.
    '-movflags',
    '+faststart',
    '-f',
    'mp4',
    output,
  ];
}

export interface ConcatRun {
  ffmpegBin: string;
  sources: readonly ConcatSource[];
  from: number;
  to: number;
  listFile: string;
  output: string;
  signal: AbortSignal;
  logger?: Logger;
}

/** Runs the fallback; throws with ffmpeg's last error line when it fails or is aborted. */
export async function runConcat(run: ConcatRun): Promise<void> {
  await writeFile(run.listFile, concatList(run.sources), { flag: 'wx' });
  const proc = new FfmpegProcess({
    bin: run.ffmpegBin,
    args: buildConcatArgs(run.listFile, concatWindow(run.sources, run.from, run.to), run.output),
    // Recorded file paths carry no credentials.
    redact: (text) => text,
    name: 'ffmpeg-concat',
    signal: run.signal,
    stopMode: 'kill',
    ...(run.logger ? { logger: run.logger } : {}),
  }).start();
  const exit = await proc.exited;
  run.signal.throwIfAborted();
  if (exit.reason !== 'exited') {
    throw new Error(`ffmpeg clip export failed: ${exit.error?.message ?? exit.stderrTail.trim()}`, { cause: exit.error });
  }
}
