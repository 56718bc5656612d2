import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { DEFAULT_THROTTLE } from '../src/auth/login-throttle.js';
import { sha256Hex } from '../src/auth/tokens.js';
import { SAME_ORIGIN, addUser, bearer, browser, createKey, signIn, type TestUser } from './helpers/auth.js';
import { startTestKernel, type TestKernel } from './helpers/test-kernel.js';

const T0 = Date.parse('2026-03-01T08:00:00Z');
const IDLE_MINUTES = 30;
const clock = new ManualClock(T0);
let kernel: TestKernel;
let alice: TestUser;

beforeAll(async () => {
  kernel = await startTestKernel({ HELDAR_SESSION_IDLE_MINUTES: String(IDLE_MINUTES), HELDAR_SESSION_MAX_DAYS: '1' }, { clock });
  alice = await addUser(kernel, 'alice', 'operator', 'alice has a long password');
});
afterAll(async () => {
  await kernel.dispose();
});

const me = (headers: Record<string, string>) => kernel.inject({ url: '/api/auth/me', headers });
const login = (username: string, password: string, extra: { remoteAddress?: string; headers?: Record<string, string> } = {}) =>
  kernel.injectAnonymous({ method: 'POST', url: '/api/auth/login', payload: { username, password }, ...extra });

describe('auth: sessions', () => {
  it('signs in with a httpOnly, SameSite=Strict cookie; Secure behind TLS', async () => {
    const res = await login('Alice', alice.password);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ user: { username: 'alice', role: 'operator' }, expires_at: new Date(T0 + IDLE_MINUTES * 60_000).toISOString() });
    const setCookie = String(res.headers['set-cookie']);
    expect(setCookie).toMatch(/^heldar_session=[A-Za-z0-9_-]{43}; Max-Age=86400; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain('Secure');

    const tls = await login('alice', alice.password, { headers: { 'x-forwarded-proto': 'https' } });
    expect(String(tls.headers['set-cookie'])).toMatch(/; Secure/);

    const cookie = `heldar_session=${res.cookies[0]!.value}`;
    const who = await me({ cookie });
    expect(who.json()).toEqual({ kind: 'user', id: alice.id, name: 'alice', role: 'operator', scopes: [], session_expires_at: new Date(T0 + IDLE_MINUTES * 60_000).toISOString() });
  });

  it('keeps only a hash of the session token in the database', async () => {
    const cookie = await signIn(kernel, 'alice', alice.password);
    const token = cookie.split('=')[1]!;
    const rows = await kernel.db.selectFrom('sessions').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(token);
    expect(rows.every((r) => /^[0-9a-f]{64}$/.test(r.id))).toBe(true);
  });

  it('answers a wrong password and an unknown user alike, with 401', async () => {
    const wrong = await login('alice', 'not the password at all');
    const unknown = await login('mallory', 'not the password at all');
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: 'unauthorized', message: 'wrong user name or password' });
    expect(unknown.json()).toEqual(wrong.json());
    expect(wrong.headers['set-cookie']).toBeUndefined();
  });

  it('slides the expiry while used, ends it after the idle time, and never past the absolute limit', async () => {
    const cookie = await signIn(kernel, 'alice', alice.password);
    // Used every 20 minutes for 2 hours: stays signed in (idle limit 30 min).
    for (let i = 0; i < 6; i++) {
      clock.advance(20 * 60_000);
      expect((await me({ cookie })).statusCode).toBe(200);
    }
    clock.advance(IDLE_MINUTES * 60_000 + 1000);
    const ended = await me({ cookie });
    expect(ended.statusCode).toBe(401);
    expect(ended.json().message).toBe('the session has ended (signed out or expired); sign in again');

    const busy = await signIn(kernel, 'alice', alice.password);
    for (let elapsed = 0; elapsed < 24 * 60; elapsed += 25) {
      clock.advance(25 * 60_000);
      if (elapsed + 25 < 24 * 60) expect((await me({ cookie: busy })).statusCode, `after ${elapsed + 25} min`).toBe(200);
    }
    expect((await me({ cookie: busy })).statusCode).toBe(401);
  });

  it('logout ends the session on the server: the same cookie is refused afterwards', async () => {
    const cookie = await signIn(kernel, 'alice', alice.password);
    const out = await kernel.inject({ method: 'POST', url: '/api/auth/logout', headers: browser(cookie) });
    expect(out.statusCode).toBe(204);
    expect(String(out.headers['set-cookie'])).toMatch(/^heldar_session=; Max-Age=0|heldar_session=;.*Expires=Thu, 01 Jan 1970/);
    expect((await me({ cookie })).statusCode).toBe(401);
    const row = await kernel.db.selectFrom('sessions').select('id').where('id', '=', sha256Hex(cookie.split('=')[1]!)).executeTakeFirst();
    expect(row).toBeUndefined();
    // Signing out with an API key ends nothing and does no harm.
    expect((await kernel.inject({ method: 'POST', url: '/api/auth/logout' })).statusCode).toBe(204);
  });

  it('a password change ends the user\'s other sessions, keeps the one that made it', async () => {
    const bob = await addUser(kernel, 'bob', 'viewer', 'bob password one');
    const first = await signIn(kernel, 'bob', bob.password);
    const second = await signIn(kernel, 'bob', bob.password);
    const wrong = await kernel.inject({ method: 'POST', url: '/api/auth/password', headers: browser(second), payload: { current_password: 'guessing wrong', new_password: 'bob password two' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().message).toBe('`current_password` is not your current password');
    const short = await kernel.inject({ method: 'POST', url: '/api/auth/password', headers: browser(second), payload: { current_password: bob.password, new_password: 'short' } });
    expect(short.json().message).toBe('the password must be at least 12 characters long');
    const changed = await kernel.inject({ method: 'POST', url: '/api/auth/password', headers: browser(second), payload: { current_password: bob.password, new_password: 'bob password two' } });
    expect(changed.statusCode).toBe(200);
    expect((await me({ cookie: first })).statusCode).toBe(401);
    expect((await me({ cookie: second })).statusCode).toBe(200);
    expect((await login('bob', bob.password)).statusCode).toBe(401);
    expect((await login('bob', 'bob password two')).statusCode).toBe(200);

    // An admin's reset ends them all; a role change applies to the very next request.
    const third = await signIn(kernel, 'bob', 'bob password two');
    expect((await kernel.inject({ method: 'PATCH', url: `/api/users/${bob.id}`, payload: { role: 'operator' } })).statusCode).toBe(200);
    expect((await me({ cookie: third })).json().role).toBe('operator');
    expect((await kernel.inject({ method: 'PATCH', url: `/api/users/${bob.id}`, payload: { password: 'bob password three' } })).statusCode).toBe(200);
    expect((await me({ cookie: third })).statusCode).toBe(401);
  });
});

describe('auth: CSRF', () => {
  let cookie: string;
  beforeAll(async () => {
    cookie = await signIn(kernel, 'alice', alice.password);
  });
  const trigger = (headers: Record<string, string>) => kernel.inject({ method: 'POST', url: '/api/cameras/nowhere/trigger', payload: { reason: 'x' }, headers });

  it('refuses a cookie-authenticated mutation from another origin, or with no origin at all', async () => {
    for (const origin of ['https://evil.example', 'http://localhost:8081', 'null']) {
      const res = await trigger({ cookie, origin });
      expect(res.statusCode, origin).toBe(403);
      expect(res.json()).toEqual({ error: 'forbidden', message: 'cross-site request refused: the Origin (or Referer) of this request is not this server' });
    }
    const evilReferer = await trigger({ cookie, referer: 'https://evil.example/page' });
    expect(evilReferer.statusCode).toBe(403);
    const none = await trigger({ cookie });
    expect(none.statusCode).toBe(403);
    expect(none.json().message).toBe('a signed-in browser request that changes something must carry an Origin or Referer header');
  });

  it('lets same-origin mutations through (Origin or Referer), and reads from anywhere', async () => {
    // 404: the camera does not exist, so the call got past authentication and the CSRF check.
    expect((await trigger({ cookie, origin: SAME_ORIGIN })).statusCode).toBe(404);
    expect((await trigger({ cookie, referer: `${SAME_ORIGIN}/cameras` })).statusCode).toBe(404);
    expect((await kernel.inject({ url: '/api/cameras', headers: { cookie, origin: 'https://evil.example' } })).statusCode).toBe(200);
  });

  it('exempts bearer keys: a foreign page cannot make a browser send them', async () => {
    const key = await createKey(kernel, ['integration']);
    expect((await trigger({ ...bearer(key), origin: 'https://evil.example' })).statusCode).toBe(404);
  });

  it('refuses a cookie-authenticated WebSocket handshake from another origin', async () => {
    const upgrade = { connection: 'upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' };
    const res = await kernel.inject({ url: '/api/events', headers: { ...upgrade, cookie, origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(403);
    expect((await kernel.inject({ url: '/api/events', headers: { ...upgrade, cookie, origin: SAME_ORIGIN } })).statusCode).toBe(200);
  });

  it('refuses a cross-site sign-in form (login CSRF)', async () => {
    const res = await login('alice', alice.password, { headers: { origin: 'https://evil.example' } });
    expect(res.statusCode).toBe(403);
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});

describe('auth: sign-in rate limit', () => {
  it('limits failures per user name with a 429 and Retry-After, the same for unknown names; correct passwords wait too', async () => {
    const carol = await addUser(kernel, 'carol', 'viewer', 'carol password 1');
    for (let i = 0; i < DEFAULT_THROTTLE.maxPerUser; i++) {
      expect((await login('carol', `wrong guess ${i}`, { remoteAddress: `198.51.100.${i}` })).statusCode).toBe(401);
      expect((await login('nobody', `wrong guess ${i}`, { remoteAddress: `198.51.100.${i}` })).statusCode).toBe(401);
    }
    const limited = await login('carol', carol.password, { remoteAddress: '198.51.100.200' });
    const unknown = await login('nobody', 'whatever it is', { remoteAddress: '198.51.100.200' });
    expect(limited.statusCode).toBe(429);
    expect(unknown.statusCode).toBe(429);
    expect(limited.json()).toEqual({ error: 'too_many_requests', message: 'too many failed sign-ins; try again in 15 min' });
    expect(unknown.json()).toEqual(limited.json());
    expect(limited.headers['retry-after']).toBe(String(DEFAULT_THROTTLE.windowMs / 1000));
    expect(limited.headers['set-cookie']).toBeUndefined();
    // Other users are not affected, and the window ends.
    expect((await login('alice', alice.password, { remoteAddress: '198.51.100.200' })).statusCode).toBe(200);
    clock.advance(DEFAULT_THROTTLE.windowMs);
    expect((await login('carol', carol.password, { remoteAddress: '198.51.100.200' })).statusCode).toBe(200);
  });

  it('limits failures per client address across user names (password spraying)', async () => {
    const address = '203.0.113.9';
    // The attempts are reserved (counted as failures) by the throttle the route uses; this saves 50 argon2 runs.
    for (let i = 0; i < DEFAULT_THROTTLE.maxPerIp; i++) await kernel.modules.auth.throttle.reserve(address, `user${i}`);
    expect((await login('alice', alice.password, { remoteAddress: address })).statusCode).toBe(429);
    expect((await login('alice', alice.password, { remoteAddress: '203.0.113.10' })).statusCode).toBe(200);
    clock.advance(DEFAULT_THROTTLE.windowMs);
  });
});

describe('auth: sign-in limits under concurrency', () => {
  it('checks at most the limit of 200 parallel guesses for one user, from one address or from many', async () => {
    const dave = await addUser(kernel, 'dave', 'viewer', 'dave password 12');
    const fromOne = await Promise.all(Array.from({ length: 200 }, (_, i) => login('dave', `guess ${i}`, { remoteAddress: '192.0.2.50' })));
    const checkedFromOne = fromOne.filter((r) => r.statusCode === 401).length;
    expect(checkedFromOne).toBeGreaterThan(0);
    expect(checkedFromOne).toBeLessThanOrEqual(DEFAULT_THROTTLE.maxPerPair);
    expect(fromOne.every((r) => r.statusCode === 401 || r.statusCode === 429)).toBe(true);

    const fromMany = await Promise.all(Array.from({ length: 200 }, (_, i) => login('dave', `guess ${i}`, { remoteAddress: `10.${Math.floor(i / 250)}.${i % 250}.7` })));
    const checkedFromMany = fromMany.filter((r) => r.statusCode === 401).length;
    expect(checkedFromOne + checkedFromMany).toBeLessThanOrEqual(DEFAULT_THROTTLE.maxPerUser);
    expect((await login('dave', dave.password, { remoteAddress: '10.9.9.9' })).statusCode).toBe(429);
    clock.advance(DEFAULT_THROTTLE.windowMs);
  });

  it('keeps a user signing in where they usually do while others fail for them elsewhere or fail behind the same address', async () => {
    const erin = await addUser(kernel, 'erin', 'viewer', 'erin password 12');
    const office = '192.0.2.60';
    expect((await login('erin', erin.password, { remoteAddress: office })).statusCode).toBe(200);
    // Someone elsewhere fails for erin; colleagues behind the office's address fail for other names.
    for (let i = 0; i < DEFAULT_THROTTLE.maxPerUser; i++) await kernel.modules.auth.throttle.reserve(`203.0.113.${i}`, 'erin');
    for (let i = 0; i < DEFAULT_THROTTLE.maxPerIp; i++) await kernel.modules.auth.throttle.reserve(office, `colleague${i}`);
    expect((await login('erin', erin.password, { remoteAddress: '198.51.100.99' })).statusCode).toBe(429);
    expect((await login('someone', 'some password', { remoteAddress: office })).statusCode).toBe(429);
    expect((await login('erin', erin.password, { remoteAddress: office })).statusCode).toBe(200);
    clock.advance(DEFAULT_THROTTLE.windowMs);
  });
});
