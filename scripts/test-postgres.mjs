#!/usr/bin/env node
// The suite's PostgreSQL pass: the kernel's tests with HELDAR_TEST_DB_URL set, so every test kernel and
// test database gets a fresh schema on that server (packages/kernel/test/helpers/test-database.ts).
// Arguments are vitest filters (default: every kernel test); tests about SQLite itself still use SQLite.
// Usage: npm run test:postgres [-- <file filter>…]
import { spawnSync } from 'node:child_process';

const url = process.env.HELDAR_TEST_DB_URL || 'postgres://heldar:heldar@127.0.0.1:5432/heldar_test';
const filters = process.argv.slice(2);
const result = spawnSync('npx', ['vitest', 'run', ...(filters.length > 0 ? filters : ['packages/kernel/'])], {
  stdio: 'inherit',
  env: { ...process.env, HELDAR_TEST_DB_URL: url },
});
process.exit(result.status ?? 1);
