import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { Registry } from 'prom-client';
import '../auth/principal.js';
import type { RouteAccess } from '../auth/principal.js';
import { notReadyReasons, type ReadinessChecks } from './readiness.js';

export interface MetricsRoutesOptions {
  registry: Registry;
  /** HELDAR_METRICS_PUBLIC (or its run-time setting): scrapes need no credentials. Read per request. */
  metricsPublic: () => boolean;
  readiness: ReadinessChecks;
}

/** A scrape: an admin (session or key) or a key with the `metrics` scope, unless made public. */
const SCRAPE_ACCESS: RouteAccess = { minRole: 'admin', scopes: ['metrics'] };

const Healthy = Type.Object({ status: Type.Literal('ok') });
const NotReady = Type.Object({ status: Type.Literal('not_ready'), reasons: Type.Array(Type.String(), { description: 'Each failing check, in words.' }) });

/** GET /metrics for Prometheus; GET /healthz and /readyz for orchestrators (no auth, no details on healthz). */
export const metricsRoutes: FastifyPluginAsyncTypebox<MetricsRoutesOptions> = async (app, { registry, metricsPublic, readiness }) => {
  // The auth hook reads the route's access on every request: a getter makes `public` follow the
  // setting, so switching it at run time needs no restart (and no second route).
  const access: RouteAccess = {
    ...SCRAPE_ACCESS,
    get public() {
      return metricsPublic();
    },
  };
  app.get('/metrics', {
    config: { access },
    schema: {
      tags: ['system'],
      summary: 'Prometheus metrics (text exposition format 0.0.4)',
      description:
        'Needs an admin or an API key with the `metrics` scope, unless HELDAR_METRICS_PUBLIC=true (or the `metrics_public` setting). docs/operations.md lists the series.',
      response: { 200: { description: 'The exposition text', content: { 'text/plain': { schema: Type.String() } } } },
    },
    handler: async (_request, reply) => {
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    },
  });

  app.get('/healthz', {
    config: { access: { public: true }, audit: false },
    schema: { tags: ['system'], summary: 'Liveness: the process serves', security: [], response: { 200: Healthy } },
    handler: async () => ({ status: 'ok' as const }),
  });

  app.get('/readyz', {
    config: { access: { public: true }, audit: false },
    schema: {
      tags: ['system'],
      summary: 'Readiness: database answers, recordings volume writable, ffmpeg present',
      security: [],
      response: { 200: Healthy, 503: NotReady },
    },
    handler: async (request, reply) => {
      const reasons = await notReadyReasons(readiness);
      if (reasons.length === 0) return reply.send({ status: 'ok' as const });
      request.log.warn({ reasons }, 'readyz: not ready');
      return reply.status(503).send({ status: 'not_ready' as const, reasons });
    },
  });
};
