import { FfmpegProcess } from '../../ffmpeg/ffmpeg-process.js';
import { maskText } from '../../secrets/credential-mask.js';

export interface StreamFacts {
  video: { codec: string; width: number; height: number; fps: number } | null;
  audio: { codec: string } | null;
}

/** A camera that has not sent its first frames after this long is reported as not answering. */
const PROBE_TIMEOUT_MS = 15_000;

/**
 * Opens a stream URL with ffprobe (`-show_streams`) and reads its first video and audio stream.
 * RTSP goes over TCP, as the recorder opens it. Throws an Error whose message is masked.
 */
export async function probeStreamUrl(ffprobeBin: string, url: string): Promise<StreamFacts> {
  let output = '';
  const transport = /^rtsps?:/i.test(url) ? ['-rtsp_transport', 'tcp'] : [];
  const run = new FfmpegProcess({
    bin: ffprobeBin,
    args: ['-v', 'error', ...transport, '-print_format', 'json', '-show_streams', '-i', url],
    redact: (t) => maskText(t),
    name: 'ffprobe',
    timeoutMs: PROBE_TIMEOUT_MS,
    stopMode: 'kill',
    onStdoutLine: (line) => {
      if (output.length < 1_000_000) output += line + '\n';
    },
  });
  const exit = await run.start().exited;
  if (exit.reason === 'timeout') throw new Error(`the stream did not answer within ${PROBE_TIMEOUT_MS / 1000} s`);
  if (exit.reason !== 'exited' || exit.code !== 0) {
    const last = maskText(exit.stderrTail.trim().split('\n').at(-1) ?? '');
    throw new Error(`ffprobe could not open the stream: ${last || `exit code ${String(exit.code)}`}`);
  }
  let streams: Record<string, unknown>[] = [];
  try {
    const json = JSON.parse(output) as { streams?: unknown };
    if (Array.isArray(json.streams)) streams = json.streams.filter((s): s is Record<string, unknown> => typeof s === 'object' && s !== null);
  } catch (e: unknown) {
    throw new Error('ffprobe printed no valid JSON', { cause: e });
  }
  const video = streams.find((s) => s['codec_type'] === 'video');
  const audio = streams.find((s) => s['codec_type'] === 'audio');
  return {
    video:
      video === undefined
        ? null
        : {
            codec: String(video['codec_name'] ?? 'unknown'),
            width: Number(video['width'] ?? 0),
            height: Number(video['height'] ?? 0),
            fps: frameRate(video['avg_frame_rate']) ?? frameRate(video['r_frame_rate']) ?? 0,
          },
    audio: audio === undefined ? null : { codec: String(audio['codec_name'] ?? 'unknown') },
  };
}

/** "25/1" → 25; "0/0" → null. */
function frameRate(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const [num, den] = value.split('/').map(Number);
  if (num === undefined || den === undefined || !Number.isFinite(num) || !Number.isFinite(den) || den === 0 || num === 0) return null;
  return Math.round((num / den) * 100) / 100;
}
