import type { Logger } from 'pino';
import type { AuditLog } from '../../../auth/audit-log.js';
import type { Clock } from '../../../clock.js';
import type { FeatureModule } from '../../../feature-module.js';
import { llHlsRoutes } from './ll-hls.routes.js';
import { LlHlsService, type LlHlsHubs } from './ll-hls.service.js';

/** A packager nobody requested anything from for this long leaves its hub (and may let an on-demand stream stop). */
export const LL_HLS_IDLE_MS = 30_000;
/** How often idle packagers are looked for. */
const SWEEP_INTERVAL_MS = 5_000;
/** An on-demand stream connects to the camera first; its first segment follows a GOP later. */
const FIRST_SEGMENT_WAIT_MS = 15_000;

export interface LlHlsModule extends FeatureModule {
  readonly service: LlHlsService;
}

/** What LL-HLS uses from the kernel. */
export interface LlHlsModuleDeps {
  hubs: LlHlsHubs;
  audit: Pick<AuditLog, 'recordQuietly'>;
  clock: Clock;
  logger: Logger;
  idleMs?: number;
}

/** Low-Latency HLS live view (issue 17): packagers on the live hubs, the playlist and media routes. */
export function createLlHlsModule(deps: LlHlsModuleDeps): LlHlsModule {
  const logger = deps.logger.child({ module: 'live-hls' });
  const service = new LlHlsService({
    hubs: deps.hubs,
    audit: deps.audit,
    clock: deps.clock,
    logger,
    idleMs: deps.idleMs ?? LL_HLS_IDLE_MS,
    firstSegmentWaitMs: FIRST_SEGMENT_WAIT_MS,
  });
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();
  return {
    service,
    routes: async (app) => {
      await app.register(llHlsRoutes, { service });
    },
    async start() {
      timer = setInterval(() => {
        sweeping = service.sweep().catch((e: unknown) => logger.error({ err: e }, 'live: LL-HLS sweep failed'));
      }, SWEEP_INTERVAL_MS);
      timer.unref();
    },
    async stop() {
      clearInterval(timer);
      await sweeping;
      await service.stop();
    },
  };
}
