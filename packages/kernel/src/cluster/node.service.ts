import type { Clock } from '../clock.js';
import type { NodeRow } from '../db/schema.js';
import { Conflict, NotFound } from '../errors.js';
import { toRfc3339 } from '../time.js';
import type { CameraOwnerRepository } from './camera-owner.repository.js';
import { isLive } from './claim-plan.js';
import type { NodeRepository } from './node.repository.js';
import type { NodeDto } from './node.schemas.js';

/** GET /api/nodes, drain and resume: the nodes sharing this database as the API shows them. */
export class NodeService {
  constructor(
    private readonly nodes: NodeRepository,
    private readonly owners: CameraOwnerRepository,
    private readonly clock: Clock,
    private readonly self: string,
    private readonly leaseMs: number,
  ) {}

  async list(): Promise<NodeDto[]> {
    const now = this.clock.now();
    const [rows, owners] = await Promise.all([this.nodes.list(), this.owners.all()]);
    const cameras = new Map<string, string[]>();
    for (const o of owners) {
      if (o.lease_expires_at < now) continue;
      const ids = cameras.get(o.node_id) ?? [];
      ids.push(o.camera_id);
      cameras.set(o.node_id, ids);
    }
    return rows.map((row) => this.toDto(row, (cameras.get(row.id) ?? []).sort(), now));
  }

  /** The node hands its cameras to the others (stop, then hand over, one by one) and takes none until resumed. */
  drain(id: string): Promise<NodeDto> {
    return this.setState(id, 'draining');
  }

  resume(id: string): Promise<NodeDto> {
    return this.setState(id, 'active');
  }

  private async setState(id: string, state: 'active' | 'draining'): Promise<NodeDto> {
    const row = await this.nodes.find(id);
    if (!row) throw new NotFound(`node ${id} not found`);
    if (row.state === 'stopped') throw new Conflict(`node ${id} is stopped; it is active again when it starts`);
    await this.nodes.setState(id, state);
    const node = (await this.list()).find((n) => n.id === id);
    if (!node) throw new NotFound(`node ${id} not found`);
    return node;
  }

  private toDto(row: NodeRow, cameraIds: string[], now: number): NodeDto {
    return {
      id: row.id,
      url: row.url,
      state: row.state,
      healthy: row.state !== 'stopped' && isLive(row, now, this.leaseMs),
      self: row.id === this.self,
      heartbeat_at: toRfc3339(row.heartbeat_at),
      started_at: toRfc3339(row.started_at),
      cameras: { count: cameraIds.length, ids: cameraIds },
      capacity: row.capacity,
      free_bytes: row.free_bytes === null ? null : Number(row.free_bytes),
      total_bytes: row.total_bytes === null ? null : Number(row.total_bytes),
      version: row.version,
    };
  }
}
