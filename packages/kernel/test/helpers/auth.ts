import type { InjectOptions } from 'fastify';
import type { KeyScope, Role } from '../../src/auth/principal.js';
import type { TestKernel } from './test-kernel.js';

/** What a browser on the same origin sends: `inject` talks to host localhost:80. */
export const SAME_ORIGIN = 'http://localhost';

export interface TestUser {
  id: string;
  username: string;
  password: string;
}

/** Adds a user through the service (no HTTP, no audit row). */
export async function addUser(kernel: TestKernel, username: string, role: Role, password = `${username} pass phrase 1`): Promise<TestUser> {
  const user = await kernel.modules.auth.users.create({ username, password, role });
  return { id: user.id, username: user.username, password };
}

/** Signs in over HTTP and returns the `cookie` header value the browser would send back. */
export async function signIn(kernel: TestKernel, username: string, password: string): Promise<string> {
  const res = await kernel.injectAnonymous({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`sign-in of ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = res.cookies.find((c) => c.name === 'heldar_session');
  if (!cookie) throw new Error('no session cookie set');
  return `heldar_session=${cookie.value}`;
}

/** Headers of a signed-in browser on the same origin (passes the CSRF check). */
export function browser(cookie: string): Record<string, string> {
  return { cookie, origin: SAME_ORIGIN };
}

export function bearer(key: string): Record<string, string> {
  return { authorization: `Bearer ${key}` };
}

/** Creates an API key the way every client does (POST /api/keys as admin); returns the key. */
export async function createKey(kernel: TestKernel, scopes: KeyScope[], name = `key-${scopes.join('-')}`): Promise<string> {
  const res = await kernel.inject({ method: 'POST', url: '/api/keys', payload: { name, scopes } });
  if (res.statusCode !== 201) throw new Error(`key not created: ${res.statusCode} ${res.body}`);
  return (res.json() as { key: string }).key;
}

/** A route pattern with every `:param` and `*` filled with a dummy value. */
export function concreteUrl(pattern: string): string {
  return pattern.replace(/:[A-Za-z0-9_]+/g, 'x').replace(/\*/g, 'x');
}

/**
 * The status of a request, without waiting for the whole body (a stream such as SSE never ends).
 * Auth answers (401/403) come before any handler runs, so the status alone tells whether auth let
 * the request through.
 */
export async function statusOf(kernel: TestKernel, options: InjectOptions, anonymous = false): Promise<number> {
  const opts = { ...options, payloadAsStream: true };
  const res = anonymous ? await kernel.injectAnonymous(opts) : await kernel.inject(opts);
  const stream = res.stream();
  stream.on('error', () => undefined);
  stream.destroy();
  return res.statusCode;
}

/** The body of a GET, or what arrived of it within `maxMs` (an event stream never ends). */
export async function bodyOf(kernel: TestKernel, options: InjectOptions, maxMs = 1000): Promise<{ status: number; body: string }> {
  const res = await kernel.inject({ ...options, payloadAsStream: true });
  const stream = res.stream();
  stream.on('error', () => undefined);
  const chunks: Buffer[] = [];
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, maxMs);
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => {
      clearTimeout(timer);
      resolve();
    });
  });
  stream.destroy();
  return { status: res.statusCode, body: Buffer.concat(chunks).toString('utf8') };
}
