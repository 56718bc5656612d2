import type { Kysely, Migration } from 'kysely';

// The sign-in throttle's counters, in the database so that every node counts the same attempts (they
// were in each process's memory: a client spread over three nodes had three times the guesses).
// `login_counters`: failures per user name (`u:<name>`) and per address (`ip:<address>`) in fixed
// windows. `login_pairs`: one user name from one address — its failures and growing lock, and when
// that pair last signed in correctly. Times are bigint UTC ms. Rows past their use are deleted by the
// throttle itself (auth/login-throttle.ts). Names and addresses are `text`: an address comes from a
// proxy's X-Forwarded-For when trusted, and a length limit would turn a long one into a server error.
export const loginAttempts: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('login_counters')
      .addColumn('key', 'text', (c) => c.primaryKey())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('reset_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('login_pairs')
      .addColumn('username', 'text', (c) => c.notNull())
      .addColumn('address', 'text', (c) => c.notNull())
      .addColumn('failures', 'integer', (c) => c.notNull())
      .addColumn('locks', 'integer', (c) => c.notNull())
      .addColumn('locked_until', 'bigint', (c) => c.notNull())
      .addColumn('last_failure_at', 'bigint', (c) => c.notNull())
      .addColumn('known_at', 'bigint')
      .addPrimaryKeyConstraint('login_pairs_pk', ['username', 'address'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('login_pairs').ifExists().execute();
    await db.schema.dropTable('login_counters').ifExists().execute();
  },
};
