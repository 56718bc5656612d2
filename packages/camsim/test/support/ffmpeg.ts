import { Proc, run, type RunResult } from './processes.js';

export interface ProbedStream {
  codec_type: string;
  codec_name: string;
  width?: number;
  height?: number;
  sample_rate?: string;
}

/** ffprobe an RTSP URL (or a file) over TCP interleaving, as the recorder does. */
export async function probe(url: string): Promise<{ result: RunResult; streams: ProbedStream[] }> {
  const args = ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height,sample_rate', '-of', 'json'];
  if (url.startsWith('rtsp:')) args.unshift('-rtsp_transport', 'tcp');
  const result = await run('ffprobe', [...args, url]);
  const streams = result.code === 0 ? (JSON.parse(result.stdout) as { streams: ProbedStream[] }).streams : [];
  return { result, streams };
}

export async function formatDuration(file: string): Promise<number> {
  const r = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file]);
  return Number(r.stdout.trim());
}

export interface ProbedPacket {
  pts: number;
  key: boolean;
}

export async function videoPackets(file: string): Promise<ProbedPacket[]> {
  const r = await run('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts_time,flags', '-of', 'csv=p=0', file]);
  return r.stdout
    .trim()
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => {
      const [pts = '', flags = ''] = l.split(',');
      return { pts: Number(pts), key: flags.includes('K') };
    });
}

/** `ffmpeg -rtsp_transport tcp -i url … -c copy out`, as Heldar's recorder pulls a camera. */
export function pull(url: string, out: string, opts: { seconds?: number; inputArgs?: string[] } = {}): Proc {
  const t = opts.seconds === undefined ? [] : ['-t', String(opts.seconds)];
  return new Proc('ffmpeg', [
    '-hide_banner', '-nostdin', '-loglevel', 'warning', '-y',
    '-rtsp_transport', 'tcp', ...(opts.inputArgs ?? []), '-i', url,
    ...t, '-c', 'copy', out,
  ]);
}

/** Decodes the stream and logs every frame's size through showinfo. */
export function decode(url: string, seconds: number): Proc {
  return new Proc('ffmpeg', [
    '-hide_banner', '-nostdin', '-loglevel', 'info', '-rtsp_transport', 'tcp', '-i', url,
    '-t', String(seconds), '-an', '-vf', 'showinfo', '-f', 'null', '-',
  ]);
}

/**
 * Timestamp complaints from ffmpeg, minus one it always makes: its RTP demuxer hands out the very
 * first H.264 frame without a timestamp (ffmpeg's own RTP output shows the same), which the muxer
 * reports as "unset" and then "previous: 0, current: 0".
 */
export function timestampWarnings(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => /non-monoton|timestamps are unset|discontinuity|jump/i.test(l))
    .filter((l) => !/Timestamps are unset in a packet for stream 0\./.test(l))
    .filter((l) => !/previous: 0, current: 0; changing to 1/.test(l));
}
