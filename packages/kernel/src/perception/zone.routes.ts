import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CameraIdParams } from '../cameras/camera.schemas.js';
import { errorResponses } from '../contract/schemas.js';
import { TrackSchema, TracksQuery, ZoneCreateBody, ZoneParams, ZonePatchBody, ZoneSchema } from './perception.schemas.js';
import type { TrackService } from './track.service.js';
import type { ZoneService } from './zone.service.js';

export const zoneRoutes: FastifyPluginAsyncTypebox<{ zones: ZoneService; tracks: TrackService }> = async (app, { zones, tracks }) => {
  const tags = ['perception'];

  app.get('/api/cameras/:id/zones', {
    schema: { tags, summary: "A camera's zones", params: CameraIdParams, response: { 200: Type.Object({ zones: Type.Array(ZoneSchema) }), ...errorResponses(404) } },
    handler: async (request) => ({ zones: await zones.list(request.params.id) }),
  });

  app.post('/api/cameras/:id/zones', {
    schema: {
      tags,
      summary: 'Add a zone',
      description:
        'A polygon (3–64 corners in order) or a line (2 points) in normalised coordinates. An object is in a zone when the bottom-centre of its box is. Events: zone_enter, zone_exit, zone_dwell, line_cross.',
      params: CameraIdParams,
      body: ZoneCreateBody,
      response: { 201: ZoneSchema, ...errorResponses(400, 404, 409) },
    },
    handler: async (request, reply) => reply.status(201).send(await zones.create(request.params.id, request.body)),
  });

  app.get('/api/cameras/:id/zones/:zid', {
    schema: { tags, summary: 'A zone', params: ZoneParams, response: { 200: ZoneSchema, ...errorResponses(404) } },
    handler: (request) => zones.get(request.params.id, request.params.zid),
  });

  app.patch('/api/cameras/:id/zones/:zid', {
    schema: {
      tags,
      summary: 'Change a zone',
      description: 'Only the fields sent change. Changing the shape, labels or thresholds forgets who is inside (no exit events).',
      params: ZoneParams,
      body: ZonePatchBody,
      response: { 200: ZoneSchema, ...errorResponses(400, 404, 409) },
    },
    handler: (request) => zones.update(request.params.id, request.params.zid, request.body),
  });

  app.delete('/api/cameras/:id/zones/:zid', {
    schema: { tags, summary: 'Delete a zone', params: ZoneParams, response: { 204: Type.Null(), ...errorResponses(404) } },
    handler: async (request, reply) => {
      await zones.delete(request.params.id, request.params.zid);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/cameras/:id/tracks', {
    schema: {
      tags,
      summary: "A camera's tracks, most recently seen first",
      description: 'Objects followed over frames: first and last seen, detections, and the best frame (highest confidence) with its box.',
      params: CameraIdParams,
      querystring: TracksQuery,
      response: { 200: Type.Object({ tracks: Type.Array(TrackSchema) }), ...errorResponses(400, 404) },
    },
    handler: async (request) => ({ tracks: await tracks.list(request.params.id, request.query) }),
  });

  app.get('/api/tracks/:id', {
    schema: { tags, summary: 'A track', params: Type.Object({ id: Type.String({ maxLength: 64 }) }), response: { 200: TrackSchema, ...errorResponses(404) } },
    handler: (request) => tracks.get(request.params.id),
  });
};
