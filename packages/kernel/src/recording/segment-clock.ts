/**
 * Wall-clock times for the segments of one ffmpeg run.
 *
 * ffmpeg reports each finished segment on its segment list as `name,start,end` in seconds of the
 * run's media timeline. The media timeline is exact (it is the camera's own clock); what is unknown is
 * the wall-clock instant of media time 0 — the anchor. Each report gives an estimate
 * `anchor ≈ receivedAt − end`, late by the delivery latency (network, the wait for the next keyframe
 * that closes a segment, pipe and event-loop delay) and never early. So the best estimate is the
 * smallest one seen; a sliding window of recent estimates lets the anchor follow a camera clock that
 * drifts against the server's over a long run.
 *
 * Back-to-back segments are then exactly contiguous (start of one = end of the previous), and a seam
 * under one second against the previous segment of the same camera is closed rather than reported as
 * a gap, while a real outage (ffmpeg restarted) shows as the gap it is.
 */
export class SegmentClock {
  private readonly estimates: number[] = [];
  private previousEndMs: number | null;

  /**
   * @param window how many recent estimates the anchor is the minimum of
   * @param previousEndMs end of the camera's last indexed segment, to close sub-second seams
   */
  constructor(
    previousEndMs: number | null = null,
    private readonly window = 30,
    private readonly seamMs = 1000,
  ) {
    this.previousEndMs = previousEndMs;
  }

  /** Wall-clock [start, end) for a segment reported at `receivedAtMs` with media times in seconds. */
  place(startSec: number, endSec: number, receivedAtMs: number): { startMs: number; endMs: number } {
    this.estimates.push(receivedAtMs - endSec * 1000);
    if (this.estimates.length > this.window) this.estimates.shift();
    const anchor = Math.min(...this.estimates);
    let startMs = Math.round(anchor + startSec * 1000);
    const durationMs = Math.max(0, Math.round((endSec - startSec) * 1000));
    const prev = this.previousEndMs;
    // Never overlap the previous segment; close a sub-second seam (jitter in the anchor estimate).
    if (prev !== null && (startMs < prev || startMs - prev < this.seamMs)) startMs = prev;
    const endMs = startMs + durationMs;
    this.previousEndMs = endMs;
    return { startMs, endMs };
  }
}
