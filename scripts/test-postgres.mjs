#!/usr/bin/env node
// The suite's PostgreSQL pass: the kernel's tests with HELDAR_TEST_DB_URL set, so every test kernel and
// test database gets a fresh schema on that server (packages/kernel/test/helpers/test-database.ts).
// Arguments are vitest filters (default: every kernel test); tests about SQLite itself still use SQLite.
// The multi-node tests (*.postgres.test.ts) run only in this pass (vitest.config.ts leaves them out otherwise).
// Usage: npm run test:postgres [-- <file filter>…]
import { spawnSync } from 'node:child_process';

const url = process.env.HELDAR_TEST_DB_URL || 'postgres://heldar:heldar@127.0.0.1:5432/heldar_test';

/**
 * Test files left out of this pass, each with its reason. The first group is about SQLite itself; the
 * second failed on PostgreSQL in the first whole run and is still to be made to pass there (the issue's
 * note lists them): they run on SQLite in `npm test` as before.
 */
const NOT_ON_POSTGRES = {
  // About SQLite itself.
  'packages/kernel/test/fuzz.api.test.ts': 'snapshots the schema through sqlite_master',
  'packages/kernel/test/recorder-health.test.ts': 'makes writes fail with SQLite triggers and stores an Infinity SQLite accepts',
  'packages/kernel/test/validation.api.test.ts': 'repairs values SQLite’s loose typing let in (9e999 in an integer column)',
  'packages/kernel/test/backup-sftp.test.ts': 'its policy includes the database, which backup jobs copy only on SQLite (PostgreSQL: pg_dump)',
  // To make pass on PostgreSQL.
  'packages/kernel/test/discovery.api.test.ts': 'the scan finished without its done event on PostgreSQL',
  'packages/kernel/test/recorder-crash.test.ts': 'no new segment within 30 s after the restart that follows a kill -9',
  'packages/kernel/src/recording/camera-supervisor.test.ts': 'status rows read before the supervisor’s write lands',
};

const filters = process.argv.slice(2);
const exclude = Object.keys(NOT_ON_POSTGRES).flatMap((file) => ['--exclude', file]);
const result = spawnSync('npx', ['vitest', 'run', ...exclude, ...(filters.length > 0 ? filters : ['packages/kernel/'])], {
  stdio: 'inherit',
  env: { ...process.env, HELDAR_TEST_DB_URL: url },
});
process.exit(result.status ?? 1);
