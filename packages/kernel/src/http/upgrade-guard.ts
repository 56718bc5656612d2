import type { Socket } from 'node:net';
import type { FastifyInstance } from 'fastify';

/**
 * Closes the socket of every WebSocket upgrade that is answered with plain HTTP instead (401, 403,
 * 404, 426…). @fastify/websocket routes an upgrade request through the normal Fastify pipeline on a
 * socket that Node has already handed over ('upgrade' event): Node's HTTP server no longer manages
 * it, so after the refusal nobody closed it. The client hung up, the server's end sat in CLOSE-WAIT
 * for ever, one descriptor per request, and `server.close()` waited for those sockets without end.
 *
 * Two locks: the answer's end closes the socket (the normal case), and an idle timeout closes one
 * that never got an answer (a request the router refused before any hook ran). ws clears the
 * timeout when it takes a socket over (`socket.setTimeout(0)`), so open WebSockets are not affected.
 */
export function closeRejectedUpgrades(app: FastifyInstance, idleTimeoutMs: number): void {
  app.server.on('upgrade', (_request: unknown, socket: Socket) => {
    socket.setTimeout(idleTimeoutMs, () => socket.destroy());
  });
  // @fastify/websocket accepts (then closes) an upgrade on ANY route, and on no route at all: only
  // the routes with a WebSocket handler may upgrade; elsewhere an upgrade is the 404 it would be.
  const webSocketRoutes = new Set<string>();
  app.addHook('onRoute', (route) => {
    const options = route as { wsHandler?: unknown; websocket?: boolean };
    if (options.wsHandler !== undefined || options.websocket === true) webSocketRoutes.add(route.url);
  });
  app.addHook('onRequest', async (request, reply) => {
    // Node marks a request that came through the 'upgrade' event (not in @types/node).
    if ((request.raw as { upgrade?: boolean }).upgrade !== true) return;
    reply.raw.once('finish', () => closeSocket(request.raw.socket));
    const url = request.routeOptions.url;
    if (url === undefined || !webSocketRoutes.has(url)) {
      return reply.code(404).send({ error: 'not_found', message: `no WebSocket at ${request.url.split('?')[0] ?? '/'}` });
    }
  });
}

/** Half-closes after the answer is flushed, then frees the descriptor. */
function closeSocket(socket: Socket): void {
  if (socket.destroyed) return;
  socket.once('finish', () => socket.destroy());
  socket.end();
}
