import type { Db } from '../db/database.js';
import type { WorkerState } from '../db/schema.js';
import { workerFromRow, workerRow, type WorkerRecord } from './worker-record.js';

/** The only place that reads or writes the `workers` table (registrations and their last state). */
export class WorkerRepository {
  constructor(private readonly db: Db) {}

  async insert(worker: WorkerRecord): Promise<void> {
    await this.db.insertInto('workers').values(workerRow(worker)).execute();
  }

  async setState(id: string, state: WorkerState, lastSeenAt: number): Promise<void> {
    await this.db.updateTable('workers').set({ state, last_seen_at: lastSeenAt }).where('id', '=', id).execute();
  }

  /** At start: nobody is connected yet, so every worker a previous run knew is offline. */
  async markAllOffline(): Promise<number> {
    const result = await this.db.updateTable('workers').set({ state: 'offline' }).where('state', '=', 'online').executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  async find(id: string): Promise<WorkerRecord | undefined> {
    const row = await this.db.selectFrom('workers').selectAll().where('id', '=', id).executeTakeFirst();
    return row === undefined ? undefined : workerFromRow(row);
  }

  /** Newest registrations first. */
  async list(state: WorkerState | undefined, limit: number): Promise<WorkerRecord[]> {
    let q = this.db.selectFrom('workers').selectAll();
    if (state !== undefined) q = q.where('state', '=', state);
    return (await q.orderBy('registered_at', 'desc').orderBy('id').limit(limit).execute()).map(workerFromRow);
  }
}
