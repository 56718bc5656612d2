import type { Logger } from 'pino';
import type { AuditLog } from '../../auth/audit-log.js';
import type { CameraRepository } from '../../cameras/camera.repository.js';
import type { Clock } from '../../clock.js';
import type { Config } from '../../config.js';
import { ServiceUnavailable } from '../../errors.js';
import type { EventBus } from '../../events/event-bus.js';
import type { FeatureModule } from '../../feature-module.js';
import { LiveHubRegistry } from './live-hub-registry.js';
import type { OnDemandLauncher } from './live-types.js';
import { liveRoutes } from './live.routes.js';

/** What the live module uses from the kernel. */
export interface LiveModuleDeps {
  config: Pick<Config, 'liveIdleStopSeconds' | 'liveMaxViewers' | 'liveMaxViewersPerUser' | 'liveViewerBacklogBytes'>;
  logger: Logger;
  clock: Clock;
  cameraRepository: Pick<CameraRepository, 'find'>;
  audit: AuditLog;
  /** Deleted cameras' viewers are told and their hubs dropped. */
  bus: EventBus;
  /** Starts a live-only ffmpeg for a stream nothing feeds; without one, such streams answer 503. */
  launcher?: OnDemandLauncher;
}

export interface LiveModule extends FeatureModule {
  /** The LiveSink the recorder and sampler write their live copies into, and the hubs viewers watch. */
  readonly hubs: LiveHubRegistry;
}

/**
 * How long viewers of a camera that stopped recording (its schedule or event window ended) wait
 * before a live-only stream takes over: a recorder that merely restarts reopens well within this.
 */
const TAKEOVER_MS = 5_000;

/** A kernel built without live-only streams: only cameras being recorded (or sampled) can be watched. */
const NO_ON_DEMAND: OnDemandLauncher = {
  start: (cameraId) => Promise.reject(new ServiceUnavailable(`camera '${cameraId}' is not being recorded now, and this server cannot start a live-only stream`)),
};

/** Live view (issue 17): the hubs every camera stream's live copy goes through, and the MSE WebSocket. */
export function createLiveModule(deps: LiveModuleDeps): LiveModule {
  const logger = deps.logger.child({ module: 'live' });
  const hubs = new LiveHubRegistry({
    settings: {
      idleStopMs: deps.config.liveIdleStopSeconds * 1000,
      takeoverMs: TAKEOVER_MS,
      maxViewerBacklogBytes: deps.config.liveViewerBacklogBytes,
      maxViewers: deps.config.liveMaxViewers,
      maxViewersPerUser: deps.config.liveMaxViewersPerUser,
    },
    findCamera: async (id) => {
      const camera = await deps.cameraRepository.find(id);
      return camera === undefined ? undefined : { enabled: camera.enabled, hasSubStream: camera.sub_stream_url !== null };
    },
    launcher: deps.launcher ?? NO_ON_DEMAND,
    logger: deps.logger,
    now: () => deps.clock.now(),
  });
  const unsubscribe = deps.bus.subscribe((event) => {
    if (event.kind !== 'camera_deleted' || event.camera_id === null) return;
    hubs.forget(event.camera_id).catch((e: unknown) => logger.warn({ err: e }, 'live: closing a deleted camera\'s streams failed'));
  });

  return {
    hubs,
    routes: async (app) => {
      await app.register(liveRoutes, { hubs, audit: deps.audit, logger });
    },
    async stop() {
      unsubscribe();
      await hubs.close();
    },
  };
}
