import { DEFAULT_IO_TIMEOUT_MS, inputKindOf } from '../ffmpeg/input-kind.js';
import { liveOutputArgs } from '../recording/live-output-args.js';

/**
 * The sampler's ffmpeg command: decode the camera's (sub-)stream and write JPEG frames at a fixed
 * rate, scaled down to a configured width, to stdout. Pure: settings in, arguments out.
 */
export interface SampleSettings {
  /** rtsp://, rtsps://, http(s):// or a file path, as for the recorder. */
  inputUrl: string;
  /** Frames per second wanted, 0.1–30. */
  fps: number;
  /** Output width in pixels; a narrower stream keeps its own width (never upscaled). */
  width: number;
  /** JPEG quality scale of ffmpeg's mjpeg encoder: 2 (best) … 31 (smallest). Default 5. */
  quality?: number;
  /** Network socket I/O timeout; default 15000 ms like the recorder. */
  ioTimeoutMs?: number;
  /** File inputs only (demo, tests): read at native speed and loop forever, like a live camera. */
  loopFile?: boolean;
  /**
   * Also write the stream's live copy (video only, stream copy, fMP4) to `pipe:3`: one connection
   * to the sub-stream feeds both the sampler and the live grid tiles.
   */
  liveOutput?: boolean;
}

export const DEFAULT_JPEG_QUALITY = 5;

/**
 * A warning swscale prints for every scaler it sets up when the output is full-range YUV
 * (`yuvj420p`, which is what JPEG is). Harmless here; it would crowd real errors out of the tail.
 */
export function isSamplerNoise(line: string): boolean {
  return line.includes('deprecated pixel format used');
}

export function buildSampleArgs(settings: SampleSettings): string[] {
  const { inputUrl, fps, width } = settings;
  if (inputUrl.trim() === '') throw new Error('sampler input URL is empty');
  if (!Number.isFinite(fps) || fps < 0.1 || fps > 30) throw new Error(`sampler fps must be from 0.1 to 30 (got ${fps})`);
  if (!Number.isInteger(width) || width < 16 || width > 7680) throw new Error(`sampler width must be a whole number of pixels from 16 to 7680 (got ${width})`);
  const quality = settings.quality ?? DEFAULT_JPEG_QUALITY;
  if (!Number.isInteger(quality) || quality < 2 || quality > 31) throw new Error(`JPEG quality must be from 2 to 31 (got ${quality})`);
  const kind = inputKindOf(inputUrl);
  if (settings.loopFile && kind !== 'file') throw new Error(`loopFile applies to file inputs only, not ${kind} inputs`);

  const ioTimeoutUs = String((settings.ioTimeoutMs ?? DEFAULT_IO_TIMEOUT_MS) * 1000);
  const input: string[] = [];
  if (kind === 'rtsp') input.push('-rtsp_transport', 'tcp', '-timeout', ioTimeoutUs);
  else if (kind === 'http') input.push('-rw_timeout', ioTimeoutUs);
  else if (settings.loopFile) input.push('-re', '-stream_loop', '-1');

  return [
    // No -nostdin: a graceful stop writes `q` to stdin (and ffmpeg then closes its RTSP session).
    '-hide_banner',
    '-loglevel',
    'warning',
    // Decode with one thread: sub-streams are small, and 64 samplers × N threads would only add
    // context switches on a small machine.
    '-threads',
    '1',
    // Probe for 0.5 s instead of up to 5 s: the packets read while probing come out as one burst
    // of frames (stamped as received, so with wrong capture times) seconds after connecting. The
    // sampler needs no frame-rate estimate, only the codec and size, which the first keyframe gives.
    '-analyzeduration',
    '500000',
    ...input,
    '-i',
    inputUrl,
    '-map',
    '0:v:0',
    '-an',
    '-sn',
    '-dn',
    // fps first (drop frames before they are scaled), then scale to the width, keeping the aspect
    // with an even height; `min(W,iw)` never upscales a stream narrower than W.
    '-vf',
    `fps=${formatFps(fps)},scale='min(${width},iw)':-2`,
    '-c:v',
    'mjpeg',
    '-q:v',
    String(quality),
    // Back-to-back JPEG images on stdout, split by their markers (jpeg-splitter.ts).
    '-f',
    'image2pipe',
    'pipe:1',
    // The decoder's fps filter and scaler apply to the JPEG output only; this copies every packet.
    ...(settings.liveOutput ? liveOutputArgs({ audio: false }) : []),
  ];
}

/** 5 → "5", 0.5 → "0.5", 1/3 → "0.333333": what the fps filter accepts. */
function formatFps(fps: number): string {
  return Number.isInteger(fps) ? String(fps) : String(Number(fps.toFixed(6)));
}
