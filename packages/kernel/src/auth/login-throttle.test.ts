import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { DEFAULT_THROTTLE, LoginThrottle, addressKey } from './login-throttle.js';

const limits = { ...DEFAULT_THROTTLE, windowMs: 60_000, maxPerUser: 3, maxPerIp: 5, maxPerPair: 2, pairLockMs: 1000, maxPairLockMs: 4000, knownPairMs: 3_600_000, maxEntries: 100 };

describe('LoginThrottle', () => {
  it('blocks a user name after maxPerUser failures until the window ends, from any address', () => {
    const clock = new ManualClock(1_000_000);
    const throttle = new LoginThrottle(clock, limits);
    for (let i = 0; i < 3; i++) expect(throttle.reserve(`10.0.0.${i}`, 'alice')).toBe(0);
    expect(throttle.reserve('10.9.9.9', 'alice')).toBe(60_000);
    expect(throttle.retryAfterMs('10.9.9.9', 'bob')).toBe(0);
    clock.advance(59_999);
    expect(throttle.retryAfterMs('10.9.9.9', 'alice')).toBe(1);
    clock.advance(1);
    expect(throttle.retryAfterMs('10.9.9.9', 'alice')).toBe(0);
  });

  it('counts the attempt when it reserves it, so parallel attempts cannot all pass', () => {
    const throttle = new LoginThrottle(new ManualClock(0), { ...limits, maxPerPair: 100 });
    const allowed = Array.from({ length: 200 }, (_, i) => throttle.reserve(`10.0.${i}.1`, 'alice')).filter((w) => w === 0);
    expect(allowed).toHaveLength(3);
  });

  it('blocks an address after maxPerIp failures across user names (password spraying)', () => {
    const throttle = new LoginThrottle(new ManualClock(0), limits);
    for (let i = 0; i < 5; i++) throttle.recordFailure('192.0.2.1', `user${i}`);
    expect(throttle.retryAfterMs('192.0.2.1', 'someone-else')).toBe(60_000);
    expect(throttle.retryAfterMs('192.0.2.2', 'someone-else')).toBe(0);
  });

  it('locks one address guessing one user briefly, doubling up to the maximum', () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(clock, { ...limits, maxPerUser: 1000, maxPerIp: 1000 });
    const waits: number[] = [];
    for (let lock = 0; lock < 4; lock++) {
      expect(throttle.reserve('192.0.2.1', 'alice')).toBe(0);
      expect(throttle.reserve('192.0.2.1', 'alice')).toBe(0);
      const wait = throttle.retryAfterMs('192.0.2.1', 'alice');
      waits.push(wait);
      expect(throttle.retryAfterMs('192.0.2.2', 'alice')).toBe(0);
      clock.advance(wait);
    }
    expect(waits).toEqual([1000, 2000, 4000, 4000]);
  });

  it('lets a user in from an address they signed in from while others exhaust the user and address limits', () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(clock, limits);
    expect(throttle.reserve('192.0.2.1', 'alice')).toBe(0);
    throttle.succeeded('192.0.2.1', 'alice');
    // Someone elsewhere fails for alice; others behind alice's address fail for other names.
    for (let i = 0; i < 10; i++) throttle.recordFailure(`198.51.100.${i}`, 'alice');
    for (let i = 0; i < 10; i++) throttle.recordFailure('192.0.2.1', `user${i}`);
    expect(throttle.retryAfterMs('198.51.100.77', 'alice')).toBe(60_000);
    expect(throttle.retryAfterMs('192.0.2.1', 'bob')).toBe(60_000);
    expect(throttle.reserve('192.0.2.1', 'alice')).toBe(0);
    // Known for knownPairMs only.
    clock.advance(3_600_000);
    for (let i = 0; i < 10; i++) throttle.recordFailure(`198.51.100.${i}`, 'alice');
    expect(throttle.retryAfterMs('192.0.2.1', 'alice')).toBeGreaterThan(0);
  });

  it('clears a user name on success but keeps counting the address', () => {
    const throttle = new LoginThrottle(new ManualClock(0), { ...limits, maxPerPair: 100 });
    for (let i = 0; i < 2; i++) throttle.recordFailure('192.0.2.1', 'alice');
    expect(throttle.reserve('192.0.2.1', 'alice')).toBe(0);
    throttle.succeeded('192.0.2.1', 'alice');
    for (let i = 0; i < 2; i++) throttle.recordFailure('192.0.2.1', 'alice');
    expect(throttle.retryAfterMs('192.0.2.7', 'alice')).toBe(0);
    throttle.recordFailure('192.0.2.1', 'alice');
    // 5 failures from the address in the window, though alice was reset in between.
    expect(throttle.retryAfterMs('192.0.2.1', 'bob')).toBe(60_000);
  });

  it('keeps at most maxEntries entries of each kind', () => {
    const throttle = new LoginThrottle(new ManualClock(0), { ...limits, maxEntries: 10 });
    for (let i = 0; i < 100; i++) {
      throttle.recordFailure(`10.0.${i}.1`, `u${i}`);
      throttle.succeeded(`10.1.${i}.1`, `u${i}`);
    }
    const maps = throttle as unknown as Record<'counters' | 'pairs' | 'known', Map<string, unknown>>;
    for (const name of ['counters', 'pairs', 'known'] as const) expect(maps[name].size).toBeLessThanOrEqual(10);
  });
});

describe('addressKey', () => {
  it.each([
    ['192.0.2.1', '192.0.2.1'],
    ['::ffff:192.0.2.1', '192.0.2.1'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:db8:1:2::99', '2001:db8:1:2::/64'],
    ['2001:0db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('%s → %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });
});
