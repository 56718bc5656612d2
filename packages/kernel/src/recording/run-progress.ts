import type { SegmentClock } from './segment-clock.js';
import type { RecorderStatus } from './recorder-status.js';

/** One ffmpeg run's media timeline: its files' name prefix, its clock, its origin, the end of its last listed segment. */
export interface RunTimeline {
  prefix: string;
  /**
   * Ready once the camera's last indexed end is read: that read runs while ffmpeg starts, since the
   * clock is first needed when the first segment closes, seconds later.
   */
  clock: Promise<SegmentClock>;
  listedEndSec: number | null;
  /** Where the run's media begins on the segment list's timeline (RecordCommand.listOriginSeconds). */
  originSec: number;
}

/**
 * What the loop, the segment intake and the health check learn about the ffmpeg run in progress,
 * kept in one place because each of them reads what another one set.
 */
export class RunProgress {
  /** The run has written media (a growing file or a finished segment). */
  delivered = false;
  /** Set by `unhealthy()`: the run is being stopped because it stopped producing segments. */
  unhealthyReason: string | null = null;
  /** The running ffmpeg must be replaced (the camera changed resolution): not a failure. */
  restartRequested = false;

  constructor(private readonly status: RecorderStatus) {}

  /** A new run starts: nothing delivered, nothing unhealthy yet (a pending restart request stays). */
  startRun(): void {
    this.delivered = false;
    this.unhealthyReason = null;
  }

  /** The run's first media: closes an open outage (camera_online) once. */
  markDelivered(): void {
    if (this.delivered) return;
    this.delivered = true;
    this.status.delivering();
  }

  /** Whether the run ended because a restart was asked for; clears the request. */
  takeRestartRequest(): boolean {
    const requested = this.restartRequested;
    this.restartRequested = false;
    return requested;
  }
}
