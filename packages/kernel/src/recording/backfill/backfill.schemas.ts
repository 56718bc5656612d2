import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Rfc3339 } from '../../contract/schemas.js';
import { toRfc3339 } from '../../time.js';
import type { BackfillGap, CameraBackfill } from './backfill-gap.js';
import { HIKVISION_REPLAY_TEMPLATE } from './replay-url.js';

export const BackfillStateSchema = Type.Union(
  [Type.Literal('pending'), Type.Literal('filling'), Type.Literal('filled'), Type.Literal('failed'), Type.Literal('unavailable')],
  { description: '`pending` → `filling` → `filled` | `failed` (tried HELDAR_BACKFILL_MAX_ATTEMPTS times, or only partly filled) | `unavailable` (the camera has no recording of it, or the gap is too old).' },
);

export const BackfillGapSchema = Type.Object(
  {
    id: Type.Integer(),
    camera_id: Type.String(),
    from: Rfc3339,
    to: Rfc3339,
    state: BackfillStateSchema,
    attempts: Type.Integer(),
    filled_seconds: Type.Number({ description: 'Footage the backfill indexed inside the gap.' }),
    error: Nullable(Type.String({ description: 'Why the last attempt did not fill it (credentials masked).' })),
    updated_at: Rfc3339,
  },
  { $id: 'BackfillGap', title: 'BackfillGap' },
);

export const BackfillGapListQuery = Type.Object(
  {
    camera_id: Type.Optional(Type.String({ maxLength: 64 })),
    from: Type.Optional(Type.String({ description: 'RFC 3339; default: 3 days before `to`.' })),
    to: Type.Optional(Type.String({ description: 'RFC 3339; default: now.' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
  },
  { additionalProperties: false },
);

export const CameraBackfillSchema = Type.Object(
  {
    camera_id: Type.String(),
    enabled: Type.Boolean(),
    replay_url_template: Nullable(
      Type.String({
        description: `null: the camera’s ONVIF Profile G replay when it has an \`onvif_url\` and its device offers replay, else the Hikvision default \`${HIKVISION_REPLAY_TEMPLATE}\`.`,
      }),
    ),
  },
  { $id: 'CameraBackfill', title: 'CameraBackfill' },
);

export const CameraBackfillBody = Type.Object(
  {
    enabled: Type.Boolean(),
    replay_url_template: Type.Optional(
      Nullable(
        Type.String({
          maxLength: 2000,
          description: 'rtsp:// URL with `{start}` and `{end}` (UTC, YYYYMMDDThhmmssZ) and optionally `{host}` (the camera’s host:port); the camera’s credentials are added as for recording.',
        }),
      ),
    ),
  },
  { additionalProperties: false },
);

export const SweepReportSchema = Type.Object({
  detected: Type.Integer({ description: 'Gaps found that were not known yet.' }),
  filled: Type.Integer(),
  failed: Type.Integer(),
  unavailable: Type.Integer(),
  retry: Type.Integer({ description: 'Attempts that failed and will be tried again.' }),
});

export function toBackfillGapDto(gap: BackfillGap): Static<typeof BackfillGapSchema> {
  return {
    id: gap.id,
    camera_id: gap.camera_id,
    from: toRfc3339(gap.from_ms),
    to: toRfc3339(gap.to_ms),
    state: gap.state,
    attempts: gap.attempts,
    filled_seconds: gap.filled_ms / 1000,
    error: gap.error,
    updated_at: toRfc3339(gap.updated_at),
  };
}

export function toCameraBackfillDto(settings: CameraBackfill): Static<typeof CameraBackfillSchema> {
  return { ...settings };
}
