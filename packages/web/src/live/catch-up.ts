/**
 * Keeps a live video near its live edge, as Frigate's player does: a small lag is made up by playing
 * a little faster (no visible jump), a large one (a stall, a background tab, a skipped stretch) by
 * seeking to just behind the edge.
 *
 * How close is close enough depends on how often fragments arrive: the video must not run dry before
 * the next one. The player passes `slackS`, about two fragment intervals (see slackFor).
 */

/** Lag (s) above which the player seeks, however short the fragments. */
export const JUMP_ABOVE_S = 1.5;
/** The speed-up band: above slack + SPEED_UP_MARGIN_S the video plays fast, back to 1× at the slack. */
export const SPEED_UP_MARGIN_S = 0.2;
export const FAST_RATE = 1.08;
/** Bounds of the slack: below 0.2 s Chromium stalls now and then between fragments; above 1 s is no longer live. */
export const MIN_SLACK_S = 0.2;
export const MAX_SLACK_S = 1;
export const DEFAULT_SLACK_S = 0.3;

export type CatchUp = { seekTo: number } | { rate: number } | null;

/** The slack for fragments arriving every `intervalS` seconds on average. */
export function slackFor(intervalS: number | null): number {
  if (intervalS === null || !Number.isFinite(intervalS)) return DEFAULT_SLACK_S;
  return Math.min(MAX_SLACK_S, Math.max(MIN_SLACK_S, 2 * intervalS));
}

/**
 * What to do now. `ranges` are the buffered [start, end] pairs in seconds, `currentTime` the video's
 * position, `rate` its playback rate, `slackS` the lag to hold. Null: leave it as it is.
 */
export function decideCatchUp(ranges: readonly (readonly [number, number])[], currentTime: number, rate: number, slackS = DEFAULT_SLACK_S): CatchUp {
  const last = ranges[ranges.length - 1];
  if (!last) return null;
  const [start, end] = last;
  // Before the newest range (a gap after a skip, or the start): nothing to play there; go to it.
  if (currentTime < start) return { seekTo: Math.max(start, end - slackS) };
  const lag = end - currentTime;
  if (lag > Math.max(JUMP_ABOVE_S, slackS + 0.5)) return { seekTo: Math.max(start, end - slackS) };
  if (lag > slackS + SPEED_UP_MARGIN_S) return rate === FAST_RATE ? null : { rate: FAST_RATE };
  if (lag < slackS && rate !== 1) return { rate: 1 };
  return null;
}
