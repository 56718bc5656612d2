import type { Kysely, Migration } from 'kysely';
import { bytesType, idColumn, idType, realType } from './portable-types.js';

// Migrations are append-only: never edit one that has shipped, add a new file instead.
// Written with Kysely's schema builder only, so the same migration runs on SQLite and PostgreSQL.
export const initial: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('cameras')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(200)', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('record_enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .addColumn('record_mode', 'varchar(20)', (c) => c.notNull().defaultTo('continuous'))
      .addColumn('stream_url', 'text')
      .addColumn('address', 'varchar(255)')
      .addColumn('port', 'integer')
      .addColumn('path', 'varchar(1024)')
      .addColumn('username', 'varchar(255)')
      .addColumn('password', 'varchar(255)')
      .addColumn('sub_stream_url', 'text')
      .addColumn('segment_seconds', 'integer', (c) => c.notNull().defaultTo(10))
      .addColumn('record_audio', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('mirror_enabled', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('pre_roll_seconds', 'integer', (c) => c.notNull().defaultTo(5))
      .addColumn('post_roll_seconds', 'integer', (c) => c.notNull().defaultTo(30))
      .addColumn('retention_days', 'integer')
      .addColumn('detect_fps', realType(db))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();

    await db.schema
      .createTable('camera_status')
      .addColumn('camera_id', 'varchar(64)', (c) => c.primaryKey().references('cameras.id').onDelete('cascade'))
      .addColumn('state', 'varchar(20)', (c) => c.notNull())
      .addColumn('pid', 'integer')
      .addColumn('since', 'bigint', (c) => c.notNull())
      .addColumn('last_error', 'text')
      .addColumn('reconnect_count', 'integer', (c) => c.notNull().defaultTo(0))
      .addColumn('last_segment_at', 'bigint')
      .execute();

    await db.schema
      .createTable('camera_schedules')
      .addColumn('id', idType(db), idColumn(db))
      .addColumn('camera_id', 'varchar(64)', (c) => c.notNull().references('cameras.id').onDelete('cascade'))
      .addColumn('days', 'varchar(64)', (c) => c.notNull())
      .addColumn('time_start', 'varchar(5)', (c) => c.notNull())
      .addColumn('time_end', 'varchar(5)', (c) => c.notNull())
      .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
      .execute();
    await db.schema.createIndex('camera_schedules_camera').on('camera_schedules').column('camera_id').execute();

    // Segments outlive their camera's configuration on purpose: footage is deleted by retention or an
    // explicit purge, never as a side effect of a foreign key.
    await db.schema
      .createTable('segments')
      .addColumn('id', idType(db), idColumn(db))
      .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('path', 'varchar(1024)', (c) => c.notNull().unique())
      .addColumn('start_ms', 'bigint', (c) => c.notNull())
      .addColumn('end_ms', 'bigint', (c) => c.notNull())
      .addColumn('duration_ms', 'integer', (c) => c.notNull())
      .addColumn('codec', 'varchar(32)', (c) => c.notNull())
      .addColumn('codecs', 'varchar(128)')
      .addColumn('width', 'integer')
      .addColumn('height', 'integer')
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('container', 'varchar(16)', (c) => c.notNull().defaultTo('fmp4'))
      .addColumn('init_size', 'integer')
      .addColumn('fragments', bytesType(db))
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('segments_camera_start').on('segments').columns(['camera_id', 'start_ms']).execute();
    await db.schema.createIndex('segments_camera_end').on('segments').columns(['camera_id', 'end_ms']).execute();

    await db.schema
      .createTable('segment_leases')
      .addColumn('id', idType(db), idColumn(db))
      .addColumn('segment_id', idType(db), (c) => c.notNull().references('segments.id').onDelete('cascade'))
      .addColumn('holder', 'varchar(128)', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('segment_leases_segment').on('segment_leases').column('segment_id').execute();
    await db.schema.createIndex('segment_leases_holder').on('segment_leases').column('holder').execute();

    await db.schema
      .createTable('events')
      .addColumn('id', idType(db), idColumn(db))
      .addColumn('camera_id', 'varchar(64)')
      .addColumn('kind', 'varchar(64)', (c) => c.notNull())
      .addColumn('severity', 'varchar(16)', (c) => c.notNull())
      .addColumn('payload', 'text', (c) => c.notNull())
      .addColumn('at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('events_at').on('events').column('at').execute();
    await db.schema.createIndex('events_camera_at').on('events').columns(['camera_id', 'at']).execute();
    await db.schema.createIndex('events_kind_at').on('events').columns(['kind', 'at']).execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['events', 'segment_leases', 'segments', 'camera_schedules', 'camera_status', 'cameras']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
