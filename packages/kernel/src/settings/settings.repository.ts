import type { Db } from '../db/database.js';

export interface StoredSetting {
  name: string;
  value: string;
  updatedAt: number;
  updatedBy: string | null;
}

/** The `settings` table: the values admins set at run time. */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  async all(): Promise<StoredSetting[]> {
    const rows = await this.db.selectFrom('settings').selectAll().orderBy('name').execute();
    return rows.map((r) => ({ name: r.name, value: r.value, updatedAt: Number(r.updated_at), updatedBy: r.updated_by }));
  }

  /** Writes `set` and removes `cleared` in one transaction: a PUT takes effect whole or not at all. */
  async apply(set: readonly StoredSetting[], cleared: readonly string[]): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      for (const s of set) {
        await tx
          .insertInto('settings')
          .values({ name: s.name, value: s.value, updated_at: s.updatedAt, updated_by: s.updatedBy })
          .onConflict((oc) => oc.column('name').doUpdateSet({ value: s.value, updated_at: s.updatedAt, updated_by: s.updatedBy }))
          .execute();
      }
      if (cleared.length > 0) await tx.deleteFrom('settings').where('name', 'in', cleared).execute();
    });
  }
}
