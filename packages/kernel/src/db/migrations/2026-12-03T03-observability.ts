import type { Kysely, Migration } from 'kysely';

// The last retention sweep's report, kept so GET /api/system, GET /api/storage and the metrics show it
// after a restart (an operator checking "is retention running?" right after an upgrade would otherwise
// see nothing until the next sweep). One row, replaced by each sweep; the report as JSON.
export const observability: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('retention_last_sweep')
      .addColumn('name', 'varchar(32)', (c) => c.primaryKey())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .addColumn('report', 'text', (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('retention_last_sweep').execute();
  },
};
