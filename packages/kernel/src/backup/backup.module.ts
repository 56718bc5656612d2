import path from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { EventLog } from '../events/event-log.js';
import type { FeatureModule } from '../feature-module.js';
import type { OutboundGuard } from '../net/outbound-guard.js';
import type { SecretBox } from '../secrets/secret-box.js';
import type { JobRunDeps } from './job-run.js';
import type { SegmentLeases } from '../storage/segment-leases.js';
import { BackupJobs } from './backup-jobs.js';
import { BackupRepository } from './backup.repository.js';
import { backupRoutes } from './backup.routes.js';
import { BackupScheduler } from './backup-scheduler.js';
import { DestinationService } from './destination.service.js';
import { PolicyService } from './policy.service.js';

export interface BackupModuleDeps {
  config: Pick<Config, 'db' | 'dataDir' | 'recordingsDir' | 'mirrorDir' | 'backupJobTimeoutMinutes' | 'backupSchedulerSeconds'>;
  db: Db;
  logger: Logger;
  clock: Clock;
  events: EventLog;
  leases: SegmentLeases;
  secretBox: SecretBox;
  /** The integrations' outbound guard (HELDAR_OUTBOUND_ALLOW): SFTP hosts and S3 endpoints are user-given. */
  guard: OutboundGuard;
  /** A readable path of a segment's file, fetched from its node when another node recorded it (the leader backs up every node's footage). */
  sourceFile: JobRunDeps['sourceFile'];
}

export interface BackupModule extends FeatureModule {
  destinations: DestinationService;
  policies: PolicyService;
  jobs: BackupJobs;
  scheduler: BackupScheduler;
}

/** A transport's connect and per-call time limit. */
const TRANSPORT_TIMEOUT_MS = 20_000;

/** Backup destinations, policies, jobs and their scheduler. */
export function createBackupModule(deps: BackupModuleDeps): BackupModule {
  const logger = deps.logger.child({ module: 'backup' });
  const repository = new BackupRepository(deps.db, deps.secretBox);
  const footageRoots = [deps.config.recordingsDir, ...(deps.config.mirrorDir === null ? [] : [deps.config.mirrorDir])];
  const destinations = new DestinationService({ repository, guard: deps.guard, clock: deps.clock, footageRoots, timeoutMs: TRANSPORT_TIMEOUT_MS });
  const jobs = new BackupJobs({
    repository,
    destinations,
    leases: deps.leases,
    guard: deps.guard,
    events: deps.events,
    clock: deps.clock,
    logger,
    sourceFile: deps.sourceFile,
    database: deps.config.db,
    timeoutMs: TRANSPORT_TIMEOUT_MS,
    jobTimeoutMs: deps.config.backupJobTimeoutMinutes * 60_000,
    maxRunning: 2,
    scratchDir: path.join(deps.config.dataDir, 'backup-scratch'),
  });
  const policies = new PolicyService(repository, destinations, deps.clock, (id) => jobs.busy(id));
  const scheduler = new BackupScheduler(repository, jobs, deps.clock, logger, deps.config.backupSchedulerSeconds * 1000);
  return {
    destinations,
    policies,
    jobs,
    scheduler,
    async routes(app) {
      await app.withTypeProvider<TypeBoxTypeProvider>().register(backupRoutes, { destinations, policies, jobs });
    },
    async start() {
      await jobs.recover();
      scheduler.start();
    },
    async stop() {
      await scheduler.stop();
      await jobs.stop();
    },
  };
}
