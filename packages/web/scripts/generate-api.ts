/** Writes src/api/openapi.gen.ts from the kernel's current routes (see openapi-types.ts). */
import { writeFile } from 'node:fs/promises';
import { GENERATED_TYPES_FILE, generateApiTypes, kernelOpenApiDocument } from './openapi-types.js';

await writeFile(GENERATED_TYPES_FILE, await generateApiTypes(await kernelOpenApiDocument()));
process.stdout.write(`wrote ${GENERATED_TYPES_FILE.pathname}\n`);
