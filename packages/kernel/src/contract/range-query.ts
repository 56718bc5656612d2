import { Type } from '@sinclair/typebox';
import { BadRequest } from '../errors.js';
import { parseRfc3339 } from '../time.js';

export const RangeQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ description: 'RFC 3339; default: `to` minus one hour.' })),
    to: Type.Optional(Type.String({ description: 'RFC 3339; default: now.' })),
  },
  { additionalProperties: false },
);

/** Parses `from`/`to` of a listing, with defaults (the last hour) and a maximum span. */
export function parseRange(query: { from?: string; to?: string }, nowMs: number, maxSpanMs: number): { from: number; to: number } {
  const to = query.to === undefined ? nowMs : parseRfc3339(query.to, 'to');
  const from = query.from === undefined ? to - 3_600_000 : parseRfc3339(query.from, 'from');
  if (to <= from) throw new BadRequest('`to` must be after `from`');
  if (to - from > maxSpanMs) {
    throw new BadRequest(`range too long (${Math.round((to - from) / 1000)}s); max ${Math.round(maxSpanMs / 1000)}s`);
  }
  return { from, to };
}
