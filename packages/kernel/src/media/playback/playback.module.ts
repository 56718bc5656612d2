import type { Logger } from 'pino';
import type { CameraService } from '../../cameras/camera.service.js';
import type { CameraStatusRepository } from '../../cameras/camera-status.repository.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import type { Db } from '../../db/database.js';
import type { EventLog } from '../../events/event-log.js';
import type { SegmentLeases } from '../../storage/segment-leases.js';
import type { SegmentRepository } from '../../storage/segment.repository.js';
import type { FeatureModule } from '../../feature-module.js';
import type { FootageFiles } from '../peer-footage/footage-files.js';
import { TimelineHistory } from '../timeline-history.js';
import { Timeline } from '../timeline.js';
import { timelineRoutes } from '../timeline.routes.js';
import type { TimelineBackfillSource } from '../timeline-backfill.js';
import { SnapshotDecoder } from '../snapshot/snapshot-decoder.js';
import { SnapshotService } from '../snapshot/snapshot.service.js';
import { playbackMediaRoutes } from './playback-media.routes.js';
import { PlaybackRepository } from './playback.repository.js';
import { playbackRoutes } from './playback.routes.js';
import { PlaybackService } from './playback.service.js';

/** How often expired sessions are removed and live sessions' leases renewed (the Rust original, docs/reference.md: 60 s). */
export const SWEEP_INTERVAL_MS = 60_000;

/** timeline, HLS playback sessions, /media/playback, snapshots of recorded moments (issue: playback and export). */
export interface PlaybackModule extends FeatureModule {
  readonly timeline: Timeline;
  readonly service: PlaybackService;
  /** Recorded frames of any moment; served by the perception sampler's snapshot route when `at` is given. */
  readonly snapshots: SnapshotService;
}

/** What the playback module uses from the kernel. */
export interface PlaybackModuleDeps {
  config: Pick<Config, 'maxPlaybackSeconds' | 'playbackTtlMinutes' | 'recordingsDir' | 'timeZone' | 'ffmpegBin'>;
  /** Its own table (playback sessions). */
  db: Db;
  logger: Logger;
  clock: Clock;
  cameras: CameraService;
  status: CameraStatusRepository;
  events: EventLog;
  segments: SegmentRepository;
  leases: SegmentLeases;
  /** Snapshot decodes run under it (parentDeathPrefix). */
  processPrefix: readonly string[];
  /** Where segment files are read (this node's volume or a peer's). */
  files: FootageFiles;
  /** Gap backfill's rows and backfilled spans, shown on the timeline. */
  backfill?: TimelineBackfillSource;
}

/** A one-GOP decode takes tens of milliseconds; a stuck ffmpeg is killed after this. */
const SNAPSHOT_TIMEOUT_MS = 10_000;
/** Snapshot decodes at once: each is an ffmpeg, and the recorders must keep their CPU. */
const SNAPSHOT_CONCURRENCY = 2;

export function createPlaybackModule(ctx: PlaybackModuleDeps): PlaybackModule {
  const logger = ctx.logger.child({ module: 'playback' });
  const timeline = new Timeline(ctx.segments);
  const service = new PlaybackService({
    settings: { ttlMs: ctx.config.playbackTtlMinutes * 60_000, maxSeconds: ctx.config.maxPlaybackSeconds },
    sessions: new PlaybackRepository(ctx.db),
    segments: ctx.segments,
    cameras: ctx.cameras,
    leases: ctx.leases,
    clock: ctx.clock,
    logger,
  });

  const snapshots = new SnapshotService({
    segments: ctx.segments,
    cameras: ctx.cameras,
    leases: ctx.leases,
    decoder: new SnapshotDecoder({ ffmpegBin: ctx.config.ffmpegBin, processPrefix: ctx.processPrefix, logger, timeoutMs: SNAPSHOT_TIMEOUT_MS, maxConcurrent: SNAPSHOT_CONCURRENCY }),
    files: ctx.files,
    logger,
  });

  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => {
    sweeping = service.sweep().catch((e: unknown) => logger.error({ err: e }, 'playback: sweep failed'));
    return sweeping;
  };

  return {
    timeline,
    service,
    snapshots,
    routes: async (app) => {
      const history = new TimelineHistory({ cameras: ctx.cameras, status: ctx.status, events: ctx.events, timeZone: ctx.config.timeZone });
      await app.register(timelineRoutes, { timeline, history, cameras: ctx.cameras, clock: ctx.clock, timeZone: ctx.config.timeZone, ...(ctx.backfill ? { backfill: ctx.backfill } : {}) });
      await app.register(playbackRoutes, { service });
      await app.register(playbackMediaRoutes, { service, files: ctx.files });
    },
    async start() {
      // Sessions survive a restart (rows, leases); the ones that expired meanwhile go now.
      await sweep();
      timer = setInterval(() => void sweep(), SWEEP_INTERVAL_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await sweeping;
      timeline.dispose();
    },
  };
}
