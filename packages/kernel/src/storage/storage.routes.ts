import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { StorageReportSchema } from './storage.schemas.js';
import type { StorageReport } from './storage-report.js';

export const storageRoutes: FastifyPluginAsyncTypebox<{ storage: StorageReport }> = async (app, { storage }) => {
  app.get('/api/storage', {
    schema: {
      tags: ['storage'],
      summary: 'Disk usage per volume and per camera, with the days left at the current rate',
      response: { 200: StorageReportSchema },
    },
    handler: () => storage.report(),
  });
};
