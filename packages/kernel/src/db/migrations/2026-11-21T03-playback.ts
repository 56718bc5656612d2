import type { Kysely, Migration } from 'kysely';
import { idType } from './portable-types.js';

// Playback sessions (HLS playlists that point into the recorded files) and the index the timeline and
// playback read the segment index through. Append-only; Kysely's schema builder only.
export const playback: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    // The playlist is rendered once at creation and kept, so serving it is one row read and a restart
    // keeps every live session exactly as it was handed out. No foreign key to cameras: a session
    // simply expires, whatever happens to its camera's configuration.
    await db.schema
      .createTable('playback_sessions')
      .addColumn('id', 'varchar(64)', (c) => c.primaryKey())
      .addColumn('camera_id', 'varchar(64)', (c) => c.notNull())
      .addColumn('from_ms', 'bigint', (c) => c.notNull())
      .addColumn('to_ms', 'bigint', (c) => c.notNull())
      .addColumn('covered_ms', 'bigint', (c) => c.notNull())
      .addColumn('gaps', 'text', (c) => c.notNull())
      .addColumn('segment_count', 'integer', (c) => c.notNull())
      .addColumn('playlist', 'text', (c) => c.notNull())
      .addColumn('lease_holder', 'varchar(128)', (c) => c.notNull())
      .addColumn('created_by', 'varchar(255)')
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema.createIndex('playback_sessions_expires').on('playback_sessions').column('expires_at').execute();

    // Which recorded files a session may serve: /media/playback/<id>/<segment id>.mp4 is answered only
    // for these. A segment row that goes (camera purge) takes its membership with it.
    await db.schema
      .createTable('playback_session_segments')
      .addColumn('session_id', 'varchar(64)', (c) => c.notNull().references('playback_sessions.id').onDelete('cascade'))
      .addColumn('segment_id', idType(db), (c) => c.notNull().references('segments.id').onDelete('cascade'))
      // Microseconds added to the file's decode times when served, so the playlist is one timeline.
      .addColumn('shift_us', 'bigint', (c) => c.notNull().defaultTo(0))
      .addPrimaryKeyConstraint('playback_session_segments_pk', ['session_id', 'segment_id'])
      .execute();
    // The segment_id → session direction, for the cascade when a segment row is deleted.
    await db.schema.createIndex('playback_session_segments_segment').on('playback_session_segments').column('segment_id').execute();

    // Timeline and playback read (start_ms, end_ms) of a camera's live segments by start time. Partial
    // (tombstoned rows left out) and covering — deleting_at is in it only so SQLite need not open the
    // row to check `deleting_at IS NULL` — so those range scans never touch the rows and their
    // fragment-index blobs: EXPLAIN QUERY PLAN says "USING COVERING INDEX segments_live_span".
    await db.schema
      .createIndex('segments_live_span')
      .on('segments')
      .columns(['camera_id', 'start_ms', 'end_ms', 'deleting_at'])
      .where('deleting_at', 'is', null)
      .execute();
  },

  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.dropIndex('segments_live_span').ifExists().execute();
    await db.schema.dropTable('playback_session_segments').ifExists().execute();
    await db.schema.dropTable('playback_sessions').ifExists().execute();
  },
};
