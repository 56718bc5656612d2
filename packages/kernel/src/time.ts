import { BadRequest } from './errors.js';
import { quote } from './quote.js';

/** UTC milliseconds → RFC 3339 UTC string (the API's time format). */
export function toRfc3339(ms: number): string {
  return new Date(ms).toISOString();
}

export function toRfc3339OrNull(ms: number | null): string | null {
  return ms === null ? null : toRfc3339(ms);
}

// RFC 3339 requires a date, a time and an offset; `Date.parse` alone also accepts "2024" or
// "March 7", which would turn a typo into a silently wrong range.
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Parses an RFC 3339 time from a request; a BadRequest names the field when it is not one. */
export function parseRfc3339(value: string, field: string): number {
  const ms = RFC3339.test(value) ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new BadRequest(`\`${field}\` must be an RFC 3339 time such as 2024-05-01T12:00:00Z (got ${quote(value)})`);
  }
  return ms;
}
