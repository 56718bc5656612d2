import { randomBytes } from 'node:crypto';
import { dropTestDatabases, testPostgresUrl } from './test-database.js';

/**
 * vitest globalSetup: on the PostgreSQL pass (HELDAR_TEST_DB_URL), names this run (the test processes
 * inherit HELDAR_TEST_DB_RUN and prefix their databases with it) and drops its databases at the end.
 * Databases a killed run left behind keep their run's prefix: `heldar_t_<run>_…`, safe to drop by hand.
 */
export function setup(): void {
  process.env.HELDAR_TEST_DB_RUN ??= randomBytes(4).toString('hex');
}

export async function teardown(): Promise<void> {
  const url = testPostgresUrl();
  if (url !== undefined) await dropTestDatabases(url);
}
