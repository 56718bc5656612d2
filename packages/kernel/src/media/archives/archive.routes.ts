import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../contract/schemas.js';
import { parseRfc3339 } from '../../time.js';
import { serveFile } from '../file-range.js';
import { ArchiveCreateBody, ArchiveIdParams, ArchiveListQuery, ArchiveSchema, toArchiveDto } from './archive.schemas.js';
import type { ArchiveService } from './archive.service.js';

// Archives are evidence, like clips: operators make, list and download them (docs/security.md).
const OPERATOR = { access: { minRole: 'operator' as const } };

export const archiveRoutes: FastifyPluginAsyncTypebox<{ service: ArchiveService }> = async (app, { service }) => {
  const tags = ['archives'];

  app.post('/api/archives', {
    config: OPERATOR,
    schema: {
      tags,
      summary: 'Start an evidence archive: one zip with a clip per camera, the incident’s notes and a signed manifest (a job; poll GET /api/archives/:id)',
      body: ArchiveCreateBody,
      response: { 202: ArchiveSchema, ...errorResponses(400, 404, 413, 503) },
    },
    handler: async (request, reply) => {
      const archive = await service.create({
        cameraIds: request.body.camera_ids,
        from: parseRfc3339(request.body.from, 'from'),
        to: parseRfc3339(request.body.to, 'to'),
        incidentId: request.body.incident_id ?? null,
        createdBy: request.principal?.name ?? null,
      });
      return reply.status(202).send(toArchiveDto(archive));
    },
  });

  app.get('/api/archives', {
    config: OPERATOR,
    schema: { tags, summary: 'Evidence archives, newest first', querystring: ArchiveListQuery, response: { 200: Type.Object({ archives: Type.Array(ArchiveSchema) }), ...errorResponses(400) } },
    handler: async (request) => ({ archives: (await service.list(request.query.limit ?? 100)).map(toArchiveDto) }),
  });

  app.get('/api/archives/:id', {
    config: OPERATOR,
    schema: { tags, summary: 'One archive job: state, progress and, once completed, size and SHA-256', params: ArchiveIdParams, response: { 200: ArchiveSchema, ...errorResponses(400, 404) } },
    handler: async (request) => toArchiveDto(await service.get(request.params.id)),
  });

  app.get('/api/archives/:id/download', {
    config: OPERATOR,
    schema: {
      tags,
      summary: 'The archive’s zip (Range answered with 206); 404 until it is completed',
      params: ArchiveIdParams,
      response: errorResponses(400, 404, 416),
    },
    handler: async (request, reply) => {
      const { file, record } = await service.fileFor(request.params.id);
      return serveFile(request, reply, file, { contentType: 'application/zip', cacheControl: 'private, max-age=3600', downloadName: record.filename ?? `${record.id}.zip` });
    },
  });
};
