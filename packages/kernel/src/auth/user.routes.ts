import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../contract/schemas.js';
import { userJson } from './auth.routes.js';
import { IdParams, UserCreateBody, UserPatchBody, UserSchema } from './auth.schemas.js';
import type { UserService } from './user.service.js';

/** Users are managed by admins only. Responses never carry a password or its hash. */
export const userRoutes: FastifyPluginAsyncTypebox<{ users: UserService }> = async (app, { users }) => {
  const tags = ['users'];
  const config = { access: { minRole: 'admin' } } as const;

  app.get('/api/users', {
    config,
    schema: { tags, summary: 'List users', response: { 200: Type.Object({ users: Type.Array(UserSchema) }), ...errorResponses(401, 403) } },
    handler: async () => ({ users: (await users.list()).map(userJson) }),
  });

  app.post('/api/users', {
    config,
    schema: { tags, summary: 'Add a user', body: UserCreateBody, response: { 201: UserSchema, ...errorResponses(400, 401, 403, 409) } },
    handler: async (request, reply) => {
      const { username, password, role } = request.body;
      return reply.status(201).send(userJson(await users.create({ username, password, role: role ?? 'viewer' })));
    },
  });

  app.get('/api/users/:id', {
    config,
    schema: { tags, summary: 'Get a user', params: IdParams, response: { 200: UserSchema, ...errorResponses(401, 403, 404) } },
    handler: async (request) => userJson(await users.get(request.params.id)),
  });

  app.patch('/api/users/:id', {
    config,
    schema: {
      tags,
      summary: "Change a user's role or password",
      description: "A new password ends the user's sessions (except the caller's own). The last admin cannot be demoted.",
      params: IdParams,
      body: UserPatchBody,
      response: { 200: UserSchema, ...errorResponses(400, 401, 403, 404, 409) },
    },
    handler: async (request) => userJson(await users.update(request.params.id, request.body, request.authSession?.id)),
  });

  app.delete('/api/users/:id', {
    config,
    schema: {
      tags,
      summary: 'Delete a user',
      description: 'Ends their sessions. The last admin cannot be deleted.',
      params: IdParams,
      response: { 204: Type.Null(), ...errorResponses(401, 403, 404, 409) },
    },
    handler: async (request, reply) => {
      await users.delete(request.params.id);
      return reply.status(204).send(null);
    },
  });
};
