import type { FastifyInstance } from 'fastify';

/**
 * One line per request at debug level, instead of Fastify's two at info: a browser on the UI makes
 * several requests a second, which drowned everything else on the console (HELDAR_LOG_LEVEL=debug
 * brings them back). Errors are still logged by the error handler.
 */
export function logRequestsAtDebug(app: FastifyInstance): void {
  app.addHook('onResponse', async (request, reply) => {
    request.log.debug(
      { method: request.method, url: request.url, status: reply.statusCode, ms: Math.round(reply.elapsedTime) },
      'request completed',
    );
  });
}
