#!/usr/bin/env node
// The suite's PostgreSQL pass: the kernel's tests with HELDAR_TEST_DB_URL set, so every test kernel and
// test database gets a fresh schema on that server (packages/kernel/test/helpers/test-database.ts).
// Arguments are vitest filters (default: every kernel test); tests about SQLite itself still use SQLite,
// and tests that cannot reach a PostgreSQL database at all are not run twice (database-test-files.mjs).
// The multi-node tests (*.postgres.test.ts) run only in this pass (vitest.config.ts leaves them out otherwise).
// Usage: npm run test:postgres [-- <file filter>…]
import { spawnSync } from 'node:child_process';
import { splitByImport } from './database-test-files.mjs';

const url = process.env.HELDAR_TEST_DB_URL || 'postgres://heldar:heldar@127.0.0.1:5432/heldar_test';

/**
 * Test files left out of this pass, each with its reason: they are about SQLite itself, and run on
 * SQLite in `npm test`.
 */
const NOT_ON_POSTGRES = {
  // About SQLite itself.
  'packages/kernel/test/fuzz.api.test.ts': 'snapshots the schema through sqlite_master',
  'packages/kernel/test/recorder-health.test.ts': 'makes writes fail with SQLite triggers and stores an Infinity SQLite accepts',
  'packages/kernel/test/validation.api.test.ts': 'repairs values SQLite’s loose typing let in (9e999 in an integer column)',
};

/**
 * The kernel's test files that never open the PostgreSQL test server: their imports do not reach the
 * helper every test database comes from, so they ran exactly this way in `npm test` (pure functions,
 * ffmpeg argument builders, MP4 parsing, tests that open SQLite on purpose).
 */
const { not: noDatabase } = splitByImport('packages/kernel', 'packages/kernel/test/helpers/test-database.ts');
console.log(`test:postgres: ${noDatabase.length} kernel test files never reach the test database and ran in npm test already; ${Object.keys(NOT_ON_POSTGRES).length} are about SQLite`);

const filters = process.argv.slice(2);
const exclude = [...Object.keys(NOT_ON_POSTGRES), ...noDatabase].flatMap((file) => ['--exclude', file]);
const result = spawnSync('npx', ['vitest', 'run', ...exclude, ...(filters.length > 0 ? filters : ['packages/kernel/'])], {
  stdio: 'inherit',
  env: { ...process.env, HELDAR_TEST_DB_URL: url },
});
process.exit(result.status ?? 1);
