import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { BadRequest } from '../errors.js';
import { errorResponses } from '../contract/schemas.js';
import type { CatalogService } from './catalog.service.js';
import type { EventStreams } from './event-stream.js';
import { EventStreamQuery, ModuleBody, ModuleParams, ModuleSchema } from './perception.schemas.js';

export const catalogRoutes: FastifyPluginAsyncTypebox<{ catalog: CatalogService; streams: EventStreams }> = async (app, { catalog, streams }) => {
  const tags = ['perception'];

  app.get('/api/modules', {
    schema: { tags, summary: 'The module catalog: domain apps built on this Heldar', response: { 200: Type.Object({ modules: Type.Array(ModuleSchema) }) } },
    handler: async () => ({ modules: await catalog.list() }),
  });

  app.post('/api/modules', {
    config: { access: { scopes: ['integration'], minRole: 'operator' } },
    schema: {
      tags,
      summary: 'Register (or update) a module manifest',
      description: 'Name, version, the event kinds the module consumes and its UI link. 201 when new, 200 when the manifest replaced an earlier one.',
      body: ModuleBody,
      response: { 200: ModuleSchema, 201: ModuleSchema, ...errorResponses(400, 403) },
    },
    handler: async (request, reply) => {
      const { module, created } = await catalog.register(request.body, request.principal);
      return reply.status(created ? 201 : 200).send(module);
    },
  });

  app.get('/api/modules/:name', {
    schema: { tags, summary: 'A module manifest', params: ModuleParams, response: { 200: ModuleSchema, ...errorResponses(404) } },
    handler: (request) => catalog.get(request.params.name),
  });

  app.delete('/api/modules/:name', {
    config: { access: { scopes: ['integration'], minRole: 'operator' } },
    schema: { tags, summary: 'Remove a module from the catalog', params: ModuleParams, response: { 204: Type.Null(), ...errorResponses(403, 404) } },
    handler: async (request, reply) => {
      await catalog.delete(request.params.name);
      return reply.status(204).send(null);
    },
  });

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
