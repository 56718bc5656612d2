import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CameraIdParams } from '../cameras/camera.schemas.js';
import { errorResponses } from '../contract/schemas.js';
import { SnapshotQuery, sendRecordedSnapshot } from '../media/snapshot/snapshot-reply.js';
import type { SnapshotService } from '../media/snapshot/snapshot.service.js';
import { parseRfc3339 } from '../time.js';
import { SamplerStatusSchema } from './perception.schemas.js';
import type { SamplerService } from './sampler.service.js';

const JpegResponse = {
  description: 'The JPEG image.',
  content: { 'image/jpeg': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
};

export interface SamplerRoutesDeps {
  samplers: SamplerService;
  /** Recorded frames, for `snapshot.jpg?at=…`. */
  recorded: Pick<SnapshotService, 'at'>;
}

export const samplerRoutes: FastifyPluginAsyncTypebox<SamplerRoutesDeps> = async (app, { samplers, recorded }) => {
  const tags = ['perception'];

  app.get('/api/cameras/:id/snapshot.jpg', {
    schema: {
      tags,
      summary: "The camera's latest sampled frame, or its recorded frame at a moment (`at`)",
      description:
        'Without `at`: the most recent JPEG frame of a camera with `detect_fps` set (scaled to HELDAR_SAMPLER_WIDTH). Headers: `x-heldar-frame-id`, `x-heldar-captured-at`. 409 when the camera is not sampled, 503 before its first frame. ' +
        'With `at`: the recorded frame at (or just before) that moment at the recorded size, decoded from the one fragment that holds it; header `x-heldar-frame-time`, cacheable. 400 for a bad `at`, 404 when no recording covers it (the message names the nearest recorded moment).',
      params: CameraIdParams,
      querystring: SnapshotQuery,
      response: { 200: JpegResponse, ...errorResponses(400, 404, 409, 503) },
    },
    handler: async (request, reply) => {
      const { at } = request.query;
      if (at !== undefined) return sendRecordedSnapshot(reply, await recorded.at(request.params.id, parseRfc3339(at, 'at')));
      const frame = await samplers.snapshot(request.params.id);
      return reply
        .header('content-type', 'image/jpeg')
        .header('cache-control', 'no-store')
        .header('x-heldar-frame-id', frame.id)
        .header('x-heldar-captured-at', new Date(frame.capturedAt).toISOString())
        .header('last-modified', new Date(frame.capturedAt).toUTCString())
        .send(frame.jpeg);
    },
  });

  app.get('/api/cameras/:id/sampler', {
    schema: {
      tags,
      summary: "A camera's frame sampler",
      description: 'State, wanted and measured fps, restarts, the last (masked) error, frames and drops, and the workers the camera is assigned to.',
      params: CameraIdParams,
      response: { 200: SamplerStatusSchema, ...errorResponses(404) },
    },
    handler: (request) => samplers.status(request.params.id),
  });
};
