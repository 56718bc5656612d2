import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Forbidden, Unauthorized } from '../errors.js';
import { ADMIN_ONLY_FIELDS, SAFE_METHODS, denialReason, effectiveAccess, hasRole } from './access-policy.js';
import type { ApiKeyService } from './api-key.service.js';
import type { AuditLog, AuditOutcome } from './audit-log.js';
import type { Principal } from './principal.js';
import { classifyOrigin } from './same-origin.js';
import type { ActiveSession, SessionService } from './session.service.js';

export const SESSION_COOKIE = 'heldar_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The session behind `principal` when the caller signed in with the cookie (logout ends it). */
    authSession?: ActiveSession;
    /** The id of what a mutating call acted on, for the audit log (from the route params or a 201 body). */
    auditTarget?: string;
  }
}

export interface AuthHookDeps {
  sessions: SessionService;
  keys: ApiKeyService;
  audit: AuditLog;
}

const CROSS_SITE = 'cross-site request refused: the Origin (or Referer) of this request is not this server';
const NO_ORIGIN = 'a signed-in browser request that changes something must carry an Origin or Referer header';

/**
 * The one place every request is authenticated and authorised (onRequest, before body parsing, so an
 * anonymous caller cannot even make the server read a body), the admin-only body fields check
 * (preHandler), and the audit row of every mutating call (onSend, before the answer leaves). Installed before any route.
 */
export function installAuthHooks(app: FastifyInstance, deps: AuthHookDeps): void {
  app.decorateRequest('principal', undefined);
  app.decorateRequest('authSession', undefined);
  app.decorateRequest('auditTarget', undefined);

  app.addHook('onRequest', async (request) => {
    const route = request.routeOptions;
    const access = effectiveAccess(request.method, route.url, route.config?.access);
    const mutating = !SAFE_METHODS.has(request.method);
    if (access.public) {
      // Sign-in itself: refuse a cross-site form posting credentials (login CSRF); tools without
      // an Origin header are fine, they hold no cookie a foreign page could ride on.
      if (mutating && requestOrigin(request) === 'cross') throw new Forbidden(CROSS_SITE);
      return;
    }
    request.principal = await authenticate(request, deps);
    if (request.authSession !== undefined && (mutating || isWebSocketUpgrade(request))) {
      // SameSite=Strict already keeps the cookie off cross-site requests in current browsers; the
      // Origin check is the second lock (older browsers, sibling subdomains, misconfigured proxies).
      // A WebSocket handshake is a GET but opens a two-way channel: a foreign page must not either.
      const origin = requestOrigin(request);
      if (origin === 'cross') throw new Forbidden(CROSS_SITE);
      if (origin === 'unknown' && mutating) throw new Forbidden(NO_ORIGIN);
    }
    const denied = denialReason(request.principal, access);
    if (denied !== null) throw new Forbidden(denied);
  });

  app.addHook('preHandler', async (request) => {
    const fields = ADMIN_ONLY_FIELDS[`${request.method} ${request.routeOptions.url ?? ''}`];
    const principal = request.principal;
    if (fields === undefined || principal === undefined || hasRole(principal, 'admin')) return;
    const body = request.body;
    if (typeof body !== 'object' || body === null) return;
    const touched = fields.filter((f) => f in body);
    if (touched.length > 0) throw new Forbidden(`changing ${touched.join(', ')} needs the admin role (you are ${principal.role})`);
  });

  // Written before the answer leaves (onSend, not onResponse): a client that reads the audit log
  // right after its call finds the call there, on PostgreSQL as on SQLite.
  app.addHook('onSend', async (request, reply, payload) => {
    if (SAFE_METHODS.has(request.method)) return payload;
    const route = request.routeOptions;
    if (route.config?.audit === false) return payload;
    if (reply.statusCode === 201 && request.auditTarget === undefined) request.auditTarget = createdId(payload);
    await deps.audit.recordQuietly({
      actor: request.principal ?? { kind: 'anonymous' },
      action: `${request.method} ${route.url ?? '(no route)'}`,
      method: request.method,
      route: route.url ?? null,
      target: request.auditTarget ?? targetFromParams(request.params),
      status: reply.statusCode,
      outcome: outcomeOf(reply.statusCode),
      ip: request.ip,
    });
    return payload;
  });
}

/** Bearer API key when an Authorization header is sent (it wins over a cookie), else the session cookie. */
async function authenticate(request: FastifyRequest, deps: AuthHookDeps): Promise<Principal> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    if (!match) throw new Unauthorized('send the API key as "Authorization: Bearer <key>"');
    const principal = await deps.keys.authenticate(match[1]!);
    if (principal === null) throw new Unauthorized('the API key is not valid (unknown, mistyped or revoked)');
    return principal;
  }
  const token = request.cookies[SESSION_COOKIE];
  if (token !== undefined && token !== '') {
    const session = await deps.sessions.authenticate(token);
    if (session === null) throw new Unauthorized('the session has ended (signed out or expired); sign in again');
    request.authSession = session;
    return { kind: 'user', id: session.user.id, name: session.user.username, role: session.user.role, scopes: [] };
  }
  throw new Unauthorized('sign in first (POST /api/auth/login) or send an API key as "Authorization: Bearer <key>"');
}

function isWebSocketUpgrade(request: FastifyRequest): boolean {
  return request.headers.upgrade?.toLowerCase() === 'websocket';
}

function requestOrigin(request: FastifyRequest): 'same' | 'cross' | 'unknown' {
  return classifyOrigin({ origin: request.headers.origin, referer: request.headers.referer }, request.host);
}

/** Secure when the client's connection is TLS, directly or as the proxy reports it. */
export function isHttps(request: FastifyRequest): boolean {
  // Marking a cookie Secure only ever narrows where it goes, so a client-sent X-Forwarded-Proto is
  // believed here even without HELDAR_TRUST_PROXY: a liar only locks themselves out of plain HTTP.
  return request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
}

export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: number, now: number): void {
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: isHttps(request),
    path: '/',
    maxAge: Math.max(0, Math.floor((expiresAt - now) / 1000)),
  });
}

export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  reply.clearCookie(SESSION_COOKIE, { httpOnly: true, sameSite: 'strict', secure: isHttps(request), path: '/' });
}

function outcomeOf(status: number): AuditOutcome {
  if (status < 400) return 'ok';
  if (status === 401 || status === 403) return 'denied';
  if (status === 429) return 'throttled';
  return status >= 500 ? 'error' : 'rejected';
}

function targetFromParams(params: unknown): string | null {
  if (typeof params !== 'object' || params === null) return null;
  const record = params as Record<string, unknown>;
  const value = record.id ?? Object.values(record)[0];
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
}

/** The `id` of a created resource from its 201 JSON body (only the id is kept; the body never is). */
function createdId(payload: unknown): string | undefined {
  if (typeof payload !== 'string' || payload.length > 65_536 || !payload.startsWith('{')) return undefined;
  try {
    const id = (JSON.parse(payload) as { id?: unknown }).id;
    return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined;
  } catch {
    // Not JSON after all: the audit row then has no target, which is all this costs.
    return undefined;
  }
}
