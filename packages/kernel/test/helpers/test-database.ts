import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { SecretValue, type DbLocation } from '../../src/config-types.js';
import { migrateToLatest, openDatabase, type Db } from '../../src/db/database.js';

/**
 * Where tests keep their data. Unset HELDAR_TEST_DB_URL: SQLite (a file in the kernel's temporary
 * folder, or memory). Set (npm run test:postgres): a fresh schema on that PostgreSQL server for every
 * kernel or database a test opens, dropped when it is closed — so tests are as isolated as with a
 * temporary SQLite file, and two test files never see each other's rows.
 */
export function testPostgresUrl(): string | undefined {
  const url = process.env.HELDAR_TEST_DB_URL;
  return url === undefined || url === '' ? undefined : url;
}

/** The engine this pass of the suite runs on. */
export const TEST_DIALECT: 'sqlite' | 'postgres' = testPostgresUrl() === undefined ? 'sqlite' : 'postgres';

export interface TestSchema {
  /** HELDAR_DB_URL for a kernel that should use this schema. */
  readonly url: string;
  drop(): Promise<void>;
}

/** An empty schema on the test server, and a URL whose connections see only it (search_path). */
export async function createTestSchema(baseUrl: string): Promise<TestSchema> {
  const schema = `heldar_t_${process.pid}_${randomBytes(6).toString('hex')}`;
  await withClient(baseUrl, (c) => c.query(`create schema ${schema}`));
  const url = new URL(baseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: () => withClient(baseUrl, (c) => c.query(`drop schema if exists ${schema} cascade`)).then(() => undefined),
  };
}

async function withClient<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  readonly db: Db;
  readonly location: DbLocation;
  /** Closes the database (and drops its schema on PostgreSQL). */
  dispose(): Promise<void>;
}

/** A migrated, empty database: SQLite in memory, or a fresh schema on the PostgreSQL test server. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const base = testPostgresUrl();
  if (base === undefined) {
    const location: DbLocation = { kind: 'sqlite', file: ':memory:' };
    const db = openDatabase(location);
    await migrateToLatest(db);
    return { db, location, dispose: () => db.destroy() };
  }
  const schema = await createTestSchema(base);
  const location: DbLocation = { kind: 'postgres', url: new SecretValue(schema.url) };
  const db = openDatabase(location);
  await migrateToLatest(db);
  return {
    db,
    location,
    async dispose() {
      await db.destroy();
      await schema.drop();
    },
  };
}
