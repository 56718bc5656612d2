import type { Logger } from 'pino';
import { maskText } from '../secrets/credential-mask.js';
import { FfmpegProcess } from '../ffmpeg/ffmpeg-process.js';
import type { Launcher } from './process-launcher.js';
import { isRecorderNoise } from './record-args.js';

/**
 * The production Launcher: one FfmpegProcess per run. A run counts as started at its first finished
 * segment; no segment within the stall timeout (a camera that sends packets but never a keyframe, or
 * nothing at all) ends it as `timeout`, and a gap between segments longer than that as `stalled`.
 */
export function ffmpegLauncher(ffmpegBin: string, logger: Logger, prefix: readonly string[] = []): Launcher {
  return (spec) => {
    const proc = new FfmpegProcess({
      bin: ffmpegBin,
      // ffmpeg stops when Heldar dies (parentDeathPrefix): never records unsupervised.
      prefix,
      args: spec.args,
      env: spec.env,
      redact: (text) => maskText(text, spec.secrets),
      logger,
      startedOn: 'stdout-line',
      startupTimeoutMs: spec.stallTimeoutMs,
      stallTimeoutMs: spec.stallTimeoutMs,
      stopMode: 'graceful',
      onStdoutLine: spec.onStdoutLine,
      // Drained whatever the consumer does; it cannot stall or end the recording.
      ...(spec.onLiveData ? { extraOutput: { onData: spec.onLiveData } } : {}),
      // A harmless warning per segment when audio is recorded; it would crowd real errors out of the tail.
      dropStderrLine: isRecorderNoise,
    }).start();
    const exited = proc.exited.then((info) => ({
      reason: info.reason,
      code: info.code,
      signal: info.signal,
      stderrTail: info.stderrTail,
      ranMs: info.ranMs,
      errorMessage: info.error?.message,
    }));
    return {
      pid: proc.pid,
      exited,
      touch: () => proc.touch(),
      stop: async () => {
        await proc.stop();
        return exited;
      },
    };
  };
}
