import { stat } from 'node:fs/promises';
import type { Logger } from 'pino';
import { FfmpegProcess, type ExitInfo } from './ffmpeg-process.js';

export type MediaStreamType = 'video' | 'audio' | 'subtitle' | 'data' | 'attachment' | 'unknown';

export interface MediaStreamInfo {
  index: number;
  type: MediaStreamType;
  /** ffmpeg's codec name, e.g. "h264", "hevc", "aac"; "unknown" when ffprobe names none. */
  codec: string;
  width?: number;
  height?: number;
  sampleRate?: number;
  channels?: number;
  durationMs?: number;
}

export interface MediaInfo {
  /** Container duration; null when there is none (e.g. an fMP4 with its header and no fragment yet). */
  durationMs: number | null;
  /** Container start time, when ffprobe reports one. */
  startMs: number | null;
  /** ffprobe's format name, e.g. "mov,mp4,m4a,3gp,3g2,mj2". */
  formatName: string;
  sizeBytes: number;
  streams: MediaStreamInfo[];
}

export type MediaProbeFailure = 'missing' | 'unreadable' | 'timeout' | 'tool-failed' | 'bad-output';

/**
 * A file could not be probed. `kind`: `missing` (no such file), `unreadable` (ffprobe rejects it:
 * corrupt, truncated before the header, not media), `timeout`, `tool-failed` (ffprobe could not
 * run), `bad-output` (ffprobe said nothing usable).
 */
export class MediaProbeError extends Error {
  override name = 'MediaProbeError';
  constructor(
    readonly kind: MediaProbeFailure,
    readonly path: string,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface ProbeOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
  logger?: Logger;
}

// ffprobe's JSON for a few thousand packets is small; more than this means something is wrong.
const MAX_PROBE_OUTPUT_CHARS = 4 * 1024 * 1024;

/** Reads container and stream facts with `ffprobe -show_format -show_streams`. */
export async function probeMedia(ffprobeBin: string, path: string, opts: ProbeOptions = {}): Promise<MediaInfo> {
  await assertFile(path);
  let output = '';
  let overflow = false;
  const run = new FfmpegProcess({
    bin: ffprobeBin,
    // "file:" so a file name with a colon is never read as a protocol.
    args: ['-v', 'error', '-print_format', 'json', '-show_format', '-show_streams', '-i', `file:${path}`],
    redact: (t) => t,
    name: 'ffprobe',
    timeoutMs: opts.timeoutMs ?? 15_000,
    stopMode: 'kill',
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    onStdoutLine: (line) => {
      if (output.length + line.length > MAX_PROBE_OUTPUT_CHARS) {
        overflow = true;
        void run.kill();
        return;
      }
      output += line + '\n';
    },
  });
  const exit = await run.start().exited;
  if (overflow) throw new MediaProbeError('bad-output', path, `ffprobe printed more than ${MAX_PROBE_OUTPUT_CHARS} characters for ${path}`);
  if (exit.reason !== 'exited') throw exitError('ffprobe', path, exit);

  let json: unknown;
  try {
    json = JSON.parse(output);
  } catch (e: unknown) {
    throw new MediaProbeError('bad-output', path, `ffprobe printed no valid JSON for ${path}`, { cause: e });
  }
  const format = objectAt(json, 'format');
  const rawStreams = isRecord(json) && Array.isArray(json['streams']) ? json['streams'] : [];
  if (!format) throw new MediaProbeError('bad-output', path, `ffprobe reported no container for ${path}`);
  const sizeBytes = numberOf(format['size']) ?? (await stat(path)).size;
  return {
    durationMs: msOf(format['duration']),
    startMs: msOf(format['start_time']),
    formatName: typeof format['format_name'] === 'string' ? format['format_name'] : 'unknown',
    sizeBytes,
    streams: rawStreams.filter(isRecord).map(toStream),
  };
}

export interface DecodeCheck {
  /** Decoded to the end with no error at all. */
  clean: boolean;
  /**
   * Opened and decoded at least one frame (or some audio). A segment cut short by a crash is
   * `playable` but not `clean`: its last, partial fragment fails while everything before plays.
   */
  playable: boolean;
  /** Video frames decoded. */
  frames: number;
  /** Media time decoded, ms. */
  decodedMs: number;
  /** ffmpeg's error lines (last 8 KiB), '' when clean. */
  errors: string;
}

/**
 * Decodes a whole file (`ffmpeg -v error -i file -f null -`) to decide, in crash recovery, whether a
 * truncated last segment is kept (`playable`) or quarantined. Throws (MediaProbeError) only when the
 * check itself could not run or timed out — that is no verdict on the file.
 */
export async function decodeCheck(ffmpegBin: string, path: string, opts: ProbeOptions = {}): Promise<DecodeCheck> {
  await assertFile(path);
  let frames = 0;
  let outTimeUs = 0;
  const run = new FfmpegProcess({
    bin: ffmpegBin,
    // -nostdin: this run is killed, never asked to quit. -progress on stdout counts what decoded.
    args: ['-hide_banner', '-nostdin', '-nostats', '-v', 'error', '-i', `file:${path}`, '-f', 'null', '-progress', 'pipe:1', '-'],
    redact: (t) => t,
    name: 'ffmpeg',
    timeoutMs: opts.timeoutMs ?? 120_000,
    stopMode: 'kill',
    ...(opts.signal ? { signal: opts.signal } : {}),
    ...(opts.logger ? { logger: opts.logger } : {}),
    onStdoutLine: (line) => {
      const eq = line.indexOf('=');
      const key = line.slice(0, eq);
      const value = Number(line.slice(eq + 1));
      if (key === 'frame' && Number.isFinite(value)) frames = Math.max(frames, value);
      if (key === 'out_time_us' && Number.isFinite(value)) outTimeUs = Math.max(outTimeUs, value);
    },
  });
  const exit = await run.start().exited;
  if (exit.reason === 'timeout' || exit.reason === 'stopped' || exit.code === null) {
    throw exitError('ffmpeg', path, exit);
  }
  const decodedMs = Math.round(outTimeUs / 1000);
  const playable = exit.code === 0 && (frames > 0 || decodedMs > 0);
  return { clean: playable && exit.stderrTail === '', playable, frames, decodedMs, errors: exit.stderrTail };
}

async function assertFile(path: string): Promise<void> {
  try {
    const s = await stat(path);
    if (!s.isFile()) throw new MediaProbeError('unreadable', path, `${path} is not a file`);
  } catch (e: unknown) {
    if (e instanceof MediaProbeError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new MediaProbeError(code === 'ENOENT' ? 'missing' : 'unreadable', path, `cannot read ${path}: ${code ?? String(e)}`, { cause: e });
  }
}

function exitError(tool: string, path: string, exit: ExitInfo): MediaProbeError {
  const last = exit.stderrTail.split('\n').at(-1) ?? '';
  switch (exit.reason) {
    case 'timeout':
      return new MediaProbeError('timeout', path, `${tool} timed out on ${path}`, { cause: exit.error });
    case 'stopped':
      return new MediaProbeError('tool-failed', path, `${tool} on ${path} was cancelled`, { cause: exit.error });
    default:
      if (exit.code === null) {
        return new MediaProbeError('tool-failed', path, exit.error?.message ?? `${tool} could not run on ${path}`, { cause: exit.error });
      }
      return new MediaProbeError('unreadable', path, `${path} is not readable media: ${last || `${tool} exited with code ${exit.code}`}`, {
        cause: exit.error,
      });
  }
}

function toStream(s: Record<string, unknown>): MediaStreamInfo {
  const stream: MediaStreamInfo = {
    index: numberOf(s['index']) ?? -1,
    type: streamType(s['codec_type']),
    codec: typeof s['codec_name'] === 'string' ? s['codec_name'] : 'unknown',
  };
  const width = numberOf(s['width']);
  const height = numberOf(s['height']);
  const sampleRate = numberOf(s['sample_rate']);
  const channels = numberOf(s['channels']);
  const durationMs = msOf(s['duration']);
  if (width !== null) stream.width = width;
  if (height !== null) stream.height = height;
  if (sampleRate !== null) stream.sampleRate = sampleRate;
  if (channels !== null) stream.channels = channels;
  if (durationMs !== null) stream.durationMs = durationMs;
  return stream;
}

function streamType(v: unknown): MediaStreamType {
  return v === 'video' || v === 'audio' || v === 'subtitle' || v === 'data' || v === 'attachment' ? v : 'unknown';
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function objectAt(v: unknown, key: string): Record<string, unknown> | undefined {
  if (!isRecord(v)) return undefined;
  const inner = v[key];
  return isRecord(inner) ? inner : undefined;
}

/** ffprobe prints most numbers as strings ("2.080000", "67352"); "N/A" means none. */
function numberOf(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  return Number.isFinite(n) ? n : null;
}

function msOf(v: unknown): number | null {
  const seconds = numberOf(v);
  return seconds === null ? null : Math.round(seconds * 1000);
}
