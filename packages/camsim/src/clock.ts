import { performance } from 'node:perf_hooks';

/** Time source of the live timelines; tests hand in a fake one. */
export interface Clock {
  /** Monotonic milliseconds: schedules frames, immune to wall-clock steps. */
  now(): number;
  /** Milliseconds since the Unix epoch: only for RTCP NTP timestamps. */
  wallNow(): number;
}

export const systemClock: Clock = {
  now: () => performance.now(),
  wallNow: () => Date.now(),
};
