import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../contract/schemas.js';
import { parseRfc3339 } from '../../time.js';
import { PlaybackCreateBody, PlaybackIdParams, PlaybackSessionSchema, toPlaybackSessionDto } from './playback.schemas.js';
import type { PlaybackService } from './playback.service.js';

export interface PlaybackRoutesDeps {
  service: PlaybackService;
}

// Playback is what viewers are for (roles: docs/security.md): they may open and close sessions, not only read them.
const VIEWER = { access: { minRole: 'viewer' as const } };

export const playbackRoutes: FastifyPluginAsyncTypebox<PlaybackRoutesDeps> = async (app, { service }) => {
  app.post('/api/playback', {
    config: VIEWER,
    schema: {
      tags: ['playback'],
      summary: 'Open a playback session: an HLS playlist of a camera’s recordings in a range, served from the recorded files',
      body: PlaybackCreateBody,
      response: { 201: PlaybackSessionSchema, ...errorResponses(400, 404) },
    },
    handler: async (request, reply) => {
      const session = await service.create({
        cameraId: request.body.camera_id,
        from: parseRfc3339(request.body.from, 'from'),
        to: parseRfc3339(request.body.to, 'to'),
        createdBy: request.principal?.name ?? null,
      });
      return reply.status(201).send(toPlaybackSessionDto(session));
    },
  });

  app.get('/api/playback/:id', {
    schema: {
      tags: ['playback'],
      summary: 'One playback session',
      params: PlaybackIdParams,
      response: { 200: PlaybackSessionSchema, ...errorResponses(400, 404) },
    },
    handler: async (request) => toPlaybackSessionDto(await service.get(request.params.id)),
  });

  app.delete('/api/playback/:id', {
    config: VIEWER,
    schema: {
      tags: ['playback'],
      summary: 'Close a playback session and release its footage',
      params: PlaybackIdParams,
      response: { 204: Type.Null(), ...errorResponses(400, 404) },
    },
    handler: async (request, reply) => {
      await service.delete(request.params.id);
      return reply.status(204).send(null);
    },
  });
};
