/**
 * What of a requested range is recorded: spans of footage and the gaps between them. Shared by the
 * timeline, playback sessions and clip export so they always agree. A seam shorter than `seamMs`
 * between two segments is not a gap (back-to-back segments of one recording meet within it); at the
 * edges of the range any unrecorded time is a gap.
 */
export interface Interval {
  from: number;
  to: number;
}

export interface Coverage {
  spans: Interval[];
  gaps: Interval[];
  coveredMs: number;
}

export const DEFAULT_SEAM_MS = 1000;

/**
 * @param segments intervals sorted by start (overlaps allowed)
 * @param from, to the requested range; spans and gaps are clipped to it
 */
export function coverage(segments: readonly { start_ms: number; end_ms: number }[], from: number, to: number, seamMs = DEFAULT_SEAM_MS): Coverage {
  const spans: Interval[] = [];
  for (const s of segments) {
    const start = Math.max(from, s.start_ms);
    const end = Math.min(to, s.end_ms);
    if (end <= start) continue;
    const last = spans.at(-1);
    if (last && start - last.to < seamMs) last.to = Math.max(last.to, end);
    else spans.push({ from: start, to: end });
  }
  const gaps: Interval[] = [];
  let cursor = from;
  for (const span of spans) {
    if (span.from - cursor >= seamMs || (cursor === from && span.from > from)) gaps.push({ from: cursor, to: span.from });
    cursor = span.to;
  }
  // Edges count from the first millisecond: footage that starts or ends inside the range leaves the
  // rest of it unrecorded, however short.
  if (to > cursor) gaps.push({ from: cursor, to });
  const coveredMs = spans.reduce((sum, s) => sum + (s.to - s.from), 0);
  return { spans, gaps, coveredMs };
}

/** The parts of `intervals` before `t`: a gap in the future is not missing footage, it is not there yet. */
export function cutAt(intervals: readonly Interval[], t: number): Interval[] {
  return intervals.filter((i) => i.from < t).map((i) => ({ from: i.from, to: Math.min(i.to, t) }));
}
