/**
 * Formatting for people: one time format everywhere — 24 h, in the browser's zone, and the zone named
 * wherever a full date and time stands alone (times on a day's timeline share the day's zone) — sizes
 * in binary units, durations in words.
 */

// hourCycle h23, not hour12: false, which some engines render as "24:05" just after midnight.
const dateTime = new Intl.DateTimeFormat(undefined, {
  year: 'numeric', month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23', timeZoneName: 'short',
});
const timeOnly = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const timeShort = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
const zoneName = new Intl.DateTimeFormat(undefined, { timeZoneName: 'short' });

/** The browser's zone as people write it ("UTC", "CET", "GMT+2") at `ms`, for captions. */
export function formatZone(ms: number = Date.now()): string {
  return zoneName.formatToParts(ms).find((p) => p.type === 'timeZoneName')?.value ?? '';
}
const dayOnly = new Intl.DateTimeFormat(undefined, { weekday: 'short', year: 'numeric', month: 'short', day: 'numeric' });

export const toMs = (iso: string): number => Date.parse(iso);
export const toIso = (ms: number): string => new Date(ms).toISOString();

export function formatDateTime(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '—';
  const ms = typeof value === 'number' ? value : Date.parse(value);
  return Number.isFinite(ms) ? dateTime.format(ms) : '—';
}

export const formatTime = (ms: number): string => timeOnly.format(ms);
export const formatClock = (ms: number): string => timeShort.format(ms);
export const formatDay = (ms: number): string => dayOnly.format(ms);

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes === null || bytes === undefined || !Number.isFinite(bytes)) return '—';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'];
  let value = bytes;
  let unit = 0;
  while (Math.abs(value) >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(unit === 0 || value >= 100 ? 0 : 1)} ${units[unit]}`;
}

export function formatDuration(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h ${m % 60} min`;
  return `${Math.floor(h / 24)} days ${h % 24} h`;
}

/** "12 s ago", "3 min ago", or the date for older times. */
export function formatAgo(value: string | null | undefined, now = Date.now()): string {
  if (!value) return 'never';
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) return '—';
  const s = Math.max(0, Math.round((now - ms) / 1000));
  if (s < 60) return `${s} s ago`;
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  if (s < 86_400) return `${Math.floor(s / 3600)} h ago`;
  return formatDateTime(ms);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** The value of an `<input type="datetime-local" step="1">` for a time (browser's zone). */
export function toLocalInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A datetime-local input's value back to ms (browser's zone); NaN when empty or invalid. */
export function fromLocalInput(value: string): number {
  if (!value) return Number.NaN;
  return new Date(value).getTime();
}

/** The value of an `<input type="date">` for the local day containing `ms`. */
export function toDateInput(ms: number): string {
  const d = new Date(ms);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Local midnight that starts the day of `ms`. */
export function startOfDay(ms: number): number {
  const d = new Date(ms);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

/** Local midnight `days` days after the one starting at `dayStart` (DST-safe: not a fixed 24 h). */
export function addDays(dayStart: number, days: number): number {
  const d = new Date(dayStart);
  d.setDate(d.getDate() + days);
  d.setHours(0, 0, 0, 0);
  return d.getTime();
}

const ISO_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$/;

/**
 * One value of an event's details, for people: instants as date and time, `*_bytes` as sizes,
 * `*_seconds` as durations, numbers rounded, lists of numbers (boxes, points) with two decimals.
 */
export function formatDetail(key: string, value: unknown): string {
  if (value === null || value === undefined) return '—';
  if (typeof value === 'string') return ISO_INSTANT.test(value) ? formatDateTime(value) : value;
  if (typeof value === 'number') {
    if (/(^|_)bytes$/.test(key)) return formatBytes(value);
    if (/(^|_)seconds$/.test(key)) return formatDuration(value);
    return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
  }
  if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
    return `[${value.map((v) => (Number.isInteger(v) ? String(v) : v.toFixed(2))).join(', ')}]`;
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return JSON.stringify(value);
}

/** "window_end" → "window end". */
export const formatKey = (key: string): string => key.replace(/_/g, ' ');
