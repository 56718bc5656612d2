import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import websocket from '@fastify/websocket';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { FeatureModule } from '../feature-module.js';
import { clientErrorResponse, frameworkError, installErrorHandler } from './error-handler.js';
import { installJsonBodyParser } from './json-body.js';
import { closeRejectedUpgrades } from './upgrade-guard.js';
import { validatorFactory } from './validator-compiler.js';
import { redirectDocsToSignIn } from './docs-sign-in.js';
import { logRequestsAtDebug } from './request-log.js';
import { healthRoutes, type HealthInfo } from './health.routes.js';
import { registerWebUi } from './web-ui.js';
import { ErrorBody } from '../contract/schemas.js';

/**
 * A bound on open client sockets, so a flood of connections cannot take every descriptor the
 * recorders need for their ffmpeg pipes and segment files (a 50-camera site needs a few hundred).
 */
export const DEFAULT_MAX_CONNECTIONS = 1024;

export interface AppServices {
  /** Every feature, as a module: hooks installed before any route, then its routes, in this order. */
  modules: readonly FeatureModule[];
  health: HealthInfo;
  /** Believe X-Forwarded-* from a reverse proxy (HELDAR_TRUST_PROXY): request.ip, protocol, host. */
  trustProxy?: boolean;
  /** Most client connections open at once (default DEFAULT_MAX_CONNECTIONS); more are dropped on arrival. */
  maxConnections?: number;
}

/**
 * Clients send only small JSON over the API's WebSockets (a worker's credits and heartbeats, nothing
 * from a live viewer); a bigger message is refused rather than buffered.
 */
const MAX_WEBSOCKET_MESSAGE_BYTES = 64 * 1024;

/** A request (headers and body) must arrive within this long; so must a WebSocket handshake's answer. */
const REQUEST_TIMEOUT_MS = 30_000;

/** A registered route, as `heldar`'s own tests and the auth matrix walk them. */
export interface RouteEntry {
  method: string;
  url: string;
}

export interface HttpApp {
  app: FastifyInstance;
  /** Every route registered, in registration order (HEAD routes Fastify adds itself excluded). */
  routes: readonly RouteEntry[];
}

/** Assembles the HTTP API: error mapping, OpenAPI at /api/docs, health, and every feature module's routes. */
export async function buildApp(services: AppServices, logger: Logger): Promise<HttpApp> {
  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    // Requests are logged at debug by logRequestsAtDebug instead of Fastify's two lines at info.
    logController: new LogController({ disableRequestLogging: true }),
    // Explicit timeouts: a client that never finishes its request cannot hold a socket forever.
    // No idle timeout while a response is being prepared: a clip export answers only when done
    // (HELDAR_CLIP_TIMEOUT_SECONDS, up to an hour); the number of sockets is bounded instead.
    connectionTimeout: 0,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: 10_000,
    bodyLimit: 1024 * 1024,
    trustProxy: services.trustProxy ?? false,
    // Strict body validation and careful query coercion, for every route (validator-compiler.ts).
    schemaController: { compilersFactory: { buildValidator: validatorFactory } },
    // A URL the router cannot take apart gets the usual { error, message }, not Fastify's own shape.
    frameworkErrors: frameworkError,
    // Refused by Node's HTTP parser (431, 400, 408): the same shape, then the connection closes.
    clientErrorHandler: (error: NodeJS.ErrnoException, socket) => {
      if (error.code === 'ECONNRESET' || socket.destroyed) return;
      if (socket.writable) socket.end(clientErrorResponse(error.code));
      socket.destroySoon();
    },
  }).withTypeProvider<TypeBoxTypeProvider>();
  app.server.maxConnections = services.maxConnections ?? DEFAULT_MAX_CONNECTIONS;

  const routes: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url });
    }
  });
  installErrorHandler(app);
  installJsonBodyParser(app);
  closeRejectedUpgrades(app, REQUEST_TIMEOUT_MS);
  logRequestsAtDebug(app);
  redirectDocsToSignIn(app);
  app.addSchema(ErrorBody);
  // Hooks first (auth): a hook reaches only the routes registered after it, /api/docs included.
  for (const module of services.modules) await module.install?.(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Heldar API',
        version: services.health.version,
        description: 'The Heldar NVR kernel: cameras, recording, index, playback, export, events. Times are RFC 3339 UTC.',
      },
      tags: [
        { name: 'system', description: 'Health and service information' },
        { name: 'cameras', description: 'Camera registry and schedules' },
        { name: 'recordings', description: 'Recorder status, triggers and the segment index' },
        { name: 'events', description: 'The event log' },
        { name: 'auth', description: 'Sign-in, sessions, who am I' },
        { name: 'users', description: 'Users and roles (admin)' },
        { name: 'keys', description: 'API keys (admin)' },
        { name: 'audit', description: 'The audit log (admin)' },
        { name: 'clips', description: 'Clip export, signed manifests, clip media' },
        { name: 'playback', description: 'Timeline, HLS playback sessions, playback media' },
        { name: 'storage', description: 'Retention, incidents (evidence holds), storage usage' },
        { name: 'perception', description: 'Sampler, snapshots, workers, detections, zones, tracks, modules, event stream' },
        { name: 'integrations', description: 'MQTT, email and other ways events leave Heldar (admin)' },
      ],
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', description: 'An API key (hk_…) from POST /api/keys or `heldar key add`.' },
          session: { type: 'apiKey', in: 'cookie', name: 'heldar_session', description: 'The cookie set by POST /api/auth/login.' },
        },
      },
      security: [{ apiKey: [] }, { session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  await app.register(healthRoutes, { health: services.health });
  // Once for every module: a second registration would route each upgrade twice.
  await app.register(websocket, { options: { maxPayload: MAX_WEBSOCKET_MESSAGE_BYTES } });
  for (const module of services.modules) if (module.routes) await app.register(module.routes);
  // Last: its GET /* only answers paths no API route took (the operator UI, packages/web/dist).
  await registerWebUi(app);
  return { app, routes };
}
