#!/usr/bin/env node
// Writes the tables generated from code (configuration spec, event kinds) into README.md and
// docs/api.md between their markers; `--check` only reports drift (exit 1). Reads the built kernel,
// so `npm run docs:tables` runs `tsc -b` first.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { GENERATED_TABLES, withTable } from '../packages/kernel/dist/cli/docs-tables.js';

const check = process.argv.includes('--check');
let drifted = 0;
for (const table of GENERATED_TABLES) {
  const file = fileURLToPath(new URL(`../${table.file}`, import.meta.url));
  const text = readFileSync(file, 'utf8');
  const next = withTable(text, table.marker, table.render());
  if (next === text) continue;
  drifted++;
  if (check) process.stderr.write(`${table.file}: the ${table.marker} table differs from the code; run npm run docs:tables\n`);
  else {
    writeFileSync(file, next);
    process.stdout.write(`${table.file}: ${table.marker} table written\n`);
  }
}
process.exitCode = check && drifted > 0 ? 1 : 0;
