import { isIPv6 } from 'node:net';
import type { Clock } from '../clock.js';

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
  /** Bound on the entries kept in memory; the oldest are dropped beyond it. */
  maxEntries: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = {
  windowMs: 15 * 60_000,
  maxPerUser: 10,
  maxPerIp: 50,
  maxPerPair: 5,
  pairLockMs: 60_000,
  maxPairLockMs: 5 * 60_000,
  knownPairMs: 30 * 86_400_000,
  maxEntries: 50_000,
};

interface Counter {
  failures: number;
  resetAt: number;
}

interface PairLock {
  failures: number;
  /** Locks so far; the next one lasts pairLockMs × 2^locks. Forgotten a window after the last failure. */
  locks: number;
  lockedUntil: number;
  lastFailureAt: number;
}

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
 * `reserve` checks the limits and counts the attempt as a failure in the same synchronous step,
 * before the password is hashed, so parallel guesses cannot all pass the check while the first ones
 * are still hashing; `succeeded` takes the count back. While blocked the password is not checked, so
 * a correct guess during a block learns nothing. Unknown user names are counted the same way, so a
 * 429 says nothing about which names exist. In memory: a restart forgets the counters.
 */
export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();
  private readonly pairs = new Map<string, PairLock>();
  /** `user\0address` → when the user last signed in from there. */
  private readonly known = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
  ) {}

  /**
   * 0 when the attempt may go ahead — it is then already counted as a failure — or the milliseconds
   * until one is allowed (nothing counted).
   */
  reserve(ip: string, username: string): number {
    const wait = this.retryAfterMs(ip, username);
    if (wait === 0) this.recordFailure(ip, username);
    return wait;
  }

  /** The reserved attempt had the right password: its count is taken back, the user's and the pair's failures cleared, the address remembered for the user. */
  succeeded(ip: string, username: string): void {
    const now = this.clock.now();
    const pair = pairKey(ip, username);
    this.counters.delete(`u:${username}`);
    this.pairs.delete(pair);
    // Not cleared: one valid account must not reset a sprayer's budget at this address.
    const address = this.counters.get(`ip:${addressKey(ip)}`);
    if (address && address.resetAt > now && address.failures > 0) address.failures--;
    this.known.delete(pair);
    this.known.set(pair, now);
    this.bound(this.known);
  }

  /** Counts a failed attempt without checking the limits (reserve does both). */
  recordFailure(ip: string, username: string): void {
    const now = this.clock.now();
    this.bump(`u:${username}`, now);
    this.bump(`ip:${addressKey(ip)}`, now);
    const key = pairKey(ip, username);
    const pair = this.pairs.get(key);
    const fresh = !pair || now - pair.lastFailureAt > this.limits.windowMs;
    const lock: PairLock = fresh ? { failures: 0, locks: 0, lockedUntil: 0, lastFailureAt: now } : pair;
    lock.failures++;
    lock.lastFailureAt = now;
    if (lock.failures >= this.limits.maxPerPair) {
      lock.lockedUntil = now + Math.min(this.limits.pairLockMs * 2 ** lock.locks, this.limits.maxPairLockMs);
      lock.locks++;
      lock.failures = 0;
    }
    this.pairs.delete(key);
    this.pairs.set(key, lock);
    this.bound(this.pairs);
  }

  /** Milliseconds until an attempt is allowed, or 0 when it is allowed now (counts nothing). */
  retryAfterMs(ip: string, username: string): number {
    const now = this.clock.now();
    const key = pairKey(ip, username);
    const pairWait = Math.max(0, (this.pairs.get(key)?.lockedUntil ?? 0) - now);
    const knownAt = this.known.get(key);
    if (knownAt !== undefined && now - knownAt < this.limits.knownPairMs) return pairWait;
    return Math.max(
      pairWait,
      this.blockedFor(`u:${username}`, this.limits.maxPerUser, now),
      this.blockedFor(`ip:${addressKey(ip)}`, this.limits.maxPerIp, now),
    );
  }

  private blockedFor(key: string, max: number, now: number): number {
    const counter = this.counters.get(key);
    if (!counter || counter.resetAt <= now) return 0;
    return counter.failures >= max ? counter.resetAt - now : 0;
  }

  private bump(key: string, now: number): void {
    const counter = this.counters.get(key);
    if (counter && counter.resetAt > now) {
      counter.failures++;
      return;
    }
    this.counters.delete(key);
    this.counters.set(key, { failures: 1, resetAt: now + this.limits.windowMs });
    if (this.counters.size > this.limits.maxEntries) {
      for (const [k, c] of this.counters) if (c.resetAt <= now) this.counters.delete(k);
    }
    this.bound(this.counters);
  }

  /** Keeps a map within maxEntries by dropping its oldest entries (Maps keep insertion order). */
  private bound(map: Map<string, unknown>): void {
    for (const key of map.keys()) {
      if (map.size <= this.limits.maxEntries) break;
      map.delete(key);
    }
  }
}

function pairKey(ip: string, username: string): string {
  return `${username}\u0000${addressKey(ip)}`;
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
