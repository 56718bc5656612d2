// Length: one generator of bad requests per OpenAPI construct (paths, queries, bodies, formats); the
// cases read best side by side.
import { AjvCompiler } from '@fastify/ajv-compiler';
import fc from 'fast-check';
import { TEXT_FORMATS } from '../../src/contract/text-format.js';

/**
 * Bad requests generated from the OpenAPI document the server publishes: every operation's path
 * parameters, query parameters and JSON body schema are read from `/api/docs/json`, so a new route is
 * fuzzed without a new case. Each generated request breaks at least one rule the document states
 * (or one rule every JSON body obeys: valid UTF-8 and Unicode, finite numbers, no control characters,
 * no `__proto__`), so the only right answers are 4xx.
 */

export interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema | JsonSchema[];
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  minimum?: number;
  maximum?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  format?: string;
  $ref?: string;
  [keyword: string]: unknown;
}

interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  description?: string;
  schema?: JsonSchema;
}

export interface Operation {
  method: string;
  /** The path as OpenAPI writes it: `/api/cameras/{id}`. */
  path: string;
  pathParams: Parameter[];
  queryParams: Parameter[];
  body: JsonSchema | null;
}

export interface FuzzRequest {
  method: string;
  path: string;
  contentType?: string;
  body?: string | Buffer;
  /** What was broken, for the failure message. */
  broken: string;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema?: JsonSchema }> } }>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Every operation of the document, with `$ref`s to its components resolved. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  const resolve = (schema: JsonSchema | undefined, depth = 0): JsonSchema | undefined => {
    if (schema === undefined || depth > 20) return schema;
    if (schema.$ref) return resolve(doc.components?.schemas?.[schema.$ref.replace('#/components/schemas/', '')], depth + 1);
    const out: JsonSchema = { ...schema };
    if (schema.properties) out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, resolve(v, depth + 1)!]));
    if (Array.isArray(schema.items)) out.items = schema.items.map((s) => resolve(s, depth + 1)!);
    else if (schema.items) out.items = resolve(schema.items, depth + 1);
    for (const key of ['anyOf', 'oneOf', 'prefixItems'] as const) {
      const list = schema[key];
      if (Array.isArray(list)) out[key] = list.map((s) => resolve(s, depth + 1)!);
    }
    return out;
  };
  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const params = (op.parameters ?? []).map((p) => ({ ...p, schema: resolve(p.schema) }));
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: params.filter((p) => p.in === 'path'),
        queryParams: params.filter((p) => p.in === 'query'),
        body: resolve(op.requestBody?.content?.['application/json']?.schema) ?? null,
      });
    }
  }
  return operations;
}

/** A schema validator independent of the server's: no coercion, every format the server knows. */
export function schemaChecker(): (schema: JsonSchema, value: unknown) => boolean {
  const compile = AjvCompiler()({}, { customOptions: { strict: false, coerceTypes: false, allErrors: false, formats: TEXT_FORMATS } }) as unknown as (route: {
    schema: JsonSchema;
  }) => (value: unknown) => boolean;
  const cache = new Map<JsonSchema, (value: unknown) => boolean>();
  return (schema, value) => {
    let validate = cache.get(schema);
    if (!validate) {
      validate = compile({ schema: structuredClone(schema) });
      cache.set(schema, validate);
    }
    return validate(structuredClone(value));
  };
}

// Values that break a JSON body wherever they appear, whatever the schema says.
const LONE_SURROGATE = /[\ud800-\udfff]/u;
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/u;

/** Whether a parsed JSON value breaks a rule every request body obeys (text-format.ts, json-body.ts). */
export function breaksBodyRules(value: unknown): boolean {
  if (typeof value === 'string') return LONE_SURROGATE.test(value) || CONTROL.test(value);
  if (typeof value === 'number') return !Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value));
  if (Array.isArray(value)) return value.some(breaksBodyRules);
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value).some(([k, v]) => k === '__proto__' || breaksBodyRules(k) || breaksBodyRules(v));
  }
  return false;
}

// JSON.stringify cannot write these numbers; the sentinel strings are replaced in the text.
const RAW_NUMBERS: Record<string, string> = { '"\u0001raw:1e999"': '1e999', '"\u0001raw:-1e999"': '-1e999', '"\u0001raw:1e300"': '1e300' };

function toJsonText(value: unknown): string {
  let text = JSON.stringify(value) ?? 'null';
  for (const [sentinel, literal] of Object.entries(RAW_NUMBERS)) text = text.split(sentinel).join(literal);
  return text;
}

const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(
    null, true, false, 0, -1, 1.5, -0.5, 2 ** 31, -(2 ** 31), 2 ** 53 + 2, '', ' ', 'Infinity', '-Infinity', 'NaN', '1e999', '0x10', '1', '10', 'true', 'null',
    '2024-13-45T99:99:99Z', 'not a time', [], {}, [null], [[]], { a: 1 }, 'x'.repeat(5000), 'a\u0000b', 'a\u001bb', 'a\nb', '\ud800', 'a\udc00b', '\u202eevil',
    '😀'.repeat(300), '../../etc/passwd', '%00', '<script>', '\u0001raw:1e999', '\u0001raw:-1e999', '\u0001raw:1e300',
  ),
  fc.string({ maxLength: 40, unit: 'binary' }),
  fc.double(),
  fc.integer(),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 })), { maxLength: 5 }),
);

const hostileKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', '', 'zz_unknown', 'x'.repeat(2000), 'a\u0000b', '\ud800', 'id ', 'NAME'),
  fc.string({ minLength: 1, maxLength: 20 }),
);

/** A value the schema accepts, as far as a simple reading of it goes (it may still be refused: then that field is not the only thing broken). */
export function plausible(schema: JsonSchema | undefined): unknown {
  if (!schema) return 'x';
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  const union = schema.anyOf ?? schema.oneOf;
  if (union?.[0]) return plausible(union[0]);
  const type = [schema.type ?? 'string'].flat().find((t) => t !== 'null') ?? 'null';
  switch (type) {
    case 'integer':
      return schema.minimum ?? 1;
    case 'number':
      return schema.minimum ?? 0.5;
    case 'boolean':
      return true;
    case 'array': {
      const min = typeof schema.minItems === 'number' ? schema.minItems : 0;
      const item = Array.isArray(schema.items) ? schema.items[0] : schema.items;
      if (Array.isArray(schema.prefixItems)) return (schema.prefixItems as JsonSchema[]).map(plausible);
      return Array.from({ length: min }, (_, i) => (typeof plausible(item) === 'number' ? ((plausible(item) as number) + i) : `${String(plausible(item))}${i}`));
    }
    case 'object':
      return Object.fromEntries((schema.required ?? []).map((k) => [k, plausible(schema.properties?.[k])]));
    case 'null':
      return null;
    default:
      if (schema.format === 'date-time') return '2026-01-01T00:00:00Z';
      return 'x'.repeat(Math.max(1, schema.minLength ?? 1));
  }
}

/** Values just outside what a field's schema allows: one past each bound, a fraction for an integer, an unknown enum value. */
function boundaryValues(schema: JsonSchema | undefined): fc.Arbitrary<unknown>[] {
  if (!schema) return [];
  const values: unknown[] = [];
  const types = [schema.type ?? ''].flat();
  if (typeof schema.minimum === 'number') values.push(schema.minimum - 1, schema.minimum - 1e-9);
  if (typeof schema.maximum === 'number') values.push(schema.maximum + 1, schema.maximum + 1e-9);
  if (types.includes('integer')) values.push((schema.minimum ?? 0) + 0.5, Number.MAX_SAFE_INTEGER + 2, -1e308);
  if (types.includes('number')) values.push(1e308, -1e308, Number.MIN_VALUE);
  if (typeof schema.maxLength === 'number') values.push('m'.repeat(schema.maxLength + 1), '😀'.repeat(schema.maxLength + 1));
  if (typeof schema.minLength === 'number' && schema.minLength > 0) values.push('');
  if (typeof schema.maxItems === 'number') values.push(Array.from({ length: schema.maxItems + 1 }, (_, i) => i));
  if (schema.enum) values.push('bogus', String(schema.enum[0]).toUpperCase());
  return values.length === 0 ? [] : [fc.constantFrom(...values)];
}

/** A JSON body the schema (or the rules of every body) refuses. */
function badJsonBody(schema: JsonSchema, valid: (value: unknown) => boolean): fc.Arbitrary<FuzzRequestBody> {
  const base = plausible(schema) as Record<string, unknown>;
  const names = Object.keys(schema.properties ?? {});
  const candidates: fc.Arbitrary<{ value: unknown; broken: string }>[] = [
    hostileValue.map((value) => ({ value, broken: 'a body of the wrong type' })),
    fc.record({ key: hostileKey, value: hostileValue }).map(({ key, value }) => ({ value: withKey(base, key, value), broken: `an extra field ${JSON.stringify(key).slice(0, 40)}` })),
  ];
  if (names.length > 0) {
    candidates.push(
      fc.constantFrom(...names).chain((name) =>
        fc.oneof(hostileValue, ...boundaryValues(schema.properties?.[name])).map((value) => ({ value: { ...base, [name]: value }, broken: `field ${name}` })),
      ),
    );
  }
  const required = schema.required ?? [];
  if (required.length > 0) {
    candidates.push(
      fc.constantFrom(...required).map((name) => {
        const { [name]: _dropped, ...rest } = base;
        return { value: rest, broken: `missing ${name}` };
      }),
    );
  }
  return fc
    .oneof(...candidates)
    .filter(({ value }) => JSON.stringify(value).includes('\u0001raw:') || breaksBodyRules(value) || !valid(value))
    .map(({ value, broken }) => ({ body: toJsonText(value), contentType: 'application/json', broken }));
}

/** `{...base, [key]: value}` with `__proto__` as an own key, as JSON text would have it. */
function withKey(base: Record<string, unknown>, key: string, value: unknown): Record<string, unknown> {
  const out = { ...base };
  Object.defineProperty(out, key, { value, enumerable: true, configurable: true, writable: true });
  return out;
}

interface FuzzRequestBody {
  body: string | Buffer;
  contentType: string;
  broken: string;
}

/** Bodies no JSON parser should take, for any route that reads a body. */
const badRawBody: fc.Arbitrary<FuzzRequestBody> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(
    '{', '{"a":', '[1,2', 'nul', "{'a':1}", '{"a":1}}', '\u0000', '{"a":1e999}', '{"__proto__":{"x":1}}', '{"a":{"constructor":{"prototype":{}}}}',
    '{"a":"\\ud800"}', '{"a":"\\u0000"}', '[' .repeat(5000) + ']'.repeat(5000), '{"a":-1e999}', '{"a":123456789012345678901234567890}',
  ).map((body) => ({ body, contentType: 'application/json', broken: `raw body ${body.slice(0, 30)}` })) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => ({ body: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xc3, 0x28]), Buffer.from(bytes), Buffer.from('"}')]), contentType: 'application/json', broken: 'invalid UTF-8' })) },
  { weight: 1, arbitrary: fc.constant({ body: '{"name":"a"}', contentType: 'text/plain', broken: 'a text/plain body' }) },
  { weight: 1, arbitrary: fc.constant({ body: `{"a":"${'x'.repeat(1_100_000)}"}`, contentType: 'application/json', broken: 'a body over 1 MiB' }) },
);

/** Path parameter values that name nothing or are not valid at all. */
const badPathValue = fc.oneof(
  fc.constantFrom('nope', 'NOPE', 'x'.repeat(101), 'x'.repeat(3000), '%00', '..%2F..%2Fetc%2Fpasswd', '%ZZ', '%E2%80%AE', '%F0%9F%98%80', '0x10', '-1', '0', '1e3', '99999999999999999999', '%20', 'a%2Fb', '.', '..'),
  fc.stringMatching(/^[a-z0-9_-]{1,64}$/).map((s) => `${s}-missing`),
);

/** Query values that are not the parameter's type, over its bounds, or unknown parameters. */
function badQuery(params: Parameter[]): fc.Arbitrary<{ query: string; broken: string }> | null {
  const options: fc.Arbitrary<{ query: string; broken: string }>[] = [];
  for (const p of params) {
    const s = p.schema ?? {};
    const types = [s.type ?? 'string'].flat();
    const values: string[] = [];
    if (types.includes('integer') || types.includes('number')) {
      values.push('0x10', '1e1', 'Infinity', 'NaN', '-0x1', '1.5', 'abc', '', ' 1', '9'.repeat(40));
      if (typeof s.minimum === 'number') values.push(String(s.minimum - 1));
      if (typeof s.maximum === 'number') values.push(String(s.maximum + 1));
    } else if (types.includes('boolean')) {
      values.push('yes', '1', 'TRUE', '', 'null');
    } else if (s.enum) {
      values.push('bogus', '');
    } else if (typeof s.maxLength === 'number') {
      values.push('q'.repeat(s.maxLength + 1));
    } else if (/RFC 3339/.test(String(p.description ?? ''))) {
      values.push('yesterday', '2026-02-30T25:61:00Z', 't'.repeat(5000), '1e999');
    }
    if (values.length > 0) options.push(fc.constantFrom(...values).map((v) => ({ query: `${p.name}=${encodeURIComponent(v)}`, broken: `query ${p.name}=${v.slice(0, 20)}` })));
  }
  if (params.length > 0) options.push(fc.constantFrom('zz_unknown=1', '__proto__=1', 'limit[]=1').map((q) => ({ query: q, broken: `unknown query ${q}` })));
  return options.length === 0 ? null : fc.oneof(...options);
}

/** Values for the path parameters of a request whose fault lies elsewhere. */
export interface Fixtures {
  pathValue(name: string): string;
}

/**
 * Bad requests for one operation, or null when it takes no input at all (a GET without parameters
 * has nothing a client could get wrong).
 */
export function badRequests(op: Operation, fixtures: Fixtures, valid: (schema: JsonSchema, value: unknown) => boolean): fc.Arbitrary<FuzzRequest> | null {
  const readsBody = op.method !== 'GET';
  const path = (bad?: { name: string; value: string }) =>
    op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (bad?.name === name ? bad.value : encodeURIComponent(fixtures.pathValue(name))));
  const options: fc.Arbitrary<FuzzRequest>[] = [];
  if (op.pathParams.length > 0) {
    options.push(
      fc.record({ name: fc.constantFrom(...op.pathParams.map((p) => p.name)), value: badPathValue }).map(({ name, value }) => ({
        method: op.method,
        path: path({ name, value }),
        broken: `path ${name}=${value.slice(0, 30)}`,
        ...(op.body ? { body: toJsonText(plausible(op.body)), contentType: 'application/json' } : {}),
      })),
    );
  }
  const query = badQuery(op.queryParams);
  if (query) options.push(query.map(({ query: q, broken }) => ({ method: op.method, path: `${path()}?${q}`, broken })));
  if (op.body) {
    const schema = op.body;
    options.push(badJsonBody(schema, (value) => valid(schema, value)).map((b) => ({ method: op.method, path: path(), ...b })));
  }
  if (readsBody) options.push(badRawBody.map((b) => ({ method: op.method, path: path(), ...b })));
  return options.length === 0 ? null : fc.oneof(...options);
}
