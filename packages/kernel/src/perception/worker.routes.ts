import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RawData } from 'ws';
import type { RouteAccess } from '../auth/principal.js';
import { ErrorBody, errorResponses } from '../contract/schemas.js';
import { toRfc3339 } from '../time.js';
import { CLOSE_CODES, DetectionsAccepted, DetectionsRequest, HeartbeatResponse, WorkerRegistered, WorkerRegistration } from './contract.schemas.js';
import type { DetectionIngest } from './detection-ingest.js';
import { frameHeaderOf } from './frame-message.js';
import { PullQuery, WorkerIdParams, WorkerSchema, WorkersQuery } from './perception.schemas.js';
import type { WorkerDto, WorkerHub } from './worker-hub.js';

export interface WorkerRoutesDeps {
  workers: WorkerHub;
  ingest: DetectionIngest;
}

/**
 * The worker contract's routes: a key needs the `worker` scope (or `admin`); a signed-in user needs
 * the operator role, since every call here changes state (a viewer only watches).
 */
const WORKER_ACCESS: RouteAccess = { scopes: ['worker'], minRole: 'operator' };

export const workerRoutes: FastifyPluginAsyncTypebox<WorkerRoutesDeps> = async (app, { workers, ingest }) => {
  const tags = ['perception'];

  app.post('/api/workers', {
    config: { access: WORKER_ACCESS },
    schema: {
      tags,
      summary: 'Register a perception worker',
      description: 'Contract v1 (docs/workers.md). The answer names the worker id, the cameras assigned to it, and the WebSocket and pull paths for frames.',
      body: WorkerRegistration,
      response: { 201: WorkerRegistered, ...errorResponses(400, 401, 403, 422) },
    },
    handler: async (request, reply) => reply.status(201).send(await workers.register(request.body, request.principal)),
  });

  app.get('/api/workers', {
    schema: {
      tags,
      summary: 'Registered workers, newest first',
      querystring: WorkersQuery,
      response: { 200: Type.Object({ workers: Type.Array(WorkerSchema) }), ...errorResponses(400) },
    },
    handler: async (request) => ({ workers: (await workers.list(request.query.state, request.query.limit ?? 200)).map(workerDto) }),
  });

  app.get('/api/workers/:id', {
    schema: { tags, summary: 'A worker', params: WorkerIdParams, response: { 200: WorkerSchema, ...errorResponses(404) } },
    handler: async (request) => workerDto(await workers.get(request.params.id)),
  });

  app.post('/api/workers/:id/heartbeat', {
    config: { access: WORKER_ACCESS, audit: false },
    schema: {
      tags,
      summary: 'Heartbeat',
      description: 'Keeps the worker online (any call or WebSocket message does too). 404: the worker timed out or the kernel restarted; register again.',
      params: WorkerIdParams,
      response: { 200: HeartbeatResponse, ...errorResponses(403, 404) },
    },
    handler: async (request) => workers.heartbeat(request.params.id, request.principal),
  });

  app.delete('/api/workers/:id', {
    config: { access: WORKER_ACCESS },
    schema: { tags, summary: 'Deregister a worker', description: 'Its cameras go to other workers of the same name at once.', params: WorkerIdParams, response: { 204: Type.Null(), ...errorResponses(403, 404) } },
    handler: async (request, reply) => {
      await workers.deregister(request.params.id, request.principal);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/workers/:id/frames/next', {
    config: { access: WORKER_ACCESS, audit: false },
    schema: {
      tags,
      summary: 'Pull the next frame (HTTP fallback to the WebSocket)',
      description:
        'Long poll: the next frame for one of the worker\'s cameras, as image/jpeg with `x-heldar-frame-id`, `x-heldar-camera-id`, `x-heldar-seq`, `x-heldar-captured-at`, `x-heldar-width`, `x-heldar-height`; 204 when none came within wait_ms.',
      params: WorkerIdParams,
      querystring: PullQuery,
      response: {
        200: { description: 'The JPEG frame.', content: { 'image/jpeg': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } } },
        204: Type.Null(),
        ...errorResponses(403, 404),
      },
    },
    handler: async (request, reply) => {
      const gone = new AbortController();
      request.raw.once('close', () => gone.abort());
      const frame = await workers.next(request.params.id, request.principal, request.query.wait_ms ?? 10_000, gone.signal);
      if (!frame) return reply.status(204).send(null);
      const header = frameHeaderOf(frame);
      return reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'no-store')
        .header('x-heldar-frame-id', header.frame_id)
        .header('x-heldar-camera-id', header.camera_id)
        .header('x-heldar-seq', String(header.seq))
        .header('x-heldar-captured-at', header.captured_at)
        .header('x-heldar-width', String(header.width))
        .header('x-heldar-height', String(header.height))
        .send(frame.jpeg);
    },
  });

  // A plain route with a wsHandler (rather than `websocket: true`, which hides the route from the
  // OpenAPI page): an upgrade goes to wsHandler, a plain GET gets 426.
  app.route({
    method: 'GET',
    url: '/api/workers/:id/stream',
    config: { access: WORKER_ACCESS, audit: false },
    schema: {
      tags,
      summary: 'Frames pushed over a WebSocket',
      description:
        'Open as a WebSocket. Binary messages: 4-byte big-endian header length, JSON FrameHeader, JPEG bytes. Send {"type":"credit","frames":n} to receive n more frames, {"type":"heartbeat"} to stay online. Close codes: 4404 not registered, 4409 replaced, 4408 timed out, 4400 protocol error. A plain HTTP GET gets 426.',
      params: WorkerIdParams,
      response: { 426: ErrorBody, ...errorResponses(403, 404) },
    },
    // Before the upgrade, so an unknown worker or a foreign key gets a plain 404/403 answer.
    preHandler: async (request) => {
      workers.identity(request.params.id, request.principal);
    },
    handler: async (_request, reply) =>
      reply.status(426).header('upgrade', 'websocket').send({ error: 'upgrade_required', message: 'this is a WebSocket endpoint: connect with a WebSocket client' }),
    wsHandler: (socket, request) => {
      const id = request.params.id;
      socket.on('message', (data: RawData, isBinary: boolean) => {
        if (isBinary) {
          socket.close(CLOSE_CODES.protocolError, 'binary messages are not part of the contract; send JSON text');
          return;
        }
        workers.message(id, socket, rawText(data));
      });
      socket.on('close', () => workers.detach(id, socket));
      workers.attach(id, request.principal, socket);
    },
  });

  app.post('/api/detections', {
    config: { access: WORKER_ACCESS, audit: false },
    schema: {
      tags,
      summary: "Post a frame's detections",
      description:
        '400: the body does not match the contract. 404: the worker is not registered. 409: this worker already answered the frame. 422: a label the worker did not register, a value outside 0..1, a box past the frame edge, or a frame that is unknown or too old — the message names the first problem and nothing is applied.',
      body: DetectionsRequest,
      response: { 200: DetectionsAccepted, ...errorResponses(400, 403, 404, 409, 422) },
    },
    handler: (request) => ingest.ingest(request.body, request.principal),
  });
};

function rawText(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data).toString('utf8');
}

function workerDto(w: WorkerDto) {
  return { ...w, registered_at: toRfc3339(w.registered_at), last_seen_at: toRfc3339(w.last_seen_at) };
}
