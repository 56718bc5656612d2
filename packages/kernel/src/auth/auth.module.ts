import cookie from '@fastify/cookie';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Db } from '../db/database.js';
import type { Config } from '../config.js';
import type { FeatureModule } from '../feature-module.js';
import { effectiveAccess, type EffectiveAccess } from './access-policy.js';
import { ApiKeyRepository } from './api-key.repository.js';
import { apiKeyRoutes } from './api-key.routes.js';
import { ApiKeyService } from './api-key.service.js';
import { AuditLog } from './audit-log.js';
import { AuditRepository } from './audit.repository.js';
import { auditRoutes } from './audit.routes.js';
import { installAuthHooks } from './auth.hooks.js';
import { authRoutes } from './auth.routes.js';
import { LoginAttemptRepository } from './login-attempt.repository.js';
import { LoginThrottle } from './login-throttle.js';
import { LoginService } from './login.service.js';
import { SessionRepository } from './session.repository.js';
import { SessionService, type SessionPolicy } from './session.service.js';
import { generatePassword } from './tokens.js';
import { UserRepository } from './user.repository.js';
import { userRoutes } from './user.routes.js';
import { UserService } from './user.service.js';

/** The auth services, built on a database: by the kernel, and by the CLI (`heldar user|key`) without one. */
export interface AuthServices {
  users: UserService;
  sessions: SessionService;
  keys: ApiKeyService;
  audit: AuditLog;
  login: LoginService;
  throttle: LoginThrottle;
}

/** What a first start did about the `admin` user. */
export type FirstAdmin =
  | { created: false }
  /** `generatedPassword` is null when the password came from HELDAR_ADMIN_PASSWORD. */
  | { created: true; username: string; generatedPassword: string | null };

export const FIRST_ADMIN = 'admin';

export function createAuthServices(db: Db, clock: Clock, logger: Logger, sessionPolicy: SessionPolicy): AuthServices {
  const sessionRepository = new SessionRepository(db);
  const users = new UserService(new UserRepository(db), sessionRepository, clock);
  const sessions = new SessionService(sessionRepository, clock, sessionPolicy);
  const audit = new AuditLog(new AuditRepository(db), clock, logger);
  const throttle = new LoginThrottle(new LoginAttemptRepository(db), clock);
  return {
    users,
    sessions,
    keys: new ApiKeyService(new ApiKeyRepository(db), clock),
    audit,
    login: new LoginService(users, sessions, throttle, audit, clock),
    throttle,
  };
}

/**
 * When no user exists yet, creates `admin` with `password` (HELDAR_ADMIN_PASSWORD) or a random one
 * that the caller shows once. Does nothing once any user exists.
 */
export async function ensureFirstAdmin(services: AuthServices, password: string | null): Promise<FirstAdmin> {
  if ((await services.users.count()) > 0) return { created: false };
  const generatedPassword = password === null ? generatePassword() : null;
  const user = await services.users.create({ username: FIRST_ADMIN, password: password ?? generatedPassword ?? '', role: 'admin' });
  await services.audit.record({
    actor: { kind: 'system', name: 'first start' },
    action: 'first_admin',
    target: user.id,
    outcome: 'ok',
    detail: { username: user.username, password_source: generatedPassword === null ? 'HELDAR_ADMIN_PASSWORD' : 'generated' },
  });
  return { created: true, username: user.username, generatedPassword };
}

/** Authentication, roles, API keys, audit log (issue: auth). */
export interface AuthModule extends FeatureModule, AuthServices {
  /** See {@link ensureFirstAdmin}; `heldar serve` and `heldar demo` call it before listening. */
  ensureFirstAdmin(password: string | null): Promise<FirstAdmin>;
  /** The access rules in force for a registered route (`GET /api/cameras/:id`), for tests and docs. */
  routeAccess(method: string, url: string): EffectiveAccess | undefined;
}

/** What the auth module uses from the kernel: its own tables, the clock and the session policy. */
export interface AuthModuleDeps {
  config: Pick<Config, 'sessionIdleMs' | 'sessionMaxMs'>;
  db: Db;
  clock: Clock;
  logger: Logger;
}

export function createAuthModule(ctx: AuthModuleDeps): AuthModule {
  const services = createAuthServices(ctx.db, ctx.clock, ctx.logger.child({ module: 'auth' }), {
    idleMs: ctx.config.sessionIdleMs,
    maxMs: ctx.config.sessionMaxMs,
  });
  const accessByRoute = new Map<string, EffectiveAccess>();
  return {
    ...services,
    async install(app) {
      await app.register(cookie);
      installAuthHooks(app, services);
      app.addHook('onRoute', (route) => {
        for (const method of [route.method].flat()) {
          accessByRoute.set(`${method} ${route.url}`, effectiveAccess(method, route.url, route.config?.access));
        }
      });
    },
    async routes(app) {
      await app.register(authRoutes, { login: services.login, sessions: services.sessions, clock: ctx.clock });
      await app.register(userRoutes, { users: services.users });
      await app.register(apiKeyRoutes, { keys: services.keys });
      await app.register(auditRoutes, { audit: services.audit });
    },
    ensureFirstAdmin: (password) => ensureFirstAdmin(services, password),
    routeAccess: (method, url) => accessByRoute.get(`${method} ${url}`),
  };
}
