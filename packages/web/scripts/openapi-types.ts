/**
 * Builds the web client's types from the kernel's OpenAPI document. The document comes from a kernel
 * assembled in memory (temporary data folder, recorder off, no port opened), so generating needs no
 * running server; `npm run generate:api -w @heldar/web` writes the result and test/openapi-types.test.ts
 * fails when the committed file no longer matches.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import openapiTS, { astToString } from 'openapi-typescript';
import { pino } from 'pino';
import { loadConfig } from '../../kernel/src/config.js';
import { createKernel } from '../../kernel/src/kernel.js';

export const GENERATED_TYPES_FILE = new URL('../src/api/openapi.gen.ts', import.meta.url);

const HEADER = `/**
 * Generated from the kernel's OpenAPI document by \`npm run generate:api -w @heldar/web\`; do not edit.
 * test/openapi-types.test.ts fails when this file and the kernel's routes disagree.
 */

`;

/** The OpenAPI document the kernel serves at /api/docs/json. */
export async function kernelOpenApiDocument(): Promise<Record<string, unknown>> {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'heldar-openapi-'));
  try {
    const config = loadConfig({
      HELDAR_DATA_DIR: dataDir,
      HELDAR_HTTP_PORT: '0',
      HELDAR_RECORDER_ENABLED: 'false',
      HELDAR_LOG_LEVEL: 'silent',
      PATH: process.env.PATH ?? '',
    });
    const kernel = await createKernel(config, pino({ level: 'silent' }));
    try {
      await kernel.app.ready();
      return kernel.app.swagger() as unknown as Record<string, unknown>;
    } finally {
      await kernel.close();
    }
  } finally {
    await rm(dataDir, { recursive: true, force: true });
  }
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Gives every kernel schema with a TypeBox `$id` (it reaches the document as `title`) one entry under
 * components.schemas by that name, referenced wherever it is used. @fastify/swagger names nested ones
 * `def-0`, `def-1`… and leaves a route's top-level schema inline; both read badly as types.
 */
export function nameComponentSchemas(document: JsonObject): JsonObject {
  const components = isObject(document.components) ? document.components : {};
  const numbered = isObject(components.schemas) ? components.schemas : {};
  const named: JsonObject = {};
  const renamed = new Map<string, string>();
  for (const [key, schema] of Object.entries(numbered)) {
    const title = isObject(schema) && typeof schema.title === 'string' ? schema.title : key;
    renamed.set(`#/components/schemas/${key}`, `#/components/schemas/${title}`);
    named[title] = schema;
  }
  const visit = (node: Json, topLevel: boolean): Json => {
    if (Array.isArray(node)) return node.map((item) => visit(item, false));
    if (!isObject(node)) return node;
    if (typeof node.$ref === 'string') return { ...node, $ref: renamed.get(node.$ref) ?? node.$ref };
    const out: JsonObject = {};
    for (const [key, value] of Object.entries(node)) out[key] = visit(value, false);
    if (!topLevel && typeof out.title === 'string') {
      named[out.title] ??= out;
      return { $ref: `#/components/schemas/${out.title}` };
    }
    return out;
  };
  const schemas: JsonObject = {};
  for (const [name, schema] of Object.entries(named)) schemas[name] = visit(schema, true);
  const paths = visit(document.paths ?? {}, true);
  // Schemas met while walking the paths joined `named` after the first pass: walk those too.
  for (const [name, schema] of Object.entries(named)) schemas[name] ??= visit(schema, true);
  return { ...document, paths, components: { ...components, schemas } };
}

/** The TypeScript text of `openapi.gen.ts` for a document. */
export async function generateApiTypes(document: Record<string, unknown>): Promise<string> {
  // The kernel's version changes with every release and says nothing about the shapes.
  const stable = nameComponentSchemas({ ...(document as JsonObject), info: { ...(document.info as JsonObject), version: '0' } });
  // enumValues: arrays of each enum's values, so the UI's pickers (event kinds, roles, record modes)
  // list exactly what the API accepts. rootTypes: `Camera` instead of components['schemas']['Camera'].
  const ast = await openapiTS(stable as never, { enumValues: true, rootTypes: true, rootTypesNoSchemaPrefix: true, alphabetize: false });
  return HEADER + astToString(ast);
}
