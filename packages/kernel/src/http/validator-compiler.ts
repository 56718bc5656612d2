import { AjvCompiler } from '@fastify/ajv-compiler';
import type { FastifySchema, FastifyServerOptions } from 'fastify';
import type { FastifyRouteSchemaDef, FastifySchemaValidationError } from 'fastify/types/schema.js';
import { TEXT_FORMATS } from '../contract/text-format.js';

/**
 * Request validation, the one place for every route. Bodies are JSON and must already have the
 * right types: Ajv never coerces them (`"Infinity"` is not a number, `null` is not `false`, `"0x10"`
 * is not 16). Query strings and path parameters only carry text, so they are coerced here — and
 * carefully: an integer is written in decimal digits, a number is a finite decimal, a boolean is
 * `true` or `false`; anything else stays a string and Ajv refuses it with the field's name.
 */
function buildValidatorCompiler(externalSchemas: unknown): (route: FastifyRouteSchemaDef<FastifySchema>) => AjvValidate | TextFieldValidate {
  const pool = AjvCompiler();
  const options = (coerce: boolean) => ({
    customOptions: {
      // Unknown fields are rejected with a message, not silently dropped: a typo must not look applied.
      removeAdditional: false,
      coerceTypes: coerce,
      useDefaults: true,
      // One error is enough for the message; all of them would let a big body make a big answer.
      allErrors: false,
      formats: TEXT_FORMATS,
    },
  });
  // The pool's typings name the wrong argument: it compiles from the route definition, not the bare schema.
  const compile = pool(externalSchemas as Record<string, object>, options(false)) as unknown as (route: FastifyRouteSchemaDef<FastifySchema>) => AjvValidate;
  return (route) => {
    const validate = compile(route);
    if (route.httpPart === 'body' || route.httpPart === 'headers') return validate;
    const properties = propertyTypes(route.schema);
    return (data: unknown) => {
      const value = coerceTextFields(data, properties);
      return validate(value) ? { value } : { error: (validate.errors ?? []) as FastifySchemaValidationError[] };
    };
  };
}

interface AjvValidate {
  (data: unknown): boolean;
  errors?: unknown[] | null;
}

type TextFieldValidate = (data: unknown) => { value: unknown } | { error: FastifySchemaValidationError[] };

type ValidatorFactory = NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator'];

/** For Fastify's `schemaController.compilersFactory.buildValidator` (whose typings describe Ajv's compile, not this contract). */
export const validatorFactory = buildValidatorCompiler as unknown as ValidatorFactory;

type JsonType = 'integer' | 'number' | 'boolean' | 'string' | 'null' | 'array' | 'object';

/** The JSON types each top-level property of an object schema accepts. */
function propertyTypes(schema: unknown): Map<string, readonly JsonType[]> {
  const out = new Map<string, readonly JsonType[]>();
  const properties = (schema as { properties?: Record<string, unknown> }).properties ?? {};
  for (const [name, property] of Object.entries(properties)) out.set(name, typesOf(property));
  return out;
}

function typesOf(schema: unknown): JsonType[] {
  if (typeof schema !== 'object' || schema === null) return [];
  const s = schema as { type?: JsonType | JsonType[]; anyOf?: unknown[]; const?: unknown };
  if (s.type !== undefined) return [s.type].flat();
  if (s.anyOf) return s.anyOf.flatMap(typesOf);
  if (typeof s.const === 'number') return ['number'];
  if (typeof s.const === 'boolean') return ['boolean'];
  return [];
}

const INTEGER = /^-?(0|[1-9]\d{0,15})$/;
const DECIMAL = /^-?(0|[1-9]\d*)(\.\d+)?([eE][-+]?\d{1,3})?$/;

/** Text values of a query string or path turned into the type the schema asks for, when they say so unambiguously. */
function coerceTextFields(data: unknown, types: Map<string, readonly JsonType[]>): unknown {
  if (typeof data !== 'object' || data === null) return data;
  // Without a prototype, a `__proto__` parameter stays an own key (and is refused as unknown) instead of vanishing.
  const out = Object.create(null) as Record<string, unknown>;
  for (const [name, value] of Object.entries(data)) out[name] = typeof value === 'string' ? coerceText(value, types.get(name) ?? []) : value;
  return out;
}

function coerceText(text: string, types: readonly JsonType[]): unknown {
  if (types.includes('string')) return text;
  if (types.includes('integer') && INTEGER.test(text) && Number.isSafeInteger(Number(text))) return Number(text);
  if (types.includes('number') && DECIMAL.test(text)) {
    const n = Number(text);
    if (Number.isFinite(n)) return n;
  }
  if (types.includes('boolean') && (text === 'true' || text === 'false')) return text === 'true';
  return text;
}
