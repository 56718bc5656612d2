import type { CameraState } from '../db/schema.js';
import type { RunExit } from './process-launcher.js';

export interface ExitDiagnosis {
  /** `error` for what retrying will not fix by itself (credentials, wrong path, bad config); else `offline`. */
  state: Extract<CameraState, 'error' | 'offline'>;
  /** One line for a person (already masked: built from the masked stderr tail). */
  message: string;
  /** ffmpeg refused the camera's audio for MP4 (G.711): retry at once with video only. */
  audioUnsupported: boolean;
  /** With audioUnsupported: the refused codec as ffmpeg names it (`pcm_mulaw`), when it said. */
  audioCodec?: string;
}

/**
 * ffmpeg warnings printed in normal operation that say nothing about why a run ended: the last line
 * of stderr is often one of them (a camera's first frame without a timestamp, a DTS hiccup), and the
 * status must show the cause instead.
 */
const INCIDENTAL = /Non-monotonous DTS|Timestamps are unset in a packet|Application provided invalid, non monotonically increasing dts|DTS \d+ [<>] \d+ out of order|max delay reached|RTP: missed \d+ packets|RTP: PT=|Packet corrupt|decoding for stream .* failed|Unable to write PRFT|Queue input is backward in time|Thread message queue blocking|Last message repeated/i;
/** Lines that name why ffmpeg stopped: preferred over anything printed after them. */
const CAUSE = /error|fail|refused|timed out|timeout|unreachable|not found|no such|denied|invalid|unauthori[sz]ed|forbidden|No space left|end of file|reset by peer|broken pipe|could not|cannot|unable/i;

const CONFIG_ERRORS = /\b(401|403|404)\b|Unauthorized|Forbidden|Not Found|No such file or directory|Protocol not found|Invalid argument/i;
const AUDIO_NOT_IN_MP4 = /Could not find tag for codec (pcm_mulaw|pcm_alaw|adpcm_g726|g723_1)|codec not currently supported in container/i;

/** Reads why ffmpeg stopped from its exit and the (masked) tail of its stderr. */
export function describeExit(exit: RunExit, recordingAudio: boolean): ExitDiagnosis {
  const lines = exit.stderrTail.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const last = causeLine(lines);
  if (recordingAudio && AUDIO_NOT_IN_MP4.test(exit.stderrTail)) {
    const codec = /codec (\w+)/.exec(exit.stderrTail.match(AUDIO_NOT_IN_MP4)?.[0] ?? '')?.[1];
    return {
      state: 'offline',
      message: `the camera's audio (${codec ?? 'its codec'}) cannot be stored in MP4; recording video only`,
      audioUnsupported: true,
      ...(codec === undefined ? {} : { audioCodec: codec }),
    };
  }
  switch (exit.reason) {
    case 'stalled':
      return { state: 'offline', message: `no finished segment for too long; ffmpeg restarted (${last || 'no output'})`, audioUnsupported: false };
    case 'timeout':
      return { state: 'offline', message: `ffmpeg did not start in time (${last || 'no output'})`, audioUnsupported: false };
    case 'failed':
      // Never ran at all: the binary is missing or not executable.
      if (exit.ranMs === 0 && exit.code === null && exit.signal === null) {
        return { state: 'error', message: exit.errorMessage ?? (last || 'ffmpeg could not be started'), audioUnsupported: false };
      }
      break;
    default:
      break;
  }
  const configError = lines.find((l) => CONFIG_ERRORS.test(l));
  if (configError) return { state: 'error', message: configError, audioUnsupported: false };
  const detail = last || (exit.code === 0 ? 'the stream ended' : `ffmpeg exited with code ${exit.code ?? exit.signal ?? '?'}`);
  return { state: 'offline', message: detail, audioUnsupported: false };
}

/**
 * The stderr line that best says why the run ended: the last line that names a cause (an error, a
 * refusal, a timeout), else the last line that is not routine noise, else the last line.
 */
export function causeLine(lines: readonly string[]): string {
  const relevant = lines.filter((l) => !INCIDENTAL.test(l));
  return relevant.findLast((l) => CAUSE.test(l)) ?? relevant.at(-1) ?? lines.at(-1) ?? '';
}
