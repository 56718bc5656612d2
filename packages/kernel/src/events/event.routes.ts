import { Type } from '@sinclair/typebox';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Nullable, Rfc3339, errorResponses } from '../contract/schemas.js';
import { parseRfc3339, toRfc3339 } from '../time.js';
import type { EventLog } from './event-log.js';
import { EVENT_KIND_NAMES, EVENT_KINDS, type EventKind, type EventKindInfo } from './event-kinds.js';

/** The registry's kinds as an enum; named so generated client types call it EventKind. */
export const EventKindSchema = Type.Unsafe<EventKind>({
  type: 'string',
  enum: EVENT_KIND_NAMES,
  $id: 'EventKind',
  title: 'EventKind',
  description: 'What happened; docs/api.md lists every kind with its severity and payload.',
});

export const EventSchema = Type.Object(
  {
    id: Type.Integer(),
    camera_id: Nullable(Type.String()),
    kind: EventKindSchema,
    severity: Type.String(),
    payload: Type.Record(Type.String(), Type.Unknown()),
    at: Rfc3339,
  },
  { $id: 'Event', title: 'Event' },
);

const EventsQuery = Type.Object(
  {
    camera_id: Type.Optional(Type.String({ maxLength: 64 })),
    kind: Type.Optional(EventKindSchema),
    from: Type.Optional(Type.String({ description: 'RFC 3339; events at or after.' })),
    to: Type.Optional(Type.String({ description: 'RFC 3339; events before.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
    before_id: Type.Optional(Type.Integer({ minimum: 1, description: 'Cursor: only events with a smaller id.' })),
  },
  { additionalProperties: false },
);

export const eventRoutes: FastifyPluginAsyncTypebox<{ events: EventLog }> = async (app, { events }) => {
  app.get('/api/events', {
    schema: {
      tags: ['events'],
      summary: 'The event log, newest first',
      querystring: EventsQuery,
      response: { 200: Type.Object({ events: Type.Array(EventSchema) }), ...errorResponses(400) },
    },
    handler: async (request) => {
      const q = request.query;
      const found = await events.find({
        camera_id: q.camera_id,
        kind: q.kind,
        from: q.from === undefined ? undefined : parseRfc3339(q.from, 'from'),
        to: q.to === undefined ? undefined : parseRfc3339(q.to, 'to'),
        limit: q.limit ?? 100,
        before_id: q.before_id,
      });
      return { events: found.map((e) => ({ ...e, at: toRfc3339(e.at) })) };
    },
  });

  app.get('/api/events/types', {
    schema: {
      tags: ['events'],
      summary: 'Every event kind, with its severities and meaning',
      description: 'What a webhook or stream filter can name.',
      response: {
        200: Type.Object({
          types: Type.Array(Type.Object({ kind: EventKindSchema, severities: Type.Array(Type.String()), description: Type.String(), payload: Type.String() })),
        }),
      },
    },
    handler: () => ({
      types: EVENT_KIND_NAMES.map((kind) => {
        const info: EventKindInfo = EVENT_KINDS[kind];
        return { kind, severities: [...info.severities], description: info.description, payload: info.payload };
      }),
    }),
  });
};
