import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BadRequest } from '../errors.js';
import { errorResponses } from '../contract/schemas.js';
import type { EventStreams } from './event-stream.js';
import { EventStreamQuery } from './perception.schemas.js';

export const eventStreamRoutes: FastifyPluginAsyncTypebox<{ streams: EventStreams }> = async (app, { streams }) => {
  app.get('/api/events/stream', {
    schema: {
      tags: ['events'],
      summary: 'Live events (server-sent events)',
      description:
        'text/event-stream: every event logged from now on, as `id: <event id>` and `data: <event JSON>`. Filters: camera_id and kind (comma-separated; `zone_*` matches a prefix). Resume with the Last-Event-ID header (EventSource sends it when it reconnects) or ?after_id=: the events after that id are replayed first, with no gap and no duplicate.',
      querystring: EventStreamQuery,
      response: { 200: { description: 'The event stream.', content: { 'text/event-stream': { schema: Type.String() } } }, ...errorResponses(400) },
    },
    handler: async (request, reply) => {
      const header = request.headers['last-event-id'];
      const lastEventId = typeof header === 'string' && header.trim() !== '' ? header.trim() : undefined;
      if (lastEventId !== undefined && !/^\d+$/.test(lastEventId)) throw new BadRequest(`Last-Event-ID must be an event id, a whole number (got "${lastEventId}")`);
      const afterId = request.query.after_id ?? (lastEventId === undefined ? null : Number(lastEventId));
      const list = (v: string | undefined) => (v ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
      reply.hijack();
      await streams.serve(reply.raw, { cameraIds: list(request.query.camera_id), kinds: list(request.query.kind) }, afterId);
    },
  });
};
