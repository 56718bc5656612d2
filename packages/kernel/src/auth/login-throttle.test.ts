import { describe, expect, it } from 'vitest';
import { ManualClock } from '../clock.js';
import { LoginThrottle, addressKey } from './login-throttle.js';

const limits = { windowMs: 60_000, maxPerUser: 3, maxPerIp: 5, maxEntries: 100 };

describe('LoginThrottle', () => {
  it('blocks a user name after maxPerUser failures until the window ends, from any address', () => {
    const clock = new ManualClock(1_000_000);
    const throttle = new LoginThrottle(clock, limits);
    for (let i = 0; i < 3; i++) {
      expect(throttle.retryAfterMs(`10.0.0.${i}`, 'alice')).toBe(0);
      throttle.recordFailure(`10.0.0.${i}`, 'alice');
    }
    expect(throttle.retryAfterMs('10.9.9.9', 'alice')).toBe(60_000);
    expect(throttle.retryAfterMs('10.9.9.9', 'bob')).toBe(0);
    clock.advance(59_999);
    expect(throttle.retryAfterMs('10.9.9.9', 'alice')).toBe(1);
    clock.advance(1);
    expect(throttle.retryAfterMs('10.9.9.9', 'alice')).toBe(0);
  });

  it('blocks an address after maxPerIp failures across user names (password spraying)', () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(clock, limits);
    for (let i = 0; i < 5; i++) throttle.recordFailure('192.0.2.1', `user${i}`);
    expect(throttle.retryAfterMs('192.0.2.1', 'someone-else')).toBe(60_000);
    expect(throttle.retryAfterMs('192.0.2.2', 'someone-else')).toBe(0);
  });

  it('clears a user name on success but keeps counting the address', () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(clock, limits);
    for (let i = 0; i < 2; i++) throttle.recordFailure('192.0.2.1', 'alice');
    throttle.recordSuccess('alice');
    for (let i = 0; i < 2; i++) throttle.recordFailure('192.0.2.1', 'alice');
    expect(throttle.retryAfterMs('192.0.2.7', 'alice')).toBe(0);
    throttle.recordFailure('192.0.2.1', 'alice');
    // 5 failures from the address in the window, though alice was reset in between.
    expect(throttle.retryAfterMs('192.0.2.1', 'bob')).toBe(60_000);
  });

  it('keeps at most maxEntries counters', () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(clock, { ...limits, maxEntries: 10 });
    for (let i = 0; i < 100; i++) throttle.recordFailure(`10.0.${i}.1`, `u${i}`);
    expect((throttle as unknown as { counters: Map<string, unknown> }).counters.size).toBeLessThanOrEqual(10);
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
