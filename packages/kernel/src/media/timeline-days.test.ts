import { describe, expect, it } from 'vitest';
import { localDays, startOfLocalDay, summariseDays } from './timeline-days.js';

const H = 3_600_000;

describe('local days', () => {
  it('are whole UTC days in UTC', () => {
    const days = localDays(Date.UTC(2026, 10, 1, 12), Date.UTC(2026, 10, 3, 0, 0, 0, 1), 'UTC');
    expect(days).toEqual([
      { date: '2026-11-01', from: Date.UTC(2026, 10, 1), to: Date.UTC(2026, 10, 2) },
      { date: '2026-11-02', from: Date.UTC(2026, 10, 2), to: Date.UTC(2026, 10, 3) },
      { date: '2026-11-03', from: Date.UTC(2026, 10, 3), to: Date.UTC(2026, 10, 4) },
    ]);
  });

  it('last 23 and 25 hours across DST changes (Europe/Berlin)', () => {
    const spring = localDays(Date.UTC(2026, 2, 29, 6), Date.UTC(2026, 2, 29, 7), 'Europe/Berlin')[0]!;
    expect(spring).toEqual({ date: '2026-03-29', from: Date.UTC(2026, 2, 28, 23), to: Date.UTC(2026, 2, 29, 22) });
    const autumn = localDays(Date.UTC(2026, 9, 25, 6), Date.UTC(2026, 9, 25, 7), 'Europe/Berlin')[0]!;
    expect(autumn.to - autumn.from).toBe(25 * H);
  });

  it('start at the first instant that exists when DST skips midnight (America/Santiago)', () => {
    // Chile moved clocks from 00:00 to 01:00 on 2024-09-08: that day starts at 01:00 local (04:00 UTC).
    expect(startOfLocalDay({ y: 2024, m: 9, d: 8 }, 'America/Santiago')).toBe(Date.UTC(2024, 8, 8, 4));
    const days = localDays(Date.UTC(2024, 8, 7, 12), Date.UTC(2024, 8, 8, 12), 'America/Santiago');
    expect(days.map((d) => [d.date, (d.to - d.from) / H])).toEqual([
      ['2024-09-07', 24],
      ['2024-09-08', 23],
    ]);
  });

  it('share recorded time, first and last instant, with spans that cross midnight', () => {
    const days = localDays(Date.UTC(2026, 10, 1), Date.UTC(2026, 10, 4), 'UTC');
    const spans = [
      { from: Date.UTC(2026, 10, 1, 23), to: Date.UTC(2026, 10, 2, 1) },
      { from: Date.UTC(2026, 10, 2, 5), to: Date.UTC(2026, 10, 2, 6) },
    ];
    expect(summariseDays(days, spans).map((d) => [d.date, d.recordedMs / H, d.firstMs, d.lastMs])).toEqual([
      ['2026-11-01', 1, Date.UTC(2026, 10, 1, 23), Date.UTC(2026, 10, 2)],
      ['2026-11-02', 2, Date.UTC(2026, 10, 2), Date.UTC(2026, 10, 2, 6)],
      ['2026-11-03', 0, null, null],
    ]);
  });
});
