import type { Kysely, Migration } from 'kysely';

// ONVIF per camera: the device service URL (credentials are the camera's username/password) and the
// ONVIF event topics that trigger event recording, a JSON list (null or [] = none). Schema builder only.
export const onvif: Migration = {
  async up(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('cameras').addColumn('onvif_url', 'text').execute();
    await db.schema.alterTable('cameras').addColumn('onvif_trigger_topics', 'text').execute();
  },
  async down(db: Kysely<unknown>): Promise<void> {
    await db.schema.alterTable('cameras').dropColumn('onvif_trigger_topics').execute();
    await db.schema.alterTable('cameras').dropColumn('onvif_url').execute();
  },
};
