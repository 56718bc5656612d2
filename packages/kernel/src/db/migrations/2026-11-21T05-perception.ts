import type { Kysely, Migration } from 'kysely';
import { idColumn, idType, realType } from './portable-types.js';

// Perception: registered workers, zones per camera, tracks built from detections, the module catalog.
// Append-only like every migration; schema builder only, so it runs on SQLite and PostgreSQL.
export const perception: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema
      .createTable('workers')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('version', 'varchar(50)', (c) => c.notNull())
      .addColumn('labels', 'text', (c) => c.notNull())
      .addColumn('cameras', 'text', (c) => c.notNull())
      .addColumn('fps', realType(db))
      .addColumn('owner', 'varchar(64)')
      .addColumn('state', 'varchar(16)', (c) => c.notNull())
      .addColumn('registered_at', 'bigint', (c) => c.notNull())
      .addColumn('last_seen_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('workers_state').on('workers').column('state').execute();

    await db.schema
      .createTable('zones')
      .addColumn('id', idType(db), idColumn(db))
      .addColumn('camera_id', 'varchar(64)', (c) => c.notNull().references('cameras.id').onDelete('cascade'))
      .addColumn('name', 'varchar(100)', (c) => c.notNull())
      .addColumn('kind', 'varchar(16)', (c) => c.notNull())
      .addColumn('points', 'text', (c) => c.notNull())
      .addColumn('labels', 'text', (c) => c.notNull())
      .addColumn('min_confidence', realType(db), (c) => c.notNull())
      .addColumn('inertia_frames', 'integer', (c) => c.notNull())
      .addColumn('dwell_seconds', realType(db), (c) => c.notNull())
      .addColumn('trigger_recording', 'integer', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('zones_camera').on('zones').column('camera_id').execute();

    // Tracks are history, like events: no foreign key, so deleting a camera does not rewrite it.
    await db.schema
      .createTable('tracks')
      .addColumn('id', 'varchar(40)', (c) => c.primaryKey())
      .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('worker', 'varchar(100)', (c) => c.notNull())
      .addColumn('label', 'varchar(64)', (c) => c.notNull())
      .addColumn('external_id', 'varchar(128)')
      .addColumn('first_seen', 'bigint', (c) => c.notNull())
      .addColumn('last_seen', 'bigint', (c) => c.notNull())
      .addColumn('detections', 'integer', (c) => c.notNull())
      .addColumn('best_frame_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('best_confidence', realType(db), (c) => c.notNull())
      .addColumn('best_box', 'varchar(128)', (c) => c.notNull())
      .addColumn('best_at', 'bigint', (c) => c.notNull())
      .addColumn('closed_at', 'bigint')
      .execute();
    await db.schema.createIndex('tracks_camera_last_seen').on('tracks').columns(['camera_id', 'last_seen']).execute();
    await db.schema.createIndex('tracks_camera_first_seen').on('tracks').columns(['camera_id', 'first_seen']).execute();

    await db.schema
      .createTable('modules')
      .addColumn('name', 'varchar(100)', (c) => c.primaryKey())
      .addColumn('version', 'varchar(50)', (c) => c.notNull())
      .addColumn('description', 'text')
      .addColumn('consumes', 'text', (c) => c.notNull())
      .addColumn('ui_url', 'text')
      .addColumn('registered_by', 'varchar(200)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    for (const table of ['modules', 'tracks', 'zones', 'workers']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
