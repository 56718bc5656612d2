import type { CameraState } from '../db/schema.js';
import type { RunExit } from './process-launcher.js';

export interface ExitDiagnosis {
  /** `error` for what retrying will not fix by itself (credentials, wrong path, bad config); else `offline`. */
  state: Extract<CameraState, 'error' | 'offline'>;
  /** One line for a person (already masked: built from the masked stderr tail). */
  message: string;
  /** ffmpeg refused the camera's audio for MP4 (G.711): retry at once with video only. */
  audioUnsupported: boolean;
}

const CONFIG_ERRORS = /\b(401|403|404)\b|Unauthorized|Forbidden|Not Found|No such file or directory|Protocol not found|Invalid argument/i;
const AUDIO_NOT_IN_MP4 = /Could not find tag for codec (pcm_mulaw|pcm_alaw|adpcm_g726|g723_1)|codec not currently supported in container/i;

/** Reads why ffmpeg stopped from its exit and the (masked) tail of its stderr. */
export function describeExit(exit: RunExit, recordingAudio: boolean): ExitDiagnosis {
  const lines = exit.stderrTail.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const last = lines.at(-1) ?? '';
  if (recordingAudio && AUDIO_NOT_IN_MP4.test(exit.stderrTail)) {
    const codec = /codec (\w+)/.exec(exit.stderrTail.match(AUDIO_NOT_IN_MP4)?.[0] ?? '')?.[1] ?? 'its codec';
    return {
      state: 'offline',
      message: `the camera's audio (${codec}) cannot be stored in MP4; recording video only`,
      audioUnsupported: true,
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
