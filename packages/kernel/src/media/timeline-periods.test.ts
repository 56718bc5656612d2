import { describe, expect, it } from 'vitest';
import { scheduleActiveAt } from '../cameras/schedule.js';
import { offlineIntervals, scheduleChanges, timelinePeriods, type PeriodsCamera, type PeriodsInput } from './timeline-periods.js';

const H = 3_600_000;
const M = 60_000;
// Monday 2026-11-23 00:00 UTC.
const DAY = Date.UTC(2026, 10, 23);

const camera = (over: Partial<PeriodsCamera> = {}): PeriodsCamera => ({
  createdAt: DAY,
  updatedAt: DAY,
  enabled: true,
  recordEnabled: true,
  mode: 'continuous',
  windows: [],
  segmentSeconds: 4,
  recordingNow: false,
  ...over,
});

const input = (over: Partial<PeriodsInput>): PeriodsInput => ({
  from: DAY,
  to: DAY + 24 * H,
  now: DAY + 48 * H,
  spans: [],
  camera: camera(),
  offline: [],
  timeZone: 'UTC',
  ...over,
});

/** [from hour, to hour, kind, reason] for compact expectations. */
const compact = (periods: ReturnType<typeof timelinePeriods>) => periods.map((p) => [(p.from - DAY) / H, (p.to - DAY) / H, p.kind, p.reason]);

describe('timelinePeriods', () => {
  it('paints the time before the camera existed as not recording, not as an outage', () => {
    const periods = timelinePeriods(input({ camera: camera({ createdAt: DAY + 10 * H }), spans: [{ from: DAY + 10 * H, to: DAY + 12 * H }] }));
    expect(compact(periods)).toEqual([
      [0, 10, 'not_recording', 'before_camera_existed'],
      [10, 12, 'recorded', 'footage'],
      [12, 24, 'outage', 'no_footage'],
    ]);
  });

  it('an event camera between triggers is idle by design; a camera_offline stretch is an outage with its reason', () => {
    const periods = timelinePeriods(
      input({
        camera: camera({ mode: 'event' }),
        spans: [{ from: DAY + 2 * H, to: DAY + 3 * H }],
        offline: [{ from: DAY + 5 * H, to: DAY + 6 * H, detail: 'connection refused' }],
      }),
    );
    expect(compact(periods)).toEqual([
      [0, 2, 'not_recording', 'waiting_for_trigger'],
      [2, 3, 'recorded', 'footage'],
      [3, 5, 'not_recording', 'waiting_for_trigger'],
      [5, 6, 'outage', 'camera_offline'],
      [6, 24, 'not_recording', 'waiting_for_trigger'],
    ]);
    expect(periods[3]?.detail).toBe('connection refused');
  });

  it('gives nothing for the future part of the window', () => {
    const now = DAY + 6 * H;
    const periods = timelinePeriods(input({ now, spans: [{ from: DAY, to: DAY + 5 * H }] }));
    expect(compact(periods)).toEqual([
      [0, 5, 'recorded', 'footage'],
      [5, 6, 'outage', 'no_footage'],
    ]);
    expect(timelinePeriods(input({ from: now + H, to: now + 2 * H, now }))).toEqual([]);
  });

  it('splits a scheduled camera’s gaps at its windows, in the server time zone', () => {
    // 08:00–18:00 Berlin (UTC+1 in November) on Mondays: 07:00–17:00 UTC.
    const windows = [{ days: [0], timeStart: '08:00', timeEnd: '18:00' }];
    const periods = timelinePeriods(
      input({ camera: camera({ mode: 'scheduled', windows }), timeZone: 'Europe/Berlin', spans: [{ from: DAY + 7 * H, to: DAY + 15 * H }] }),
    );
    expect(compact(periods)).toEqual([
      [0, 7, 'not_recording', 'outside_schedule'],
      [7, 15, 'recorded', 'footage'],
      [15, 17, 'outage', 'no_footage'],
      [17, 24, 'not_recording', 'outside_schedule'],
    ]);
  });

  it('a scheduled_event camera inside its window waits for triggers', () => {
    const windows = [{ days: [0], timeStart: '12:00', timeEnd: '13:30' }];
    const periods = timelinePeriods(input({ camera: camera({ mode: 'scheduled_event', windows }) }));
    expect(compact(periods)).toEqual([
      [0, 12, 'not_recording', 'outside_schedule'],
      [12, 13.5, 'not_recording', 'waiting_for_trigger'],
      [13.5, 24, 'not_recording', 'outside_schedule'],
    ]);
  });

  it('a disabled camera is not recording since its setting changed', () => {
    const periods = timelinePeriods(input({ camera: camera({ enabled: false, updatedAt: DAY + 20 * H }), spans: [{ from: DAY, to: DAY + 19 * H }] }));
    expect(compact(periods)).toEqual([
      [0, 19, 'recorded', 'footage'],
      [19, 20, 'outage', 'no_footage'],
      [20, 24, 'not_recording', 'camera_disabled'],
    ]);
    const off = timelinePeriods(input({ camera: camera({ recordEnabled: false }) }));
    expect(compact(off)).toEqual([[0, 24, 'not_recording', 'recording_disabled']]);
  });

  it('the segment being written now is not an outage', () => {
    const now = DAY + 5 * H;
    const periods = timelinePeriods(input({ now, camera: camera({ recordingNow: true }), spans: [{ from: DAY + H, to: now - 3_000 }] }));
    expect(periods.at(-1)).toMatchObject({ from: now - 3_000, to: now, kind: 'not_recording', reason: 'being_written' });
    // A recorder that says "recording" but has indexed nothing for minutes has an outage.
    const stuck = timelinePeriods(input({ now, camera: camera({ recordingNow: true }), spans: [{ from: DAY + H, to: now - 10 * M }] }));
    expect(stuck.at(-1)).toMatchObject({ kind: 'outage', reason: 'no_footage' });
  });
});

describe('offlineIntervals', () => {
  const spans = [{ from: DAY + 4 * H, to: DAY + 5 * H }];
  it('closes at camera_online, else where footage resumes, else at the end; repeated offline events extend one stretch', () => {
    const events = [
      { kind: 'camera_offline', at: DAY + H, detail: 'refused' },
      { kind: 'camera_offline', at: DAY + 2 * H, detail: 'refused again' },
      { kind: 'camera_online', at: DAY + 3 * H, detail: null },
      { kind: 'camera_offline', at: DAY + 3.5 * H, detail: 'timeout' },
      { kind: 'camera_offline', at: DAY + 6 * H, detail: 'stalled' },
    ];
    expect(offlineIntervals(events, spans, DAY + 8 * H)).toEqual([
      { from: DAY + H, to: DAY + 3 * H, detail: 'refused' },
      { from: DAY + 3.5 * H, to: DAY + 4 * H, detail: 'timeout' },
      { from: DAY + 6 * H, to: DAY + 8 * H, detail: 'stalled' },
    ]);
  });
});

describe('scheduleChanges', () => {
  /** Every minute where the schedule flips: the slow, obviously right answer. */
  function bruteForce(windows: Parameters<typeof scheduleChanges>[0], from: number, to: number, timeZone: string): number[] {
    const out: number[] = [];
    for (let t = Math.ceil((from + 1) / M) * M; t < to; t += M) {
      if (scheduleActiveAt(windows, t - 1, timeZone) !== scheduleActiveAt(windows, t, timeZone)) out.push(t);
    }
    return out;
  }

  it('finds the same changes as a minute-by-minute scan, across the DST change, overnight windows included', () => {
    const windows = [
      { days: [0, 1, 2, 3, 4], timeStart: '08:00', timeEnd: '17:30' },
      { days: [5, 6], timeStart: '22:00', timeEnd: '02:30' },
      { days: [6], timeStart: '01:15', timeEnd: '03:45' },
      { days: [2], timeStart: '12:00', timeEnd: '12:05', enabled: false },
    ];
    // The week around 2026-03-29, when Berlin moves from 02:00 to 03:00, and around 2026-10-25 (back).
    for (const start of [Date.UTC(2026, 2, 25), Date.UTC(2026, 9, 21)]) {
      for (const zone of ['Europe/Berlin', 'America/New_York', 'UTC']) {
        const from = start + 7 * M;
        const to = start + 7 * 24 * H;
        expect(scheduleChanges(windows, from, to, zone), zone).toEqual(bruteForce(windows, from, to, zone));
      }
    }
  });
});
