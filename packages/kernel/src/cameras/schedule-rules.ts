/**
 * Validation of schedule windows as they arrive from the API. Stricter than the reference's parsers,
 * which silently ignored a malformed window or weekday: here a person is told what is wrong.
 */

const HHMM = /^(\d{1,2}):(\d{2})$/;

/** Minutes since midnight for a valid `HH:MM` (hours 0–23, minutes 0–59), else null. */
export function parseHhmm(text: string): number | null {
  const match = HHMM.exec(text);
  if (!match) return null;
  const hours = Number(match[1]);
  const minutes = Number(match[2]);
  return hours < 24 && minutes < 60 ? hours * 60 + minutes : null;
}

/** Returns why the window is invalid, or null when it is fine. */
export function validateScheduleWindow(window: { days: readonly number[]; time_start: string; time_end: string }): string | null {
  if (window.days.length === 0) return 'days must name at least one weekday (0 = Monday … 6 = Sunday)';
  const bad = window.days.find((d) => !Number.isInteger(d) || d < 0 || d > 6);
  if (bad !== undefined) return `days must be weekdays from 0 (Monday) to 6 (Sunday); got ${bad}`;
  const start = parseHhmm(window.time_start);
  if (start === null) return `time_start must be HH:MM between 00:00 and 23:59; got "${window.time_start}"`;
  const end = parseHhmm(window.time_end);
  if (end === null) return `time_end must be HH:MM between 00:00 and 23:59; got "${window.time_end}"`;
  if (start === end) return 'time_start and time_end are equal, so the window would be empty';
  return null;
}
