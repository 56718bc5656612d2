import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SAFE_METHODS } from '../src/auth/access-policy.js';
import { addUser, bearer, bodyOf, browser, concreteUrl, signIn } from './helpers/auth.js';
import { startTestKernel, type TestKernel } from './helpers/test-kernel.js';

const logLines: string[] = [];
let kernel: TestKernel;
beforeAll(async () => {
  kernel = await startTestKernel({}, { logLines });
});
afterAll(async () => {
  await kernel.dispose();
});

/** Every secret a test handed to the server; none may ever come back or reach a log line. */
const secrets: string[] = [];

describe('auth: API keys', () => {
  it('creates a key, shows it once, stores only a hash, and lists it without secrets', async () => {
    const res = await kernel.inject({ method: 'POST', url: '/api/keys', payload: { name: 'gate-worker', scopes: ['worker'] } });
    expect(res.statusCode).toBe(201);
    const created = res.json() as { id: string; name: string; scopes: string[]; key: string; rtsp_password: string; created_at: string };
    expect(Object.keys(created).sort()).toEqual(['created_at', 'id', 'key', 'name', 'rtsp_password', 'scopes']);
    // The RTSP restream's digest password: shown here once, like the key, and never listed.
    expect(created.rtsp_password).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(created).toMatchObject({ name: 'gate-worker', scopes: ['worker'] });
    expect(created.key).toMatch(new RegExp(`^hk_${created.id}_[A-Za-z0-9_-]{43}$`));
    const secret = created.key.slice(`hk_${created.id}_`.length);
    secrets.push(created.key, secret, created.rtsp_password);

    const row = await kernel.db.selectFrom('api_keys').selectAll().where('id', '=', created.id).executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(secret);
    expect(row.secret_hash).toBe(createHash('sha256').update(secret).digest('hex'));

    const list = await kernel.inject({ url: '/api/keys' });
    const listed = (list.json() as { keys: Record<string, unknown>[] }).keys.find((k) => k.id === created.id);
    expect(listed).toEqual({ id: created.id, name: 'gate-worker', scopes: ['worker'], created_by: 'test-admin', created_at: created.created_at, last_used_at: null, revoked_at: null });
    expect(list.body).not.toContain(secret);
    expect(list.body).not.toContain(row.secret_hash);
    expect(list.body).not.toContain(created.rtsp_password);
  });

  it('authenticates with the key as a bearer token, records last use, and revokes at once', async () => {
    const created = (await kernel.inject({ method: 'POST', url: '/api/keys', payload: { name: 'app', scopes: ['integration'] } })).json() as { id: string; key: string };
    secrets.push(created.key);
    const who = await kernel.inject({ url: '/api/auth/me', headers: bearer(created.key) });
    expect(who.json()).toEqual({ kind: 'api_key', id: created.id, name: 'app', role: 'operator', scopes: ['integration'], session_expires_at: null });
    expect((await kernel.inject({ url: '/api/cameras', headers: bearer(created.key) })).statusCode).toBe(200);
    const used = (await kernel.inject({ url: '/api/keys' })).json().keys.find((k: { id: string }) => k.id === created.id);
    expect(Date.parse(used.last_used_at)).toBeGreaterThan(Date.now() - 60_000);

    const revoke = await kernel.inject({ method: 'DELETE', url: `/api/keys/${created.id}` });
    expect(revoke.statusCode).toBe(204);
    const after = await kernel.inject({ url: '/api/cameras', headers: bearer(created.key) });
    expect(after.statusCode).toBe(401);
    expect(after.json()).toEqual({ error: 'unauthorized', message: 'the API key is not valid (unknown, mistyped or revoked)' });
    const listed = (await kernel.inject({ url: '/api/keys' })).json().keys.find((k: { id: string }) => k.id === created.id);
    expect(listed.revoked_at).not.toBeNull();
    expect((await kernel.inject({ method: 'DELETE', url: '/api/keys/0000000000000000' })).json()).toEqual({ error: 'not_found', message: 'API key 0000000000000000 not found' });
  });

  it('refuses a key with a right id and a wrong secret', async () => {
    const created = (await kernel.inject({ method: 'POST', url: '/api/keys', payload: { name: 'x', scopes: ['admin'] } })).json() as { id: string; key: string };
    secrets.push(created.key);
    const forged = `hk_${created.id}_${'A'.repeat(43)}`;
    expect((await kernel.inject({ url: '/api/cameras', headers: bearer(forged) })).statusCode).toBe(401);
  });

  it.each([
    [{ name: 'x', scopes: [] }, 'scopes'],
    [{ name: 'x', scopes: ['root'] }, 'worker, integration, admin'],
    [{ name: '', scopes: ['worker'] }, 'name'],
    [{ name: 'x', scopes: ['worker'], key: 'mine' }, 'key'],
  ])('rejects %j with a 400', async (payload, words) => {
    const res = await kernel.inject({ method: 'POST', url: '/api/keys', payload });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toContain(words);
  });
});

describe('auth: users', () => {
  it('adds, lists, changes and deletes users; never shows a password or hash', async () => {
    const create = await kernel.inject({ method: 'POST', url: '/api/users', payload: { username: 'Dana', password: 'dana secret words', role: 'operator' } });
    expect(create.statusCode).toBe(201);
    const dana = create.json() as { id: string };
    secrets.push('dana secret words');
    expect(create.json()).toMatchObject({ username: 'dana', role: 'operator', last_login_at: null });
    expect(Object.keys(create.json()).sort()).toEqual(['created_at', 'id', 'last_login_at', 'role', 'updated_at', 'username']);

    const row = await kernel.db.selectFrom('users').selectAll().where('id', '=', dana.id).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);

    expect((await kernel.inject({ method: 'POST', url: '/api/users', payload: { username: 'DANA', password: 'another long one' } })).statusCode).toBe(409);
    const short = await kernel.inject({ method: 'POST', url: '/api/users', payload: { username: 'eve', password: 'short' } });
    expect(short.json()).toEqual({ error: 'bad_request', message: 'the password must be at least 12 characters long' });
    const badName = await kernel.inject({ method: 'POST', url: '/api/users', payload: { username: 'no spaces', password: 'long enough pass' } });
    expect(badName.statusCode).toBe(400);

    const patched = await kernel.inject({ method: 'PATCH', url: `/api/users/${dana.id}`, payload: { role: 'viewer', password: 'dana new secret' } });
    secrets.push('dana new secret');
    expect(patched.json()).toMatchObject({ role: 'viewer' });
    expect(await signIn(kernel, 'dana', 'dana new secret')).toMatch(/^heldar_session=/);
    expect((await kernel.inject({ method: 'PATCH', url: `/api/users/${dana.id}`, payload: {} })).statusCode).toBe(400);

    expect((await kernel.inject({ method: 'DELETE', url: `/api/users/${dana.id}` })).statusCode).toBe(204);
    expect((await kernel.inject({ url: `/api/users/${dana.id}` })).statusCode).toBe(404);
    expect(await kernel.db.selectFrom('sessions').selectAll().where('user_id', '=', dana.id).execute()).toEqual([]);
  });

  it('keeps at least one admin', async () => {
    const root = await addUser(kernel, 'root', 'admin');
    const demote = await kernel.inject({ method: 'PATCH', url: `/api/users/${root.id}`, payload: { role: 'operator' } });
    expect(demote.statusCode).toBe(409);
    expect(demote.json().message).toBe('this is the last admin; make another user admin first');
    expect((await kernel.inject({ method: 'DELETE', url: `/api/users/${root.id}` })).statusCode).toBe(409);
    const second = await addUser(kernel, 'root2', 'admin');
    expect((await kernel.inject({ method: 'DELETE', url: `/api/users/${root.id}` })).statusCode).toBe(204);
    expect((await kernel.inject({ method: 'DELETE', url: `/api/users/${second.id}` })).statusCode).toBe(409);
  });

  it('never returns a password, a hash, a session token or a key from any GET route', async () => {
    const user = await addUser(kernel, 'frank', 'admin', 'frank password 12');
    secrets.push(user.password);
    const cookie = await signIn(kernel, 'frank', user.password);
    secrets.push(cookie.split('=')[1]!);
    const hashes = (await kernel.db.selectFrom('users').select('password_hash').execute()).map((r) => r.password_hash);
    const keyHashes = (await kernel.db.selectFrom('api_keys').select('secret_hash').execute()).map((r) => r.secret_hash);
    const forbidden = [...secrets, ...hashes, ...keyHashes, kernel.adminKey, '$argon2'];
    const concrete = (url: string) => url.replace(/^\/api\/users\/:id$/, `/api/users/${user.id}`);
    for (const route of kernel.routes.filter((r) => SAFE_METHODS.has(r.method) && r.url.startsWith('/api/') && !r.url.startsWith('/api/docs'))) {
      for (const headers of [{}, browser(cookie)]) {
        const res = await bodyOf(kernel, { url: concreteUrl(concrete(route.url)), headers });
        for (const secret of forbidden) expect(res.body, `${route.url} leaks`).not.toContain(secret);
      }
    }
  });

  it('never writes a password, a key or a token into a log line', () => {
    expect(logLines.length).toBeGreaterThan(10);
    const log = logLines.join('\n');
    for (const secret of [...secrets, kernel.adminKey]) expect(log).not.toContain(secret);
  });
});
