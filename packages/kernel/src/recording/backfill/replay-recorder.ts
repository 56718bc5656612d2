import type { Logger } from 'pino';
import { FfmpegProcess, type ExitInfo } from '../../ffmpeg/ffmpeg-process.js';
import { maskText } from '../../secrets/credential-mask.js';
import { buildRecordArgs, isRecorderNoise } from '../record-args.js';
import { parseSegmentListLine, type SegmentListEntry } from '../segment-list-line.js';

export interface ReplayRequest {
  url: string;
  /** The camera's credentials, masked out of every log line and error. */
  secrets: readonly (string | null)[];
  segmentSeconds: number;
  recordAudio: boolean;
  /** Where to cut the recording, in seconds from the replay's start (the gap's end). */
  maxSeconds?: number;
  /** `<dir>/…-%06d.mp4`: the staging pattern of this fill. */
  outputPattern: string;
  timeoutMs: number;
  signal: AbortSignal;
}

export interface ReplayResult {
  /** Finished segments in ffmpeg's order, times in seconds from the replay's start. */
  entries: SegmentListEntry[];
  exit: ExitInfo;
}

/** Runs one replay to its end; never throws for ffmpeg's failures (they are in `exit`). */
export type ReplayRunner = (request: ReplayRequest) => Promise<ReplayResult>;

/**
 * The production runner: the recorder's own command (record-args.ts: stream copy into fragmented-MP4
 * segments, listed on stdout) with the replay URL as input, so backfilled segments are made exactly
 * as live ones are. The run ends when the camera ends the replay (RTCP BYE or the connection closing),
 * or at the deadline.
 */
export function ffmpegReplayRunner(ffmpegBin: string, logger: Logger, prefix: readonly string[] = []): ReplayRunner {
  return async (request) => {
    const { args, env } = buildRecordArgs({
      inputUrl: request.url,
      segmentSeconds: request.segmentSeconds,
      recordAudio: request.recordAudio,
      outputPattern: request.outputPattern,
      ...(request.maxSeconds === undefined ? {} : { maxSeconds: request.maxSeconds }),
    });
    const entries: SegmentListEntry[] = [];
    const proc = new FfmpegProcess({
      bin: ffmpegBin,
      prefix,
      args,
      env,
      redact: (text) => maskText(text, request.secrets),
      logger,
      name: 'backfill',
      timeoutMs: request.timeoutMs,
      signal: request.signal,
      stopMode: 'graceful',
      onStdoutLine: (line) => {
        const entry = parseSegmentListLine(line);
        if (entry !== null) entries.push(entry);
      },
      dropStderrLine: isRecorderNoise,
    }).start();
    const exit = await proc.exited;
    return { entries, exit };
  };
}
