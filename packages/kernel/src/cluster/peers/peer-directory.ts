import type { Db } from '../../db/database.js';

/** A peer as the node-to-node client needs it. */
export interface PeerAddress {
  id: string;
  /** Base URL from HELDAR_NODE_URL (null: it gave none, so nobody can fetch from it). */
  url: string | null;
  heartbeatAt: number;
}

/**
 * Where peers are: the `nodes` table each node's heartbeat keeps. The URLs are set by operators
 * (HELDAR_NODE_URL), never by API callers, which is why the outbound guard for user-given URLs is not
 * applied to them (a cluster on one LAN or on loopback is the normal case, not an attack).
 */
export class PeerDirectory {
  constructor(private readonly db: Db) {}

  async find(nodeId: string): Promise<PeerAddress | undefined> {
    const row = await this.db.selectFrom('nodes').select(['id', 'url', 'heartbeat_at']).where('id', '=', nodeId).executeTakeFirst();
    return row === undefined ? undefined : { id: row.id, url: row.url, heartbeatAt: row.heartbeat_at };
  }
}
