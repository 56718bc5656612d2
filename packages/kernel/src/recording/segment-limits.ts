/** The segment lengths the recorder accepts (the API's limits too). */
export const MIN_SEGMENT_SECONDS = 2;
export const MAX_SEGMENT_SECONDS = 3600;

/**
 * A stored segment length made safe for timers: NaN, ±Infinity or a value outside the limits (the
 * database may hold anything an older version or a bad request saved) becomes the nearest limit, so a
 * watchdog can never be set to "never" or to fire at once.
 */
export function timerSegmentSeconds(stored: number): number {
  if (Number.isNaN(stored)) return MAX_SEGMENT_SECONDS;
  return Math.min(MAX_SEGMENT_SECONDS, Math.max(MIN_SEGMENT_SECONDS, stored));
}

/** ffmpeg is restarted (reason `stalled`) after this long without a finished segment. */
export function stallTimeoutMs(storedSegmentSeconds: number, graceMs: number): number {
  return 2 * timerSegmentSeconds(storedSegmentSeconds) * 1000 + graceMs;
}

/** A camera `recording` with no new segment for this long is unhealthy: max(3 × segment, floor). */
export function healthLimitMs(storedSegmentSeconds: number, floorMs = 30_000): number {
  return Math.max(3 * timerSegmentSeconds(storedSegmentSeconds) * 1000, floorMs);
}
