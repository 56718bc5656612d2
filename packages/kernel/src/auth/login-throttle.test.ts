import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase, type TestDatabase } from '../../test/helpers/test-database.js';
import { ManualClock } from '../clock.js';
import { LoginAttemptRepository } from './login-attempt.repository.js';
import { DEFAULT_THROTTLE, LoginThrottle, addressKey, type ThrottleLimits } from './login-throttle.js';

const limits: ThrottleLimits = { ...DEFAULT_THROTTLE, windowMs: 60_000, maxPerUser: 3, maxPerIp: 5, maxPerPair: 2, pairLockMs: 1000, maxPairLockMs: 4000, knownPairMs: 3_600_000 };

// The counters are in the database (SQLite here, PostgreSQL in the suite's PostgreSQL pass), so each
// test runs on a fresh one; a second throttle on the same database stands for a second node.
let database: TestDatabase;
let attempts: LoginAttemptRepository;

beforeEach(async () => {
  database = await openTestDatabase();
  attempts = new LoginAttemptRepository(database.db);
});

afterEach(async () => {
  await database.dispose();
});

async function times(n: number, attempt: (i: number) => Promise<unknown>): Promise<void> {
  for (let i = 0; i < n; i++) await attempt(i);
}

describe('LoginThrottle', () => {
  it('blocks a user name after maxPerUser failures until the window ends, from any address', async () => {
    const clock = new ManualClock(1_000_000);
    const throttle = new LoginThrottle(attempts, clock, limits);
    for (let i = 0; i < 3; i++) expect(await throttle.reserve(`10.0.0.${i}`, 'alice')).toBe(0);
    expect(await throttle.reserve('10.9.9.9', 'alice')).toBe(60_000);
    expect(await throttle.retryAfterMs('10.9.9.9', 'bob')).toBe(0);
    clock.advance(59_999);
    expect(await throttle.retryAfterMs('10.9.9.9', 'alice')).toBe(1);
    clock.advance(1);
    expect(await throttle.retryAfterMs('10.9.9.9', 'alice')).toBe(0);
  });

  it('counts the attempt when it reserves it, so parallel attempts through two throttles cannot all pass', async () => {
    const clock = new ManualClock(0);
    const nodes = [new LoginThrottle(attempts, clock, { ...limits, maxPerPair: 100 }), new LoginThrottle(new LoginAttemptRepository(database.db), clock, { ...limits, maxPerPair: 100 })];
    const waits = await Promise.all(Array.from({ length: 200 }, (_, i) => nodes[i % 2]!.reserve(`10.0.${i}.1`, 'alice')));
    expect(waits.filter((w) => w === 0)).toHaveLength(3);
    expect(waits.filter((w) => w === 60_000)).toHaveLength(197);
  });

  it('blocks an address after maxPerIp failures across user names (password spraying)', async () => {
    const throttle = new LoginThrottle(attempts, new ManualClock(0), limits);
    await times(5, (i) => throttle.reserve('192.0.2.1', `user${i}`));
    expect(await throttle.retryAfterMs('192.0.2.1', 'someone-else')).toBe(60_000);
    expect(await throttle.retryAfterMs('192.0.2.2', 'someone-else')).toBe(0);
  });

  it('locks one address guessing one user briefly, doubling up to the maximum', async () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(attempts, clock, { ...limits, maxPerUser: 1000, maxPerIp: 1000 });
    const waits: number[] = [];
    for (let lock = 0; lock < 4; lock++) {
      expect(await throttle.reserve('192.0.2.1', 'alice')).toBe(0);
      expect(await throttle.reserve('192.0.2.1', 'alice')).toBe(0);
      const wait = await throttle.retryAfterMs('192.0.2.1', 'alice');
      waits.push(wait);
      expect(await throttle.retryAfterMs('192.0.2.2', 'alice')).toBe(0);
      clock.advance(wait);
    }
    expect(waits).toEqual([1000, 2000, 4000, 4000]);
  });

  it('lets a user in from an address they signed in from while others exhaust the user and address limits', async () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(attempts, clock, limits);
    expect(await throttle.reserve('192.0.2.1', 'alice')).toBe(0);
    await throttle.succeeded('192.0.2.1', 'alice');
    // Someone elsewhere fails for alice; others behind alice's address fail for other names.
    await times(10, (i) => throttle.reserve(`198.51.100.${i}`, 'alice'));
    await times(10, (i) => throttle.reserve('192.0.2.1', `user${i}`));
    expect(await throttle.retryAfterMs('198.51.100.77', 'alice')).toBe(60_000);
    expect(await throttle.retryAfterMs('192.0.2.1', 'bob')).toBe(60_000);
    expect(await throttle.reserve('192.0.2.1', 'alice')).toBe(0);
    // Known for knownPairMs only.
    clock.advance(3_600_000);
    await times(10, (i) => throttle.reserve(`198.51.100.${i}`, 'alice'));
    expect(await throttle.retryAfterMs('192.0.2.1', 'alice')).toBeGreaterThan(0);
  });

  it('clears a user name on success but keeps counting the address', async () => {
    const throttle = new LoginThrottle(attempts, new ManualClock(0), { ...limits, maxPerPair: 100 });
    await times(2, () => throttle.reserve('192.0.2.1', 'alice'));
    expect(await throttle.reserve('192.0.2.1', 'alice')).toBe(0);
    await throttle.succeeded('192.0.2.1', 'alice');
    await times(2, () => throttle.reserve('192.0.2.1', 'alice'));
    expect(await throttle.retryAfterMs('192.0.2.7', 'alice')).toBe(0);
    // Known from 192.0.2.1 now, so alice's own attempts there are not held back by the address limit.
    await throttle.reserve('192.0.2.1', 'alice');
    // 5 failures from the address in the window, though alice was reset in between.
    expect(await throttle.retryAfterMs('192.0.2.1', 'bob')).toBe(60_000);
  });

  it('counts on one node what another reserved, and a restart forgets nothing', async () => {
    const clock = new ManualClock(0);
    const nodeA = new LoginThrottle(attempts, clock, limits);
    await times(3, (i) => nodeA.reserve(`10.0.0.${i}`, 'carol'));
    const nodeB = new LoginThrottle(new LoginAttemptRepository(database.db), clock, limits);
    expect(await nodeB.reserve('10.0.0.9', 'carol')).toBe(60_000);
  });

  it('deletes the counters that no longer count, keeping the addresses users signed in from', async () => {
    const clock = new ManualClock(0);
    const throttle = new LoginThrottle(attempts, clock, limits);
    await times(20, (i) => throttle.reserve(`10.0.${i}.1`, `u${i}`));
    await throttle.reserve('10.1.0.1', 'dora');
    await throttle.succeeded('10.1.0.1', 'dora');
    // dora's name counter went with her sign-in; her address's stays (counting 0).
    expect(await rows()).toEqual({ counters: 41, pairs: 21 });
    clock.advance(limits.windowMs + 1);
    // The next sign-in after pruneEveryMs prunes: erin's rows and dora's known address are left.
    await throttle.reserve('10.2.0.1', 'erin');
    expect(await rows()).toEqual({ counters: 2, pairs: 2 });
    clock.advance(limits.knownPairMs);
    await throttle.reserve('10.2.0.2', 'frank');
    expect(await rows()).toEqual({ counters: 2, pairs: 1 });
  });
});

async function rows(): Promise<{ counters: number; pairs: number }> {
  const count = async (table: 'login_counters' | 'login_pairs') =>
    Number((await database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
  return { counters: await count('login_counters'), pairs: await count('login_pairs') };
}

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
