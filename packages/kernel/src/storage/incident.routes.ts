import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { errorResponses } from '../contract/schemas.js';
import { IncidentCreateBody, IncidentIdParams, IncidentListQuery, IncidentSchema } from './incident.schemas.js';
import type { IncidentService } from './incident.service.js';

export const incidentRoutes: FastifyPluginAsyncTypebox<{ incidents: IncidentService }> = async (app, { incidents }) => {
  const tags = ['storage'];

  app.post('/api/incidents', {
    config: { access: { minRole: 'operator' } },
    schema: {
      tags,
      summary: 'Open an incident: hold the footage of some cameras in a range as evidence',
      description:
        'While the incident is open, retention never deletes a segment of these cameras that overlaps [from, to) — ' +
        'including segments recorded later into the range. Release it to let retention work again.',
      body: IncidentCreateBody,
      response: { 201: IncidentSchema, ...errorResponses(400, 404) },
    },
    handler: async (request, reply) => reply.status(201).send(await incidents.open(request.body, request.principal?.name ?? null)),
  });

  app.post('/api/incidents/:id/release', {
    config: { access: { minRole: 'operator' } },
    schema: {
      tags,
      summary: 'Release an incident: its footage is subject to retention again',
      params: IncidentIdParams,
      response: { 200: IncidentSchema, ...errorResponses(404, 409) },
    },
    handler: (request) => incidents.release(request.params.id, request.principal?.name ?? null),
  });

  app.get('/api/incidents', {
    schema: {
      tags,
      summary: 'Incidents, newest first',
      querystring: IncidentListQuery,
      response: { 200: Type.Object({ incidents: Type.Array(IncidentSchema) }), ...errorResponses(400) },
    },
    handler: async (request) => ({ incidents: await incidents.list(request.query.status ?? 'all', request.query.limit ?? 100) }),
  });

  app.get('/api/incidents/:id', {
    schema: { tags, summary: 'One incident', params: IncidentIdParams, response: { 200: IncidentSchema, ...errorResponses(400, 404) } },
    handler: (request) => incidents.get(request.params.id),
  });
};
