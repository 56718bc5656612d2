import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { CameraIdParams } from '../../cameras/camera.schemas.js';
import type { Clock } from '../../clock.js';
import { errorResponses } from '../../contract/schemas.js';
import { BadRequest } from '../../errors.js';
import { parseRfc3339 } from '../../time.js';
import type { BackfillSweeper } from './backfill-sweeper.js';
import type { BackfillRepository } from './backfill.repository.js';
import { BackfillGapListQuery, BackfillGapSchema, CameraBackfillBody, CameraBackfillSchema, SweepReportSchema, toBackfillGapDto, toCameraBackfillDto } from './backfill.schemas.js';
import { checkReplayTemplate } from './replay-url.js';

export interface BackfillRoutesDeps {
  repository: BackfillRepository;
  sweeper: BackfillSweeper;
  cameras: { require(id: string): Promise<unknown> };
  clock: Clock;
}

const DAY_MS = 86_400_000;

export const backfillRoutes: FastifyPluginAsyncTypebox<BackfillRoutesDeps> = async (app, { repository, sweeper, cameras, clock }) => {
  const tags = ['backfill'];

  app.get('/api/backfill/gaps', {
    schema: {
      tags,
      summary: 'Recording gaps and their backfill state, oldest first',
      querystring: BackfillGapListQuery,
      response: { 200: Type.Object({ gaps: Type.Array(BackfillGapSchema) }), ...errorResponses(400) },
    },
    handler: async (request) => {
      const { camera_id, limit = 200 } = request.query;
      const to = request.query.to === undefined ? clock.now() : parseRfc3339(request.query.to, 'to');
      const from = request.query.from === undefined ? to - 3 * DAY_MS : parseRfc3339(request.query.from, 'from');
      if (to <= from) throw new BadRequest('`to` must be after `from`');
      const gaps = await repository.list({ from, to, limit, ...(camera_id !== undefined ? { cameraId: camera_id } : {}) });
      return { gaps: gaps.map(toBackfillGapDto) };
    },
  });

  app.post('/api/backfill/sweep', {
    config: { access: { minRole: 'admin' } },
    schema: {
      tags,
      summary: 'Look for gaps and fill what is due now (the sweeper also runs every HELDAR_BACKFILL_INTERVAL_SECONDS)',
      response: { 200: SweepReportSchema },
    },
    handler: () => sweeper.sweep(),
  });

  app.get('/api/cameras/:id/backfill', {
    schema: { tags, summary: 'A camera’s backfill settings', params: CameraIdParams, response: { 200: CameraBackfillSchema, ...errorResponses(404) } },
    handler: async (request) => {
      await cameras.require(request.params.id);
      return toCameraBackfillDto(await repository.settings(request.params.id));
    },
  });

  app.put('/api/cameras/:id/backfill', {
    config: { access: { minRole: 'admin' } },
    schema: {
      tags,
      summary: 'Turn backfill on or off for a camera and set its replay URL template',
      params: CameraIdParams,
      body: CameraBackfillBody,
      response: { 200: CameraBackfillSchema, ...errorResponses(400, 404) },
    },
    handler: async (request) => {
      await cameras.require(request.params.id);
      const template = request.body.replay_url_template ?? null;
      if (template !== null) checkReplayTemplate(template);
      const settings = { camera_id: request.params.id, enabled: request.body.enabled, replay_url_template: template };
      await repository.saveSettings(settings, clock.now());
      return toCameraBackfillDto(settings);
    },
  });
};
