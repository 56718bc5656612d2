import { parseDays, parseHhmm, windowActive } from '../../cameras/schedule.js';
import type { RecordMode } from '../../db/schema.js';
import { wallClock } from '../../time-zone.js';
import type { Interval } from './backfill-gap.js';

/** A schedule window as the camera repository stores it. */
export interface StoredWindow {
  days: readonly number[];
  time_start: string;
  time_end: string;
  enabled: boolean;
}

/** A `recording_triggered` event: when, and the end of the window it opened or extended. */
export interface Trigger {
  at: number;
  windowEnd: number;
}

const MINUTE = 60_000;
const QUARTER = 15 * MINUTE;
const DAY = 86_400_000;

/**
 * The parts of [from, to) inside a camera's enabled schedule windows (cameras/schedule.ts rules), to
 * the minute. Windows change at whole local minutes; the zone's wall clock is read once per quarter
 * hour, since UTC offsets and their daylight-saving changes fall on quarter hours — reading it every
 * minute of a 72-hour look-back cost ~30 ms a camera.
 */
export function scheduledSpans(windows: readonly StoredWindow[], from: number, to: number, timeZone: string): Interval[] {
  const parsed = windows.flatMap((w) => {
    const start = parseHhmm(w.time_start);
    const end = parseHhmm(w.time_end);
    return w.enabled && start !== null && end !== null ? [{ days: parseDays(w.days), start, end }] : [];
  });
  const out: Interval[] = [];
  if (parsed.length === 0 || to <= from) return out;
  let openAt: number | null = null;
  let quarterAt = Number.NaN;
  let wall = 0;
  for (let t = Math.floor(from / MINUTE) * MINUTE; t < to; t += MINUTE) {
    const quarter = Math.floor(t / QUARTER) * QUARTER;
    if (quarter !== quarterAt) {
      quarterAt = quarter;
      wall = wallClock(quarter, timeZone);
    }
    const local = wall + (t - quarter);
    // 1970-01-01 was a Thursday: weekday 3 when Monday is 0.
    const weekday = (Math.floor(local / DAY) + 3) % 7;
    const minute = Math.floor((local % DAY) / MINUTE);
    const active = parsed.some((w) => windowActive(w.days, w.start, w.end, weekday, minute));
    const edge = Math.max(t, from);
    if (active && openAt === null) openAt = edge;
    if (!active && openAt !== null) {
      out.push({ from: openAt, to: edge });
      openAt = null;
    }
  }
  if (openAt !== null) out.push({ from: openAt, to });
  return out;
}

/** Trigger windows [at − pre-roll, window end], merged where they touch, clipped to [from, to). */
export function eventSpans(triggers: readonly Trigger[], preRollMs: number, from: number, to: number): Interval[] {
  const windows = triggers.map((t) => ({ from: Math.max(from, t.at - preRollMs), to: Math.min(to, Math.max(t.at, t.windowEnd)) })).filter((w) => w.to > w.from);
  return union(windows);
}

/** Sorted, merged intervals. */
export function union(intervals: readonly Interval[]): Interval[] {
  const sorted = [...intervals].sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.from <= last.to) last.to = Math.max(last.to, i.to);
    else out.push({ ...i });
  }
  return out;
}

/** The parts of the gaps inside the expected spans that are at least `minGapMs` long. */
export function expectedParts(gaps: readonly Interval[], expected: readonly Interval[], minGapMs: number): Interval[] {
  const out: Interval[] = [];
  for (const g of gaps) {
    for (const e of expected) {
      const part = { from: Math.max(g.from, e.from), to: Math.min(g.to, e.to) };
      if (part.to - part.from >= minGapMs) out.push(part);
    }
  }
  return out;
}

/** Whether a mode records by schedule, by trigger, or always. */
export function expectationOf(mode: RecordMode): { always: boolean; schedule: boolean; events: boolean } {
  return {
    always: mode === 'continuous',
    schedule: mode === 'scheduled' || mode === 'scheduled_event',
    events: mode === 'event' || mode === 'scheduled_event',
  };
}
