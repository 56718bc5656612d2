import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { CameraService } from '../cameras/camera.service.js';
import { CameraIdParams } from '../cameras/camera.schemas.js';
import type { Clock } from '../clock.js';
import { RangeQuery, parseRange } from '../contract/range-query.js';
import { errorResponses } from '../contract/schemas.js';
import { SegmentSchema, toSegmentDto } from './segment.schemas.js';
import type { SegmentRepository } from './segment.repository.js';

const MAX_SPAN_MS = 7 * 24 * 3_600_000;

export interface SegmentRoutesDeps {
  cameras: CameraService;
  segments: SegmentRepository;
  clock: Clock;
}

export const segmentRoutes: FastifyPluginAsyncTypebox<SegmentRoutesDeps> = async (app, { cameras, segments, clock }) => {
  app.get('/api/cameras/:id/segments', {
    schema: {
      tags: ['recordings'],
      summary: 'Indexed segments overlapping a range (at most 7 days), oldest first',
      params: CameraIdParams,
      querystring: RangeQuery,
      response: { 200: Type.Object({ segments: Type.Array(SegmentSchema) }), ...errorResponses(400, 404) },
    },
    handler: async (request) => {
      await cameras.require(request.params.id);
      const { from, to } = parseRange(request.query, clock.now(), MAX_SPAN_MS);
      const rows = await segments.inRange(request.params.id, from, to);
      return { segments: rows.map(toSegmentDto) };
    },
  });
};
