import type { Db } from '../../db/database.js';
import { catalogModuleFromRow, catalogModuleRow, type CatalogModule } from './catalog-module.js';

/** The only place that reads or writes the module catalog (`modules` table). */
export class CatalogRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<CatalogModule[]> {
    return (await this.db.selectFrom('modules').selectAll().orderBy('name').execute()).map(catalogModuleFromRow);
  }

  async find(name: string): Promise<CatalogModule | undefined> {
    const row = await this.db.selectFrom('modules').selectAll().where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : catalogModuleFromRow(row);
  }

  async upsert(module: CatalogModule): Promise<void> {
    const row = catalogModuleRow(module);
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
