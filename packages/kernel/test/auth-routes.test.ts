import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLE_RANK, SAFE_METHODS } from '../src/auth/access-policy.js';
import type { Role } from '../src/auth/principal.js';
import type { RouteEntry } from '../src/http/app.js';
import { addUser, bearer, browser, concreteUrl, createKey, signIn, statusOf } from './helpers/auth.js';
import { startTestKernel, type TestKernel } from './helpers/test-kernel.js';

// Every route of the kernel, as Fastify registered them: a route added by any feature is covered here
// without anyone remembering to add it.

/** The only routes anyone may call without credentials. */
const PUBLIC = new Set([
  'GET /api/health',
  // The orchestrator's probes: no details beyond ok or the failing checks.
  'GET /healthz',
  'GET /readyz',
  'POST /api/auth/login',
  // The operator UI's page and assets (when built): the page holds no data; every API call it makes is authenticated.
  'GET /',
  'GET /*',
  // Another node's request for a segment file: refused without a node signature instead of credentials
  // (cluster/peers/peer-token.ts; nodes-footage.postgres.test.ts checks the refusals).
  'GET /api/internal/segments/:id/file',
  'POST /api/internal/cameras/:id/trigger',
]);
/** Mutations a viewer may make (docs/security.md: viewers watch recordings; everyone may sign out or change their password). */
const VIEWER_MAY_MUTATE = new Set(['POST /api/auth/logout', 'POST /api/auth/password', 'POST /api/playback', 'DELETE /api/playback/:id']);
/** Admin-only areas: users, keys, audit. */
const ADMIN_AREA = /^\/api\/(users|keys|audit)(\/|$)/;
/** Admin-only camera calls (they add or remove what the site records). */
const ADMIN_CAMERA_CALLS = new Set(['POST /api/cameras', 'DELETE /api/cameras/:id']);

let kernel: TestKernel;
let routes: RouteEntry[];
const sessions = {} as Record<Role, Record<string, string>>;
const keys = {} as Record<'worker' | 'integration' | 'admin', Record<string, string>>;

beforeAll(async () => {
  kernel = await startTestKernel();
  await kernel.app.ready();
  routes = kernel.routes.filter((r) => r.method !== 'OPTIONS');
  for (const role of ['viewer', 'operator', 'admin'] as const) {
    const user = await addUser(kernel, `${role}-user`, role);
    sessions[role] = browser(await signIn(kernel, user.username, user.password));
  }
  for (const scope of ['worker', 'integration', 'admin'] as const) keys[scope] = bearer(await createKey(kernel, [scope]));
});
afterAll(async () => {
  await kernel.dispose();
});

const key = (r: RouteEntry) => `${r.method} ${r.url}`;
const request = (r: RouteEntry, headers: Record<string, string>) => statusOf(kernel, { method: r.method as 'GET', url: concreteUrl(r.url), headers });
const declared = (r: RouteEntry) => {
  const access = kernel.modules.auth.routeAccess(r.method, r.url);
  if (!access) throw new Error(`no access rules recorded for ${key(r)}`);
  return access;
};
const passedAuth = (status: number) => status !== 401 && status !== 403;

describe('auth: every registered route', () => {
  it('knows the routes (core, auth, docs)', () => {
    const all = new Set(routes.map(key));
    for (const r of ['GET /api/cameras', 'POST /api/keys', 'GET /api/audit', 'GET /api/docs/json', 'POST /api/auth/login']) expect(all).toContain(r);
    expect(routes.length).toBeGreaterThan(25);
  });

  it('answers 401 in the error shape to a caller without credentials, except the public routes', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      if (PUBLIC.has(key(route))) continue;
      const res = await kernel.injectAnonymous({ method: route.method as 'GET', url: concreteUrl(route.url) });
      const body = res.json() as { error?: string; message?: string };
      if (res.statusCode !== 401 || body.error !== 'unauthorized' || !body.message) failures.push(`${key(route)} → ${res.statusCode} ${res.body}`);
    }
    expect(failures).toEqual([]);
  });

  it('marks only the known public routes public, and health answers without credentials', async () => {
    const declaredPublic = routes.filter((r) => declared(r).public).map(key);
    for (const r of declaredPublic) expect(PUBLIC, r).toContain(r);
    expect(declaredPublic).toContain('GET /api/health');
    expect((await kernel.injectAnonymous({ url: '/api/health' })).statusCode).toBe(200);
  });

  it('treats a malformed or unknown bearer token as no credentials (401), even with a valid cookie', async () => {
    for (const authorization of ['Bearer nope', 'Basic YWRtaW46YWRtaW4=', `Bearer hk_0123456789abcdef_${'a'.repeat(43)}`]) {
      const res = await kernel.inject({ url: '/api/cameras', headers: { ...sessions.admin, authorization } });
      expect(res.statusCode, authorization).toBe(401);
    }
  });

  it('viewer: reads what viewers may read, never mutates (but may watch playback and sign out)', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      if (PUBLIC.has(key(route)) || key(route) === 'POST /api/auth/logout') continue;
      const status = await request(route, sessions.viewer);
      const mustDeny = ADMIN_AREA.test(route.url) || (!SAFE_METHODS.has(route.method) && !VIEWER_MAY_MUTATE.has(key(route)));
      const allowed = !mustDeny && ROLE_RANK.viewer >= ROLE_RANK[declared(route).minRole];
      if (allowed !== passedAuth(status) || (!allowed && status !== 403)) failures.push(`${key(route)} → ${status}`);
    }
    expect(failures).toEqual([]);
  });

  it('operator: works cameras and recordings, never users, keys, audit, nor adds/removes cameras', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      if (PUBLIC.has(key(route)) || key(route) === 'POST /api/auth/logout') continue;
      const status = await request(route, sessions.operator);
      const mustDeny = ADMIN_AREA.test(route.url) || ADMIN_CAMERA_CALLS.has(key(route));
      const allowed = !mustDeny && ROLE_RANK.operator >= ROLE_RANK[declared(route).minRole];
      if (allowed !== passedAuth(status) || (!allowed && status !== 403)) failures.push(`${key(route)} → ${status}`);
    }
    expect(failures).toEqual([]);
  });

  it('admin (session and admin key): passes auth on every route', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      if (PUBLIC.has(key(route))) continue;
      if (key(route) !== 'POST /api/auth/logout') {
        const status = await request(route, sessions.admin);
        if (!passedAuth(status)) failures.push(`session ${key(route)} → ${status}`);
      }
      const status = await request(route, keys.admin);
      if (!passedAuth(status)) failures.push(`key ${key(route)} → ${status}`);
    }
    expect(failures).toEqual([]);
  });

  it('integration key: acts as an operator, but not on worker-only routes', async () => {
    const failures: string[] = [];
    for (const route of routes) {
      if (PUBLIC.has(key(route))) continue;
      const access = declared(route);
      const status = await request(route, keys.integration);
      const allowed = access.scopes.length > 0 ? access.scopes.includes('integration') : ROLE_RANK.operator >= ROLE_RANK[access.minRole];
      if (allowed !== passedAuth(status) || (!allowed && status !== 403)) failures.push(`${key(route)} → ${status}`);
    }
    expect(failures).toEqual([]);
  });

  it('worker key: reaches only the routes marked for workers', async () => {
    const failures: string[] = [];
    const reached: string[] = [];
    for (const route of routes) {
      if (PUBLIC.has(key(route))) continue;
      const status = await request(route, keys.worker);
      const allowed = declared(route).scopes.includes('worker');
      if (allowed) reached.push(key(route));
      if (allowed !== passedAuth(status) || (!allowed && status !== 403)) failures.push(`${key(route)} → ${status}`);
    }
    expect(failures).toEqual([]);
    expect(reached).toContain('GET /api/auth/me');
  });

  it('refuses an operator changing where a camera connects, but not its recording settings', async () => {
    const created = await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { id: 'gate', name: 'Gate', stream_url: 'rtsp://cam.local/live', record_enabled: false } });
    expect(created.statusCode).toBe(201);
    const patch = (payload: object, headers: Record<string, string>) => kernel.inject({ method: 'PATCH', url: '/api/cameras/gate', payload, headers });

    expect((await patch({ record_mode: 'event', post_roll_seconds: 20 }, sessions.operator)).statusCode).toBe(200);
    const moved = await patch({ stream_url: 'rtsp://attacker.example/live' }, sessions.operator);
    expect(moved.statusCode).toBe(403);
    expect(moved.json()).toEqual({ error: 'forbidden', message: 'changing stream_url needs the admin role (you are operator)' });
    expect((await patch({ password: 'x' }, keys.integration)).statusCode).toBe(403);
    expect((await patch({ stream_url: 'rtsp://cam2.local/live' }, sessions.admin)).statusCode).toBe(200);
    expect((await kernel.inject({ url: '/api/cameras/gate' })).json()).toMatchObject({ record_mode: 'event', stream_url: 'rtsp://cam2.local/live' });
  });

  it('protects the API docs and answers 403 with the error shape', async () => {
    expect((await kernel.injectAnonymous({ url: '/api/docs/json' })).statusCode).toBe(401);
    expect((await kernel.inject({ url: '/api/docs/json', headers: sessions.viewer })).statusCode).toBe(200);
    const denied = await kernel.inject({ url: '/api/users', headers: sessions.operator });
    expect(denied.statusCode).toBe(403);
    expect(denied.json()).toEqual({ error: 'forbidden', message: 'this call needs the admin role (you are operator)' });
  });
});
