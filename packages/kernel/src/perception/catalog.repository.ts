import type { Db } from '../db/database.js';
import type { ModuleRow, ModulesTable } from '../db/schema.js';

/** The only place that reads or writes the module catalog (`modules` table). */
export class CatalogRepository {
  constructor(private readonly db: Db) {}

  list(): Promise<ModuleRow[]> {
    return this.db.selectFrom('modules').selectAll().orderBy('name').execute();
  }

  find(name: string): Promise<ModuleRow | undefined> {
    return this.db.selectFrom('modules').selectAll().where('name', '=', name).executeTakeFirst();
  }

  async upsert(row: ModulesTable): Promise<void> {
    await this.db
      .insertInto('modules')
      .values(row)
      .onConflict((oc) =>
        oc.column('name').doUpdateSet({
          version: row.version,
          description: row.description,
          consumes: row.consumes,
          ui_url: row.ui_url,
          registered_by: row.registered_by,
          updated_at: row.updated_at,
        }),
      )
      .execute();
  }

  async delete(name: string): Promise<boolean> {
    const result = await this.db.deleteFrom('modules').where('name', '=', name).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
