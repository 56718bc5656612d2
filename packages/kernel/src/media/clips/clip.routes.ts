import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../http/schemas.js';
import { parseRfc3339 } from '../../time.js';
import { serveFile } from '../file-range.js';
import { ClipCreateBody, ClipFileParams, ClipFileQuery, ClipIdParams, ClipListQuery, ClipSchema, PublicKeySchema, toClipDto } from './clip.schemas.js';
import type { ClipService } from './clip.service.js';

export interface ClipRoutesDeps {
  service: ClipService;
}

// Exports are evidence: listing and downloading them is for operators, like creating them (DESIGN §8).
const OPERATOR = { access: { minRole: 'operator' as const } };

export const clipRoutes: FastifyPluginAsyncTypebox<ClipRoutesDeps> = async (app, { service }) => {
  app.post('/api/clips', {
    config: OPERATOR,
    schema: {
      tags: ['clips'],
      summary: 'Export a clip of a camera’s recordings: one MP4 (more when the codec changed), its SHA-256 and a signed manifest',
      body: ClipCreateBody,
      response: { 201: ClipSchema, ...errorResponses(400, 404, 503) },
    },
    handler: async (request, reply) => {
      const clip = await service.export({
        cameraId: request.body.camera_id,
        from: parseRfc3339(request.body.from, 'from'),
        to: parseRfc3339(request.body.to, 'to'),
        exporter: request.principal?.name ?? null,
      });
      return reply.status(201).send(toClipDto(clip));
    },
  });

  app.get('/api/clips', {
    config: OPERATOR,
    schema: {
      tags: ['clips'],
      summary: 'Exported clips, newest first',
      querystring: ClipListQuery,
      response: { 200: Type.Object({ clips: Type.Array(ClipSchema) }), ...errorResponses(400) },
    },
    handler: async (request) => {
      const { camera_id, before, limit = 100 } = request.query;
      const clips = await service.list({
        limit,
        ...(camera_id !== undefined ? { cameraId: camera_id } : {}),
        ...(before !== undefined ? { beforeMs: parseRfc3339(before, 'before') } : {}),
      });
      return { clips: clips.map(toClipDto) };
    },
  });

  app.get('/api/clips/public-key', {
    schema: {
      tags: ['clips'],
      summary: 'The Ed25519 public key that signs clip manifests',
      response: { 200: PublicKeySchema },
    },
    handler: async () => {
      const key = await service.publicKey();
      return { algorithm: 'Ed25519' as const, key_id: key.keyId, public_key: key.publicKeyBase64, public_key_pem: key.publicKeyPem };
    },
  });

  app.get('/api/clips/:id', {
    config: OPERATOR,
    schema: { tags: ['clips'], summary: 'One exported clip', params: ClipIdParams, response: { 200: ClipSchema, ...errorResponses(400, 404) } },
    handler: async (request) => toClipDto(await service.get(request.params.id)),
  });

  app.delete('/api/clips/:id', {
    config: OPERATOR,
    schema: {
      tags: ['clips'],
      summary: 'Delete an exported clip: its files, manifest and row',
      params: ClipIdParams,
      response: { 204: Type.Null(), ...errorResponses(400, 404) },
    },
    handler: async (request, reply) => {
      await service.delete(request.params.id, request.principal?.name ?? null);
      return reply.status(204).send(null);
    },
  });

  app.get('/media/clips/:file', {
    config: OPERATOR,
    schema: {
      tags: ['clips'],
      summary: 'A clip’s MP4 or manifest; Range requests answered with 206 (416 when unsatisfiable)',
      params: ClipFileParams,
      querystring: ClipFileQuery,
      response: errorResponses(400, 404, 416),
    },
    handler: async (request, reply) => {
      const { file, contentType } = await service.fileFor(request.params.file);
      return serveFile(request, reply, file, {
        contentType,
        cacheControl: 'private, max-age=3600',
        ...(request.query.download === true ? { downloadName: request.params.file } : {}),
      });
    },
  });
};
