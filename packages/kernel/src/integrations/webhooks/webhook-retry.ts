import { nextBackoffMs } from '../../backoff.js';

/**
 * The wait before retry number `attempt` (1 = after the first failure): the recorder's doubling
 * backoff from `initialMs` up to `maxMs`, then "equal jitter" — half fixed, half random — so many
 * subscriptions failing at once (the receiver restarted) do not all come back in the same instant.
 */
export function retryDelayMs(attempt: number, initialMs: number, maxMs: number, random: () => number = Math.random): number {
  let delay: number | null = null;
  const policy = { initialMs, maxMs, healthyRunMs: Number.POSITIVE_INFINITY };
  for (let i = 0; i < attempt; i++) delay = nextBackoffMs(delay, 0, policy);
  const base = delay ?? initialMs;
  return Math.round(base / 2 + random() * (base / 2));
}
