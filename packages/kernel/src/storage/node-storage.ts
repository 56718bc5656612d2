import type { Db } from '../db/database.js';
import { dialectOf } from '../db/dialect.js';
import { toRfc3339OrNull } from '../time.js';
import type { NodeStorageDto, StorageTotalDto } from './storage.schemas.js';

/**
 * The per-node part of `GET /api/storage`: what each node's volume holds (from the shared index,
 * `segments.node_id`) and has left (this node: measured now; the others: from their last heartbeat
 * in `nodes`), and the sum over all of them. On SQLite, one node: this one, holding everything.
 */
export class NodeStorage {
  constructor(
    private readonly db: Db,
    private readonly nodeId: string,
  ) {}

  async report(local: { free_bytes: number | null; total_bytes: number | null }): Promise<{ nodes: NodeStorageDto[]; total: StorageTotalDto }> {
    const clustered = dialectOf(this.db) === 'postgres';
    const usage = await this.db
      .selectFrom('segments')
      .select((eb) => ['node_id', eb.fn.sum<number>('size_bytes').as('bytes'), eb.fn.countAll<number>().as('segments')])
      .groupBy('node_id')
      .execute();
    const rows = clustered ? await this.db.selectFrom('nodes').select(['id', 'free_bytes', 'total_bytes', 'heartbeat_at']).orderBy('id').execute() : [];
    const byNode = new Map<string | null, NodeStorageDto>();
    const entry = (id: string | null): NodeStorageDto => {
      let e = byNode.get(id);
      if (e === undefined) {
        e = { node_id: id, recorded_bytes: 0, segments: 0, free_bytes: null, total_bytes: null, heartbeat_at: null };
        byNode.set(id, e);
      }
      return e;
    };
    entry(this.nodeId);
    for (const r of rows) Object.assign(entry(r.id), { free_bytes: r.free_bytes, total_bytes: r.total_bytes, heartbeat_at: toRfc3339OrNull(r.heartbeat_at) });
    Object.assign(entry(this.nodeId), local);
    for (const u of usage) {
      // One node: rows from before nodes existed are on its volume too.
      const e = entry(clustered ? u.node_id : this.nodeId);
      e.recorded_bytes += Number(u.bytes ?? 0);
      e.segments += Number(u.segments);
    }
    const nodes = [...byNode.values()].sort((a, b) => (a.node_id ?? '').localeCompare(b.node_id ?? ''));
    const measured = nodes.filter((n) => n.node_id !== null);
    const sum = (values: (number | null)[]): number | null => (values.some((v) => v === null) ? null : values.reduce<number>((s, v) => s + (v ?? 0), 0));
    return {
      nodes,
      total: {
        recorded_bytes: nodes.reduce((s, n) => s + n.recorded_bytes, 0),
        segments: nodes.reduce((s, n) => s + n.segments, 0),
        free_bytes: sum(measured.map((n) => n.free_bytes)),
        total_bytes: sum(measured.map((n) => n.total_bytes)),
      },
    };
  }
}
