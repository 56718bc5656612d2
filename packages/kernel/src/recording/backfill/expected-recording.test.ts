import { describe, expect, it } from 'vitest';
import { eventSpans, expectedParts, scheduledSpans } from './expected-recording.js';

const at = (iso: string): number => Date.parse(iso);
const ALL_DAYS = [0, 1, 2, 3, 4, 5, 6];

describe('where a camera was supposed to record', () => {
  it('schedule windows in the server zone, overnight windows and a daylight-saving change included', () => {
    // Monday 2026-03-02 (0) only, 09:00–10:30 in Berlin (UTC+1): 08:00–09:30 UTC.
    expect(scheduledSpans([{ days: [0], time_start: '09:00', time_end: '10:30', enabled: true }], at('2026-03-01T00:00:00Z'), at('2026-03-04T00:00:00Z'), 'Europe/Berlin')).toEqual([
      { from: at('2026-03-02T08:00:00Z'), to: at('2026-03-02T09:30:00Z') },
    ]);
    // Overnight 22:00–06:00 on Saturday (5): Saturday evening into Sunday morning, in UTC.
    expect(scheduledSpans([{ days: [5], time_start: '22:00', time_end: '06:00', enabled: true }], at('2026-03-06T00:00:00Z'), at('2026-03-09T00:00:00Z'), 'UTC')).toEqual([
      { from: at('2026-03-07T22:00:00Z'), to: at('2026-03-08T06:00:00Z') },
    ]);
    // Berlin switches to UTC+2 at 01:00 UTC on 2026-03-29: 09:00 local is 08:00 UTC before, 07:00 UTC after.
    const spans = scheduledSpans([{ days: ALL_DAYS, time_start: '09:00', time_end: '09:15', enabled: true }], at('2026-03-28T00:00:00Z'), at('2026-03-30T00:00:00Z'), 'Europe/Berlin');
    expect(spans).toEqual([
      { from: at('2026-03-28T08:00:00Z'), to: at('2026-03-28T08:15:00Z') },
      { from: at('2026-03-29T07:00:00Z'), to: at('2026-03-29T07:15:00Z') },
    ]);
    // Clipped to the asked range, to the millisecond; disabled windows count for nothing.
    expect(scheduledSpans([{ days: ALL_DAYS, time_start: '10:00', time_end: '11:00', enabled: true }, { days: ALL_DAYS, time_start: '12:00', time_end: '13:00', enabled: false }], at('2026-03-02T10:20:30.500Z'), at('2026-03-02T12:30:00Z'), 'UTC')).toEqual([
      { from: at('2026-03-02T10:20:30.500Z'), to: at('2026-03-02T11:00:00Z') },
    ]);
  });

  it('trigger windows with pre-roll, merged, and the parts of gaps inside them', () => {
    const t = at('2026-03-02T10:00:00Z');
    const windows = eventSpans(
      [
        { at: t, windowEnd: t + 10_000 },
        { at: t + 8_000, windowEnd: t + 18_000 },
        { at: t + 60_000, windowEnd: t + 70_000 },
      ],
      5_000,
      t - 60_000,
      t + 120_000,
    );
    expect(windows).toEqual([
      { from: t - 5_000, to: t + 18_000 },
      { from: t + 55_000, to: t + 70_000 },
    ]);
    // A gap over both windows yields both; a window part shorter than the minimum gap is none.
    expect(expectedParts([{ from: t - 30_000, to: t + 90_000 }], windows, 10_000)).toEqual(windows);
    expect(expectedParts([{ from: t + 10_000, to: t + 90_000 }], windows, 10_000)).toEqual([{ from: t + 55_000, to: t + 70_000 }]);
    expect(expectedParts([{ from: t + 10_000, to: t + 60_000 }], windows, 10_000)).toEqual([]);
  });
});
