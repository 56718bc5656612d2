import type { Kysely, Migration } from 'kysely';

/**
 * Repairs camera settings stored before request bodies were validated strictly: numeric strings
 * such as "Infinity" or "1e999" were coerced and written, and such a row made the camera listing,
 * the storage report and the recorder fail. Each value outside what the API accepts becomes the
 * column's default (or null, "none"). Query builder only, so it runs on SQLite and PostgreSQL.
 */
// Only the columns this migration touches, as they were when it was written.
interface CameraNumbers {
  cameras: Record<'segment_seconds' | 'pre_roll_seconds' | 'post_roll_seconds' | 'retention_days' | 'retention_max_bytes' | 'detect_fps', number | null>;
}
type Column = keyof CameraNumbers['cameras'];

export const repairCameraNumbers: Migration = {
  async up(anyDb: Kysely<unknown>): Promise<void> {
    const db = anyDb as Kysely<CameraNumbers>;
    const repairs: [column: Column, min: number, max: number, value: number | null][] = [
      ['segment_seconds', 2, 3600, 10],
      ['pre_roll_seconds', 0, 3600, 5],
      ['post_roll_seconds', 0, 3600, 30],
      ['retention_days', 1, 36_500, null],
      ['retention_max_bytes', 1, Number.MAX_SAFE_INTEGER, null],
      ['detect_fps', 0.1, 30, null],
    ];
    for (const [column, min, max, value] of repairs) {
      await db
        .updateTable('cameras')
        .set({ [column]: value })
        .where((eb) => eb.or([eb(column, '<', min), eb(column, '>', max)]))
        .execute();
    }
  },
};
