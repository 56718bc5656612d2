import type { BackfillGap } from '../recording/backfill/backfill-gap.js';
import { coverage, type Interval } from './coverage.js';

/** What the timeline reads of gap backfill (recording/backfill/'s repository). */
export interface TimelineBackfillSource {
  backfilledSpans(cameraId: string, from: number, to: number): Promise<{ start_ms: number; end_ms: number }[]>;
  list(filter: { cameraId: string; from: number; to: number; limit: number }): Promise<BackfillGap[]>;
}

export interface TimelineBackfill {
  /** Recorded time that was fetched afterwards from the camera (seam-merged, clipped to the range). */
  backfilled: Interval[];
  /** The camera's gap rows in the range with their backfill state. */
  gaps: Pick<BackfillGap, 'from_ms' | 'to_ms' | 'state' | 'error'>[];
}

/** Backfilled spans drawn apart from live footage, and gaps with their state, for one camera and range. */
export async function timelineBackfill(source: TimelineBackfillSource | undefined, cameraId: string, from: number, to: number): Promise<TimelineBackfill> {
  if (source === undefined) return { backfilled: [], gaps: [] };
  const [spans, gaps] = await Promise.all([source.backfilledSpans(cameraId, from, to), source.list({ cameraId, from, to, limit: 1000 })]);
  return { backfilled: coverage(spans, from, to).spans, gaps };
}
