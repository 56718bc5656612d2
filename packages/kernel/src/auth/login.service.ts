import type { Clock } from '../clock.js';
import { BadRequest, TooManyRequests, Unauthorized } from '../errors.js';
import type { AuditLog } from './audit-log.js';
import type { LoginThrottle } from './login-throttle.js';
import type { Principal } from './principal.js';
import type { SessionService } from './session.service.js';
import { normalizeUsername, type UserDto, type UserService } from './user.service.js';

/** A 429 that knows when to come back (the route sends it as Retry-After). */
export class LoginThrottled extends TooManyRequests {
  constructor(readonly retryAfterSeconds: number) {
    // The same words whether or not the user exists.
    super(`too many failed sign-ins; try again in ${Math.ceil(retryAfterSeconds / 60)} min`);
  }
}

export interface LoginResult {
  user: UserDto;
  token: string;
  expiresAt: number;
  cookieExpiresAt: number;
}

const WRONG = 'wrong user name or password';

/** Sign-in and password changes by the user: throttled, audited, one answer for every failure. */
export class LoginService {
  constructor(
    private readonly users: UserService,
    private readonly sessions: SessionService,
    private readonly throttle: LoginThrottle,
    private readonly audit: AuditLog,
    private readonly clock: Clock,
  ) {}

  async login(usernameInput: string, password: string, ip: string): Promise<LoginResult> {
    const username = normalizeUsername(usernameInput).slice(0, 100);
    const base = { action: 'login', ip, method: 'POST', route: '/api/auth/login', detail: { username } } as const;
    // Reserved before argon2: parallel guesses cannot all pass the check while the first ones hash.
    const waitMs = await this.throttle.reserve(ip, username);
    if (waitMs > 0) {
      await this.audit.recordQuietly({ ...base, actor: { kind: 'anonymous', name: username }, status: 429, outcome: 'throttled' });
      throw new LoginThrottled(Math.ceil(waitMs / 1000));
    }
    const user = await this.users.verifyCredentials(username, password);
    if (user === null) {
      await this.audit.recordQuietly({ ...base, actor: { kind: 'anonymous', name: username }, status: 401, outcome: 'failed' });
      throw new Unauthorized(WRONG);
    }
    await this.throttle.succeeded(ip, username);
    const session = await this.sessions.create(user.id, ip);
    await this.users.markLoggedIn(user.id);
    await this.audit.recordQuietly({ ...base, actor: { kind: 'user', id: user.id, name: user.username, role: user.role, scopes: [] }, target: user.id, status: 200, outcome: 'ok' });
    return { user: { ...user, last_login_at: this.clock.now() }, ...session };
  }

  /** A signed-in user changes their own password; their other sessions end, this one stays. */
  async changeOwnPassword(principal: Principal, sessionId: string | undefined, current: string, next: string, ip: string): Promise<UserDto> {
    if (principal.kind !== 'user') throw new BadRequest('an API key has no password; sign in as a user to change one');
    const waitMs = await this.throttle.reserve(ip, principal.name);
    if (waitMs > 0) throw new LoginThrottled(Math.ceil(waitMs / 1000));
    if ((await this.users.verifyCredentials(principal.name, current)) === null) {
      throw new BadRequest('`current_password` is not your current password');
    }
    await this.throttle.succeeded(ip, principal.name);
    return this.users.update(principal.id, { password: next }, sessionId);
  }
}
