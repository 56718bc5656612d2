import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../contract/schemas.js';
import { toRfc3339, toRfc3339OrNull } from '../time.js';
import type { ApiKeyDto, ApiKeyService } from './api-key.service.js';
import { principalOf } from './auth.routes.js';
import { ApiKeyCreateBody, ApiKeySchema, CreatedApiKeySchema, IdParams } from './auth.schemas.js';

function keyJson(key: ApiKeyDto) {
  return { ...key, created_at: toRfc3339(key.created_at), last_used_at: toRfc3339OrNull(key.last_used_at), revoked_at: toRfc3339OrNull(key.revoked_at) };
}

/** API keys are managed by admins only. The key itself appears once, in the 201 of its creation. */
export const apiKeyRoutes: FastifyPluginAsyncTypebox<{ keys: ApiKeyService }> = async (app, { keys }) => {
  const tags = ['keys'];
  const config = { access: { minRole: 'admin' } } as const;

  app.get('/api/keys', {
    config,
    schema: {
      tags,
      summary: 'List API keys',
      description: 'Without secrets; revoked keys stay listed with `revoked_at`.',
      response: { 200: Type.Object({ keys: Type.Array(ApiKeySchema) }), ...errorResponses(401, 403) },
    },
    handler: async () => ({ keys: (await keys.list()).map(keyJson) }),
  });

  app.post('/api/keys', {
    config,
    schema: {
      tags,
      summary: 'Create an API key',
      description: 'The response holds the key (`hk_<id>_<secret>`) once; only a hash is stored. Use it as `Authorization: Bearer <key>`.',
      body: ApiKeyCreateBody,
      response: { 201: CreatedApiKeySchema, ...errorResponses(400, 401, 403) },
    },
    handler: async (request, reply) => {
      const created = await keys.create(request.body, principalOf(request).name);
      return reply.status(201).send({ ...created, created_at: toRfc3339(created.created_at) });
    },
  });

  app.delete('/api/keys/:id', {
    config,
    schema: {
      tags,
      summary: 'Revoke an API key',
      description: 'Takes effect on the next request made with the key.',
      params: IdParams,
      response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
    },
    handler: async (request, reply) => {
      await keys.revoke(request.params.id);
      return reply.status(204).send(null);
    },
  });
};
