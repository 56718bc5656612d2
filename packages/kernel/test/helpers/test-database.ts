import { createHash, randomBytes } from 'node:crypto';
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

/**
 * Databases this run of the suite creates start with this: `heldar_t_<run>_`. The run id comes from
 * the global setup (HELDAR_TEST_DB_RUN), so the teardown drops this run's databases and never those
 * of another run going on at the same time on the same server.
 */
function testDatabasePrefix(): string {
  const run = process.env.HELDAR_TEST_DB_RUN ?? 'adhoc';
  return `heldar_t_${run}_`;
}

// One database per test process (vitest runs two at once), schemas inside it per kernel. Not schemas
// of one shared database: the migrator lists tables across the whole database, and a schema that
// another process drops meanwhile makes that listing fail.
let processDatabase: Promise<string> | undefined;

function processDatabaseUrl(baseUrl: string): Promise<string> {
  processDatabase ??= (async () => {
    const name = `${testDatabasePrefix()}${process.pid}_${randomBytes(4).toString('hex')}`;
    await withClient(baseUrl, (c) => c.query(`create database ${name}`));
    const url = new URL(baseUrl);
    url.pathname = `/${name}`;
    return url.toString();
  })();
  return processDatabase;
}

/**
 * A schema on the test server for one data folder, and a URL whose connections see only it
 * (search_path). Like a SQLite file in that folder, it is there again for a kernel restarted on the
 * same folder; without a folder, a new empty one.
 */
export async function createTestSchema(baseUrl: string, dataDir?: string): Promise<TestSchema> {
  const databaseUrl = await processDatabaseUrl(baseUrl);
  const key = dataDir === undefined ? randomBytes(8).toString('hex') : createHash('sha256').update(dataDir).digest('hex').slice(0, 16);
  const schema = `k_${key}`;
  await withClient(databaseUrl, (c) => c.query(`create schema if not exists ${schema}`));
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    url: url.toString(),
    drop: () => withClient(databaseUrl, (c) => c.query(`drop schema if exists ${schema} cascade`)).then(() => undefined),
  };
}

/** Drops every database this run of the suite created (the global teardown). */
export async function dropTestDatabases(baseUrl: string): Promise<number> {
  return withClient(baseUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [testDatabasePrefix()]);
    for (const { datname } of rows) await dropDatabase(c, datname);
    return rows.length;
  });
}

/**
 * Drops a database, waiting up to 10 s for the last connections to it to go (an autovacuum worker, a
 * pool closing): FORCE would need the right to end other roles' backends, which the test role lacks.
 */
async function dropDatabase(c: pg.Client, name: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      await c.query(`drop database if exists ${name}`);
      return;
    } catch (e: unknown) {
      // 55006: "database is being accessed by other users".
      if ((e as { code?: string }).code !== '55006' || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
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

/**
 * The environment a CLI command or a spawned `heldar` needs to open the database a test kernel on
 * `dataDir` uses: nothing on SQLite (the file is in the folder), HELDAR_DB_URL on PostgreSQL.
 */
export async function testDatabaseEnv(dataDir: string): Promise<Record<string, string>> {
  const base = testPostgresUrl();
  return base === undefined ? {} : { HELDAR_DB_URL: (await createTestSchema(base, dataDir)).url };
}
