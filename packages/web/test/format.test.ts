import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDetail, formatKey } from '../src/format.js';

describe('one time format across the UI', () => {
  it('is 24 h and names the zone', () => {
    const text = formatDateTime('2026-11-21T13:05:09Z');
    expect(text).toMatch(/\b\d\d:05:09\b/);
    expect(text).not.toMatch(/\b(AM|PM)\b/i);
    // The zone the browser shows it in: UTC, GMT+1, CET, …
    expect(text).toMatch(/\b(UTC|GMT[+-]?\d*|[A-Z]{2,5})$/);
  });
});

describe('event details for people', () => {
  it('shows instants as date and time, sizes and durations in units, numbers rounded', () => {
    expect(formatDetail('window_end', '2026-11-21T13:05:09.123Z')).toBe(formatDateTime('2026-11-21T13:05:09.123Z'));
    expect(formatDetail('size_bytes', 5_242_880)).toBe('5.0 MiB');
    expect(formatDetail('retry_in_seconds', 90)).toBe('1 min 30 s');
    expect(formatDetail('confidence', 0.87654)).toBe('0.88');
    expect(formatDetail('box', [0.123456, 0.5, 0.25, 0.75])).toBe('[0.12, 0.50, 0.25, 0.75]');
    expect(formatDetail('zone', 'Parking bay')).toBe('Parking bay');
    expect(formatDetail('trigger_recording', true)).toBe('yes');
    expect(formatKey('retry_in_seconds')).toBe('retry in seconds');
  });
});
