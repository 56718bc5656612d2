import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../contract/schemas.js';
import {
  CameraCreateBody,
  CameraDeleteQuery,
  CameraIdParams,
  CameraPatchBody,
  CameraSchema,
  SchedulesBody,
  SchedulesResponse,
} from './camera.schemas.js';
import type { CameraService } from './camera.service.js';

export interface CameraRoutesDeps {
  cameras: CameraService;
}

export const cameraRoutes: FastifyPluginAsyncTypebox<CameraRoutesDeps> = async (app, { cameras }) => {
  const tags = ['cameras'];

  app.get('/api/cameras', {
    schema: { tags, summary: 'List cameras', response: { 200: Type.Object({ cameras: Type.Array(CameraSchema) }) } },
    handler: async () => ({ cameras: await cameras.list() }),
  });

  app.post('/api/cameras', {
    schema: {
      tags,
      summary: 'Add a camera',
      body: CameraCreateBody,
      response: { 201: CameraSchema, ...errorResponses(400, 409) },
    },
    handler: async (request, reply) => reply.status(201).send(await cameras.create(request.body)),
  });

  app.get('/api/cameras/:id', {
    schema: { tags, summary: 'Get a camera', params: CameraIdParams, response: { 200: CameraSchema, ...errorResponses(404) } },
    handler: (request) => cameras.get(request.params.id),
  });

  app.patch('/api/cameras/:id', {
    schema: {
      tags,
      summary: 'Change a camera',
      description: 'Only the fields sent change. Send `password: null` to remove the stored password.',
      params: CameraIdParams,
      body: CameraPatchBody,
      response: { 200: CameraSchema, ...errorResponses(400, 404) },
    },
    handler: (request) => cameras.update(request.params.id, request.body),
  });

  app.delete('/api/cameras/:id', {
    schema: {
      tags,
      summary: 'Delete a camera',
      description: 'A camera with recordings is only deleted with `purge=true`, which deletes its recordings as well.',
      params: CameraIdParams,
      querystring: CameraDeleteQuery,
      response: { 204: Type.Null(), ...errorResponses(404, 409) },
    },
    handler: async (request, reply) => {
      await cameras.delete(request.params.id, request.query.purge ?? false);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/cameras/:id/schedules', {
    schema: { tags, summary: "A camera's schedule windows", params: CameraIdParams, response: { 200: SchedulesResponse, ...errorResponses(404) } },
    handler: async (request) => ({ schedules: await cameras.schedules(request.params.id) }),
  });

  app.put('/api/cameras/:id/schedules', {
    schema: {
      tags,
      summary: "Replace a camera's schedule windows",
      description: 'Times are HH:MM in HELDAR_TZ; a window whose end is before its start runs overnight.',
      params: CameraIdParams,
      body: SchedulesBody,
      response: { 200: SchedulesResponse, ...errorResponses(400, 404) },
    },
    handler: async (request) => ({ schedules: await cameras.replaceSchedules(request.params.id, request.body.schedules) }),
  });
};
