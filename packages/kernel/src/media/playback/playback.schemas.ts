import { Type, type Static } from '@sinclair/typebox';
import { Rfc3339 } from '../../contract/schemas.js';
import { toRfc3339 } from '../../time.js';
import type { PlaybackSessionRecord } from './playback-session.js';
import { PLAYLIST_FILE } from './session-id.js';

export const PlaybackCreateBody = Type.Object(
  {
    camera_id: Type.String({ minLength: 1, maxLength: 64 }),
    from: Type.String({ description: 'RFC 3339 start of the range.' }),
    to: Type.String({ description: 'RFC 3339 end of the range; at most HELDAR_MAX_PLAYBACK_SECONDS after `from`.' }),
  },
  { additionalProperties: false },
);

// Plain strings: the service checks the id itself, so a bad one gets the Rust original's "invalid session id" (docs/reference.md).
export const PlaybackIdParams = Type.Object({ id: Type.String({ description: '`pbs_` and letters or digits.' }) }, { additionalProperties: false });

export const PlaybackMediaParams = Type.Object(
  { id: Type.String(), file: Type.String({ description: '`index.m3u8` or `<segment id>.mp4`.' }) },
  { additionalProperties: false },
);

const Gap = Type.Object({ from: Rfc3339, to: Rfc3339 });

export const PlaybackSessionSchema = Type.Object(
  {
    id: Type.String({ description: '`pbs_` and 32 hex digits.' }),
    camera_id: Type.String(),
    playlist_url: Type.String({ description: 'HLS media playlist (RFC 8216 v7, fMP4) pointing into the recorded files.' }),
    from: Rfc3339,
    to: Rfc3339,
    duration_s: Type.Number({ description: 'Length of the requested range.' }),
    segment_count: Type.Integer({ description: 'Recorded files the playlist plays from.' }),
    covered_seconds: Type.Number({ description: 'Recorded part of the range.' }),
    gaps: Type.Array(Gap, { description: 'Unrecorded parts of the range: the playlist steps over them (EXT-X-DISCONTINUITY).' }),
    created_at: Rfc3339,
    expires_at: Rfc3339,
  },
  { $id: 'PlaybackSession', title: 'PlaybackSession' },
);
export type PlaybackSessionDto = Static<typeof PlaybackSessionSchema>;

export function playlistUrl(id: string): string {
  return `/media/playback/${id}/${PLAYLIST_FILE}`;
}

export function toPlaybackSessionDto(row: PlaybackSessionRecord): PlaybackSessionDto {
  return {
    id: row.id,
    camera_id: row.camera_id,
    playlist_url: playlistUrl(row.id),
    from: toRfc3339(row.from_ms),
    to: toRfc3339(row.to_ms),
    duration_s: (row.to_ms - row.from_ms) / 1000,
    segment_count: row.segment_count,
    covered_seconds: row.covered_ms / 1000,
    gaps: row.gaps.map((g) => ({ from: toRfc3339(g.from), to: toRfc3339(g.to) })),
    created_at: toRfc3339(row.created_at),
    expires_at: toRfc3339(row.expires_at),
  };
}
