import type { Kysely, Migration } from 'kysely';
import { idColumn, idType } from './portable-types.js';

// Users, sessions, API keys and the audit log (issue: auth). Append-only; Kysely schema builder only.
export const auth: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('users')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('username', 'varchar(64)', (c) => c.notNull().unique())
      // PHC string ($argon2id$v=19$m=…,t=…,p=…$salt$hash): parameters travel with the hash.
      .addColumn('password_hash', 'varchar(255)', (c) => c.notNull())
      .addColumn('role', 'varchar(16)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('last_login_at', 'bigint')
      .execute();

    // The primary key is the SHA-256 of the cookie's token, so a copy of the database holds no
    // usable session.
    await db.schema
      .createTable('sessions')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('user_id', 'varchar(32)', (c) => c.notNull().references('users.id').onDelete('cascade'))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('ip', 'varchar(64)')
      .execute();
    await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
    await db.schema.createIndex('sessions_expires').on('sessions').column('expires_at').execute();

    // Revoked keys keep their row (revoked_at set) so audit entries still resolve to a name.
    await db.schema
      .createTable('api_keys')
      .addColumn('id', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('scopes', 'varchar(100)', (c) => c.notNull())
      .addColumn('secret_hash', 'varchar(64)', (c) => c.notNull())
      .addColumn('created_by', 'varchar(100)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('last_used_at', 'bigint')
      .addColumn('revoked_at', 'bigint')
      .execute();

    await db.schema
      .createTable('audit_log')
      .addColumn('id', idType(db), idColumn(db))
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('actor_kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('actor_id', 'varchar(64)')
      .addColumn('actor_name', 'varchar(100)')
      .addColumn('ip', 'varchar(64)')
      .addColumn('action', 'varchar(300)', (c) => c.notNull())
      .addColumn('method', 'varchar(10)')
      .addColumn('route', 'varchar(300)')
      .addColumn('target_id', 'varchar(200)')
      .addColumn('status', 'integer')
      .addColumn('outcome', 'varchar(16)', (c) => c.notNull())
      .addColumn('detail', 'text')
      .execute();
    await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();
    await db.schema.createIndex('audit_log_actor_at').on('audit_log').columns(['actor_name', 'at']).execute();
    await db.schema.createIndex('audit_log_action_at').on('audit_log').columns(['action', 'at']).execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['audit_log', 'api_keys', 'sessions', 'users']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
