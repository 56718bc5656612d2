import { Type, type Static } from '@sinclair/typebox';
import { Nullable, Rfc3339, StringEnum } from '../../contract/schemas.js';
import { toRfc3339 } from '../../time.js';
import { CLIP_FILE_PATTERN, CLIP_ID_PATTERN } from './clip-id.js';
import type { ClipRecord } from './clip.js';

export const ClipCreateBody = Type.Object(
  {
    camera_id: Type.String({ minLength: 1, maxLength: 64 }),
    from: Type.String({ description: 'RFC 3339 start of the range.' }),
    to: Type.String({ description: 'RFC 3339 end of the range; at most HELDAR_MAX_CLIP_SECONDS after `from`.' }),
  },
  { additionalProperties: false },
);

export const ClipIdParams = Type.Object({ id: Type.String({ pattern: CLIP_ID_PATTERN, description: '`clip_` and 32 hex digits.' }) }, { additionalProperties: false });

export const ClipFileParams = Type.Object({ file: Type.String({ pattern: CLIP_FILE_PATTERN, maxLength: 64 }) }, { additionalProperties: false });

export const ClipFileQuery = Type.Object(
  { download: Type.Optional(Type.Boolean({ description: 'Send as an attachment (Content-Disposition) instead of inline.' })) },
  { additionalProperties: false },
);

export const FootageParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64, description: 'Camera id.' }) }, { additionalProperties: false });

export const FootageQuery = Type.Object(
  {
    from: Type.String({ description: 'RFC 3339 start; the file starts at the keyframe at or before it (header X-Footage-From).' }),
    to: Type.String({ description: 'RFC 3339 end; at most HELDAR_MAX_CLIP_SECONDS after `from`.' }),
    download: Type.Optional(Type.Boolean({ description: 'Send as an attachment (Content-Disposition) instead of inline.' })),
  },
  { additionalProperties: false },
);

export const ClipListQuery = Type.Object(
  {
    camera_id: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    before: Type.Optional(Type.String({ description: 'RFC 3339: only exports created before this time (the next page).' })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);

const Gap = Type.Object({ from: Rfc3339, to: Rfc3339 });

const ClipFile = Type.Object({
  filename: Type.String(),
  url: Type.String({ description: 'Inline (for a video element), Range supported.' }),
  download_url: Type.String({ description: 'The same bytes as an attachment.' }),
  size_bytes: Type.Integer(),
  sha256: Type.String(),
  from: Rfc3339,
  to: Rfc3339,
});

export const ClipSchema = Type.Object(
  {
    id: Type.String(),
    camera_id: Type.String(),
    filename: Type.String({ description: 'The (first) MP4 file.' }),
    url: Type.String(),
    download_url: Type.String(),
    manifest_url: Type.String({ description: 'The signed manifest; check it with `heldar verify`.' }),
    from: Rfc3339,
    to: Rfc3339,
    requested_seconds: Type.Number(),
    covered_seconds: Type.Number({ description: 'Seconds of the range with recorded footage.' }),
    gaps: Type.Array(Gap, { description: 'Unrecorded spans within the range (a seam under 1 s is not a gap); the clip plays across them.' }),
    size_bytes: Type.Integer({ description: 'All files of the clip together.' }),
    segment_count: Type.Integer({ description: 'Recorded segments the clip was cut from.' }),
    sha256: Type.String({ description: 'SHA-256 of the (first) MP4 file, hex.' }),
    method: StringEnum(['fragments', 'ffmpeg_concat'] as const, {
      description: 'fragments: assembled in-process from the recorded fragments; ffmpeg_concat: ffmpeg stream copy (sources that are not fragmented MP4).',
    }),
    files: Type.Array(ClipFile, { description: 'Every MP4 of the clip: more than one when the codec configuration changed within the range.' }),
    exported_by: Nullable(Type.String()),
    created_at: Rfc3339,
  },
  { $id: 'Clip', title: 'Clip' },
);
export type ClipDto = Static<typeof ClipSchema>;

export const PublicKeySchema = Type.Object({
  algorithm: Type.Literal('Ed25519'),
  key_id: Type.String({ description: 'First 16 hex digits of SHA-256 over the raw public key.' }),
  public_key: Type.String({ description: 'Raw 32-byte public key, base64 (as in manifests).' }),
  public_key_pem: Type.String({ description: 'The same key as SPKI PEM (openssl, `heldar verify --key`).' }),
});

export function mediaUrl(filename: string): string {
  return `/media/clips/${filename}`;
}

export function toClipDto(clip: ClipRecord): ClipDto {
  const files = clip.files.map((f) => ({
    filename: f.filename,
    url: mediaUrl(f.filename),
    download_url: `${mediaUrl(f.filename)}?download=true`,
    size_bytes: f.size_bytes,
    sha256: f.sha256,
    from: toRfc3339(f.from_ms),
    to: toRfc3339(f.to_ms),
  }));
  const first = files[0];
  if (first === undefined) throw new Error(`clip ${clip.id} has no files`);
  return {
    id: clip.id,
    camera_id: clip.camera_id,
    filename: first.filename,
    url: first.url,
    download_url: first.download_url,
    manifest_url: mediaUrl(clip.manifest_filename),
    from: toRfc3339(clip.from_ms),
    to: toRfc3339(clip.to_ms),
    requested_seconds: (clip.to_ms - clip.from_ms) / 1000,
    covered_seconds: clip.covered_ms / 1000,
    gaps: clip.gaps.map((g) => ({ from: toRfc3339(g.from), to: toRfc3339(g.to) })),
    size_bytes: clip.size_bytes,
    segment_count: clip.segment_count,
    sha256: first.sha256,
    method: clip.method,
    files,
    exported_by: clip.exported_by,
    created_at: toRfc3339(clip.created_at),
  };
}
