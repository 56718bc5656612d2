import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../../contract/schemas.js';
import { SINGLE_LINE } from '../../contract/text-format.js';
import { CameraIdParams } from '../camera.schemas.js';
import type { PtzService } from './ptz.service.js';

const Axis = (description: string) => Type.Number({ minimum: -1, maximum: 1, description });
const MoveBody = Type.Object(
  {
    pan: Axis('Velocity, −1 (left) … 1 (right).'),
    tilt: Axis('Velocity, −1 (down) … 1 (up).'),
    zoom: Axis('Velocity, −1 (out) … 1 (in).'),
  },
  { additionalProperties: false },
);
const Preset = Type.Object({ token: Type.String(), name: Type.String() }, { $id: 'PtzPreset', title: 'PtzPreset' });
const PresetParams = Type.Object({ id: Type.String({ maxLength: 64 }), token: Type.String({ minLength: 1, maxLength: 64 }) });
const Position = Type.Object({ pan: Type.Number(), tilt: Type.Number(), zoom: Type.Number() });
const OPERATOR = { access: { minRole: 'operator' as const } };

/** PTZ over the camera's ONVIF device (operator role; the POSTs are audited). 409: no onvif_url or no PTZ. */
export const ptzRoutes: FastifyPluginAsyncTypebox<{ ptz: PtzService }> = async (app, { ptz }) => {
  const tags = ['ptz'];
  const errors = errorResponses(400, 404, 409, 422, 502);

  app.post('/api/cameras/:id/ptz/move', {
    schema: {
      tags,
      summary: 'Start a continuous PTZ move',
      description: 'Moves until POST …/ptz/stop (hold to move).',
      params: CameraIdParams,
      body: MoveBody,
      response: { 204: Type.Null(), ...errors },
    },
    handler: async (request, reply) => {
      await ptz.move(request.params.id, request.body);
      return reply.status(204).send(null);
    },
  });

  app.post('/api/cameras/:id/ptz/stop', {
    schema: { tags, summary: 'Stop a PTZ move', params: CameraIdParams, response: { 204: Type.Null(), ...errors } },
    handler: async (request, reply) => {
      await ptz.stop(request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.get('/api/cameras/:id/ptz/status', {
    schema: { tags, summary: 'The PTZ position', params: CameraIdParams, response: { 200: Position, ...errors } },
    config: OPERATOR,
    handler: (request) => ptz.position(request.params.id),
  });

  app.get('/api/cameras/:id/ptz/presets', {
    schema: { tags, summary: "The camera's PTZ presets", params: CameraIdParams, response: { 200: Type.Object({ presets: Type.Array(Preset) }), ...errors } },
    config: OPERATOR,
    handler: async (request) => ({ presets: await ptz.presets(request.params.id) }),
  });

  app.post('/api/cameras/:id/ptz/presets/:token/goto', {
    schema: { tags, summary: 'Move to a preset', params: PresetParams, response: { 204: Type.Null(), ...errors } },
    handler: async (request, reply) => {
      await ptz.gotoPreset(request.params.id, request.params.token);
      return reply.status(204).send(null);
    },
  });

  app.post('/api/cameras/:id/ptz/presets', {
    schema: {
      tags,
      summary: 'Store the current position as a preset',
      params: CameraIdParams,
      body: Type.Object({ name: Type.String({ minLength: 1, maxLength: 64, format: SINGLE_LINE }) }, { additionalProperties: false }),
      response: { 201: Preset, ...errors },
    },
    handler: async (request, reply) => reply.status(201).send(await ptz.setPreset(request.params.id, request.body.name)),
  });
};
