import { finished } from 'node:stream/promises';
import type { Readable } from 'node:stream';
import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../contract/schemas.js';
import { parseRfc3339, toRfc3339 } from '../../time.js';
import { serveBody, serveFile } from '../file-range.js';
import { ClipCreateBody, ClipFileParams, ClipFileQuery, ClipIdParams, ClipListQuery, ClipSchema, FootageParams, FootageQuery, PublicKeySchema, toClipDto } from './clip.schemas.js';
import type { ClipService } from './clip.service.js';
import { streamLayout } from './footage-stream.js';
import type { FootageService } from './footage.service.js';
import type { SourceFiles } from './source-files.js';

export interface ClipRoutesDeps {
  service: ClipService;
  footage: FootageService;
  files: SourceFiles;
}

// Exports are evidence: listing and downloading them is for operators, like creating them (roles: docs/security.md).
const OPERATOR = { access: { minRole: 'operator' as const } };

export const clipRoutes: FastifyPluginAsyncTypebox<ClipRoutesDeps> = async (app, { service, footage, files }) => {
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

  app.get('/api/cameras/:id/footage.mp4', {
    config: OPERATOR,
    schema: {
      tags: ['clips'],
      summary: 'Any range of a camera’s recordings as one MP4, served from the recorded files: the bytes a clip export would write, with length and ETag known up front and Range answered with 206',
      params: FootageParams,
      querystring: FootageQuery,
      response: errorResponses(400, 404, 409, 416),
    },
    handler: async (request, reply) => {
      const { id } = request.params;
      const from = parseRfc3339(request.query.from, 'from');
      const to = parseRfc3339(request.query.to, 'to');
      await footage.withFootage(id, from, to, async (layout) => {
        let body: Readable | undefined;
        reply.header('x-footage-from', toRfc3339(layout.fromMs)).header('x-footage-to', toRfc3339(layout.toMs));
        serveBody(
          request,
          reply,
          { size: layout.size, etag: layout.etag, stream: (start, end) => (body = streamLayout(layout, start, end, files)) },
          {
            contentType: 'video/mp4',
            cacheControl: 'private, max-age=3600',
            ...(request.query.download === true ? { downloadName: `${id}_${toRfc3339(layout.fromMs).replace(/[:.]/g, '')}.mp4` } : {}),
          },
        );
        // The footage stays leased until the body has been sent, or the client has gone away.
        if (body) {
          reply.raw.once('close', () => body?.destroy());
          await finished(body).catch(() => undefined);
        }
      });
      return reply;
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
