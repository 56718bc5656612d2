import type { Kysely, Migration } from 'kysely';
import { idColumn, idType, realType } from './portable-types.js';

// Webhooks (subscriptions with a cursor over the event log, their delivery log) and module sidecars
// (a module's base URL, the API key and subscription issued to it). Schema builder only.
export const webhooks: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('webhooks')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('url', 'text', (c) => c.notNull())
      .addColumn('kinds', 'text')
      .addColumn('min_severity', 'varchar(16)', (c) => c.notNull())
      .addColumn('cameras', 'text')
      .addColumn('secret', 'text', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('paused_at', 'bigint')
      .addColumn('pause_reason', 'text')
      .addColumn('consecutive_failures', 'integer', (c) => c.notNull())
      // The last event id handled (delivered or not matching): delivery resumes after it.
      .addColumn('cursor', 'bigint', (c) => c.notNull())
      .addColumn('module', 'varchar(100)')
      .addColumn('created_by', 'varchar(200)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('webhook_deliveries')
      .addColumn('id', idType(db), idColumn(db))
      .addColumn('webhook_id', 'varchar(40)', (c) => c.notNull())
      .addColumn('delivery_id', 'varchar(100)', (c) => c.notNull())
      .addColumn('event_id', 'bigint')
      .addColumn('event_kind', 'varchar(64)', (c) => c.notNull())
      .addColumn('attempt', 'integer', (c) => c.notNull())
      .addColumn('status', 'integer')
      .addColumn('ok', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('latency_ms', realType(db), (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('webhook_deliveries_webhook').on('webhook_deliveries').columns(['webhook_id', 'id']).execute();

    await db.schema
      .createTable('module_sidecars')
      .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
      .addColumn('base_url', 'text', (c) => c.notNull())
      .addColumn('api_key_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('webhook_id', 'varchar(40)', (c) => c.notNull())
      .addColumn('navigation', 'text', (c) => c.notNull())
      .addColumn('health_path', 'varchar(200)', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['module_sidecars', 'webhook_deliveries', 'webhooks']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
