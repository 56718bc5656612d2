import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteAccess } from '../auth/principal.js';
import { errorResponses } from '../contract/schemas.js';
import type { BackupJobs } from './backup-jobs.js';
import {
  DestinationCreateBody,
  DestinationPatchBody,
  DestinationSchema,
  DestinationTestSchema,
  IdParams,
  JobSchema,
  JobsQuery,
  PolicyCreateBody,
  PolicyPatchBody,
  PolicySchema,
  RunBody,
} from './backup.schemas.js';
import type { DestinationService } from './destination.service.js';
import type { PolicyService } from './policy.service.js';

/** Admins only: a destination holds credentials and a policy sends every recording off the box. */
const access: RouteAccess = { minRole: 'admin' };

export interface BackupRoutesOptions {
  destinations: DestinationService;
  policies: PolicyService;
  jobs: BackupJobs;
}

export const backupRoutes: FastifyPluginAsyncTypebox<BackupRoutesOptions> = async (app, { destinations, policies, jobs }) => {
  const tags = ['backup'];
  const config = { access };

  app.get('/api/backup/destinations', {
    config,
    schema: { tags, summary: 'Backup destinations (secrets never shown)', response: { 200: Type.Object({ destinations: Type.Array(DestinationSchema) }), ...errorResponses(403) } },
    handler: async () => ({ destinations: await destinations.list() }),
  });

  app.post('/api/backup/destinations', {
    config,
    schema: {
      tags,
      summary: 'Add a backup destination',
      description: '`local` (a folder), `sftp` (host, port, username, password or private_key, path) or `s3` (endpoint, region, bucket, prefix, access_key_id, secret_key, path_style). Secrets are stored encrypted; answers show `*_set`.',
      body: DestinationCreateBody,
      response: { 201: DestinationSchema, ...errorResponses(400, 403) },
    },
    handler: async (request, reply) => reply.status(201).send(await destinations.create(request.body)),
  });

  app.patch('/api/backup/destinations/:id', {
    config,
    schema: { tags, summary: 'Change a backup destination', description: 'A secret not given stays as it is.', params: IdParams, body: DestinationPatchBody, response: { 200: DestinationSchema, ...errorResponses(400, 403, 404) } },
    handler: (request) => destinations.update(request.params.id, request.body),
  });

  app.delete('/api/backup/destinations/:id', {
    config,
    schema: { tags, summary: 'Remove a backup destination (the copies on it stay)', params: IdParams, response: { 204: Type.Null(), ...errorResponses(403, 404, 409) } },
    handler: async (request, reply) => {
      await destinations.delete(request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.post('/api/backup/destinations/:id/test', {
    config,
    schema: { tags, summary: 'Connect, write and remove a probe object', params: IdParams, response: { 200: DestinationTestSchema, ...errorResponses(403, 404) } },
    handler: (request) => destinations.test(request.params.id),
  });

  app.get('/api/backup/policies', {
    config,
    schema: { tags, summary: 'Backup policies', response: { 200: Type.Object({ policies: Type.Array(PolicySchema) }), ...errorResponses(403) } },
    handler: async () => ({ policies: await policies.list() }),
  });

  app.post('/api/backup/policies', {
    config,
    schema: { tags, summary: 'Add a backup policy', body: PolicyCreateBody, response: { 201: PolicySchema, ...errorResponses(400, 403, 404) } },
    handler: async (request, reply) => reply.status(201).send(await policies.create(request.body)),
  });

  app.patch('/api/backup/policies/:id', {
    config,
    schema: { tags, summary: 'Change a backup policy', params: IdParams, body: PolicyPatchBody, response: { 200: PolicySchema, ...errorResponses(400, 403, 404) } },
    handler: (request) => policies.update(request.params.id, request.body),
  });

  app.delete('/api/backup/policies/:id', {
    config,
    schema: { tags, summary: 'Remove a backup policy', params: IdParams, response: { 204: Type.Null(), ...errorResponses(403, 404, 409) } },
    handler: async (request, reply) => {
      await policies.delete(request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.post('/api/backup/policies/:id/run', {
    config,
    schema: {
      tags,
      summary: 'Run a policy now',
      description: 'Queues a job (at most 2 run at once). 409 while the policy already has a job waiting or running.',
      params: IdParams,
      body: Type.Optional(RunBody),
      response: { 202: JobSchema, ...errorResponses(400, 403, 404, 409) },
    },
    handler: async (request, reply) => reply.status(202).send(await jobs.enqueue(request.params.id, { verifyAll: request.body?.verify_all })),
  });

  app.get('/api/backup/jobs', {
    config,
    schema: { tags, summary: 'Backup jobs, newest first', querystring: JobsQuery, response: { 200: Type.Object({ jobs: Type.Array(JobSchema) }), ...errorResponses(400, 403) } },
    handler: async (request) => ({ jobs: await jobs.list(request.query.limit ?? 50, request.query.policy_id) }),
  });

  app.get('/api/backup/jobs/:id', {
    config,
    schema: { tags, summary: 'One backup job with its progress', params: IdParams, response: { 200: JobSchema, ...errorResponses(403, 404) } },
    handler: (request) => jobs.get(request.params.id),
  });

  app.post('/api/backup/jobs/:id/cancel', {
    config,
    schema: { tags, summary: 'Cancel a waiting or running job', description: 'What it copied stays recorded; the next run copies the rest.', params: IdParams, response: { 200: JobSchema, ...errorResponses(403, 404, 409) } },
    handler: (request) => jobs.cancel(request.params.id),
  });
};
