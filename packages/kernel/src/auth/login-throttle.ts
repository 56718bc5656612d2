import { isIPv6 } from 'node:net';
import type { Clock } from '../clock.js';
import type { AttemptCounter, AttemptPair, AttemptState, LoginAttemptRepository } from './login-attempt.repository.js';

export interface ThrottleLimits {
  /** Failed sign-ins counted per window (per user name, per address). */
  windowMs: number;
  /** Failures for one user name (existing or not) before it is refused for the rest of the window, from addresses it never signed in from. */
  maxPerUser: number;
  /** Failures from one address (an IPv6 /64) before it is refused for the rest of the window, for users that never signed in from it. */
  maxPerIp: number;
  /** Failures for one user from one address before that pair is locked (even where the user signed in before). */
  maxPerPair: number;
  /** The first lock of a pair; each further lock doubles it, up to maxPairLockMs. */
  pairLockMs: number;
  maxPairLockMs: number;
  /** How long an address a user signed in from stays "known" for that user. */
  knownPairMs: number;
  /** How often a node deletes the counters that no longer count (at a sign-in, not on a timer). */
  pruneEveryMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = {
  windowMs: 15 * 60_000,
  maxPerUser: 10,
  maxPerIp: 50,
  maxPerPair: 5,
  pairLockMs: 60_000,
  maxPairLockMs: 5 * 60_000,
  knownPairMs: 30 * 86_400_000,
  pruneEveryMs: 60_000,
};

/**
 * Sign-in rate limiting. Three limits, so that stopping guessing does not hand an attacker an easy
 * way to lock people out:
 *
 * - per **(user name, address)** pair: `maxPerPair` failures lock the pair for a minute, doubling
 *   with each further lock up to `maxPairLockMs` — a short, growing lock for one source guessing one
 *   account;
 * - per **user name**, from any address, and per **address**, across user names, in fixed windows
 *   (distributed guessing, password spraying). These two do not apply to a pair that signed in
 *   correctly within `knownPairMs`: a user keeps signing in from where they usually do while someone
 *   elsewhere (or someone sharing their office's address) fails on purpose.
 *
 * `reserve` checks the limits and counts the attempt as a failure in one transaction, before the
 * password is hashed, so parallel guesses cannot all pass the check while the first ones are still
 * hashing; `succeeded` takes the count back. While blocked the password is not checked, so a correct
 * guess during a block learns nothing. Unknown user names are counted the same way, so a 429 says
 * nothing about which names exist. The counters are in the database, so every node of a cluster
 * counts the same attempts and a restart forgets nothing.
 */
export class LoginThrottle {
  private nextPruneAt = 0;

  constructor(
    private readonly attempts: LoginAttemptRepository,
    private readonly clock: Clock,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
  ) {}

  /**
   * 0 when the attempt may go ahead — it is then already counted as a failure — or the milliseconds
   * until one is allowed (nothing counted).
   */
  async reserve(ip: string, username: string): Promise<number> {
    await this.pruneWhenDue();
    return this.attempts.change(username, addressKey(ip), (state) => {
      const now = this.clock.now();
      const wait = retryAfterMs(state, now, this.limits);
      return { state: wait === 0 ? withFailure(state, now, this.limits) : state, result: wait };
    });
  }

  /** The reserved attempt had the right password: its count is taken back, the user's and the pair's failures cleared, the address remembered for the user. */
  async succeeded(ip: string, username: string): Promise<void> {
    await this.attempts.change(username, addressKey(ip), (state) => ({ state: withSuccess(state, this.clock.now()), result: undefined }));
  }

  /** Milliseconds until an attempt is allowed, or 0 when it is allowed now (counts nothing). */
  async retryAfterMs(ip: string, username: string): Promise<number> {
    return retryAfterMs(await this.attempts.read(username, addressKey(ip)), this.clock.now(), this.limits);
  }

  private async pruneWhenDue(): Promise<void> {
    const now = this.clock.now();
    if (now < this.nextPruneAt) return;
    this.nextPruneAt = now + this.limits.pruneEveryMs;
    await this.attempts.prune(now, this.limits.windowMs, this.limits.knownPairMs);
  }
}

/** Milliseconds until the limits allow an attempt with these counters; 0: now. */
export function retryAfterMs(state: AttemptState, now: number, limits: ThrottleLimits): number {
  const pairWait = Math.max(0, (state.pair?.lockedUntil ?? 0) - now);
  const knownAt = state.pair?.knownAt ?? null;
  if (knownAt !== null && now - knownAt < limits.knownPairMs) return pairWait;
  return Math.max(pairWait, blockedFor(state.user, limits.maxPerUser, now), blockedFor(state.address, limits.maxPerIp, now));
}

/** The counters after one more failure: both windows count it, and the pair may lock. */
export function withFailure(state: AttemptState, now: number, limits: ThrottleLimits): AttemptState {
  const previous = state.pair;
  const fresh = previous === null || now - previous.lastFailureAt > limits.windowMs;
  const pair: AttemptPair = fresh
    ? { failures: 0, locks: 0, lockedUntil: 0, lastFailureAt: now, knownAt: previous?.knownAt ?? null }
    : { ...previous };
  pair.failures++;
  pair.lastFailureAt = now;
  if (pair.failures >= limits.maxPerPair) {
    pair.lockedUntil = now + Math.min(limits.pairLockMs * 2 ** pair.locks, limits.maxPairLockMs);
    pair.locks++;
    pair.failures = 0;
  }
  return { user: bumped(state.user, now, limits.windowMs), address: bumped(state.address, now, limits.windowMs), pair };
}

/**
 * The counters after a correct password: the user's failures and the pair's lock are gone, the pair
 * is known from now. The address keeps its count less this attempt: one valid account must not reset
 * a sprayer's budget at this address.
 */
export function withSuccess(state: AttemptState, now: number): AttemptState {
  const address = state.address !== null && state.address.resetAt > now && state.address.failures > 0 ? { ...state.address, failures: state.address.failures - 1 } : state.address;
  return { user: null, address, pair: { failures: 0, locks: 0, lockedUntil: 0, lastFailureAt: 0, knownAt: now } };
}

function blockedFor(counter: AttemptCounter | null, max: number, now: number): number {
  if (counter === null || counter.resetAt <= now) return 0;
  return counter.failures >= max ? counter.resetAt - now : 0;
}

function bumped(counter: AttemptCounter | null, now: number, windowMs: number): AttemptCounter {
  return counter !== null && counter.resetAt > now ? { ...counter, failures: counter.failures + 1 } : { failures: 1, resetAt: now + windowMs };
}

/** IPv4 as is; IPv6 by its /64, which one subscriber usually holds whole (one address each is free to rotate). */
export function addressKey(ip: string): string {
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!;
  if (!isIPv6(ip)) return ip;
  const [head = '', tail = ''] = ip.toLowerCase().split('::');
  const headGroups = head === '' ? [] : head.split(':');
  const tailGroups = tail === '' ? [] : tail.split(':');
  const groups = ip.includes('::') ? [...headGroups, ...Array<string>(8 - headGroups.length - tailGroups.length).fill('0'), ...tailGroups] : headGroups;
  return `${groups.slice(0, 4).map((g) => g.replace(/^0+(?=.)/, '')).join(':')}::/64`;
}
