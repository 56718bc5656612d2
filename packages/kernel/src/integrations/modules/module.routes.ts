import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../contract/schemas.js';
import type { CatalogService } from './catalog.service.js';
import { ModuleBody, ModuleParams, ModuleRegisteredSchema, ModuleSchema } from './module.schemas.js';

export const moduleRoutes: FastifyPluginAsyncTypebox<{ catalog: CatalogService }> = async (app, { catalog }) => {
  const tags = ['modules'];

  app.get('/api/modules', {
    schema: { tags, summary: 'The module catalog: domain apps built on this Heldar', response: { 200: Type.Object({ modules: Type.Array(ModuleSchema) }) } },
    handler: async () => ({ modules: await catalog.list() }),
  });

  app.post('/api/modules', {
    config: { access: { scopes: ['integration'], minRole: 'operator' } },
    schema: {
      tags,
      summary: 'Register (or update) a module manifest',
      description:
        'Name, version, the event kinds the module consumes and its UI link. With `base_url` the module is a sidecar: the answer carries, once, a new API key and webhook secret (replacing those of an earlier registration), and /m/<name>/* is proxied to it. 201 when new, 200 when the manifest replaced an earlier one.',
      body: ModuleBody,
      response: { 200: ModuleRegisteredSchema, 201: ModuleRegisteredSchema, ...errorResponses(400, 403) },
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
    schema: {
      tags,
      summary: 'Remove a module from the catalog',
      description: "A sidecar's API key is revoked, its webhook deleted and its proxy removed.",
      params: ModuleParams,
      response: { 204: Type.Null(), ...errorResponses(403, 404) },
    },
    handler: async (request, reply) => {
      await catalog.delete(request.params.name);
      return reply.status(204).send(null);
    },
  });
};
