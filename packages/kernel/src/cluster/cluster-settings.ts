import { ConfigError, type Config } from '../config.js';

/** What the cluster layer needs of the configuration, checked together. */
export interface ClusterSettings {
  readonly nodeId: string;
  readonly url: string | null;
  readonly capacity: number;
  readonly leaseMs: number;
  readonly heartbeatMs: number;
  readonly version: string;
  /**
   * SQLite: the only node there can be. It owns every camera whatever its lease, capacity or preferred
   * node says, and never stops its recorders for a late renewal: nobody else could take over.
   */
  readonly singleNode: boolean;
}

export function clusterSettings(config: Pick<Config, 'nodeId' | 'nodeUrl' | 'nodeCapacity' | 'nodeLeaseMs' | 'nodeHeartbeatMs' | 'db'>, version: string): ClusterSettings {
  // Three renewals per lease: one late heartbeat must not cost a node its cameras.
  if (config.nodeHeartbeatMs * 3 > config.nodeLeaseMs) {
    throw new ConfigError('HELDAR_NODE_HEARTBEAT_MS', `must be at most a third of HELDAR_NODE_LEASE_SECONDS (${config.nodeLeaseMs / 1000} s), got ${config.nodeHeartbeatMs} ms`);
  }
  return Object.freeze({
    nodeId: config.nodeId,
    url: config.nodeUrl,
    capacity: config.nodeCapacity,
    leaseMs: config.nodeLeaseMs,
    heartbeatMs: config.nodeHeartbeatMs,
    version,
    singleNode: config.db.kind === 'sqlite',
  });
}
