import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../contract/schemas.js';
import { parseRfc3339, toRfc3339 } from '../time.js';
import type { AuditLog } from './audit-log.js';
import { AuditEntrySchema, AuditQuery } from './auth.schemas.js';

export const auditRoutes: FastifyPluginAsyncTypebox<{ audit: AuditLog }> = async (app, { audit }) => {
  app.get('/api/audit', {
    config: { access: { minRole: 'admin' } },
    schema: {
      tags: ['audit'],
      summary: 'The audit log, newest first',
      description: 'Every mutating call, sign-in and CLI change: actor, address, action, target, status and outcome.',
      querystring: AuditQuery,
      response: { 200: Type.Object({ entries: Type.Array(AuditEntrySchema) }), ...errorResponses(400, 401, 403) },
    },
    handler: async (request) => {
      const q = request.query;
      const entries = await audit.find({
        actor: q.actor,
        action: q.action,
        outcome: q.outcome,
        from: q.from === undefined ? undefined : parseRfc3339(q.from, 'from'),
        to: q.to === undefined ? undefined : parseRfc3339(q.to, 'to'),
        beforeId: q.before_id,
        limit: q.limit ?? 100,
      });
      return { entries: entries.map((e) => ({ ...e, at: toRfc3339(e.at) })) };
    },
  });
};
