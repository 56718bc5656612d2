import type { Db } from '../db/database.js';
import type { SessionRow, UserRow } from '../db/schema.js';

export interface SessionWithUser {
  session: SessionRow;
  user: Pick<UserRow, 'id' | 'username' | 'role'>;
}

/** The only place that reads or writes sessions. Ids are SHA-256 hashes of the cookie tokens. */
export class SessionRepository {
  constructor(private readonly db: Db) {}

  async insert(row: SessionRow): Promise<void> {
    await this.db.insertInto('sessions').values(row).execute();
  }

  /** The session and its user in one query: a role change applies to the very next request. */
  async findWithUser(id: string): Promise<SessionWithUser | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .innerJoin('users', 'users.id', 'sessions.user_id')
      .select([
        'sessions.id',
        'sessions.user_id',
        'sessions.created_at',
        'sessions.last_seen_at',
        'sessions.expires_at',
        'sessions.ip',
        'users.username',
        'users.role',
      ])
      .where('sessions.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const { username, role, ...session } = row;
    return { session, user: { id: session.user_id, username, role } };
  }

  async touch(id: string, lastSeenAt: number, expiresAt: number): Promise<void> {
    await this.db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
  }

  async delete(id: string): Promise<boolean> {
    const result = await this.db.deleteFrom('sessions').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Ends every session of a user, except `keepId` (the caller's own, when they change their password). */
  async deleteForUser(userId: string, keepId?: string): Promise<number> {
    let query = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (keepId !== undefined) query = query.where('id', '!=', keepId);
    const result = await query.executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  async deleteExpired(now: number): Promise<number> {
    const result = await this.db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
