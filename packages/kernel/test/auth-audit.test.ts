import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addUser, browser, signIn } from './helpers/auth.js';
import { startTestKernel, type TestKernel } from './helpers/test-kernel.js';

interface Entry {
  id: number;
  at: string;
  actor_kind: string;
  actor_id: string | null;
  actor: string | null;
  ip: string | null;
  action: string;
  method: string | null;
  route: string | null;
  target_id: string | null;
  status: number | null;
  outcome: string;
  detail: Record<string, unknown> | null;
}

let kernel: TestKernel;
let adminCookie: string;
let viewerCookie: string;
const PASSWORDS = ['audit admin password', 'audit viewer password', 'a wrong password!', 'the new user secret'];

beforeAll(async () => {
  kernel = await startTestKernel();
  await addUser(kernel, 'boss', 'admin', PASSWORDS[0]);
  await addUser(kernel, 'watcher', 'viewer', PASSWORDS[1]);
  adminCookie = await signIn(kernel, 'boss', PASSWORDS[0]!);
  viewerCookie = await signIn(kernel, 'watcher', PASSWORDS[1]!);
});
afterAll(async () => {
  await kernel.dispose();
});

async function audit(query = ''): Promise<Entry[]> {
  const res = await kernel.inject({ url: `/api/audit${query}` });
  expect(res.statusCode).toBe(200);
  return (res.json() as { entries: Entry[] }).entries;
}

describe('auth: audit log', () => {
  it('records sign-ins, ok and failed, with the name tried and never the password', async () => {
    await kernel.injectAnonymous({ method: 'POST', url: '/api/auth/login', payload: { username: 'boss', password: PASSWORDS[2] }, remoteAddress: '192.0.2.44' });
    const logins = await audit('?action=login');
    expect(logins[0]).toMatchObject({ actor_kind: 'anonymous', actor: 'boss', ip: '192.0.2.44', action: 'login', status: 401, outcome: 'failed', detail: { username: 'boss' } });
    expect(logins.find((e) => e.outcome === 'ok' && e.actor === 'watcher')).toMatchObject({ actor_kind: 'user', target_id: expect.stringMatching(/^usr_/), status: 200 });
  });

  it('records every kind of mutating call: actor, route, target, status and outcome', async () => {
    const camera = await kernel.inject({ method: 'POST', url: '/api/cameras', headers: browser(adminCookie), payload: { name: 'Dock', stream_url: 'rtsp://u:campass@dock.local/live' } });
    expect(camera.statusCode).toBe(201);
    const cameraId = (camera.json() as { id: string }).id;
    await kernel.inject({ method: 'PATCH', url: `/api/cameras/${cameraId}`, headers: browser(adminCookie), payload: { record_mode: 'event' } });
    await kernel.inject({ method: 'POST', url: `/api/cameras/${cameraId}/trigger`, headers: browser(viewerCookie), payload: { reason: 'x' } });
    await kernel.injectAnonymous({ method: 'DELETE', url: `/api/cameras/${cameraId}` });
    const user = (await kernel.inject({ method: 'POST', url: '/api/users', payload: { username: 'newbie', password: PASSWORDS[3] } })).json() as { id: string };
    const key = (await kernel.inject({ method: 'POST', url: '/api/keys', payload: { name: 'audited', scopes: ['worker'] } })).json() as { id: string; key: string };
    await kernel.inject({ method: 'DELETE', url: `/api/keys/${key.id}` });
    await kernel.inject({ method: 'POST', url: '/api/auth/logout', headers: browser(viewerCookie) });

    const entries = await audit('?limit=20');
    const find = (action: string) => entries.find((e) => e.action === action);
    expect(find('POST /api/cameras')).toMatchObject({ actor_kind: 'user', actor: 'boss', method: 'POST', route: '/api/cameras', target_id: cameraId, status: 201, outcome: 'ok', ip: '127.0.0.1' });
    expect(find('PATCH /api/cameras/:id')).toMatchObject({ actor: 'boss', target_id: cameraId, status: 200, outcome: 'ok' });
    expect(find('POST /api/cameras/:id/trigger')).toMatchObject({ actor: 'watcher', target_id: cameraId, status: 403, outcome: 'denied' });
    expect(find('DELETE /api/cameras/:id')).toMatchObject({ actor_kind: 'anonymous', actor: null, target_id: cameraId, status: 401, outcome: 'denied' });
    expect(find('POST /api/users')).toMatchObject({ actor_kind: 'api_key', actor: 'test-admin', target_id: user.id, status: 201 });
    expect(find('POST /api/keys')).toMatchObject({ actor: 'test-admin', target_id: key.id, status: 201 });
    expect(find('DELETE /api/keys/:id')).toMatchObject({ target_id: key.id, status: 204, outcome: 'ok' });
    expect(find('POST /api/auth/logout')).toMatchObject({ actor: 'watcher', status: 204 });
    // Reads are not audited (GET /api/audit itself included).
    expect(entries.some((e) => e.method === 'GET')).toBe(false);

    // Nothing secret in the log: no request body, password, key or camera credential.
    const rows = JSON.stringify(await kernel.db.selectFrom('audit_log').selectAll().execute());
    for (const secret of [...PASSWORDS, key.key, 'campass', kernel.adminKey]) expect(rows).not.toContain(secret);
  });

  it('filters by actor, action (exact or prefix), outcome and time, newest first, with a limit', async () => {
    const byBoss = await audit('?actor=boss');
    expect(byBoss.length).toBeGreaterThan(0);
    expect(byBoss.every((e) => e.actor === 'boss')).toBe(true);
    expect(await audit(`?action=${encodeURIComponent('POST /api/cameras')}`)).toHaveLength(1);
    const prefixed = await audit(`?action=${encodeURIComponent('POST /api/cameras*')}`);
    expect(prefixed.map((e) => e.action).sort()).toEqual(['POST /api/cameras', 'POST /api/cameras/:id/trigger']);
    const denied = await audit('?outcome=denied');
    expect(denied.length).toBe(2);
    const ids = (await audit()).map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(await audit('?limit=2')).toHaveLength(2);
    expect(await audit(`?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).toEqual([]);
    expect((await audit(`?to=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`)).length).toBe(ids.length);
    const bad = await kernel.inject({ url: '/api/audit?from=yesterday' });
    expect(bad.statusCode).toBe(400);
  });

  it('is for admins only', async () => {
    const operator = await addUser(kernel, 'op', 'operator', 'operator password');
    const cookie = await signIn(kernel, operator.username, operator.password);
    expect((await kernel.inject({ url: '/api/audit', headers: { cookie } })).statusCode).toBe(403);
  });
});
