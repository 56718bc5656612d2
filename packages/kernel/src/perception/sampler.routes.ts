import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CameraIdParams } from '../cameras/camera.schemas.js';
import { errorResponses } from '../contract/schemas.js';
import { SamplerStatusSchema } from './perception.schemas.js';
import type { SamplerService } from './sampler.service.js';

const JpegResponse = {
  description: 'The JPEG image.',
  content: { 'image/jpeg': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
};

export const samplerRoutes: FastifyPluginAsyncTypebox<{ samplers: SamplerService }> = async (app, { samplers }) => {
  const tags = ['perception'];

  app.get('/api/cameras/:id/snapshot.jpg', {
    schema: {
      tags,
      summary: "The camera's latest sampled frame",
      description:
        'The most recent JPEG frame of a camera with `detect_fps` set (scaled to HELDAR_SAMPLER_WIDTH). Headers: `x-heldar-frame-id`, `x-heldar-captured-at`. 409 when the camera is not sampled, 503 before its first frame.',
      params: CameraIdParams,
      response: { 200: JpegResponse, ...errorResponses(404, 409, 503) },
    },
    handler: async (request, reply) => {
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
