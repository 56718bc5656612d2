import type { TrackRow, TracksTable } from '../db/schema.js';

/**
 * A stored track as the kernel works with it: the best box parsed into numbers. The track repository
 * is the only place that sees the stored JSON text. (tracker.ts's `Track` is the live, in-memory one.)
 */
export type TrackRecord = Omit<TrackRow, 'best_box'> & {
  /** [x, y, w, h], normalised. */
  best_box: number[];
};

export function trackFromRow(row: TrackRow): TrackRecord {
  return { ...row, best_box: JSON.parse(row.best_box) as number[] };
}

export function trackRow(track: TrackRecord): TracksTable {
  return { ...track, best_box: JSON.stringify(track.best_box) };
}
