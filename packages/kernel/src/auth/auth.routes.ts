import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Clock } from '../clock.js';
import { errorResponses } from '../contract/schemas.js';
import { toRfc3339, toRfc3339OrNull } from '../time.js';
import { clearSessionCookie, setSessionCookie } from './auth.hooks.js';
import { LoginBody, LoginResponse, MeResponse, PasswordChangeBody, UserSchema } from './auth.schemas.js';
import { LoginThrottled, type LoginService } from './login.service.js';
import type { Principal } from './principal.js';
import type { SessionService } from './session.service.js';
import type { UserDto } from './user.service.js';

export interface AuthRoutesDeps {
  login: LoginService;
  sessions: SessionService;
  clock: Clock;
}

/** The principal every route sees after the auth hook; only public routes lack one. */
export function principalOf(request: { principal?: Principal | undefined }): Principal {
  if (request.principal === undefined) throw new Error('auth: route reached without a principal');
  return request.principal;
}

export function userJson(user: UserDto) {
  return {
    ...user,
    created_at: toRfc3339(user.created_at),
    updated_at: toRfc3339(user.updated_at),
    last_login_at: toRfc3339OrNull(user.last_login_at),
  };
}

export const authRoutes: FastifyPluginAsyncTypebox<AuthRoutesDeps> = async (app, { login, sessions, clock }) => {
  const tags = ['auth'];

  app.post('/api/auth/login', {
    // Public by nature; writes its own audit rows (`login`, with the user name tried).
    config: { access: { public: true }, audit: false },
    schema: {
      tags,
      summary: 'Sign in',
      description:
        'Sets the httpOnly, SameSite=Strict session cookie `heldar_session`. Failed attempts are limited per user name and per client address (429 with Retry-After).',
      security: [],
      body: LoginBody,
      response: { 200: LoginResponse, ...errorResponses(400, 401, 403, 429) },
    },
    handler: async (request, reply) => {
      try {
        const result = await login.login(request.body.username, request.body.password, request.ip);
        setSessionCookie(request, reply, result.token, result.cookieExpiresAt, clock.now());
        return { user: userJson(result.user), expires_at: toRfc3339(result.expiresAt) };
      } catch (e: unknown) {
        if (e instanceof LoginThrottled) void reply.header('retry-after', String(e.retryAfterSeconds));
        throw e;
      }
    },
  });

  app.post('/api/auth/logout', {
    config: { access: { minRole: 'viewer' } },
    schema: { tags, summary: 'Sign out: ends the session on the server and clears the cookie', response: { 204: Type.Null(), ...errorResponses(401, 403) } },
    handler: async (request, reply) => {
      if (request.authSession !== undefined) await sessions.revoke(request.authSession.id);
      clearSessionCookie(request, reply);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/auth/me', {
    // Every key may ask who it is (a worker checks its key with it).
    config: { access: { minRole: 'viewer', scopes: ['worker', 'integration', 'admin'] } },
    schema: { tags, summary: 'Who is calling', response: { 200: MeResponse, ...errorResponses(401) } },
    handler: (request) => {
      const p = principalOf(request);
      return {
        kind: p.kind,
        id: p.id,
        name: p.name,
        role: p.role,
        scopes: [...p.scopes],
        session_expires_at: request.authSession === undefined ? null : toRfc3339(request.authSession.expiresAt),
      };
    },
  });

  app.post('/api/auth/password', {
    config: { access: { minRole: 'viewer' } },
    schema: {
      tags,
      summary: 'Change your own password',
      description: 'Ends your other sessions; this one stays signed in.',
      body: PasswordChangeBody,
      response: { 200: UserSchema, ...errorResponses(400, 401, 403, 429) },
    },
    handler: async (request, reply) => {
      try {
        const user = await login.changeOwnPassword(principalOf(request), request.authSession?.id, request.body.current_password, request.body.new_password, request.ip);
        return userJson(user);
      } catch (e: unknown) {
        if (e instanceof LoginThrottled) void reply.header('retry-after', String(e.retryAfterSeconds));
        throw e;
      }
    },
  });
};
