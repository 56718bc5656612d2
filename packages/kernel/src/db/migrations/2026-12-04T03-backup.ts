import type { Kysely, Migration } from 'kysely';

// Backup: destinations (credentials sealed by the SecretBox), policies, jobs, and per destination the
// segments already copied there with their SHA-256 (a later job copies only what is missing).
export const backup: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('backup_destinations')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      // JSON of the kind's non-secret settings (path; host, port, username; endpoint, region, bucket, …).
      .addColumn('settings', 'text', (c) => c.notNull())
      .addColumn('password', 'text')
      .addColumn('private_key', 'text')
      .addColumn('secret_key', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('backup_policies')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('destination_id', 'varchar(40)', (c) => c.notNull())
      .addColumn('camera_ids', 'text')
      .addColumn('every_minutes', 'integer', (c) => c.notNull())
      .addColumn('look_back_hours', 'integer', (c) => c.notNull())
      .addColumn('only_incidents', 'integer', (c) => c.notNull())
      .addColumn('include_database', 'integer', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('last_run_at', 'bigint')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('backup_jobs')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('policy_id', 'varchar(40)', (c) => c.notNull())
      .addColumn('destination_id', 'varchar(40)', (c) => c.notNull())
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('files_total', 'integer', (c) => c.notNull())
      .addColumn('files_done', 'integer', (c) => c.notNull())
      .addColumn('files_skipped', 'integer', (c) => c.notNull())
      .addColumn('bytes_total', 'bigint', (c) => c.notNull())
      .addColumn('bytes_done', 'bigint', (c) => c.notNull())
      .addColumn('resent', 'integer', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('started_at', 'bigint')
      .addColumn('finished_at', 'bigint')
      .execute();
    await db.schema.createIndex('backup_jobs_created').on('backup_jobs').columns(['created_at']).execute();

    await db.schema
      .createTable('backup_copies')
      .addColumn('destination_id', 'varchar(40)', (c) => c.notNull())
      .addColumn('segment_id', 'bigint', (c) => c.notNull())
      .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('path', 'text', (c) => c.notNull())
      .addColumn('start_ms', 'bigint', (c) => c.notNull())
      .addColumn('end_ms', 'bigint', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('copied_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('backup_copies_pk', ['destination_id', 'segment_id'])
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['backup_copies', 'backup_jobs', 'backup_policies', 'backup_destinations']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
