import type { Db } from '../../db/database.js';
import { sidecarFromRow, sidecarRow, type Sidecar } from './sidecar.js';

/** The only place that reads or writes the `module_sidecars` table. */
export class SidecarRepository {
  constructor(private readonly db: Db) {}

  async list(): Promise<Sidecar[]> {
    return (await this.db.selectFrom('module_sidecars').selectAll().orderBy('name').execute()).map(sidecarFromRow);
  }

  async find(name: string): Promise<Sidecar | undefined> {
    const row = await this.db.selectFrom('module_sidecars').selectAll().where('name', '=', name).executeTakeFirst();
    return row === undefined ? undefined : sidecarFromRow(row);
  }

  async put(sidecar: Sidecar): Promise<void> {
    const row = sidecarRow(sidecar);
    await this.db.transaction().execute(async (trx) => {
      await trx.deleteFrom('module_sidecars').where('name', '=', row.name).execute();
      await trx.insertInto('module_sidecars').values(row).execute();
    });
  }

  async delete(name: string): Promise<void> {
    await this.db.deleteFrom('module_sidecars').where('name', '=', name).execute();
  }
}
