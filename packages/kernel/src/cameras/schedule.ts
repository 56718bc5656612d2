/**
 * Recording modes and schedule windows, after recorder.rs of the Rust original Heldar reimplements
 * (docs/reference.md).
 *
 * A window is a set of weekdays (0 = Monday … 6 = Sunday) and a time of day `[start, end)` in the
 * server's schedule time zone (HELDAR_TZ). A window whose start is after its end runs overnight: its
 * evening part belongs to the listed day, its early-morning part (before `end`) to the day after.
 *
 * The reference silently drops what it cannot parse; here the API layer gets validators that say
 * what is wrong, and evaluation still never matches a malformed window (rows written before
 * validation existed must not start a recorder).
 */
import { wallClock, zoneFormatter } from '../time-zone.js';

/** One schedule row as stored: days as JSON-ish numbers, times as "HH:MM". */
export interface ScheduleWindow {
  days: readonly number[];
  timeStart: string;
  timeEnd: string;
  /** Disabled windows never match; absent means enabled. */
  enabled?: boolean;
}

/** Whether a record mode records on triggers (`event`, `scheduled_event`). */
export function isEventCapable(mode: string): boolean {
  return mode === 'event' || mode === 'scheduled_event';
}

/**
 * Whether a camera records at this instant by time alone, ignoring event triggers:
 * `continuous` always; `scheduled` and `scheduled_event` inside an enabled window; `event` (and
 * any unknown mode) never — it records only while a trigger window is open.
 */
export function timeBasedRecordingAt(
  mode: string,
  windows: readonly ScheduleWindow[],
  instantMs: number,
  timeZone: string,
): boolean {
  if (mode === 'continuous') return true;
  if (mode === 'scheduled' || mode === 'scheduled_event') return scheduleActiveAt(windows, instantMs, timeZone);
  return false;
}

// H:MM or HH:MM, 24-hour. The reference also takes " 9 : 5", "+9:30" and "09:5"; those are rejected.
const HHMM = /^(\d{1,2}):(\d{2})$/;

/** "HH:MM" (or "H:MM") → minutes since midnight (0..1439), or null when it is not a valid time. */
export function parseHhmm(s: string): number | null {
  const m = HHMM.exec(s);
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  return h < 24 && min < 60 ? h * 60 + min : null;
}

/** Minutes since midnight → canonical "HH:MM". */
export function formatHhmm(minutes: number): string {
  if (!Number.isInteger(minutes) || minutes < 0 || minutes >= 24 * 60) {
    throw new RangeError(`minute of day must be an integer in 0..1439 (got ${minutes})`);
  }
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}

/** null when `s` is a valid "HH:MM" time, else a message for a person. */
export function validateHhmm(s: unknown): string | null {
  if (typeof s !== 'string') return 'must be a time as "HH:MM" (24-hour), e.g. "09:30"';
  return parseHhmm(s) === null ? `"${s}" is not a time as "HH:MM" (24-hour, 00:00 to 23:59), e.g. "09:30"` : null;
}

/** null when `days` is a non-empty list of distinct weekdays 0..6 (0 = Monday), else a message. */
export function validateDays(days: unknown): string | null {
  if (!Array.isArray(days)) return 'must be a list of weekdays 0..6 (0 = Monday, 6 = Sunday)';
  if (days.length === 0) return 'must name at least one weekday (0 = Monday, 6 = Sunday)';
  const seen = new Set<number>();
  for (const d of days) {
    if (typeof d !== 'number' || !Number.isInteger(d) || d < 0 || d > 6) {
      return `${JSON.stringify(d)} is not a weekday; use 0..6 (0 = Monday, 6 = Sunday)`;
    }
    if (seen.has(d)) return `weekday ${d} is listed twice`;
    seen.add(d);
  }
  return null;
}

/**
 * null when a window is valid, else a message naming the field. A window with equal start and end
 * is rejected: it would never be active (the Rust original treats it as empty, not as all day).
 */
export function validateWindow(w: { days: unknown; timeStart: unknown; timeEnd: unknown }): string | null {
  const days = validateDays(w.days);
  if (days) return `days: ${days}`;
  const start = validateHhmm(w.timeStart);
  if (start) return `time_start: ${start}`;
  const end = validateHhmm(w.timeEnd);
  if (end) return `time_end: ${end}`;
  if (parseHhmm(w.timeStart as string) === parseHhmm(w.timeEnd as string)) {
    return 'time_start and time_end must differ (for all day use 00:00 to 23:59, or continuous mode)';
  }
  return null;
}

/** Lenient reading of stored days, as the Rust original: keeps the integers in 0..6, drops the rest. */
export function parseDays(value: unknown): number[] {
  if (!Array.isArray(value)) return [];
  return value.filter((d): d is number => typeof d === 'number' && Number.isInteger(d) && d >= 0 && d <= 6);
}

/**
 * Whether a window is active at weekday `weekday` (0 = Mon … 6 = Sun) and `minute` of the day.
 * Same-day window (`start <= end`): `[start, end)` on a listed day. Overnight (`start > end`): from
 * `start` on a listed day, or before `end` on the day after a listed day.
 */
export function windowActive(
  days: readonly number[],
  startMin: number,
  endMin: number,
  weekday: number,
  minute: number,
): boolean {
  if (startMin <= endMin) return days.includes(weekday) && minute >= startMin && minute < endMin;
  const yesterday = (weekday + 6) % 7;
  return (days.includes(weekday) && minute >= startMin) || (days.includes(yesterday) && minute < endMin);
}

/** Whether any enabled, well-formed window is active at `instantMs` in the IANA zone `timeZone`. */
export function scheduleActiveAt(windows: readonly ScheduleWindow[], instantMs: number, timeZone: string): boolean {
  let local: LocalTime | undefined;
  for (const w of windows) {
    if (w.enabled === false) continue;
    const start = parseHhmm(w.timeStart);
    const end = parseHhmm(w.timeEnd);
    if (start === null || end === null) continue;
    local ??= localWeekdayMinute(instantMs, timeZone);
    if (windowActive(parseDays(w.days), start, end, local.weekday, local.minute)) return true;
  }
  return false;
}

export interface LocalTime {
  /** 0 = Monday … 6 = Sunday. */
  weekday: number;
  /** Minutes since local midnight, 0..1439. */
  minute: number;
}

/**
 * Weekday and minute of day of an instant on the wall clock of `timeZone`. Throws a RangeError for
 * an unknown zone (validate HELDAR_TZ at start with validateTimeZone).
 */
export function localWeekdayMinute(instantMs: number, timeZone: string): LocalTime {
  const wall = new Date(wallClock(instantMs, timeZone));
  // The weekday of the local calendar date, computed rather than parsed from a locale's day name.
  return { weekday: (wall.getUTCDay() + 6) % 7, minute: wall.getUTCHours() * 60 + wall.getUTCMinutes() };
}

/** null when `timeZone` is an IANA zone this runtime knows, else a message. */
export function validateTimeZone(timeZone: string): string | null {
  try {
    zoneFormatter(timeZone);
    return null;
  } catch (e: unknown) {
    // Intl throws a RangeError for unknown zones; that is the answer, not a failure.
    return `"${timeZone}" is not an IANA time zone (e.g. UTC, Europe/Berlin): ${e instanceof Error ? e.message : String(e)}`;
  }
}
