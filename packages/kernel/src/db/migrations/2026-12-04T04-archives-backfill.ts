import type { Kysely, Migration } from 'kysely';
import { idColumn, idType, realType } from './portable-types.js';

// Evidence archives (one zip of several cameras' clips, an incident's notes and a signed manifest) and
// gap backfill: recording gaps as rows with their fill state, each camera's replay settings, and the
// source of a segment (null: recorded live; 'backfill': fetched afterwards from the camera's own
// storage). Schema builder only; times are bigint UTC ms, flags 0/1 integers.
export const archivesBackfill: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('archives')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('camera_ids', 'text', (c) => c.notNull())
      .addColumn('from_ms', 'bigint', (c) => c.notNull())
      .addColumn('to_ms', 'bigint', (c) => c.notNull())
      .addColumn('incident_id', idType(db))
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('progress', realType(db), (c) => c.notNull())
      .addColumn('estimated_bytes', 'bigint', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint')
      .addColumn('sha256', 'varchar(64)')
      .addColumn('filename', 'varchar(200)')
      .addColumn('error', 'text')
      .addColumn('created_by', 'varchar(200)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('finished_at', 'bigint')
      .execute();

    await db.schema
      .createTable('backfill_gaps')
      .addColumn('id', idType(db), idColumn(db))
      .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('from_ms', 'bigint', (c) => c.notNull())
      .addColumn('to_ms', 'bigint', (c) => c.notNull())
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('attempts', 'integer', (c) => c.notNull())
      .addColumn('filled_ms', 'bigint', (c) => c.notNull())
      .addColumn('error', 'text')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    // One row per gap: the detector may see the same gap on every pass.
    await db.schema.createIndex('backfill_gaps_camera_from').unique().on('backfill_gaps').columns(['camera_id', 'from_ms']).execute();
    await db.schema.createIndex('backfill_gaps_state').on('backfill_gaps').columns(['state', 'from_ms']).execute();

    await db.schema
      .createTable('camera_backfill')
      .addColumn('camera_id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('enabled', 'integer', (c) => c.notNull())
      .addColumn('replay_url_template', 'text')
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema.alterTable('segments').addColumn('source', 'varchar(16)').execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('segments').dropColumn('source').execute();
    for (const table of ['camera_backfill', 'backfill_gaps', 'archives']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
