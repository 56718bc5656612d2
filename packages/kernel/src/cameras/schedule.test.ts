import { describe, expect, it } from 'vitest';
import {
  formatHhmm,
  isEventCapable,
  localWeekdayMinute,
  parseDays,
  parseHhmm,
  scheduleActiveAt,
  timeBasedRecordingAt,
  validateDays,
  validateHhmm,
  validateTimeZone,
  validateWindow,
  windowActive,
  type ScheduleWindow,
} from './schedule.js';

const MINUTE = 60_000;

/** Minutes of [fromMs, toMs) in which the schedule is active. */
function activeMinutes(windows: ScheduleWindow[], fromMs: number, toMs: number, zone: string): number {
  let n = 0;
  for (let t = fromMs; t < toMs; t += MINUTE) if (scheduleActiveAt(windows, t, zone)) n += 1;
  return n;
}

describe('reference cases (recorder.rs)', () => {
  it('event_capable_modes', () => {
    expect(isEventCapable('event')).toBe(true);
    expect(isEventCapable('scheduled_event')).toBe(true);
    expect(isEventCapable('continuous')).toBe(false);
    expect(isEventCapable('scheduled')).toBe(false);
    expect(isEventCapable('nonsense')).toBe(false);
  });

  it('parse_hhmm_valid_and_invalid', () => {
    expect(parseHhmm('00:00')).toBe(0);
    expect(parseHhmm('9:30')).toBe(570);
    expect(parseHhmm('23:59')).toBe(1439);
    expect(parseHhmm('24:00')).toBeNull();
    expect(parseHhmm('12:60')).toBeNull();
    expect(parseHhmm('x:y')).toBeNull();
    expect(parseHhmm('1230')).toBeNull();
  });

  it('parse_days_filters_out_of_range', () => {
    expect(parseDays([0, 1, 6])).toEqual([0, 1, 6]);
    expect(parseDays([7, -1, 3])).toEqual([3]);
    expect(parseDays('nope')).toEqual([]);
  });

  it('window_same_day', () => {
    const days = [0, 1, 2, 3, 4]; // Mon..Fri, 09:00..17:00
    expect(windowActive(days, 540, 1020, 0, 600)).toBe(true); // Mon 10:00 -> in
    expect(windowActive(days, 540, 1020, 0, 480)).toBe(false); // Mon 08:00 -> before
    expect(windowActive(days, 540, 1020, 0, 1020)).toBe(false); // end is exclusive
    expect(windowActive(days, 540, 1020, 5, 600)).toBe(false); // Sat -> not scheduled
  });

  it('window_overnight_wrap', () => {
    const days = [0]; // Monday window 22:00..06:00
    const [start, end] = [1320, 360];
    expect(windowActive(days, start, end, 0, 1380)).toBe(true); // Mon 23:00 -> evening part
    expect(windowActive(days, start, end, 1, 120)).toBe(true); // Tue 02:00 -> Monday's carryover
    expect(windowActive(days, start, end, 1, 400)).toBe(false); // Tue 06:40 -> after end
    expect(windowActive(days, start, end, 0, 300)).toBe(false); // Mon 05:00 -> would be Sunday's window
  });
});

describe('strict validation for the API', () => {
  it('rejects times the Rust original (docs/reference.md) would have taken leniently', () => {
    for (const bad of [' 9:30', '9 : 30', '+9:30', '09:5', '9:30:00', '', '１２:００']) expect(parseHhmm(bad)).toBeNull();
    expect(validateHhmm('09:30')).toBeNull();
    expect(validateHhmm('9:30')).toBeNull();
    expect(validateHhmm('24:00')).toBe('"24:00" is not a time as "HH:MM" (24-hour, 00:00 to 23:59), e.g. "09:30"');
    expect(validateHhmm(930)).toBe('must be a time as "HH:MM" (24-hour), e.g. "09:30"');
  });

  it('formats minutes canonically', () => {
    expect(formatHhmm(570)).toBe('09:30');
    expect(formatHhmm(0)).toBe('00:00');
    expect(formatHhmm(1439)).toBe('23:59');
    expect(() => formatHhmm(1440)).toThrow(RangeError);
  });

  it('rejects days the Rust original would have dropped silently', () => {
    expect(validateDays([0, 6])).toBeNull();
    expect(validateDays([])).toBe('must name at least one weekday (0 = Monday, 6 = Sunday)');
    expect(validateDays([7])).toBe('7 is not a weekday; use 0..6 (0 = Monday, 6 = Sunday)');
    expect(validateDays([1.5])).toMatch(/^1.5 is not a weekday/);
    expect(validateDays(['1'])).toMatch(/^"1" is not a weekday/);
    expect(validateDays([2, 2])).toBe('weekday 2 is listed twice');
    expect(validateDays('0,1')).toBe('must be a list of weekdays 0..6 (0 = Monday, 6 = Sunday)');
  });

  it('validates a window as a whole, naming the field', () => {
    expect(validateWindow({ days: [0], timeStart: '22:00', timeEnd: '06:00' })).toBeNull();
    expect(validateWindow({ days: [9], timeStart: '22:00', timeEnd: '06:00' })).toMatch(/^days: /);
    expect(validateWindow({ days: [0], timeStart: '25:00', timeEnd: '06:00' })).toMatch(/^time_start: /);
    expect(validateWindow({ days: [0], timeStart: '22:00', timeEnd: null })).toMatch(/^time_end: /);
    expect(validateWindow({ days: [0], timeStart: '8:00', timeEnd: '08:00' })).toMatch(/must differ/);
  });

  it('validates time zones', () => {
    expect(validateTimeZone('Europe/Berlin')).toBeNull();
    expect(validateTimeZone('Mars/Olympus')).toMatch(/^"Mars\/Olympus" is not an IANA time zone/);
  });
});

describe('scheduleActiveAt', () => {
  const weekdays9to17: ScheduleWindow = { days: [0, 1, 2, 3, 4], timeStart: '09:00', timeEnd: '17:00' };

  it('evaluates the weekday and minute in UTC, including midnight', () => {
    // 2024-06-03 is a Monday.
    expect(localWeekdayMinute(Date.parse('2024-06-03T00:00:00Z'), 'UTC')).toEqual({ weekday: 0, minute: 0 });
    expect(localWeekdayMinute(Date.parse('2024-06-02T23:59:59Z'), 'UTC')).toEqual({ weekday: 6, minute: 1439 });
    expect(scheduleActiveAt([weekdays9to17], Date.parse('2024-06-03T09:00:00Z'), 'UTC')).toBe(true);
    expect(scheduleActiveAt([weekdays9to17], Date.parse('2024-06-03T08:59:59.999Z'), 'UTC')).toBe(false);
  });

  it('uses the wall clock of a non-UTC zone at the window edges (America/New_York)', () => {
    const zone = 'America/New_York';
    // Summer (EDT, UTC−4), Monday 2024-07-01.
    expect(scheduleActiveAt([weekdays9to17], Date.parse('2024-07-01T12:59:59Z'), zone)).toBe(false); // 08:59:59
    expect(scheduleActiveAt([weekdays9to17], Date.parse('2024-07-01T13:00:00Z'), zone)).toBe(true); // 09:00
    expect(scheduleActiveAt([weekdays9to17], Date.parse('2024-07-01T20:59:59Z'), zone)).toBe(true); // 16:59:59
    expect(scheduleActiveAt([weekdays9to17], Date.parse('2024-07-01T21:00:00Z'), zone)).toBe(false); // 17:00
    // Winter (EST, UTC−5), Monday 2024-01-08: the same window is an hour later in UTC.
    expect(scheduleActiveAt([weekdays9to17], Date.parse('2024-01-08T13:30:00Z'), zone)).toBe(false);
    expect(scheduleActiveAt([weekdays9to17], Date.parse('2024-01-08T14:00:00Z'), zone)).toBe(true);
    // Friday 16:30 in New York is already Saturday in UTC — the local weekday counts.
    expect(scheduleActiveAt([weekdays9to17], Date.parse('2024-07-06T00:30:00Z'), zone)).toBe(false); // Fri 20:30
    expect(scheduleActiveAt([weekdays9to17], Date.parse('2024-07-05T20:30:00Z'), zone)).toBe(true); // Fri 16:30
  });

  it('follows the wall clock across the spring-forward day in Europe/Berlin', () => {
    const zone = 'Europe/Berlin';
    // Sunday 2024-03-31: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
    const dayStart = Date.parse('2024-03-30T23:00:00Z'); // 00:00 CET
    const dayEnd = Date.parse('2024-03-31T22:00:00Z'); // 00:00 CEST next day
    const sunday = (timeStart: string, timeEnd: string): ScheduleWindow[] => [{ days: [6], timeStart, timeEnd }];
    // 01:30–03:30 local holds only one real hour that day.
    expect(activeMinutes(sunday('01:30', '03:30'), dayStart, dayEnd, zone)).toBe(60);
    expect(scheduleActiveAt(sunday('01:30', '03:30'), Date.parse('2024-03-31T00:59:00Z'), zone)).toBe(true); // 01:59 CET
    expect(scheduleActiveAt(sunday('01:30', '03:30'), Date.parse('2024-03-31T01:00:00Z'), zone)).toBe(true); // 03:00 CEST
    expect(scheduleActiveAt(sunday('01:30', '03:30'), Date.parse('2024-03-31T01:30:00Z'), zone)).toBe(false); // 03:30 CEST
    // 02:00–02:30 does not exist that day.
    expect(activeMinutes(sunday('02:00', '02:30'), dayStart, dayEnd, zone)).toBe(0);
    // 00:00–23:59 covers the 23-hour day but its last minute (the end is exclusive).
    expect(activeMinutes(sunday('00:00', '23:59'), dayStart, dayEnd, zone)).toBe(23 * 60 - 1);
  });

  it('follows the wall clock across the fall-back day in Europe/Berlin', () => {
    const zone = 'Europe/Berlin';
    // Sunday 2024-10-27: 03:00 CEST falls back to 02:00 CET (01:00 UTC); 02:00–03:00 happens twice.
    const dayStart = Date.parse('2024-10-26T22:00:00Z');
    const dayEnd = Date.parse('2024-10-27T23:00:00Z');
    const twoToHalfPast: ScheduleWindow[] = [{ days: [6], timeStart: '02:00', timeEnd: '02:30' }];
    expect(activeMinutes(twoToHalfPast, dayStart, dayEnd, zone)).toBe(60);
    expect(scheduleActiveAt(twoToHalfPast, Date.parse('2024-10-27T00:15:00Z'), zone)).toBe(true); // 02:15 CEST
    expect(scheduleActiveAt(twoToHalfPast, Date.parse('2024-10-27T01:15:00Z'), zone)).toBe(true); // 02:15 CET
    expect(scheduleActiveAt(twoToHalfPast, Date.parse('2024-10-27T00:45:00Z'), zone)).toBe(false); // 02:45 CEST
  });

  it('wraps an overnight window from Sunday into Monday', () => {
    const sundayNight: ScheduleWindow[] = [{ days: [6], timeStart: '22:00', timeEnd: '06:00' }];
    // 2024-06-02 is a Sunday, 2024-06-03 a Monday.
    expect(scheduleActiveAt(sundayNight, Date.parse('2024-06-02T21:59:00Z'), 'UTC')).toBe(false);
    expect(scheduleActiveAt(sundayNight, Date.parse('2024-06-02T22:00:00Z'), 'UTC')).toBe(true);
    expect(scheduleActiveAt(sundayNight, Date.parse('2024-06-03T05:59:00Z'), 'UTC')).toBe(true); // Monday, Sunday's carry-over
    expect(scheduleActiveAt(sundayNight, Date.parse('2024-06-03T06:00:00Z'), 'UTC')).toBe(false);
    // Sunday early morning belongs to Saturday's window, which does not exist.
    expect(scheduleActiveAt(sundayNight, Date.parse('2024-06-02T02:00:00Z'), 'UTC')).toBe(false);
    expect(activeMinutes(sundayNight, Date.parse('2024-06-01T00:00:00Z'), Date.parse('2024-06-08T00:00:00Z'), 'UTC')).toBe(8 * 60);
  });

  it('ignores disabled and malformed windows, and throws for an unknown zone', () => {
    const at = Date.parse('2024-06-03T10:00:00Z'); // Monday 10:00
    expect(scheduleActiveAt([{ ...weekdays9to17, enabled: false }], at, 'UTC')).toBe(false);
    expect(scheduleActiveAt([{ ...weekdays9to17, timeStart: '9h' }], at, 'UTC')).toBe(false);
    expect(scheduleActiveAt([{ ...weekdays9to17, enabled: false }, weekdays9to17], at, 'UTC')).toBe(true);
    expect(scheduleActiveAt([], at, 'UTC')).toBe(false);
    expect(() => scheduleActiveAt([weekdays9to17], at, 'Mars/Olympus')).toThrow(RangeError);
  });
});

describe('timeBasedRecordingAt', () => {
  const windows: ScheduleWindow[] = [{ days: [0], timeStart: '09:00', timeEnd: '10:00' }];
  const inside = Date.parse('2024-06-03T09:30:00Z');
  const outside = Date.parse('2024-06-03T11:00:00Z');

  it('records continuous always, scheduled modes in a window, event never by time', () => {
    expect(timeBasedRecordingAt('continuous', [], outside, 'UTC')).toBe(true);
    expect(timeBasedRecordingAt('scheduled', windows, inside, 'UTC')).toBe(true);
    expect(timeBasedRecordingAt('scheduled', windows, outside, 'UTC')).toBe(false);
    expect(timeBasedRecordingAt('scheduled_event', windows, inside, 'UTC')).toBe(true);
    expect(timeBasedRecordingAt('event', windows, inside, 'UTC')).toBe(false);
    expect(timeBasedRecordingAt('bogus', windows, inside, 'UTC')).toBe(false);
  });
});
