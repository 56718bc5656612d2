import type { Db } from '../db/database.js';
import { dialectOf } from '../db/dialect.js';
import type { NodeRow, NodeState } from '../db/schema.js';
import { nodesPresent } from '../db/session-lock.js';

/** What a node writes about itself at start and with every heartbeat. */
export interface NodeSelf {
  id: string;
  url: string | null;
  capacity: number;
  version: string;
}

/** The only place that reads or writes `nodes`. */
export class NodeRepository {
  constructor(private readonly db: Db) {}

  /** At start: the row made or taken over (a restarted node keeps its id), state active. */
  async join(self: NodeSelf, now: number): Promise<void> {
    const row = { id: self.id, url: self.url, state: 'active' as const, started_at: now, heartbeat_at: now, capacity: self.capacity, version: self.version };
    await this.db
      .insertInto('nodes')
      .values(row)
      .onConflict((oc) => oc.column('id').doUpdateSet({ url: row.url, state: row.state, started_at: now, heartbeat_at: now, capacity: row.capacity, version: row.version }))
      .execute();
  }

  /**
   * The heartbeat, with the recordings volume's space; returns the state stored for this node (a
   * drain asked on another node is read here), or undefined when the row is gone.
   */
  async heartbeat(id: string, now: number, space: { freeBytes: number; totalBytes: number } | null): Promise<NodeState | undefined> {
    const row = await this.db
      .updateTable('nodes')
      .set({ heartbeat_at: now, free_bytes: space?.freeBytes ?? null, total_bytes: space?.totalBytes ?? null })
      .where('id', '=', id)
      .returning('state')
      .executeTakeFirst();
    return row?.state;
  }

  /** active ↔ draining. False: no such node. */
  async setState(id: string, state: NodeState): Promise<boolean> {
    const result = await this.db.updateTable('nodes').set({ state }).where('id', '=', id).executeTakeFirst();
    return result.numUpdatedRows > 0n;
  }

  list(): Promise<NodeRow[]> {
    return this.db.selectFrom('nodes').selectAll().orderBy('id').execute();
  }

  /**
   * Which of these nodes' processes are alive by PostgreSQL's account (each holds its presence lock);
   * null where the engine cannot tell (SQLite: one node).
   */
  async present(ids: readonly string[]): Promise<Set<string> | null> {
    return dialectOf(this.db) === 'postgres' ? nodesPresent(this.db, ids) : null;
  }

  find(id: string): Promise<NodeRow | undefined> {
    return this.db.selectFrom('nodes').selectAll().where('id', '=', id).executeTakeFirst();
  }
}
