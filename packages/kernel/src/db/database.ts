import { Kysely, Migrator, sql, type MigrationResultSet } from 'kysely';
import { dialectOf } from './dialect.js';
import type { DbLocation } from '../config.js';
import { MIGRATIONS } from './migrations/index.js';
import { postgresDialect } from './postgres-database.js';
import type { Database } from './schema.js';
import { sqliteDialect } from './sqlite-database.js';

export type Db = Kysely<Database>;
export { dialectOf, type DbDialect } from './dialect.js';

export interface OpenDatabaseOptions {
  /** PostgreSQL only: an idle pooled connection failed (server restart); the pool replaces it. */
  onConnectionError?: (e: Error) => void;
  /** PostgreSQL only: the pool's size (default 10). */
  maxConnections?: number;
}

/**
 * Opens the database: a SQLite file (or memory) through better-sqlite3, or a pool of connections to
 * PostgreSQL through pg. Both return the same JS values (numbers for bigint columns, 0/1 flags).
 */
export function openDatabase(location: DbLocation, options: OpenDatabaseOptions = {}): Db {
  const dialect =
    location.kind === 'postgres'
      ? postgresDialect(location.url.reveal(), options.onConnectionError ?? (() => undefined), options.maxConnections)
      : sqliteDialect(location.file);
  return new Kysely<Database>({ dialect });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/**
 * Brings the schema up to date. Kysely's migrator takes a lock (SQLite: a lock table; PostgreSQL: an
 * advisory lock), so two processes cannot both migrate.
 */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
    // PostgreSQL: the migrator's bookkeeping tables are looked up in every schema of the database
    // unless it is told which; named here, another schema's (another application's, or another test's)
    // kysely_migration table is never taken for ours.
    ...(dialectOf(db) === 'postgres' ? { migrationTableSchema: await currentSchema(db) } : {}),
  });
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`database migration ${failed} failed`, { cause: result.error });
  }
  return result;
}

/** The schema unqualified tables are created in: the first of the connection's search_path. */
async function currentSchema(db: Db): Promise<string> {
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (schema === undefined || schema === null) throw new MigrationError('no schema to migrate into: the search_path names no schema that exists');
  return schema;
}

/** A cheap round trip used by the health check. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.selectFrom('cameras').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
}
