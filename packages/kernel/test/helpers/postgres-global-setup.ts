import { dropTestDatabases, testPostgresUrl } from './test-database.js';

/**
 * vitest globalSetup: on the PostgreSQL pass (HELDAR_TEST_DB_URL), drops the per-process test
 * databases left by an interrupted earlier run before the suite starts, and this run's after it ends.
 */
export async function setup(): Promise<void> {
  const url = testPostgresUrl();
  if (url !== undefined) await dropTestDatabases(url);
}

export async function teardown(): Promise<void> {
  const url = testPostgresUrl();
  if (url !== undefined) await dropTestDatabases(url);
}
