import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect, type MigrationResultSet } from 'kysely';
import type { DbLocation } from '../config.js';
import { MIGRATIONS } from './migrations/index.js';
import type { Database } from './schema.js';

export type Db = Kysely<Database>;

/**
 * Opens the database. SQLite runs in WAL mode (readers never block the recorder's writes), waits up
 * to 5 s for a lock instead of failing, and enforces foreign keys (off by default in SQLite).
 */
export function openDatabase(location: DbLocation): Db {
  if (location.file !== ':memory:') fs.mkdirSync(path.dirname(location.file), { recursive: true });
  const sqlite = new SQLite(location.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Brings the schema up to date. Kysely's migrator takes a lock, so two processes cannot both migrate. */
export async function migrateToLatest(db: Db): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: () => Promise.resolve(MIGRATIONS) },
  });
  const result = await migrator.migrateToLatest();
  if (result.error !== undefined) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new MigrationError(`database migration ${failed} failed`, { cause: result.error });
  }
  return result;
}

/** A cheap round trip used by the health check. */
export async function pingDatabase(db: Db): Promise<void> {
  await db.selectFrom('cameras').select((eb) => eb.fn.countAll().as('n')).executeTakeFirst();
}
