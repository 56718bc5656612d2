import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { AuditLog } from '../../auth/audit-log.js';
import { classifyOrigin } from '../../auth/same-origin.js';
import { ErrorBody, StringEnum, errorResponses } from '../../contract/schemas.js';
import { AppError, Forbidden, ServiceUnavailable } from '../../errors.js';
import type { LiveHubRegistry } from './live-hub-registry.js';
import { type LiveHub, LiveUnavailableError } from './live-types.js';
import { liveHttpError } from './live-http-error.js';
import { WsLiveViewer } from './ws-live-viewer.js';

export interface LiveRoutesDeps {
  hubs: LiveHubRegistry;
  audit: AuditLog;
  logger: Logger;
}

const LiveParams = Type.Object({ id: Type.String({ maxLength: 64, description: 'Camera id.' }) });
const LiveQuery = Type.Object({
  stream: Type.Optional(
    StringEnum(['main', 'sub'] as const, {
      description: 'Which camera stream (default main). `sub` on a camera without a sub-stream serves main; the first message says which.',
    }),
  ),
});

/** A viewer admitted before the upgrade: its hub and its slot. */
interface Admission {
  hub: LiveHub;
  release: () => void;
}

const DESCRIPTION = [
  'Live view for Media Source Extensions. Open as a WebSocket (a plain GET gets 426). Everything is checked before the upgrade:',
  'authentication (session cookie or API key; viewers allowed), a foreign Origin (403), an unknown camera (404), a disabled one (409),',
  'the viewer limits (429, HELDAR_LIVE_MAX_VIEWERS / _PER_USER). Server → client: a text `{"type":"stream",…}` (MIME type, codecs,',
  'size, audio), the init segment (binary), then fragments (binary); a text `{"type":"sync","decode_time_ms","received_at"}` before',
  'every keyframe fragment; `{"type":"skipped","dropped":n}` after a slow client was skipped to a keyframe; `{"type":"end","reason"}`',
  'then close. A new `stream` message (higher generation) means the camera\'s ffmpeg restarted: reset the SourceBuffer. See docs/api.md, "Live view".',
].join(' ');

export const liveRoutes: FastifyPluginAsyncTypebox<LiveRoutesDeps> = async (app, { hubs, audit, logger }) => {
  const admitted = new WeakMap<FastifyRequest, Admission>();

  // Open live sockets would keep the HTTP server from closing: tell each viewer and close it.
  app.addHook('preClose', async () => {
    await hubs.close();
  });

  // A plain route with a wsHandler (rather than `websocket: true`, which hides the route from the
  // OpenAPI page): an upgrade goes to wsHandler, a plain GET gets 426.
  app.route({
    method: 'GET',
    url: '/api/cameras/:id/live',
    config: { audit: false },
    schema: {
      tags: ['cameras'],
      summary: 'Live view over a WebSocket (fMP4 for MSE)',
      description: DESCRIPTION,
      params: LiveParams,
      querystring: LiveQuery,
      response: { 426: ErrorBody, ...errorResponses(400, 401, 403, 404, 409, 429, 503) },
    },
    preHandler: async (request) => {
      // The auth hook already refuses a foreign Origin for cookie sessions; an API key in a page
      // from elsewhere is refused here too, so no foreign page ever gets a live stream.
      if (classifyOrigin({ origin: request.headers.origin, referer: request.headers.referer }, request.host) === 'cross') {
        throw new Forbidden('cross-site request refused: the Origin of this WebSocket is not this server');
      }
      const principal = request.principal;
      const user = principal === undefined ? 'anonymous' : `${principal.kind}:${principal.id}`;
      const release = admit(() => hubs.admitViewer(user));
      try {
        const hub = await acquire(hubs, request.params.id, request.query.stream ?? 'main', logger);
        admitted.set(request, { hub, release });
        // Given back however the connection ends, even if the handshake never completes.
        request.raw.socket.once('close', release);
      } catch (e: unknown) {
        release();
        throw e;
      }
    },
    handler: async (request, reply) => {
      admitted.get(request)?.release();
      return reply
        .status(426)
        .header('upgrade', 'websocket')
        .send({ error: 'upgrade_required', message: 'this is a WebSocket endpoint: connect with a WebSocket client (see docs/api.md, "Live view")' });
    },
    wsHandler: (socket, request) => {
      const admission = admitted.get(request);
      if (admission === undefined) {
        socket.close(1011, 'not admitted');
        return;
      }
      const { hub, release } = admission;
      const detach = hub.attach(new WsLiveViewer(socket, hub.cameraId, hub.stream));
      socket.on('close', () => {
        detach();
        release();
      });
      // The protocol has nothing for the client to say; anything it sends is ignored.
      socket.on('message', () => undefined);
      void audit.recordQuietly({
        actor: request.principal ?? { kind: 'anonymous' },
        action: 'live_view',
        method: 'GET',
        route: '/api/cameras/:id/live',
        target: hub.cameraId,
        status: 101,
        outcome: 'ok',
        ip: request.ip,
        detail: { stream: hub.stream },
      });
    },
  });
};

function admit(take: () => () => void): () => void {
  try {
    return take();
  } catch (e: unknown) {
    throw httpError(e);
  }
}

async function acquire(hubs: LiveHubRegistry, cameraId: string, stream: 'main' | 'sub', logger: Logger): Promise<LiveHub> {
  try {
    return await hubs.acquire(cameraId, stream);
  } catch (e: unknown) {
    const error = httpError(e);
    if (error instanceof ServiceUnavailable) logger.warn({ err: e, camera: cameraId, stream }, 'live: could not start a live stream');
    throw error;
  }
}

/** LiveUnavailableError → 404/409/429; any other failure → 503 without its internals (a URL may be in it). */
function httpError(e: unknown): AppError {
  if (e instanceof LiveUnavailableError) return liveHttpError(e);
  if (e instanceof AppError) return e;
  return new ServiceUnavailable('the live stream could not be started; the camera may be unreachable (see the server log)', { cause: e });
}
