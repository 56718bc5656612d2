import type { PlaybackSessionRow } from '../../db/schema.js';
import type { Interval } from '../coverage.js';

/**
 * A playback session as the kernel works with it (everything but the playlist text): the gaps parsed
 * into intervals. The playback repository is the only place that sees the stored JSON text.
 */
export type PlaybackSessionRecord = Omit<PlaybackSessionRow, 'playlist' | 'gaps'> & {
  /** Unrecorded parts of the range. */
  gaps: Interval[];
};

/** The stored columns without the playlist, as selected for a record. */
export type PlaybackSessionRecordRow = Omit<PlaybackSessionRow, 'playlist'>;

export function playbackSessionFromRow(row: PlaybackSessionRecordRow): PlaybackSessionRecord {
  const gaps = JSON.parse(row.gaps) as { from_ms: number; to_ms: number }[];
  return { ...row, gaps: gaps.map((g) => ({ from: g.from_ms, to: g.to_ms })) };
}

export function playbackSessionRow(session: PlaybackSessionRecord, playlist: string): PlaybackSessionRow {
  return { ...session, playlist, gaps: JSON.stringify(session.gaps.map((g) => ({ from_ms: g.from, to_ms: g.to }))) };
}
