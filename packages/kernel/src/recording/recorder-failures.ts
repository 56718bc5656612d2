import type { Logger } from 'pino';
import type { Camera } from '../cameras/camera.js';
import type { VolumeStatsFn } from '../storage/volume-stats.js';
import { describeExit } from './exit-diagnosis.js';
import type { MirrorFallback } from './mirror-fallback.js';
import type { RunExit } from './process-launcher.js';
import type { RecorderStatus } from './recorder-status.js';
import { stallTimeoutMs } from './segment-limits.js';
import { volumeFullMessage } from './staging-volume.js';

export interface RecorderFailuresDeps {
  status: RecorderStatus;
  volumes: MirrorFallback;
  volumeStats: VolumeStatsFn;
  /** See SupervisorDeps.stallGraceMs: only for the stalled seconds an event reports. */
  stallGraceMs: number;
  log: Logger;
}

/**
 * What a camera's status says when recording goes wrong: an ffmpeg run that ended unexpectedly
 * (diagnosed, counted as a reconnect, `camera_offline` once per outage) and a recorder that cannot
 * start a run at all. It also remembers that a camera's audio cannot be recorded, so later runs
 * leave it out.
 */
export class RecorderFailures {
  private audioUnsupported = false;
  /** The refused audio codec's name, once known. */
  private refusedAudioCodec: string | undefined;

  constructor(private readonly deps: RecorderFailuresDeps) {}

  /** Whether the next run records audio. */
  recordsAudio(cam: Camera): boolean {
    return cam.record_audio && !this.audioUnsupported;
  }

  /**
   * The camera's audio codec the next run leaves out because MP4 cannot carry it (the live view
   * says so; `unknown` when ffmpeg did not name it), undefined when audio is recorded or not wanted.
   */
  audioLeftOut(cam: Camera): string | undefined {
    return cam.record_audio && this.audioUnsupported ? (this.refusedAudioCodec ?? 'unknown') : undefined;
  }

  /**
   * Records an unexpected exit and chooses the state (`offline` for what a retry may fix, else
   * `error`). `unhealthyReason`, when the health check stopped the run, is the reason reported.
   */
  async afterUnexpectedExit(cam: Camera, exit: RunExit, delay: number, dir: string | null, unhealthyReason: string | null): Promise<'offline' | 'error'> {
    const { status } = this.deps;
    const diagnosis = describeExit(exit, this.recordsAudio(cam));
    if (diagnosis.audioUnsupported) {
      this.audioUnsupported = true;
      this.refusedAudioCodec = diagnosis.audioCodec;
      status.event('recorder_audio_dropped', 'warning', { reason: diagnosis.message });
      return 'offline';
    }
    let { state, message } = diagnosis;
    const full = dir === null || exit.reason !== 'failed' ? null : await volumeFullMessage(this.deps.volumes.rootOf(dir), dir, this.deps.volumeStats, exit.stderrTail);
    if (full !== null) {
      state = 'error';
      message = full;
    }
    if (unhealthyReason !== null) {
      state = 'error';
      message = unhealthyReason;
    }
    status.set(state, { pid: null, lastError: message, reconnect: true });
    if (exit.reason === 'stalled') {
      status.event('recorder_stalled', 'warning', { stalled_seconds: stallTimeoutMs(cam.segment_seconds, this.deps.stallGraceMs) / 1000, detail: message });
    }
    const attempt = status.failedAttempt({
      reason: exit.reason,
      ran_seconds: Math.round(exit.ranMs / 1000),
      retry_in_seconds: delay / 1000,
      detail: message,
    });
    this.deps.log.warn({ reason: exit.reason, code: exit.code, ran_ms: exit.ranMs, retry_in_ms: delay, attempt, detail: message }, 'recorder: ffmpeg exited');
    return state;
  }

  /** `error` with the reason; `recorder_error` once per episode (not once per retry). */
  fail(message: string): void {
    const { status } = this.deps;
    if (status.state !== 'error') status.event('recorder_error', 'warning', { reason: message });
    status.set('error', { pid: null, lastError: message });
  }
}
