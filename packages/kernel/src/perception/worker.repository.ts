import type { Db } from '../db/database.js';
import type { WorkerRow, WorkerState, WorkersTable } from '../db/schema.js';

/** The only place that reads or writes the `workers` table (registrations and their last state). */
export class WorkerRepository {
  constructor(private readonly db: Db) {}

  async insert(row: WorkersTable): Promise<void> {
    await this.db.insertInto('workers').values(row).execute();
  }

  async setState(id: string, state: WorkerState, lastSeenAt: number): Promise<void> {
    await this.db.updateTable('workers').set({ state, last_seen_at: lastSeenAt }).where('id', '=', id).execute();
  }

  /** At start: nobody is connected yet, so every worker a previous run knew is offline. */
  async markAllOffline(): Promise<number> {
    const result = await this.db.updateTable('workers').set({ state: 'offline' }).where('state', '=', 'online').executeTakeFirst();
    return Number(result.numUpdatedRows);
  }

  find(id: string): Promise<WorkerRow | undefined> {
    return this.db.selectFrom('workers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Newest registrations first. */
  list(state: WorkerState | undefined, limit: number): Promise<WorkerRow[]> {
    let q = this.db.selectFrom('workers').selectAll();
    if (state !== undefined) q = q.where('state', '=', state);
    return q.orderBy('registered_at', 'desc').orderBy('id').limit(limit).execute();
  }
}
