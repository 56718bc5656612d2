import type { BackfillState } from '../../db/schema.js';

export type { BackfillState };

/** A recording gap of a camera and how far filling it from the camera's own storage has got. */
export interface BackfillGap {
  id: number;
  camera_id: string;
  from_ms: number;
  to_ms: number;
  state: BackfillState;
  attempts: number;
  /** Footage the backfill indexed inside the gap. */
  filled_ms: number;
  /** Why the last attempt failed, for a person (credentials masked). */
  error: string | null;
  created_at: number;
  updated_at: number;
}

/** A camera's backfill settings. */
export interface CameraBackfill {
  camera_id: string;
  enabled: boolean;
  /** Null: the Hikvision default (replay-url.ts). */
  replay_url_template: string | null;
}

export interface Interval {
  from: number;
  to: number;
}

/**
 * The gaps of at least `minGapMs` between consecutive recorded spans (sorted by start, overlaps
 * allowed) that start at or after `since`. Only gaps with footage on both sides: the time after a
 * camera's newest segment is not a gap yet, the recorder may still be writing it.
 */
export function gapsBetween(spans: readonly { start_ms: number; end_ms: number }[], since: number, minGapMs: number): Interval[] {
  const gaps: Interval[] = [];
  let end: number | null = null;
  for (const s of spans) {
    if (end !== null && s.start_ms - end >= minGapMs && end >= since) gaps.push({ from: end, to: s.start_ms });
    end = end === null ? s.end_ms : Math.max(end, s.end_ms);
  }
  return gaps;
}
