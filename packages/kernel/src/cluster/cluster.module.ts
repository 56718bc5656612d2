import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { SessionLock } from '../db/session-lock.js';
import type { EventLog } from '../events/event-log.js';
import type { FeatureModule } from '../feature-module.js';
import { CameraOwnerRepository } from './camera-owner.repository.js';
import { CameraOwnership } from './camera-ownership.js';
import { clusterSettings } from './cluster-settings.js';
import { NodeRepository } from './node.repository.js';
import { nodeRoutes } from './node.routes.js';
import { NodeService } from './node.service.js';

export interface ClusterModuleDeps {
  /**
   * The ownership loop's own database handle (PostgreSQL: a small pool of its own), so heartbeats and
   * renewals never queue behind recorder and API queries on a busy node; SQLite: the one handle.
   */
  loopDb: Db;
  /** This process's presence lock (PostgreSQL; null on SQLite): other nodes see its death at once. */
  presence: SessionLock | null;
  config: Pick<Config, 'nodeId' | 'nodeUrl' | 'nodeCapacity' | 'nodeLeaseMs' | 'nodeHeartbeatMs' | 'db' | 'recordingsDir'>;
  db: Db;
  logger: Logger;
  clock: Clock;
  events: EventLog;
  /** Free and total bytes of a folder's volume (storage/volume-stats.ts; storage sits above this layer). */
  volumeStats: (folder: string) => Promise<{ freeBytes: number; totalBytes: number }>;
  version: string;
}

/** Nodes and camera ownership: the heartbeat, leases with fencing epochs, failover, drain; GET /api/nodes. */
export interface ClusterModule extends FeatureModule {
  readonly ownership: CameraOwnership;
  readonly nodes: NodeService;
}

export function createClusterModule(deps: ClusterModuleDeps): ClusterModule {
  const settings = clusterSettings(deps.config, deps.version);
  const nodeRepository = new NodeRepository(deps.loopDb);
  const owners = new CameraOwnerRepository(deps.loopDb);
  const ownership = new CameraOwnership({
    settings,
    nodes: nodeRepository,
    owners,
    events: deps.events,
    clock: deps.clock,
    logger: deps.logger.child({ module: 'cluster' }),
    volume: () => deps.volumeStats(deps.config.recordingsDir),
    presence: deps.presence,
  });
  const nodes = new NodeService(new NodeRepository(deps.db), new CameraOwnerRepository(deps.db), deps.clock, settings.nodeId, settings.leaseMs);
  return {
    ownership,
    nodes,
    routes: async (app: FastifyInstance) => {
      await app.register(nodeRoutes, { nodes });
    },
  };
}
