import type { Db } from '../db/database.js';

/** Thrown inside the probe's transaction to undo its write. */
class ProbeRollback extends Error {}

/**
 * Proves the database takes writes: inserts a row in a transaction and rolls it back. A read-only
 * file (a remount, a full or failing disk, permissions) still answers SELECTs, so a read alone would
 * call such a node ready while the recorder cannot index a single segment.
 */
export async function probeDatabaseWrite(db: Db): Promise<void> {
  try {
    await db.transaction().execute(async (tx) => {
      await tx.insertInto('settings').values({ name: '.readyz-probe', value: '', updated_at: 0, updated_by: null }).execute();
      throw new ProbeRollback('rolled back on purpose');
    });
  } catch (e: unknown) {
    if (!(e instanceof ProbeRollback)) throw e;
  }
}
