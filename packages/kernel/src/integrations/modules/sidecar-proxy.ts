import { createHmac } from 'node:crypto';
import replyFrom from '@fastify/reply-from';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { NotFound } from '../../errors.js';
import type { OutboundGuard } from '../../net/outbound-guard.js';
import type { SidecarService } from './sidecar.service.js';

/** Request headers a sidecar never gets: the browser's credentials, and any X-Heldar-* a client forged. */
const STRIPPED = ['cookie', 'authorization', 'x-heldar-user', 'x-heldar-role', 'x-heldar-user-signature', 'x-heldar-timestamp'];

/**
 * `/m/<name>/*` → the sidecar's base_url (@fastify/reply-from over node:http). The user is passed as
 * `X-Heldar-User`, `X-Heldar-Role` and `X-Heldar-User-Signature: t=<unix>,v1=<hex HMAC-SHA256 of
 * "<t>.<user>.<role>">` under the sidecar's webhook secret, so the sidecar can trust them without
 * seeing the session. Connections go through the guard's lookup: a base_url whose name starts to
 * resolve somewhere private is refused at connect time.
 */
export async function sidecarProxy(app: FastifyInstance, { sidecars, guard }: { sidecars: SidecarService; guard: OutboundGuard }): Promise<void> {
  await app.register(replyFrom, {
    http: { requestOptions: { lookup: guard.lookup, rejectUnauthorized: true, timeout: 30_000 } },
  });
  // The body goes to the sidecar as it came, whatever its type.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_request, payload, done) => done(null, payload));

  app.route({
    method: ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    url: '/m/:name/*',
    // Viewers read, operators change (the method defaults, as everywhere); calls through the proxy
    // are the module's business, its own audit trail covers them.
    config: { audit: false },
    schema: { hide: true },
    handler: (request, reply) => {
      const { name } = request.params as { name: string; '*': string };
      const target = sidecars.target(name);
      if (!target) throw new NotFound(`no module sidecar named ${name}`);
      const rest = (request.params as { '*': string })['*'];
      const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
      return reply.from(`${target.base}/${rest}${query}`, {
        rewriteRequestHeaders: (_req, headers) => userHeaders(request, headers, target.secret),
        onError: (r, { error }) => {
          request.log.warn({ err: error, module: name }, 'sidecar proxy failed');
          void r.code(502).send({ error: 'bad_gateway', message: `module ${name} did not answer` });
        },
      });
    },
  });
}

function userHeaders(request: FastifyRequest, incoming: IncomingHttpHeaders, secret: string): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = { ...incoming };
  for (const name of STRIPPED) delete headers[name];
  const user = request.principal?.name ?? '';
  const role = request.principal?.role ?? '';
  const t = Math.floor(Date.now() / 1000);
  headers['x-heldar-user'] = user;
  headers['x-heldar-role'] = role;
  headers['x-heldar-user-signature'] = `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${user}.${role}`).digest('hex')}`;
  return headers;
}
