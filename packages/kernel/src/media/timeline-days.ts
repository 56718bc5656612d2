import { wallClock } from '../time-zone.js';
import type { Interval } from './coverage.js';

/**
 * Calendar days in a time zone (HELDAR_TZ) and what was recorded on each: the month view of the
 * timeline. A day runs from the first instant of its local date to the first instant of the next one,
 * so days around a DST change last 23 or 25 hours.
 */

export interface LocalDay {
  /** `YYYY-MM-DD` in the zone. */
  date: string;
  from: number;
  to: number;
}

export interface DaySummary extends LocalDay {
  recordedMs: number;
  /** First and last recorded instant of the day, or null when nothing was recorded. */
  firstMs: number | null;
  lastMs: number | null;
}

interface LocalDate {
  y: number;
  m: number;
  d: number;
}

const HOUR_MS = 3_600_000;
function localDate(instant: number, timeZone: string): LocalDate {
  const wall = new Date(wallClock(instant, timeZone));
  return { y: wall.getUTCFullYear(), m: wall.getUTCMonth() + 1, d: wall.getUTCDate() };
}

function compareDates(a: LocalDate, b: LocalDate): number {
  return a.y - b.y || a.m - b.m || a.d - b.d;
}

function nextDate(date: LocalDate): LocalDate {
  const next = new Date(Date.UTC(date.y, date.m - 1, date.d + 1));
  return { y: next.getUTCFullYear(), m: next.getUTCMonth() + 1, d: next.getUTCDate() };
}

function formatDate(date: LocalDate): string {
  return `${String(date.y).padStart(4, '0')}-${String(date.m).padStart(2, '0')}-${String(date.d).padStart(2, '0')}`;
}

/** The first instant whose local date is `date`. */
export function startOfLocalDay(date: LocalDate, timeZone: string): number {
  const midnight = Date.UTC(date.y, date.m - 1, date.d);
  // Two rounds: the zone's offset at the first guess can differ from the one at local midnight.
  let t = midnight - (wallClock(midnight, timeZone) - midnight);
  t = midnight - (wallClock(t, timeZone) - t);
  const isStart = compareDates(localDate(t, timeZone), date) === 0 && compareDates(localDate(t - 1, timeZone), date) < 0;
  if (isStart) return t;
  // A DST change at midnight (the day starts at 01:00, or midnight happens twice): search for the first
  // instant of the date around the estimate.
  let lo = t - 6 * HOUR_MS;
  let hi = t + 6 * HOUR_MS;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (compareDates(localDate(mid, timeZone), date) >= 0) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** The local days that intersect [from, to), whole. */
export function localDays(from: number, to: number, timeZone: string): LocalDay[] {
  const days: LocalDay[] = [];
  let date = localDate(from, timeZone);
  let start = startOfLocalDay(date, timeZone);
  while (start < to) {
    const next = nextDate(date);
    const end = startOfLocalDay(next, timeZone);
    days.push({ date: formatDate(date), from: start, to: end });
    date = next;
    start = end;
  }
  return days;
}

/**
 * Distributes recorded spans (sorted, disjoint, e.g. coverage().spans) over days: recorded time per
 * day and the first and last recorded instant in it.
 */
export function summariseDays(days: readonly LocalDay[], spans: readonly Interval[]): DaySummary[] {
  let i = 0;
  return days.map((day) => {
    let recordedMs = 0;
    let firstMs: number | null = null;
    let lastMs: number | null = null;
    // Spans ending before this day are done with; a span crossing midnight stays for the next day.
    while (i < spans.length && spans[i]!.to <= day.from) i++;
    for (let j = i; j < spans.length && spans[j]!.from < day.to; j++) {
      const from = Math.max(day.from, spans[j]!.from);
      const to = Math.min(day.to, spans[j]!.to);
      if (to <= from) continue;
      recordedMs += to - from;
      firstMs ??= from;
      lastMs = to;
    }
    return { ...day, recordedMs, firstMs, lastMs };
  });
}
