import type { Db } from '../../db/database.js';
import type { ArchiveRow } from '../../db/schema.js';
import type { ArchiveRecord } from './archive.js';

function toRecord(row: ArchiveRow): ArchiveRecord {
  return { ...row, camera_ids: JSON.parse(row.camera_ids) as string[] };
}

/** The only place that reads or writes `archives`. */
export class ArchiveRepository {
  constructor(private readonly db: Db) {}

  async insert(record: ArchiveRecord): Promise<void> {
    await this.db
      .insertInto('archives')
      .values({ ...record, camera_ids: JSON.stringify(record.camera_ids) })
      .execute();
  }

  async get(id: string): Promise<ArchiveRecord | undefined> {
    const row = await this.db.selectFrom('archives').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : toRecord(row);
  }

  async list(limit: number): Promise<ArchiveRecord[]> {
    const rows = await this.db.selectFrom('archives').selectAll().orderBy('created_at', 'desc').limit(limit).execute();
    return rows.map(toRecord);
  }

  async update(id: string, changes: Partial<Pick<ArchiveRecord, 'state' | 'progress' | 'size_bytes' | 'sha256' | 'filename' | 'error' | 'finished_at'>>): Promise<void> {
    await this.db.updateTable('archives').set(changes).where('id', '=', id).execute();
  }

  /** Start-up: jobs a restart interrupted cannot resume (their work folder is gone). */
  async failUnfinished(now: number): Promise<number> {
    const result = await this.db
      .updateTable('archives')
      .set({ state: 'failed', error: 'interrupted by a restart of the server; ask for the archive again', finished_at: now })
      .where('state', 'in', ['pending', 'running'])
      .executeTakeFirst();
    return Number(result.numUpdatedRows);
  }
}
