import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Rfc3339, StringEnum } from '../../contract/schemas.js';
import { EventKindSchema } from '../../events/event.routes.js';

const SEVERITIES = ['info', 'warning', 'error'] as const;
const Name = Type.String({ minLength: 1, maxLength: 100, format: 'single-line' });
const Url = Type.String({ minLength: 1, maxLength: 2048, description: 'http(s) URL the events are POSTed to; checked by the outbound guard (HELDAR_OUTBOUND_ALLOW).' });
const Kinds = Type.Array(EventKindSchema, { maxItems: 200, uniqueItems: true, description: 'Event kinds delivered; empty: every kind.' });
const Cameras = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 500, uniqueItems: true, description: 'Camera ids; empty: every camera and events of no camera.' });
const Severity = StringEnum(SEVERITIES, { description: 'Only events at least this severe.' });
const MaxInFlight = Type.Integer({
  minimum: 1,
  maximum: 64,
  description: 'Deliveries in flight at once (default 8). Above 1 a receiver may see events out of order (each carries its id and time); 1 delivers in strict order, one at a time.',
});
const Secret = Type.String({ minLength: 16, maxLength: 200, format: 'single-line', description: 'HMAC key for X-Heldar-Signature; generated when not given.' });

export const WebhookCreateBody = Type.Object(
  {
    name: Name,
    url: Url,
    kinds: Type.Optional(Kinds),
    min_severity: Type.Optional(Severity),
    cameras: Type.Optional(Cameras),
    secret: Type.Optional(Secret),
    enabled: Type.Optional(Type.Boolean()),
    max_in_flight: Type.Optional(MaxInFlight),
  },
  { additionalProperties: false },
);
export type WebhookCreateBody = Static<typeof WebhookCreateBody>;

export const WebhookPatchBody = Type.Object(
  {
    name: Type.Optional(Name),
    url: Type.Optional(Url),
    kinds: Type.Optional(Kinds),
    min_severity: Type.Optional(Severity),
    cameras: Type.Optional(Cameras),
    secret: Type.Optional(Secret),
    enabled: Type.Optional(Type.Boolean({ description: '`true` also resumes a paused subscription (its failure count starts again).' })),
    max_in_flight: Type.Optional(MaxInFlight),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type WebhookPatchBody = Static<typeof WebhookPatchBody>;

export const WebhookSchema = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    url: Type.String(),
    kinds: Type.Array(Type.String()),
    min_severity: Type.String(),
    cameras: Type.Array(Type.String()),
    secret: Type.String({ description: 'The full secret only in the answer that created the subscription; `***` afterwards.' }),
    enabled: Type.Boolean(),
    state: StringEnum(['active', 'paused', 'disabled'] as const, { description: '`paused`: disabled by repeated failures.' }),
    paused_at: Nullable(Rfc3339),
    pause_reason: Nullable(Type.String()),
    consecutive_failures: Type.Integer(),
    max_in_flight: Type.Integer({ description: 'Deliveries in flight at once; 1: strict order.' }),
    module: Nullable(Type.String({ description: 'The module sidecar this subscription was issued to.' })),
    created_by: Nullable(Type.String()),
    created_at: Rfc3339,
    updated_at: Rfc3339,
  },
  { $id: 'Webhook', title: 'Webhook' },
);
export type WebhookDto = Static<typeof WebhookSchema>;

export const WebhookDeliverySchema = Type.Object(
  {
    id: Type.Integer(),
    delivery_id: Type.String({ description: 'The X-Heldar-Delivery header: the same on every attempt.' }),
    event_id: Nullable(Type.Integer()),
    event_kind: Type.String(),
    attempt: Type.Integer(),
    status: Nullable(Type.Integer({ description: "The receiver's HTTP status; null when none came." })),
    ok: Type.Boolean(),
    error: Nullable(Type.String()),
    latency_ms: Type.Number(),
    at: Rfc3339,
  },
  { $id: 'WebhookDelivery', title: 'WebhookDelivery' },
);
export type WebhookDeliveryDto = Static<typeof WebhookDeliverySchema>;

export const WebhookParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 40 }) });

export const DeliveriesQuery = Type.Object(
  {
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 50 })),
    before_id: Type.Optional(Type.Integer({ minimum: 1, description: 'Cursor: only log rows with a smaller id.' })),
  },
  { additionalProperties: false },
);
