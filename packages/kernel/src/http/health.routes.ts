import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import '../auth/principal.js';
import { Nullable } from '../contract/schemas.js';

export interface HealthInfo {
  version: string;
  /** ffmpeg's version string, or null with the reason when it is missing. */
  ffmpeg: () => { available: boolean; version: string | null; error: string | null };
  pingDb: () => Promise<void>;
  uptimeSeconds: () => number;
}

const HealthSchema = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  version: Type.String(),
  ffmpeg: Type.Object({ available: Type.Boolean(), version: Nullable(Type.String()), error: Nullable(Type.String()) }),
  db: Type.Union([Type.Literal('ok'), Type.Literal('error')]),
  uptime_s: Type.Number(),
});

/** The only route that needs no authentication: load balancers and monitors poll it. */
export const healthRoutes: FastifyPluginAsyncTypebox<{ health: HealthInfo }> = async (app, { health }) => {
  app.get('/api/health', {
    config: { access: { public: true } },
    schema: { tags: ['system'], summary: 'Liveness and dependencies', security: [], response: { 200: HealthSchema, 503: HealthSchema } },
    handler: async (request, reply) => {
      let db: 'ok' | 'error' = 'ok';
      try {
        await health.pingDb();
      } catch (e: unknown) {
        request.log.error({ err: e }, 'health: database ping failed');
        db = 'error';
      }
      const ffmpeg = health.ffmpeg();
      const ok = db === 'ok' && ffmpeg.available;
      return reply.status(db === 'ok' ? 200 : 503).send({
        status: ok ? 'ok' : 'degraded',
        version: health.version,
        ffmpeg,
        db,
        uptime_s: Math.round(health.uptimeSeconds()),
      });
    },
  });
};
