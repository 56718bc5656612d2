/**
 * Keeps a live video near its live edge, as Frigate's player does: a small lag is made up by playing
 * a little faster (no visible jump), a large one (a stall, a background tab, a skipped stretch) by
 * seeking to just behind the edge.
 */

/** Lag (s) above which the player seeks. */
export const JUMP_ABOVE_S = 1.5;
/** Lag (s) above which the player speeds up; below HOLD_BELOW_S it returns to normal speed. */
export const SPEED_UP_ABOVE_S = 0.5;
export const HOLD_BELOW_S = 0.3;
/** How far behind the edge a jump lands: enough for the next fragment to arrive before it runs dry. */
export const JUMP_TARGET_S = 0.3;
export const FAST_RATE = 1.08;

export type CatchUp = { seekTo: number } | { rate: number } | null;

/**
 * What to do now. `ranges` are the buffered [start, end] pairs in seconds, `currentTime` the video's
 * position, `rate` its playback rate. Null: leave it as it is.
 */
export function decideCatchUp(ranges: readonly (readonly [number, number])[], currentTime: number, rate: number): CatchUp {
  const last = ranges[ranges.length - 1];
  if (!last) return null;
  const [start, end] = last;
  // Before the newest range (a gap after a skip, or the start): nothing to play there; go to it.
  if (currentTime < start) return { seekTo: Math.max(start, end - JUMP_TARGET_S) };
  const lag = end - currentTime;
  if (lag > JUMP_ABOVE_S) return { seekTo: Math.max(start, end - JUMP_TARGET_S) };
  if (lag > SPEED_UP_ABOVE_S) return rate === FAST_RATE ? null : { rate: FAST_RATE };
  if (lag < HOLD_BELOW_S && rate !== 1) return { rate: 1 };
  return null;
}
