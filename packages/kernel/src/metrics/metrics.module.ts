import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { FeatureModule } from '../feature-module.js';
import type { SegmentIndexer } from '../recording/segment-indexer.js';
import type { VolumeStatsFn } from '../storage/volume-stats.js';
import type { EventBus } from '../events/event-bus.js';
import type { SweepReport } from '../storage/retention-sweeper.js';
import type { PlaybackSessionEnded } from '../media/playback/playback.service.js';
import type { PerceptionFigures } from '../perception/perception-figures.js';
import { ActivitySeries } from './activity-series.js';
import { timeRequests } from './http-durations.js';
import { KernelSeries } from './kernel-series.js';
import { MetricsRepository } from './metrics.repository.js';
import { metricsRoutes } from './metrics.routes.js';
import { registerPerceptionSeries } from './perception-series.js';
import type { ReadinessChecks } from './readiness.js';

export interface MetricsModuleDeps {
  config: Config;
  db: Db;
  clock: Clock;
  indexer: SegmentIndexer;
  volumeStats: VolumeStatsFn;
  version: string;
  /** The readiness checks but the camera count, which this module answers from its repository. */
  readiness: Omit<ReadinessChecks, 'recordingShare'>;
  /** Whether scrapes are public now (the run-time setting over HELDAR_METRICS_PUBLIC). */
  metricsPublic: () => boolean;
  /** Logged events, counted as they happen (stall restarts, outages, exports). */
  bus: EventBus;
  /** The retention sweeper's report listener and its last report. */
  onSwept: (listener: (report: SweepReport) => void) => () => void;
  lastSweep: () => SweepReport | null;
  /** Live viewers across all hubs (heldar_live_viewers); absent without live view. */
  liveViewers?: () => number;
  /** Sampler rates, frame drops and detections (heldar_sampler_*, heldar_worker_frames_*, heldar_detections_ingested_total). */
  perception?: PerceptionFigures;
  /** Playback sessions as they end (heldar_playback_session_duration_seconds). */
  onPlaybackEnded?: (listener: (ended: PlaybackSessionEnded) => void) => () => void;
}

export interface MetricsModule extends FeatureModule {
  /** This kernel's registry (its own, not prom-client's global one: two kernels in a test never mix). */
  readonly registry: Registry;
}

/** Prometheus metrics (GET /metrics) and the orchestrator's probes (GET /healthz, /readyz). */
export function createMetricsModule(deps: MetricsModuleDeps): MetricsModule {
  const registry = new Registry();
  // Event-loop lag, process memory and CPU, handles, GC: prom-client's standard process series.
  collectDefaultMetrics({ register: registry });
  const repository = new MetricsRepository(deps.db);
  const readiness: ReadinessChecks = { ...deps.readiness, recordingShare: () => repository.recordingShare() };
  const series = new KernelSeries({
    registry,
    repository,
    clock: deps.clock,
    version: deps.version,
    recordingsDir: deps.config.recordingsDir,
    volumeStats: deps.volumeStats,
    liveViewers: deps.liveViewers,
  });
  const activity = new ActivitySeries({ registry, repository, lastSweep: deps.lastSweep });
  const unsubscribe = [
    deps.indexer.onIndexed((segment) => {
      series.segmentIndexed(segment);
      activity.segmentIndexed(segment);
    }),
    deps.bus.subscribe((event) => activity.event(event)),
    deps.onSwept((report) => activity.swept(report)),
  ];
  if (deps.perception !== undefined) registerPerceptionSeries(registry, deps.perception);
  if (deps.onPlaybackEnded !== undefined) unsubscribe.push(deps.onPlaybackEnded((ended) => activity.playbackEnded(ended)));
  return {
    registry,
    install(app) {
      timeRequests(app, registry);
    },
    async routes(app) {
      await app.register(metricsRoutes, { registry, metricsPublic: deps.metricsPublic, readiness });
    },
    async stop() {
      for (const stop of unsubscribe) stop();
      registry.clear();
    },
  };
}
