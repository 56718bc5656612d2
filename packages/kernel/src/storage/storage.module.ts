import type { FastifyInstance } from 'fastify';
import type { FeatureModule } from '../feature-module.js';
import type { Logger } from 'pino';
import { dialectOf } from '../db/dialect.js';
import { NodeStorage } from './node-storage.js';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { CameraService } from '../cameras/camera.service.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { RuntimeSettings } from '../settings/runtime-settings.js';
import type { EventLog } from '../events/event-log.js';
import type { FootageDeleter } from './footage-deleter.js';
import type { SegmentLeases } from './segment-leases.js';
import { IncidentRepository } from './incident.repository.js';
import { incidentRoutes } from './incident.routes.js';
import { IncidentService } from './incident.service.js';
import { LeaseRepository } from './lease.repository.js';
import { MirrorRetention } from './mirror-retention.js';
import { RetentionRepository } from './retention.repository.js';
import { RetentionSweeper } from './retention-sweeper.js';
import type { SegmentFileRemover } from './segment-files.js';
import { StoragePressure } from './storage-pressure.js';
import { SweepHistoryRepository } from './sweep-history.repository.js';
import { StorageReport } from './storage-report.js';
import { storageRoutes } from './storage.routes.js';
import { statfsVolume, type VolumeStatsFn } from './volume-stats.js';

/** What the storage module uses from the kernel; `db` builds only storage's own repositories (retention, incidents, leases). */
export interface StorageModuleDeps {
  config: Pick<Config, 'mirrorDir' | 'mirrorMaxBytes' | 'mirrorMinFree' | 'nodeId' | 'recordingsDir' | 'retentionIntervalMs'>;
  /** The settings in effect (the global byte budget and free-space floor change at run time). */
  settings: () => Pick<RuntimeSettings, 'retentionMaxBytes' | 'minFree'>;
  db: Db;
  logger: Logger;
  clock: Clock;
  events: EventLog;
  cameras: CameraService;
  cameraRepository: CameraRepository;
  leases: SegmentLeases;
  footage: FootageDeleter;
}

/** Adapters a test may replace (KernelOptions.storage). */
export interface StorageModuleOptions {
  /** Free space of a volume; default `fs.statfs`. */
  volumeStats?: VolumeStatsFn;
  /** Deletes a batch of segment files; default unlink, tolerating files already gone (the kernel hands it to FootageDeleter). */
  removeFiles?: SegmentFileRemover;
  /** Segments marked per statement (default 250: see bench/retention.mjs). */
  batchSize?: number;
}

/** Retention, incidents (evidence holds) and storage usage (issue: storage). */
export interface StorageModule extends FeatureModule {
  retention: RetentionSweeper;
  incidents: IncidentService;
  report: StorageReport;
  /** Null without HELDAR_MIRROR_DIR. */
  mirror: MirrorRetention | null;
}

export function createStorageModule(ctx: StorageModuleDeps, options: StorageModuleOptions = {}): StorageModule {
  const { config } = ctx;
  const volumeStats = options.volumeStats ?? statfsVolume;
  const logger = ctx.logger.child({ module: 'storage' });
  // With several nodes (PostgreSQL), retention works on this node's volume only.
  const retentionRepository = new RetentionRepository(ctx.db, dialectOf(ctx.db) === 'postgres' ? config.nodeId : null);
  const incidentRepository = new IncidentRepository(ctx.db);
  const pressure = new StoragePressure(ctx.events);
  const mirror =
    config.mirrorDir === null
      ? null
      : new MirrorRetention(
          config.mirrorDir,
          config.recordingsDir,
          { maxBytes: config.mirrorMaxBytes, minFree: config.mirrorMinFree },
          ctx.cameraRepository,
          incidentRepository,
          volumeStats,
          pressure,
          ctx.footage,
          logger,
        );
  const retention = new RetentionSweeper({
    recordingsRoot: config.recordingsDir,
    settings: { batchSize: options.batchSize ?? 250 },
    limits: () => {
      const current = ctx.settings();
      return { maxBytes: current.retentionMaxBytes, minFree: current.minFree };
    },
    retention: retentionRepository,
    footage: ctx.footage,
    leases: ctx.leases,
    cameras: ctx.cameraRepository,
    volumeStats,
    pressure,
    mirror,
    clock: ctx.clock,
    logger,
    history: new SweepHistoryRepository(ctx.db),
  });
  const incidents = new IncidentService(incidentRepository, ctx.cameras, ctx.events, ctx.clock);
  const report = new StorageReport({
    recordingsRoot: config.recordingsDir,
    mirrorRoot: config.mirrorDir,
    limits: () => {
      const current = ctx.settings();
      return { maxBytes: current.retentionMaxBytes, minFree: current.minFree, mirrorMaxBytes: config.mirrorMaxBytes, mirrorMinFree: config.mirrorMinFree };
    },
    retention: retentionRepository,
    cameras: ctx.cameraRepository,
    incidents: incidentRepository,
    leases: new LeaseRepository(ctx.db),
    volumeStats,
    mirror,
    sweeper: retention,
    clock: ctx.clock,
    nodes: new NodeStorage(ctx.db, config.nodeId),
  });

  return {
    retention,
    incidents,
    report,
    mirror,
    // Before any route answers: the last sweep of the previous run is known at once (GET /api/system).
    install: () => retention.restoreLast(),
    routes: async (app: FastifyInstance) => {
      await app.register(incidentRoutes, { incidents });
      await app.register(storageRoutes, { storage: report });
    },
    start() {
      retention.start(config.retentionIntervalMs);
      return Promise.resolve();
    },
    stop: () => retention.stop(),
  };
}
