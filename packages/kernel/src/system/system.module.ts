import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { EventLog } from '../events/event-log.js';
import type { FeatureModule } from '../feature-module.js';
import type { RuntimeSettings } from '../settings/runtime-settings.js';
import type { SweepReport } from '../storage/retention-sweeper.js';
import type { VolumeStatsFn } from '../storage/volume-stats.js';
import { DiskHealth } from './disk-health.js';
import { smartctlRunner } from './smart-health.js';
import { SystemReport } from './system-report.js';
import { SystemRepository } from './system.repository.js';
import { systemRoutes } from './system.routes.js';

export interface SystemModuleDeps {
  config: Pick<Config, 'recordingsDir' | 'mirrorDir' | 'smartDevices' | 'smartctlBin' | 'mdstatPath' | 'diskCheckIntervalMs'>;
  db: Db;
  clock: Clock;
  logger: Logger;
  events: EventLog;
  version: string;
  startedAt: number;
  volumeStats: VolumeStatsFn;
  settings: () => Pick<RuntimeSettings, 'retentionMaxBytes' | 'minFree'>;
  lastSweep: () => SweepReport | null;
}

export interface SystemModule extends FeatureModule {
  readonly report: SystemReport;
  readonly diskHealth: DiskHealth;
}

/** GET /api/system and the disk health checks (SMART, software RAID). */
export function createSystemModule(deps: SystemModuleDeps): SystemModule {
  const { config } = deps;
  const diskHealth = new DiskHealth({
    devices: config.smartDevices,
    smartctl: smartctlRunner(config.smartctlBin),
    mdstatPath: config.mdstatPath,
    events: deps.events,
    clock: deps.clock,
    logger: deps.logger.child({ module: 'system' }),
  });
  const report = new SystemReport({
    repository: new SystemRepository(deps.db),
    clock: deps.clock,
    version: deps.version,
    startedAt: deps.startedAt,
    recordingsDir: config.recordingsDir,
    mirrorDir: config.mirrorDir,
    volumeStats: deps.volumeStats,
    settings: deps.settings,
    lastSweep: deps.lastSweep,
    diskHealth: () => diskHealth.lastReport,
  });
  return {
    report,
    diskHealth,
    async routes(app) {
      await app.register(systemRoutes, { report });
    },
    start() {
      diskHealth.start(config.diskCheckIntervalMs);
      return Promise.resolve();
    },
    stop: () => diskHealth.stop(),
  };
}
