import type { VideoPattern } from './types.js';

/** What a video clip is generated from; every field is part of the cache key. */
export interface VideoClipParams {
  /** Default `testsrc2`. */
  pattern?: VideoPattern;
  /** Caption drawn at the bottom (validated: no filtergraph metacharacters), or undefined. */
  label?: string;
  /**
   * The clock at the top: `clip` (default) the clip's own time and frame number; `none`; or the
   * wall-clock instant (ms since the epoch) the clip's first frame will be shown at, drawn as local
   * date and time with the zone.
   */
  clock?: 'clip' | 'none' | number;
  width: number;
  height: number;
  fps: number;
  bitrateKbps: number;
  seconds: number;
  /** TrueType font for the running clock, or undefined to draw none. */
  fontFile: string | undefined;
}

export type AudioClipCodec = 'aac' | 'pcmu';

export interface AudioClipParams {
  codec: AudioClipCodec;
  seconds: number;
}

export const AAC_SAMPLE_RATE = 16000;
export const PCMU_SAMPLE_RATE = 8000;

const COMMON = ['-hide_banner', '-nostdin', '-loglevel', 'error', '-y'];

/** Paths with filtergraph metacharacters would need two levels of escaping; such a font is skipped. */
export function usableInFilter(path: string): boolean {
  return !/[\\':,;[\]=]/.test(path);
}

/**
 * ffmpeg arguments for an H.264 test clip written as Annex B to `out`.
 * - testsrc2 plus temporal noise: without the noise x264 would code the mostly static pattern in a
 *   few kbit/s, and the benchmark needs streams that really carry `bitrateKbps`.
 * - maxrate = bitrate with a one-second buffer keeps the rate close to constant, as cameras do.
 * - `-g fps -keyint_min fps -sc_threshold 0`: one IDR every second exactly, so a new client waits
 *   at most a second and the loop point (a multiple of fps frames) falls on an IDR.
 * - `-bf 0`: no B-frames, so decode order is presentation order and RTP timestamps just increase.
 * - repeat-headers=1: SPS/PPS in-band before every IDR, like real cameras.
 */
export function videoClipArgs(p: VideoClipParams, out: string): string[] {
  const filters = ['noise=alls=16:allf=t'];
  if (p.fontFile !== undefined && usableInFilter(p.fontFile)) {
    const size = Math.max(10, Math.round(p.height / 14));
    const text = (t: string, y: string) =>
      `drawtext=fontfile='${p.fontFile}':text='${t}':x=${Math.round(size / 2)}:y=${y}:fontsize=${size}:fontcolor=white:box=1:boxcolor=black@0.6`;
    const clock = clockText(p.clock ?? 'clip');
    if (clock !== null) filters.push(text(clock, String(Math.round(size / 2))));
    if (p.label !== undefined) filters.push(text(p.label, `h-${Math.round(size * 1.7)}`));
  }
  const kbps = `${p.bitrateKbps}k`;
  return [
    ...COMMON,
    '-f', 'lavfi',
    '-i', source(p),
    '-vf', filters.join(','),
    '-frames:v', String(p.fps * p.seconds),
    '-c:v', 'libx264',
    '-preset', 'veryfast',
    '-profile:v', 'main',
    '-pix_fmt', 'yuv420p',
    '-bf', '0',
    '-g', String(p.fps),
    '-keyint_min', String(p.fps),
    '-sc_threshold', '0',
    '-b:v', kbps,
    '-maxrate', kbps,
    '-bufsize', kbps,
    '-x264-params', 'repeat-headers=1',
    '-f', 'h264',
    out,
  ];
}

/** drawtext's text for the clock, escaped for the filtergraph: `\:` between arguments, `\\\:` in the strftime format. */
function clockText(clock: 'clip' | 'none' | number): string | null {
  if (clock === 'none') return null;
  if (clock === 'clip') return '%{pts\\:hms}  #%{n}';
  return `%{pts\\:localtime\\:${(clock / 1000).toFixed(3)}\\:%Y-%m-%d %H\\\\\\:%M\\\\\\:%S %Z}`;
}

/** The lavfi input: a test source, or for `smptehdbars` a small graph that moves a block over it. */
function source(p: VideoClipParams): string {
  const base = `size=${p.width}x${p.height}:rate=${p.fps}:duration=${p.seconds}`;
  if (p.pattern !== 'smptehdbars') return `testsrc2=${base}`;
  const bw = even(p.width / 8);
  const bh = even(p.height / 3);
  // overlay's x runs from -w to W over the clip, so the loop point (t = 0) has the block off screen.
  return `smptehdbars=${base}[bg];color=c=white:size=${bw}x${bh}:rate=${p.fps}[box];[bg][box]overlay=x='(W+w)*t/${p.seconds}-w':y=H/3:shortest=1`;
}

const even = (n: number) => Math.max(2, 2 * Math.round(n / 2));

/** ffmpeg arguments for a mono tone: AAC-LC 16 kHz as ADTS, or G.711 µ-law 8 kHz raw. */
export function audioClipArgs(p: AudioClipParams, out: string): string[] {
  if (p.codec === 'aac') {
    return [
      ...COMMON,
      '-f', 'lavfi',
      '-i', `sine=frequency=1000:beep_factor=4:sample_rate=${AAC_SAMPLE_RATE}:duration=${p.seconds}`,
      '-c:a', 'aac',
      '-b:a', '32k',
      '-ac', '1',
      '-f', 'adts',
      out,
    ];
  }
  return [
    ...COMMON,
    '-f', 'lavfi',
    '-i', `sine=frequency=800:beep_factor=4:sample_rate=${PCMU_SAMPLE_RATE}:duration=${p.seconds}`,
    '-c:a', 'pcm_mulaw',
    '-ac', '1',
    '-f', 'mulaw',
    out,
  ];
}
