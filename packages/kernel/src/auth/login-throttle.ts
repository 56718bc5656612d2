import { isIPv6 } from 'node:net';
import type { Clock } from '../clock.js';

export interface ThrottleLimits {
  /** Failed sign-ins counted per window. */
  windowMs: number;
  /** Failures for one user name (existing or not) before it is refused for the rest of the window. */
  maxPerUser: number;
  /** Failures from one address (an IPv6 /64) before it is refused for the rest of the window. */
  maxPerIp: number;
  /** Bound on the counters kept in memory; the oldest are dropped beyond it. */
  maxEntries: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { windowMs: 15 * 60_000, maxPerUser: 10, maxPerIp: 50, maxEntries: 50_000 };

interface Counter {
  failures: number;
  resetAt: number;
}

/**
 * Sign-in rate limiting by failed attempts, per user name and per client address, in fixed windows.
 * Only failures count, so a person who signs in correctly is never slowed; while a key is blocked
 * the password is not even checked, so a correct guess during the block learns nothing. The same
 * counters apply to user names that do not exist, so a 429 says nothing about which names exist.
 * In memory: a restart forgets the counters (an attacker gains one window; argon2 stays the floor).
 */
export class LoginThrottle {
  private readonly counters = new Map<string, Counter>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: ThrottleLimits = DEFAULT_THROTTLE,
  ) {}

  /** Milliseconds until an attempt is allowed again, or 0 when it is allowed now. */
  retryAfterMs(ip: string, username: string): number {
    const now = this.clock.now();
    const waits = [
      this.blockedFor(`u:${username}`, this.limits.maxPerUser, now),
      this.blockedFor(`ip:${addressKey(ip)}`, this.limits.maxPerIp, now),
    ];
    return Math.max(...waits);
  }

  recordFailure(ip: string, username: string): void {
    const now = this.clock.now();
    this.bump(`u:${username}`, now);
    this.bump(`ip:${addressKey(ip)}`, now);
  }

  /** A correct password clears the user name's failures (not the address's: one valid account must not reset a sprayer's budget). */
  recordSuccess(username: string): void {
    this.counters.delete(`u:${username}`);
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
    if (this.counters.size > this.limits.maxEntries) this.prune(now);
  }

  private prune(now: number): void {
    for (const [key, counter] of this.counters) if (counter.resetAt <= now) this.counters.delete(key);
    // Still too many: drop the oldest windows (Map keeps insertion order) rather than grow without bound.
    for (const key of this.counters.keys()) {
      if (this.counters.size <= this.limits.maxEntries) break;
      this.counters.delete(key);
    }
  }
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
