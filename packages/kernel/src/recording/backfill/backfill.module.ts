import type { Logger } from 'pino';
import type { Camera } from '../../cameras/camera.js';
import type { CameraRepository } from '../../cameras/camera.repository.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { EventLog } from '../../events/event-log.js';
import type { FeatureModule } from '../../feature-module.js';
import type { SegmentRepository } from '../../storage/segment.repository.js';
import type { SegmentIndexer } from '../segment-indexer.js';
import { BackfillSweeper } from './backfill-sweeper.js';
import { BackfillRepository } from './backfill.repository.js';
import { findOnvifReplayUri } from './onvif-replay-source.js';
import { backfillRoutes } from './backfill.routes.js';
import { ffmpegReplayRunner, type ReplayRunner } from './replay-recorder.js';

/** What the backfill module uses from the kernel. */
export interface BackfillModuleDeps {
  config: Pick<
    Config,
    'recordingsDir' | 'timeZone' | 'ffmpegBin' | 'backfillMinGapSeconds' | 'backfillMaxAgeHours' | 'backfillMaxAttempts' | 'backfillConcurrency' | 'backfillIntervalSeconds'
  >;
  /** Its own tables (backfill_gaps, camera_backfill) and the segments' source column. */
  db: Db;
  logger: Logger;
  clock: Clock;
  cameras: { require(id: string): Promise<Camera>; list(): Promise<Pick<Camera, 'id' | 'enabled' | 'record_enabled' | 'record_mode' | 'pre_roll_seconds'>[]> };
  /** Schedule windows: where a scheduled camera was supposed to record. */
  cameraRepository: Pick<CameraRepository, 'schedules'>;
  segments: SegmentRepository;
  indexer: Pick<SegmentIndexer, 'promote'>;
  events: EventLog;
  processPrefix: readonly string[];
  /** Tests may hand in another runner; default: ffmpeg with the recorder's arguments. */
  replay?: ReplayRunner;
}

/** Gap backfill (ANR): gap rows, the sweeper that fills them from the camera's replay, their API. */
export interface BackfillModule extends FeatureModule {
  readonly repository: BackfillRepository;
  readonly sweeper: BackfillSweeper;
}

export function createBackfillModule(ctx: BackfillModuleDeps): BackfillModule {
  const logger = ctx.logger.child({ module: 'backfill' });
  const repository = new BackfillRepository(ctx.db);
  const { config } = ctx;
  const sweeper = new BackfillSweeper({
    settings: {
      recordingsDir: config.recordingsDir,
      minGapMs: config.backfillMinGapSeconds * 1000,
      maxAgeMs: config.backfillMaxAgeHours * 3_600_000,
      maxAttempts: config.backfillMaxAttempts,
      concurrency: config.backfillConcurrency,
      intervalMs: config.backfillIntervalSeconds * 1000,
      timeZone: config.timeZone,
    },
    repository,
    segments: ctx.segments,
    cameras: ctx.cameras,
    expectation: {
      schedules: (cameraId) => ctx.cameraRepository.schedules(cameraId),
      triggers: async (cameraId, from, to) =>
        (await ctx.events.history(cameraId, ['recording_triggered'], from, to)).map((e) => ({ at: e.at, windowEnd: Date.parse(String(e.payload.window_end)) || e.at })),
    },
    indexer: ctx.indexer,
    replay: ctx.replay ?? ffmpegReplayRunner(config.ffmpegBin, logger, ctx.processPrefix),
    onvifReplay: findOnvifReplayUri,
    events: ctx.events,
    clock: ctx.clock,
    logger,
  });
  return {
    repository,
    sweeper,
    routes: async (app) => {
      await app.register(backfillRoutes, { repository, sweeper, cameras: ctx.cameras, clock: ctx.clock });
    },
    start: () => sweeper.start(),
    stop: () => sweeper.stop(),
  };
}
