import type { Kysely, Migration } from 'kysely';

// Settings changed at run time (PUT /api/settings): one row per setting an admin overrode, holding the
// text as written (parsed with the environment variable's rules). No row: the environment's value.
export const settings: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('settings')
      .addColumn('name', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_by', 'varchar(200)')
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('settings').execute();
  },
};
