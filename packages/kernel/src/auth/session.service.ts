import type { Clock } from '../clock.js';
import type { Role } from './principal.js';
import type { SessionRepository } from './session.repository.js';
import { randomToken, sha256Hex } from './tokens.js';

export interface SessionPolicy {
  /** A session unused this long ends (sliding expiry). */
  idleMs: number;
  /** A session ends this long after sign-in, however busy. */
  maxMs: number;
}

export interface ActiveSession {
  /** The row id (hash of the token): what logout and password changes use. */
  id: string;
  expiresAt: number;
  /** The cookie's own end: the absolute limit (the server enforces the idle limit). */
  cookieExpiresAt: number;
  user: { id: string; username: string; role: Role };
}

// Sliding expiry writes at most once a minute per session, not on every request.
const TOUCH_EVERY_MS = 60_000;

/**
 * Server-side sessions behind the cookie. The cookie carries a 256-bit random token; the database
 * keeps only its SHA-256, so a stolen database copy cannot be replayed as a login, and logout deletes
 * the row so the cookie is dead even if someone kept it.
 */
export class SessionService {
  constructor(
    private readonly sessions: SessionRepository,
    private readonly clock: Clock,
    private readonly policy: SessionPolicy,
  ) {}

  async create(userId: string, ip: string | null): Promise<{ token: string; expiresAt: number; cookieExpiresAt: number }> {
    const now = this.clock.now();
    // Sign-in is rare: a good moment to drop sessions that ended, without a timer.
    await this.sessions.deleteExpired(now);
    const token = randomToken();
    const expiresAt = Math.min(now + this.policy.idleMs, now + this.policy.maxMs);
    await this.sessions.insert({ id: sha256Hex(token), user_id: userId, created_at: now, last_seen_at: now, expires_at: expiresAt, ip });
    return { token, expiresAt, cookieExpiresAt: now + this.policy.maxMs };
  }

  /** The live session for a cookie token, its expiry slid forward; null when unknown or expired. */
  async authenticate(token: string): Promise<ActiveSession | null> {
    // The lookup is by hash, so the database compares hashes an attacker cannot steer byte by byte.
    const found = await this.sessions.findWithUser(sha256Hex(token));
    if (!found) return null;
    const now = this.clock.now();
    const { session } = found;
    if (session.expires_at <= now) {
      await this.sessions.delete(session.id);
      return null;
    }
    let expiresAt = session.expires_at;
    if (now - session.last_seen_at >= TOUCH_EVERY_MS) {
      expiresAt = Math.min(now + this.policy.idleMs, session.created_at + this.policy.maxMs);
      await this.sessions.touch(session.id, now, expiresAt);
    }
    return { id: session.id, expiresAt, cookieExpiresAt: session.created_at + this.policy.maxMs, user: found.user };
  }

  async revoke(sessionId: string): Promise<void> {
    await this.sessions.delete(sessionId);
  }
}
