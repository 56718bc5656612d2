#!/usr/bin/env node
// Writes packages/sdk/schemas/worker-contract-v1.json from the kernel's route schemas (the contract
// the kernel validates). Run after `npx tsc -b`; the kernel's test perception-contract.test.ts fails
// while the published file and the schemas differ.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../..', import.meta.url));
const { contractJsonSchema } = await import(`${root}packages/kernel/dist/perception/contract.schemas.js`);
const target = fileURLToPath(new URL('../schemas/worker-contract-v1.json', import.meta.url));
writeFileSync(target, `${JSON.stringify(contractJsonSchema(), null, 2)}\n`);
console.log(`wrote ${target}`);
