import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Logger } from 'pino';
import type { CameraRepository } from '../cameras/camera.repository.js';
import type { CameraService } from '../cameras/camera.service.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import { DISCARD_LIVE_SINK, type LiveSink } from '../recording/live-sink.js';
import type { Db } from '../db/database.js';
import type { EventBus } from '../events/event-bus.js';
import type { EventLog } from '../events/event-log.js';
import type { SnapshotService } from '../media/snapshot/snapshot.service.js';
import type { RecorderManager } from '../recording/recorder-manager.js';
import type { FeatureModule } from '../feature-module.js';
import { sleep } from '../sleep.js';
import { eventStreamRoutes } from './event-stream.routes.js';
import { DetectionIngest } from './detection-ingest.js';
import { TrackFeed } from './track-feed.js';
import { EventStreams } from './event-stream.js';
import { FrameHub } from './frame-hub.js';
import { perceptionFigures, type PerceptionFigures } from './perception-figures.js';
import { SamplerManager } from './sampler-manager.js';
import { samplerRoutes } from './sampler.routes.js';
import { SamplerService } from './sampler.service.js';
import { TrackRepository } from './track.repository.js';
import { TrackService } from './track.service.js';
import { WorkerHub } from './worker-hub.js';
import { WorkerRepository } from './worker.repository.js';
import { workerRoutes } from './worker.routes.js';
import { ZoneEngine } from './zone-engine.js';
import { ZoneRepository } from './zone.repository.js';
import { zoneRoutes } from './zone.routes.js';
import { ZoneService } from './zone.service.js';

/** Sampler, workers, detections, zones and the event stream (docs/workers.md); the module catalog is in integrations/modules/. */
export interface PerceptionModule extends FeatureModule {
  /** Latest frame per camera, recent frame ids, fan-out to workers. */
  frames: FrameHub;
  samplers: SamplerManager;
  workers: WorkerHub;
  ingest: DetectionIngest;
  engine: ZoneEngine;
  zones: ZoneService;
  tracks: TrackService;
  streams: EventStreams;
  /** Track changes as they happen (new, update, end), for integrations. */
  trackFeed: TrackFeed;
  /** Sampler rates, frame drops and detections, read by the metrics scrape. */
  figures: PerceptionFigures;
}

const TRACK_FLUSH_MS = 1000;

/** What the perception module uses from the kernel. */
export interface PerceptionModuleDeps {
  config: Pick<Config, 'ffmpegBin' | 'samplerStallSeconds' | 'samplerWidth' | 'workerTimeoutSeconds' | 'liveEnabled'>;
  /** Its own tables (workers, zones, tracks). */
  db: Db;
  logger: Logger;
  clock: Clock;
  cameras: CameraService;
  cameraRepository: CameraRepository;
  events: EventLog;
  bus: EventBus;
  /** A zone rule can start an event recording. */
  recorder: Pick<RecorderManager, 'trigger'>;
  /** Long-running ffmpegs are started under it so they stop when Heldar dies (ffmpeg/parent-death.ts). */
  processPrefix: readonly string[];
  /** Recorded frames for the snapshot route's `at` (media/snapshot). */
  snapshots: Pick<SnapshotService, 'at'>;
  /** Where a sampler on a sub-stream hands its live copy (media/live/'s hubs); default DISCARD_LIVE_SINK. */
  liveSink?: LiveSink;
}

export function createPerceptionModule(ctx: PerceptionModuleDeps): PerceptionModule {
  const log = ctx.logger.child({ module: 'perception' });
  const requireCamera = (id: string) => ctx.cameras.require(id);
  const frames = new FrameHub((e) => log.error({ err: e }, 'frame listener failed'));
  const samplers = new SamplerManager(
    ctx.cameraRepository,
    {
      ffmpegBin: ctx.config.ffmpegBin,
      processPrefix: ctx.processPrefix,
      width: ctx.config.samplerWidth,
      stallMs: ctx.config.samplerStallSeconds * 1000,
      frames,
      events: ctx.events,
      clock: ctx.clock,
      logger: log.child({ part: 'sampler' }),
      sleep,
      live: ctx.config.liveEnabled ? (ctx.liveSink ?? DISCARD_LIVE_SINK) : null,
    },
    log,
  );
  const workers = new WorkerHub(
    frames,
    () => samplers.sampledIds(),
    async (id) => (await ctx.cameraRepository.find(id)) !== undefined,
    new WorkerRepository(ctx.db),
    ctx.events,
    ctx.clock,
    log.child({ part: 'workers' }),
    { timeoutMs: ctx.config.workerTimeoutSeconds * 1000 },
  );
  const engine = new ZoneEngine();
  const zones = new ZoneService(new ZoneRepository(ctx.db), engine, requireCamera, ctx.clock);
  const trackRepository = new TrackRepository(ctx.db);
  const trackFeed = new TrackFeed((e) => log.error({ err: e }, 'track listener failed'));
  const ingest = new DetectionIngest({
    frames,
    worker: (id, principal) => workers.identity(id, principal),
    zones: engine,
    tracks: trackRepository,
    events: ctx.events,
    trigger: (cameraId, reason) => ctx.recorder.trigger(cameraId, reason),
    clock: ctx.clock,
    logger: log.child({ part: 'ingest' }),
    flushMs: TRACK_FLUSH_MS,
    feed: trackFeed,
  });
  const tracks = new TrackService(trackRepository, ingest, requireCamera);
  const streams = new EventStreams(ctx.events, ctx.bus, log.child({ part: 'event-stream' }));
  const samplerService = new SamplerService(samplers, frames, workers, requireCamera);

  samplers.onChange(() => workers.reassign());
  // Returned, so a camera's deletion waits until its sampler has stopped.
  ctx.cameras.onChange(async (id) => {
    await Promise.all([
      samplers.reconcile(id).catch((e: unknown) => log.error({ err: e, camera_id: id }, 'sampler: reconcile failed')),
      zones.reload(id).catch((e: unknown) => log.error({ err: e, camera_id: id }, 'zones: reload failed')),
    ]);
  });

  return {
    frames,
    samplers,
    workers,
    ingest,
    engine,
    zones,
    tracks,
    streams,
    trackFeed,
    figures: perceptionFigures({ samplers, frames, workers, ingest }),
    // Before any route can be called: workers of an earlier run are offline, its open tracks closed,
    // and the zones loaded, so the first request already sees a consistent state.
    async install() {
      const closed = await trackRepository.closeLeftOpen();
      if (closed > 0) log.info({ tracks: closed }, 'tracks left open by the previous run closed');
      await zones.loadAll();
      await workers.start();
      ingest.start();
    },
    async routes(app) {
      // @fastify/websocket is registered once for the whole API (http/app.ts): live view uses it too.
      // Open event streams and waiting pulls would keep the HTTP server from closing.
      app.addHook('preClose', async () => {
        streams.closeAll();
        workers.releasePulls();
      });
      const typed = app.withTypeProvider<TypeBoxTypeProvider>();
      await typed.register(samplerRoutes, { samplers: samplerService, recorded: ctx.snapshots });
      await typed.register(workerRoutes, { workers, ingest });
      await typed.register(zoneRoutes, { zones, tracks });
      await typed.register(eventStreamRoutes, { streams });
    },
    async start() {
      await samplers.startAll();
    },
    async stop() {
      streams.closeAll();
      await samplers.shutdown();
      await workers.stop();
      await ingest.stop();
    },
  };
}
