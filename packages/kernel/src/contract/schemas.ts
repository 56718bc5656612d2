import { Type, type Static, type TNull, type TSchema, type TUnion } from '@sinclair/typebox';

/** Schemas shared by many routes. */

export const ErrorBody = Type.Object(
  {
    error: Type.String({ description: 'Machine-readable kind, e.g. bad_request, not_found.' }),
    message: Type.String({ description: 'What went wrong, for a person.' }),
  },
  { $id: 'Error', title: 'Error' },
);

export const Rfc3339 = Type.String({ format: 'date-time', description: 'RFC 3339 time, UTC in responses.' });

/**
 * `T` or null. For a schema with one JSON type this is `type: [T, 'null']` rather than an `anyOf`:
 * with query-string coercion on, an `anyOf` would let Ajv turn a rejected `0` or `""` into null
 * through the null branch, so `retention_days: 0` would silently mean "none" instead of a 400.
 */
export const Nullable = <T extends TSchema>(schema: T): TUnion<[T, TNull]> =>
  typeof schema.type === 'string'
    ? (Type.Unsafe<Static<T> | null>({ ...schema, type: [schema.type, 'null'] }) as unknown as TUnion<[T, TNull]>)
    : Type.Union([schema, Type.Null()]);

/** The error responses a route may give, for the OpenAPI page. */
export function errorResponses(...statuses: number[]): Record<number, typeof ErrorBody> {
  return Object.fromEntries(statuses.map((s) => [s, ErrorBody]));
}

/** A string enum as a plain JSON Schema `enum`, so a bad value gets one clear "must be one of" message. */
export const StringEnum = <T extends string>(values: readonly T[], options: { description?: string; default?: T } = {}) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], ...options });
