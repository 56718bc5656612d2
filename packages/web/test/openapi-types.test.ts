import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { GENERATED_TYPES_FILE, generateApiTypes, kernelOpenApiDocument, nameComponentSchemas } from '../scripts/openapi-types.js';

describe('the web client types generated from the OpenAPI document', () => {
  it('match the kernel routes (run `npm run generate:api -w @heldar/web` after changing a route)', async () => {
    const committed = await readFile(GENERATED_TYPES_FILE, 'utf8');
    const fresh = await generateApiTypes(await kernelOpenApiDocument());
    expect(committed === fresh, 'src/api/openapi.gen.ts is stale: run `npm run generate:api -w @heldar/web`').toBe(true);
  });

  it('name every schema with an $id once and refer to it', () => {
    const camera = { title: 'Camera', type: 'object', properties: { id: { type: 'string' } } };
    const status = { title: 'CameraStatus', type: 'object' };
    const document = {
      paths: {
        '/a': { get: { responses: { 200: { content: { 'application/json': { schema: { type: 'array', items: camera } } } } } } },
        '/b': { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/def-0' } } } } } } },
      },
      components: { schemas: { 'def-0': status } },
    };
    const named = nameComponentSchemas(document);
    expect(named.components).toEqual({ schemas: { CameraStatus: status, Camera: camera } });
    expect(JSON.stringify(named.paths)).toContain('"items":{"$ref":"#/components/schemas/Camera"}');
    expect(JSON.stringify(named.paths)).toContain('"schema":{"$ref":"#/components/schemas/CameraStatus"}');
  });
});
