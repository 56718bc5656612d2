import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { RouteAccess } from '../../auth/principal.js';
import { errorResponses } from '../../contract/schemas.js';
import type { WebhookService } from './webhook.service.js';
import { DeliveriesQuery, WebhookCreateBody, WebhookDeliverySchema, WebhookParams, WebhookPatchBody, WebhookSchema } from './webhook.schemas.js';

/** Admins, and apps holding an `integration` key: a subscription sends event data out of the site. */
const access: RouteAccess = { minRole: 'admin', scopes: ['integration'] };

export const webhookRoutes: FastifyPluginAsyncTypebox<{ webhooks: WebhookService }> = async (app, { webhooks }) => {
  const tags = ['webhooks'];
  const config = { access };

  app.get('/api/webhooks', {
    config,
    schema: { tags, summary: 'Webhook subscriptions', response: { 200: Type.Object({ webhooks: Type.Array(WebhookSchema) }), ...errorResponses(403) } },
    handler: async () => ({ webhooks: await webhooks.list() }),
  });

  app.post('/api/webhooks', {
    config,
    schema: {
      tags,
      summary: 'Subscribe a URL to events',
      description:
        'Events from now on are POSTed, signed (X-Heldar-Signature), at least once and in order. The answer carries the secret — generated when not given — this once; later answers show `***`.',
      body: WebhookCreateBody,
      response: { 201: WebhookSchema, ...errorResponses(400, 403) },
    },
    handler: async (request, reply) => reply.status(201).send(await webhooks.create(request.body, request.principal)),
  });

  app.patch('/api/webhooks/:id', {
    config,
    schema: {
      tags,
      summary: 'Change, pause or resume a subscription',
      description: '`enabled: false` pauses delivery (the cursor stays, nothing is skipped); `enabled: true` resumes it, also after an automatic pause.',
      params: WebhookParams,
      body: WebhookPatchBody,
      response: { 200: WebhookSchema, ...errorResponses(400, 403, 404) },
    },
    handler: (request) => webhooks.update(request.params.id, request.body),
  });

  app.delete('/api/webhooks/:id', {
    config,
    schema: { tags, summary: 'Remove a subscription and its delivery log', params: WebhookParams, response: { 204: Type.Null(), ...errorResponses(403, 404) } },
    handler: async (request, reply) => {
      await webhooks.delete(request.params.id);
      return reply.status(204).send(null);
    },
  });

  app.post('/api/webhooks/:id/test', {
    config,
    schema: {
      tags,
      summary: 'Send a signed test delivery now',
      description: 'One attempt with `X-Heldar-Event: test`, whatever the subscription state; the answer is the logged delivery.',
      params: WebhookParams,
      response: { 200: WebhookDeliverySchema, ...errorResponses(403, 404) },
    },
    handler: (request) => webhooks.test(request.params.id),
  });

  app.get('/api/webhooks/:id/deliveries', {
    config,
    schema: {
      tags,
      summary: 'The delivery log, newest first',
      description: 'Every attempt: status, latency, error. The newest 1,000 per subscription are kept.',
      params: WebhookParams,
      querystring: DeliveriesQuery,
      response: { 200: Type.Object({ deliveries: Type.Array(WebhookDeliverySchema) }), ...errorResponses(400, 403, 404) },
    },
    handler: async (request) => ({ deliveries: await webhooks.deliveries(request.params.id, request.query.limit ?? 50, request.query.before_id) }),
  });
};
