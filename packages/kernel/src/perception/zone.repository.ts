import type { Db } from '../db/database.js';
import { zoneColumns, zoneFromRow, type Zone, type ZoneFields } from './zone.js';

/** The only place that reads or writes the `zones` table. */
export class ZoneRepository {
  constructor(private readonly db: Db) {}

  async list(cameraId: string): Promise<Zone[]> {
    return (await this.db.selectFrom('zones').selectAll().where('camera_id', '=', cameraId).orderBy('id').execute()).map(zoneFromRow);
  }

  async all(): Promise<Zone[]> {
    return (await this.db.selectFrom('zones').selectAll().orderBy('camera_id').orderBy('id').execute()).map(zoneFromRow);
  }

  async find(cameraId: string, id: number): Promise<Zone | undefined> {
    const row = await this.db.selectFrom('zones').selectAll().where('camera_id', '=', cameraId).where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : zoneFromRow(row);
  }

  async insert(cameraId: string, fields: ZoneFields, now: number): Promise<number> {
    const row = await this.db
      .insertInto('zones')
      .values({ camera_id: cameraId, ...zoneColumns(fields), created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async update(cameraId: string, id: number, fields: ZoneFields, now: number): Promise<void> {
    await this.db.updateTable('zones').set({ ...zoneColumns(fields), updated_at: now }).where('camera_id', '=', cameraId).where('id', '=', id).execute();
  }

  async delete(cameraId: string, id: number): Promise<boolean> {
    const result = await this.db.deleteFrom('zones').where('camera_id', '=', cameraId).where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  }
}
