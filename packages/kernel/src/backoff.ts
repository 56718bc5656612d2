/**
 * Reconnect backoff for a recorder (after recorder.rs of the Rust original, docs/reference.md): the delay doubles after each short run,
 * from 1 s up to 30 s, and goes back to 1 s after a healthy run. Pure — the caller passes how long
 * the run that just ended lasted.
 *
 * One deliberate difference: the Rust original doubles before its first sleep, so its first retry waits
 * 2 s; here the first retry waits `initialMs` (1 s → 2 → 4 → 8 → 16 → 30 → 30 …).
 */
export interface BackoffPolicy {
  initialMs: number;
  maxMs: number;
  /** A run at least this long counts as healthy and resets the delay. */
  healthyRunMs: number;
}

export const DEFAULT_BACKOFF: Readonly<BackoffPolicy> = Object.freeze({
  initialMs: 1000,
  maxMs: 30_000,
  healthyRunMs: 30_000,
});

/**
 * The delay before the next attempt.
 * @param previousDelayMs the delay used before the run that just ended; null for the first failure
 * @param ranMs how long that run lasted
 */
export function nextBackoffMs(
  previousDelayMs: number | null,
  ranMs: number,
  policy: Readonly<BackoffPolicy> = DEFAULT_BACKOFF,
): number {
  if (previousDelayMs === null || ranMs >= policy.healthyRunMs) return policy.initialMs;
  return Math.min(Math.max(previousDelayMs, policy.initialMs) * 2, policy.maxMs);
}

/** The same rule with its state held, for a supervisor loop. */
export class Backoff {
  private previous: number | null = null;

  constructor(private readonly policy: Readonly<BackoffPolicy> = DEFAULT_BACKOFF) {}

  /** Records a run that ended after `ranMs`; returns the delay before the next attempt. */
  next(ranMs: number): number {
    this.previous = nextBackoffMs(this.previous, ranMs, this.policy);
    return this.previous;
  }

  reset(): void {
    this.previous = null;
  }
}
