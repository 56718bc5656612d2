import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Rfc3339 } from '../../contract/schemas.js';
import { toRfc3339, toRfc3339OrNull } from '../../time.js';
import type { ArchiveRecord } from './archive.js';

export const ArchiveCreateBody = Type.Object(
  {
    camera_ids: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { minItems: 1, maxItems: 32, description: 'The cameras whose footage goes in, one clip each.' }),
    from: Type.String({ description: 'RFC 3339 start of the range.' }),
    to: Type.String({ description: 'RFC 3339 end of the range; at most HELDAR_MAX_CLIP_SECONDS after `from` (as for clips).' }),
    incident_id: Type.Optional(Type.Integer({ minimum: 1, description: 'An incident whose notes go in (incident/notes.txt).' })),
  },
  { additionalProperties: false },
);

export const ArchiveIdParams = Type.Object({ id: Type.String({ pattern: '^arc_[0-9a-f]{32}$', description: '`arc_` and 32 hex digits.' }) }, { additionalProperties: false });

export const ArchiveListQuery = Type.Object({ limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })) }, { additionalProperties: false });

export const ArchiveSchema = Type.Object(
  {
    id: Type.String(),
    camera_ids: Type.Array(Type.String()),
    from: Rfc3339,
    to: Rfc3339,
    incident_id: Nullable(Type.Integer()),
    state: Type.Union([Type.Literal('pending'), Type.Literal('running'), Type.Literal('completed'), Type.Literal('failed')]),
    progress: Type.Number({ minimum: 0, maximum: 1 }),
    estimated_bytes: Type.Integer({ description: 'Recorded footage in the range when asked for: what the size cap (HELDAR_ARCHIVE_MAX_MB) was checked against.' }),
    size_bytes: Nullable(Type.Integer({ description: 'The zip, once completed.' })),
    sha256: Nullable(Type.String({ description: 'SHA-256 of the zip, once completed.' })),
    download_url: Nullable(Type.String({ description: 'Once completed: GET it for the zip.' })),
    error: Nullable(Type.String()),
    created_by: Nullable(Type.String()),
    created_at: Rfc3339,
    finished_at: Nullable(Rfc3339),
  },
  { $id: 'Archive', title: 'Archive' },
);

export function toArchiveDto(a: ArchiveRecord): Static<typeof ArchiveSchema> {
  return {
    id: a.id,
    camera_ids: a.camera_ids,
    from: toRfc3339(a.from_ms),
    to: toRfc3339(a.to_ms),
    incident_id: a.incident_id,
    state: a.state,
    progress: a.progress,
    estimated_bytes: a.estimated_bytes,
    size_bytes: a.size_bytes,
    sha256: a.sha256,
    download_url: a.state === 'completed' ? `/api/archives/${a.id}/download` : null,
    error: a.error,
    created_by: a.created_by,
    created_at: toRfc3339(a.created_at),
    finished_at: toRfc3339OrNull(a.finished_at),
  };
}
