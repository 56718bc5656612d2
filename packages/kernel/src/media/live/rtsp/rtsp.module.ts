import type { Logger } from 'pino';
import type { RtspCredential } from '../../../auth/api-key.service.js';
import type { AuditLog } from '../../../auth/audit-log.js';
import type { FeatureModule } from '../../../feature-module.js';
import type { LiveHubs } from '../live-types.js';
import { RestreamServer } from './restream-server.js';

export interface RtspModuleDeps {
  /** HELDAR_RTSP_PORT (null: the module does nothing) and HELDAR_RTSP_HOST. */
  settings: { port: number | null; host: string };
  hubs: LiveHubs;
  /** The live viewer limits every way of watching shares. */
  admitViewer(principalId: string): () => void;
  /** The principal and RTSP password of an API key id (ApiKeyService.rtspCredential). */
  rtspCredential(keyId: string): Promise<RtspCredential | null>;
  audit: AuditLog;
  logger: Logger;
}

export interface RtspModule extends FeatureModule {
  /** The port listened on once started; null when off. */
  port(): number | null;
}

/** The RTSP restream (`rtsp://host:port/<camera id>[/sub]`), listening only when HELDAR_RTSP_PORT is set. */
export function createRtspModule(deps: RtspModuleDeps): RtspModule {
  let server: RestreamServer | undefined;
  let port: number | null = null;
  return {
    port: () => port,
    async start() {
      if (deps.settings.port === null) return;
      server = new RestreamServer({
        hubs: deps.hubs,
        admitViewer: deps.admitViewer,
        rtspCredential: (id) => deps.rtspCredential(id),
        logger: deps.logger,
        sessionStarted: (principal, cameraId, stream, ip) => {
          // The same action as a WebSocket session start; the route says it was RTSP.
          void deps.audit.recordQuietly({ actor: principal, action: 'live_view', method: 'PLAY', route: 'rtsp', outcome: 'ok', ip, target: cameraId, detail: { stream } });
        },
      });
      port = await server.listen(deps.settings.port, deps.settings.host);
      deps.logger.info({ port, host: deps.settings.host }, 'rtsp: restream listening');
    },
    async stop() {
      await server?.close();
      server = undefined;
      port = null;
    },
  };
}
