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
  if (location.file !== ':memory:') createPrivateFile(location.file);
  const sqlite = new SQLite(location.file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  return new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
}

/**
 * The database holds password hashes, camera credentials and the audit log: its folder is created
 * 0700 and the file 0600 before SQLite opens it (SQLite gives its -wal and -shm files the same mode).
 * A file left readable by others by an older version loses those bits.
 */
function createPrivateFile(file: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  fs.closeSync(fs.openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) {
    let mode: number;
    try {
      mode = fs.statSync(f).mode;
    } catch {
      // The WAL and shared-memory files exist only while a database is open; SQLite creates them.
      continue;
    }
    if ((mode & 0o077) !== 0) fs.chmodSync(f, mode & 0o700);
  }
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
