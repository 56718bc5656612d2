import { DEFAULT_IO_TIMEOUT_MS, inputKindOf } from '../../ffmpeg/input-kind.js';
import { liveOutputArgs } from '../../recording/live-output-args.js';

/**
 * A live-only ffmpeg (on demand, for a camera stream nothing else reads now): the recorder's input
 * options and the recorder's live output, nothing written to disk. Pure: settings in, arguments out.
 */
export interface LiveOnlySettings {
  /** rtsp://, rtsps://, http(s):// or a file path, as for the recorder. */
  inputUrl: string;
  /** Copy the first audio stream if any; only when MP4 can carry it (see LiveOutputSettings.audio). */
  audio: boolean;
  /** Network socket I/O timeout for rtsp/http inputs; default 15000 ms like the recorder. */
  ioTimeoutMs?: number;
}

/** How much of the camera's stream ffmpeg looks at before it starts writing (µs). */
const LIVE_ANALYZE_US = '100000';

export function buildLiveArgs(settings: LiveOnlySettings): string[] {
  const { inputUrl } = settings;
  if (inputUrl.trim() === '') throw new Error('live input URL is empty');
  const ioTimeoutMs = settings.ioTimeoutMs ?? DEFAULT_IO_TIMEOUT_MS;
  if (!Number.isInteger(ioTimeoutMs) || ioTimeoutMs <= 0) {
    throw new Error(`network I/O timeout must be a positive whole number of ms (got ${ioTimeoutMs})`);
  }
  const kind = inputKindOf(inputUrl);
  const ioTimeoutUs = String(ioTimeoutMs * 1000);
  const input: string[] = [];
  // The recorder's reasons (record-args.ts): TCP-interleaved RTP, a socket timeout so a silent
  // camera ends the run and it is restarted; a file (demo cameras) is read at its own speed, looped.
  // RTSP: the SDP already names the codecs, so a short probe is enough. The default one held ~2.7 s
  // of video back and then sent it in a burst: a viewer started that far behind live. 100 ms, not
  // `-probesize 32`: that stops probing at the first packet, and when it is an audio packet the
  // video has no picture size yet and the mp4 muxer refuses to start ("dimensions not set") — every
  // camera with a sound track, whether its audio is copied or not.
  if (kind === 'rtsp') input.push('-rtsp_transport', 'tcp', '-timeout', ioTimeoutUs, '-analyzeduration', LIVE_ANALYZE_US);
  else if (kind === 'http') input.push('-rw_timeout', ioTimeoutUs);
  else input.push('-re', '-stream_loop', '-1');
  return [
    // No -nostdin: a graceful stop writes `q`, and ffmpeg then closes its RTSP session (TEARDOWN).
    '-hide_banner',
    '-loglevel',
    'warning',
    ...input,
    '-i',
    inputUrl,
    // pipe:3 (FfmpegProcess's extraOutput), like the recorder's live output: stdout stays free.
    ...liveOutputArgs({ audio: settings.audio }),
  ];
}
