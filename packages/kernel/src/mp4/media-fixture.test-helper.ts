/**
 * Test support: real segment files made the way the recorder makes them, and ffprobe's view of them.
 * Not a test file itself (no .test.ts suffix) so several test files can share it.
 */
import { execFile } from 'node:child_process';
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface RecordingOptions {
  readonly seconds: number;
  readonly segmentTime: number;
  readonly bframes: number;
  readonly audio: boolean;
  readonly prft?: boolean;
  readonly codec?: 'libx264' | 'libx265';
  readonly size?: string;
  readonly fps?: number;
  /**
   * Container the camera stand-in writes before the recorder's stream copy. Matroska keeps the AAC
   * decoder config (as RTSP's SDP does); MPEG-TS has none and 90 kHz timestamps.
   */
  readonly source?: 'matroska' | 'mpegts';
}

/**
 * Encodes a lavfi test pattern (and a sine tone) like a camera would, then records it with the
 * recorder's exact stream-copy segment command. Returns the segment paths in order.
 */
export async function recordSegments(dir: string, name: string, options: RecordingOptions): Promise<string[]> {
  const fps = options.fps ?? 25;
  const source = options.source ?? 'matroska';
  const out = join(dir, name);
  await mkdir(out, { recursive: true });
  const camera = join(out, source === 'matroska' ? 'camera.mkv' : 'camera.ts');
  const inputs = ['-f', 'lavfi', '-i', `testsrc2=size=${options.size ?? '320x240'}:rate=${fps}`];
  if (options.audio) inputs.push('-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000');
  const video =
    options.codec === 'libx265'
      ? ['-c:v', 'libx265', '-preset', 'ultrafast', '-x265-params', `keyint=${fps}:min-keyint=${fps}:bframes=${options.bframes}:log-level=error`]
      : ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', String(fps), '-bf', String(options.bframes)];
  await ffmpeg([
    ...inputs,
    '-t', String(options.seconds),
    ...video,
    '-pix_fmt', 'yuv420p',
    ...(options.audio ? ['-c:a', 'aac'] : []),
    ...(options.codec === 'libx265' ? ['-tag:v', 'hvc1'] : []),
    '-f', source,
    camera,
  ]);
  const movflags = 'movflags=+frag_keyframe+empty_moov+default_base_moof';
  await ffmpeg([
    '-i', camera,
    '-c', 'copy',
    ...(options.codec === 'libx265' ? ['-tag:v', 'hvc1'] : []),
    '-f', 'segment',
    '-segment_time', String(options.segmentTime),
    '-segment_format', 'mp4',
    '-segment_format_options', options.prft === true ? `${movflags}:write_prft=wallclock` : movflags,
    '-reset_timestamps', '1',
    join(out, 'seg%03d.mp4'),
  ]);
  const files = (await readdir(out)).filter((f) => f.startsWith('seg')).sort();
  return files.map((f) => join(out, f));
}

export async function ffmpeg(args: readonly string[]): Promise<string> {
  const { stderr } = await execFileAsync('ffmpeg', ['-hide_banner', '-nostdin', '-v', 'error', '-y', ...args], {
    maxBuffer: 16 * 1024 * 1024,
  });
  return stderr;
}

export interface ProbeStream {
  readonly index: number;
  /** Track id as hex ('0x1'). */
  readonly id: string;
  readonly codec_type: string;
  readonly codec_name: string;
  readonly profile?: string;
  readonly level?: number;
  readonly width?: number;
  readonly height?: number;
  readonly time_base: string;
  readonly duration_ts?: number;
  readonly duration?: string;
  readonly sample_rate?: string;
  readonly channels?: number;
}

export interface ProbePacket {
  readonly stream_index: number;
  readonly pts: number;
  readonly dts: number;
  readonly duration?: number;
  readonly flags: string;
  readonly pos: string;
  readonly size: string;
}

export interface Probe {
  readonly streams: readonly ProbeStream[];
  readonly packets: readonly ProbePacket[];
  readonly format: { readonly duration: string; readonly size: string };
}

export async function probe(path: string): Promise<Probe> {
  const { stdout } = await execFileAsync(
    'ffprobe',
    ['-v', 'error', '-show_streams', '-show_format', '-show_packets', '-of', 'json', path],
    { maxBuffer: 64 * 1024 * 1024 },
  );
  return JSON.parse(stdout) as Probe;
}

/** A stream's packets in file order (= decode order within a track). */
export function packetsInFileOrder(p: Probe, streamIndex: number): ProbePacket[] {
  return p.packets.filter((x) => x.stream_index === streamIndex).sort((a, b) => Number(a.pos) - Number(b.pos));
}
