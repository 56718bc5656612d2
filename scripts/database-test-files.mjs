// Which test files can use the PostgreSQL test server at all: those whose imports reach the helper that
// reads HELDAR_TEST_DB_URL (packages/kernel/test/helpers/test-database.ts). That helper is the only way a
// test gets a PostgreSQL database — test kernels, test databases and spawned `heldar` processes all take
// it from there — so a test file whose import graph never reaches it runs on SQLite or on no database in
// either pass, and running it again in the PostgreSQL pass repeats the first pass exactly.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/** Static and dynamic relative imports: `from './x.js'`, `import './x.js'`, `import('./x.js')`. */
const RELATIVE_IMPORT = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"](\.{1,2}\/[^'"]+)['"]/g;

/** The file a relative import names: `.js` written for a `.ts` source, or a folder's index. */
function resolveImport(fromFile, specifier) {
  const base = path.resolve(path.dirname(fromFile), specifier);
  const candidates = [base, base.replace(/\.js$/, '.ts'), base.replace(/\.mjs$/, '.mts'), `${base}.ts`, path.join(base, 'index.ts')];
  return candidates.find((file) => existsSync(file) && statSync(file).isFile());
}

function importsOf(file) {
  const text = readFileSync(file, 'utf8');
  const out = [];
  for (const match of text.matchAll(RELATIVE_IMPORT)) {
    const resolved = resolveImport(file, match[1]);
    if (resolved !== undefined) out.push(resolved);
  }
  return out;
}

function testFilesUnder(dir) {
  const out = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...testFilesUnder(full));
    else if (entry.name.endsWith('.test.ts')) out.push(full);
  }
  return out;
}

/**
 * The test files under `root` (relative to the working directory, sorted) whose imports reach
 * `target`, and those whose imports do not.
 */
export function splitByImport(root, target) {
  const goal = path.resolve(target);
  const tests = testFilesUnder(root).sort();
  // Every file the tests import, directly or not, with who imports it.
  const importers = new Map();
  const seen = new Set(tests);
  const queue = [...tests];
  while (queue.length > 0) {
    const file = queue.pop();
    for (const next of importsOf(file)) {
      if (!importers.has(next)) importers.set(next, new Set());
      importers.get(next).add(file);
      if (!seen.has(next)) {
        seen.add(next);
        queue.push(next);
      }
    }
  }
  // Walked back from the target: every file that reaches it (import cycles need no special case).
  const reachesGoal = new Set([goal]);
  const back = [goal];
  while (back.length > 0) {
    for (const importer of importers.get(back.pop()) ?? []) {
      if (!reachesGoal.has(importer)) {
        reachesGoal.add(importer);
        back.push(importer);
      }
    }
  }
  const relative = (file) => path.relative(process.cwd(), file);
  return { reaching: tests.filter((f) => reachesGoal.has(f)).map(relative), not: tests.filter((f) => !reachesGoal.has(f)).map(relative) };
}
