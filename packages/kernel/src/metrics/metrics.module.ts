import { Registry, collectDefaultMetrics } from 'prom-client';
import type { Clock } from '../clock.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { FeatureModule } from '../feature-module.js';
import type { SegmentIndexer } from '../recording/segment-indexer.js';
import type { VolumeStatsFn } from '../storage/volume-stats.js';
import { timeRequests } from './http-durations.js';
import { KernelSeries } from './kernel-series.js';
import { MetricsRepository } from './metrics.repository.js';
import { metricsRoutes } from './metrics.routes.js';
import type { ReadinessChecks } from './readiness.js';

export interface MetricsModuleDeps {
  config: Config;
  db: Db;
  clock: Clock;
  indexer: SegmentIndexer;
  volumeStats: VolumeStatsFn;
  version: string;
  readiness: ReadinessChecks;
  /** Live viewers across all hubs (heldar_live_viewers); absent without live view. */
  liveViewers?: () => number;
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
  const series = new KernelSeries({
    registry,
    repository: new MetricsRepository(deps.db),
    clock: deps.clock,
    version: deps.version,
    recordingsDir: deps.config.recordingsDir,
    volumeStats: deps.volumeStats,
    liveViewers: deps.liveViewers,
  });
  const stopListening = deps.indexer.onIndexed((segment) => series.segmentIndexed(segment));
  return {
    registry,
    install(app) {
      timeRequests(app, registry);
    },
    async routes(app) {
      await app.register(metricsRoutes, { registry, metricsPublic: deps.config.metricsPublic, readiness: deps.readiness });
    },
    async stop() {
      stopListening();
      registry.clear();
    },
  };
}
