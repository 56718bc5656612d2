import type { Kysely, Migration } from 'kysely';
import { idType } from './portable-types.js';

// Clip exports and the cache of source segment hashes their manifests list.
// Append-only like every migration; Kysely's schema builder only, so it runs on SQLite and PostgreSQL.
export const clips: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // No foreign key to cameras: an exported clip is evidence and outlives its camera's configuration.
    await db.schema
      .createTable('clips')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('from_ms', 'bigint', (c) => c.notNull())
      .addColumn('to_ms', 'bigint', (c) => c.notNull())
      .addColumn('covered_ms', 'bigint', (c) => c.notNull())
      .addColumn('gaps', 'text', (c) => c.notNull())
      .addColumn('method', 'varchar(16)', (c) => c.notNull())
      .addColumn('files', 'text', (c) => c.notNull())
      .addColumn('manifest_filename', 'varchar(128)', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('segment_count', 'integer', (c) => c.notNull())
      .addColumn('exported_by', 'varchar(255)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('clips_created').on('clips').column('created_at').execute();
    await db.schema.createIndex('clips_camera_created').on('clips').columns(['camera_id', 'created_at']).execute();

    // Recorded files never change once indexed, so a segment is hashed once; the row goes with it.
    await db.schema
      .createTable('segment_hashes')
      .addColumn('segment_id', idType(db), (c) => c.primaryKey().references('segments.id').onDelete('cascade'))
      .addColumn('sha256', 'varchar(64)', (c) => c.notNull())
      .addColumn('size_bytes', 'bigint', (c) => c.notNull())
      .addColumn('hashed_at', 'bigint', (c) => c.notNull())
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropTable('segment_hashes').ifExists().execute();
    await db.schema.dropTable('clips').ifExists().execute();
  },
};
