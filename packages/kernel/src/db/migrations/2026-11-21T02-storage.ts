import type { Kysely, Migration } from 'kysely';
import { idColumn, idType } from './portable-types.js';

// Storage: per-camera byte budgets, the deletion tombstone on segments, the indexes retention and
// the usage report need, and incidents (evidence holds).
export const storage: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('cameras').addColumn('retention_max_bytes', 'bigint').execute();

    // Retention marks a row before deleting its file; readers skip marked rows (see SegmentRepository).
    await db.schema.alterTable('segments').addColumn('deleting_at', 'bigint').execute();
    // Partial: only rows being deleted are in it, so it stays tiny and costs nothing on insert.
    await db.schema
      .createIndex('segments_deleting')
      .on('segments')
      .column('deleting_at')
      .where('deleting_at', 'is not', null)
      .execute();
    // (camera_id, start_ms) gains size_bytes: per-camera sums (budgets, usage, bytes per hour) become
    // index-only scans instead of reading rows that carry the fragment index blob (~30× faster).
    await db.schema.dropIndex('segments_camera_start').execute();
    await db.schema.createIndex('segments_camera_start_size').on('segments').columns(['camera_id', 'start_ms', 'size_bytes']).execute();
    // Oldest-first across cameras (global budget, free-space floor).
    await db.schema.createIndex('segments_start').on('segments').column('start_ms').execute();

    await db.schema
      .createTable('incidents')
      .addColumn('id', idType(db), idColumn(db))
      .addColumn('title', 'varchar(200)', (c) => c.notNull())
      .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('from_ms', 'bigint', (c) => c.notNull())
      .addColumn('to_ms', 'bigint', (c) => c.notNull())
      .addColumn('created_by', 'varchar(200)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('released_at', 'bigint')
      .addColumn('released_by', 'varchar(200)')
      .execute();
    await db.schema.createIndex('incidents_released').on('incidents').column('released_at').execute();
    // No foreign key to cameras: like segments, an incident outlives its camera's configuration.
    await db.schema
      .createTable('incident_cameras')
      .addColumn('incident_id', idType(db), (c) => c.notNull().references('incidents.id').onDelete('cascade'))
      .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
      .addPrimaryKeyConstraint('incident_cameras_pk', ['incident_id', 'camera_id'])
      .execute();
    await db.schema.createIndex('incident_cameras_camera').on('incident_cameras').columns(['camera_id', 'incident_id']).execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('incident_cameras').ifExists().execute();
    await db.schema.dropTable('incidents').ifExists().execute();
    await db.schema.dropIndex('segments_start').ifExists().execute();
    await db.schema.dropIndex('segments_camera_start_size').ifExists().execute();
    await db.schema.createIndex('segments_camera_start').on('segments').columns(['camera_id', 'start_ms']).execute();
    await db.schema.dropIndex('segments_deleting').ifExists().execute();
    await db.schema.alterTable('segments').dropColumn('deleting_at').execute();
    await db.schema.alterTable('cameras').dropColumn('retention_max_bytes').execute();
  },
};
