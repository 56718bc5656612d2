import { Type, type Static } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CameraStatusRepository } from '../cameras/camera-status.repository.js';
import type { CameraService } from '../cameras/camera.service.js';
import type { CameraStatusRow } from '../db/schema.js';
import { CameraIdParams } from '../cameras/camera.schemas.js';
import { Nullable, Rfc3339, StringEnum, errorResponses } from '../contract/schemas.js';
import { toRfc3339, toRfc3339OrNull } from '../time.js';
import type { RecorderManager } from './recorder-manager.js';

const CameraStatusSchema = Type.Object(
  {
    camera_id: Type.String(),
    state: StringEnum(['connecting', 'recording', 'idle', 'error', 'offline', 'disabled'] as const),
    pid: Nullable(Type.Integer()),
    since: Rfc3339,
    last_error: Nullable(Type.String({ description: 'Masked: never contains a password.' })),
    reconnect_count: Type.Integer(),
    last_segment_at: Nullable(Rfc3339),
  },
  { $id: 'CameraStatus', title: 'CameraStatus' },
);

const CameraStatusListSchema = Type.Object(
  { statuses: Type.Array(CameraStatusSchema) },
  { $id: 'CameraStatusList', title: 'CameraStatusList' },
);

/** A camera without a status row (added while the recorder was off) reads as disabled since the epoch. */
function toCameraStatus(cameraId: string, row: CameraStatusRow | undefined): Static<typeof CameraStatusSchema> {
  if (!row) return { camera_id: cameraId, state: 'disabled', pid: null, since: toRfc3339(0), last_error: null, reconnect_count: 0, last_segment_at: null };
  return { ...row, since: toRfc3339(row.since), last_segment_at: toRfc3339OrNull(row.last_segment_at) };
}

export interface RecorderRoutesDeps {
  cameras: CameraService;
  status: CameraStatusRepository;
  recorder: RecorderManager;
}

export const recorderRoutes: FastifyPluginAsyncTypebox<RecorderRoutesDeps> = async (app, { cameras, status, recorder }) => {
  // A static path wins over `/api/cameras/:id` in the router; the camera service refuses the id `status`
  // so no camera can sit behind this route.
  app.get('/api/cameras/status', {
    schema: {
      tags: ['recordings'],
      summary: "Every camera's recorder state",
      description: 'One request for a whole camera grid: the items of GET /api/cameras/:id/status, in the order of GET /api/cameras.',
      response: { 200: CameraStatusListSchema },
    },
    handler: async () => {
      const [list, rows] = await Promise.all([cameras.list(), status.all()]);
      const byCamera = new Map(rows.map((row) => [row.camera_id, row]));
      return { statuses: list.map((camera) => toCameraStatus(camera.id, byCamera.get(camera.id))) };
    },
  });

  app.get('/api/cameras/:id/status', {
    schema: {
      tags: ['recordings'],
      summary: "A camera's recorder state",
      params: CameraIdParams,
      response: { 200: CameraStatusSchema, ...errorResponses(404) },
    },
    handler: async (request) => {
      const id = request.params.id;
      await cameras.require(id);
      return toCameraStatus(id, await status.get(id));
    },
  });

  app.post('/api/cameras/:id/trigger', {
    schema: {
      tags: ['recordings'],
      summary: 'Start or extend event recording',
      description:
        'Extends the event window to now + post_roll_seconds (never shortens it); the pre_roll_seconds before now are kept. 409 when the camera is not in event or scheduled_event mode, or not recording.',
      params: CameraIdParams,
      body: Type.Object({ reason: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
      response: { 200: Type.Object({ window_end: Rfc3339 }), ...errorResponses(400, 404, 409) },
    },
    handler: async (request) => ({ window_end: toRfc3339(await recorder.trigger(request.params.id, request.body.reason)) }),
  });
};
