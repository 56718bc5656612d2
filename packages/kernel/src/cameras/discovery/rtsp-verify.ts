import type { Logger } from 'pino';
import { FfmpegProcess } from '../../ffmpeg/ffmpeg-process.js';
import { maskText } from '../../secrets/credential-mask.js';

export interface StreamFacts {
  codec: string;
  width: number | null;
  height: number | null;
}

export type VerifyResult = { ok: true; video: StreamFacts } | { ok: false; unauthorized: boolean; reason: string };

/**
 * Opens an RTSP URL with ffprobe (over TCP, as the recorder does) and reads its first video stream:
 * the proof a scan's URL really streams. The URL, which may carry a password, passes the credential
 * mask before any log line or message.
 */
export async function verifyRtsp(ffprobeBin: string, url: string, timeoutMs: number, logger?: Logger, signal?: AbortSignal): Promise<VerifyResult> {
  let output = '';
  const run = new FfmpegProcess({
    bin: ffprobeBin,
    args: ['-v', 'error', '-rtsp_transport', 'tcp', '-timeout', String(timeoutMs * 1000), '-select_streams', 'v:0', '-show_entries', 'stream=codec_name,width,height', '-of', 'json', '-i', url],
    redact: (t) => maskText(t, [url]),
    name: 'ffprobe',
    timeoutMs: timeoutMs + 2000,
    stopMode: 'kill',
    ...(logger ? { logger } : {}),
    ...(signal ? { signal } : {}),
    onStdoutLine: (line) => {
      if (output.length < 64 * 1024) output += `${line}\n`;
    },
  });
  const exit = await run.start().exited;
  const tail = maskText(exit.stderrTail, [url]).split('\n').filter((l) => l !== '').at(-1) ?? '';
  if (exit.reason !== 'exited' || exit.code !== 0) {
    return { ok: false, unauthorized: /401|unauthori[sz]ed/i.test(tail), reason: exit.reason === 'timeout' ? 'ffprobe timed out' : tail || `ffprobe exited with ${String(exit.code)}` };
  }
  try {
    const parsed = JSON.parse(output) as { streams?: { codec_name?: string; width?: number; height?: number }[] };
    const video = parsed.streams?.[0];
    if (video === undefined) return { ok: false, unauthorized: false, reason: 'no video stream' };
    return { ok: true, video: { codec: video.codec_name ?? 'unknown', width: video.width ?? null, height: video.height ?? null } };
  } catch (e: unknown) {
    return { ok: false, unauthorized: false, reason: `ffprobe printed no JSON: ${(e as Error).message}` };
  }
}
