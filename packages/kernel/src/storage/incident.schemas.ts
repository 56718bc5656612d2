import { Type, type Static } from '@sinclair/typebox';
import { SINGLE_LINE } from '../contract/text-format.js';
import { Nullable, Rfc3339, StringEnum } from '../contract/schemas.js';

export const IncidentCreateBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200, format: SINGLE_LINE }),
    notes: Type.Optional(Type.String({ maxLength: 10_000 })),
    cameras: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 256, description: 'Ids of the cameras whose footage is held.' }),
    from: Type.String({ description: 'RFC 3339: start of the held range.' }),
    to: Type.String({ description: 'RFC 3339: end of the held range; may lie in the future (footage recorded later into the range is held too).' }),
  },
  { additionalProperties: false },
);
export type IncidentCreateBody = Static<typeof IncidentCreateBody>;

export const IncidentIdParams = Type.Object({ id: Type.Integer({ minimum: 1 }) });

export const IncidentListQuery = Type.Object(
  {
    status: Type.Optional(StringEnum(['open', 'released', 'all'] as const, { description: 'Default: all.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 100 })),
  },
  { additionalProperties: false },
);

export const IncidentSchema = Type.Object(
  {
    id: Type.Integer(),
    title: Type.String(),
    notes: Type.String(),
    cameras: Type.Array(Type.String()),
    from: Rfc3339,
    to: Rfc3339,
    status: StringEnum(['open', 'released'] as const),
    created_by: Nullable(Type.String()),
    created_at: Rfc3339,
    released_at: Nullable(Rfc3339),
    released_by: Nullable(Type.String()),
    segments: Type.Integer({ description: 'Indexed segments of these cameras overlapping the range now (held while open).' }),
    bytes: Type.Integer({ description: 'Their size in bytes.' }),
  },
  { $id: 'Incident', title: 'Incident' },
);
export type IncidentDto = Static<typeof IncidentSchema>;
