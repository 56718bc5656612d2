import { Type, type TSchema } from '@sinclair/typebox';

/** Schemas shared by many routes. */

export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'Machine-readable kind, e.g. bad_request, not_found.' }),
    message: Type.String({ description: 'What went wrong, for a person.' }),
  },
  { $id: 'Error', title: 'Error' },
);

export const Rfc3339 = Type.String({ format: 'date-time', description: 'RFC 3339 time, UTC in responses.' });

export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

/** The error responses a route may give, for the OpenAPI page. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}

/** A string enum as a plain JSON Schema `enum`, so a bad value gets one clear "must be one of" message. */
export const StringEnum = <T extends string>(values: readonly T[], options: { description?: string; default?: T } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
