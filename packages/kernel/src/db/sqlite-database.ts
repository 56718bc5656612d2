import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { SqliteDialect } from 'kysely';

/**
 * SQLite runs in WAL mode (readers never block the recorder's writes), waits up to 5 s for a lock
 * instead of failing, and enforces foreign keys (off by default in SQLite).
 */
export function sqliteDialect(file: string): SqliteDialect {
  if (file !== ':memory:') createPrivateFile(file);
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('busy_timeout = 5000');
  sqlite.pragma('foreign_keys = ON');
  // NORMAL is durable across process crashes in WAL mode; only an OS crash can lose the last commits.
  sqlite.pragma('synchronous = NORMAL');
  return new SqliteDialect({ database: sqlite });
}

/**
 * The database holds password hashes, camera credentials and the audit log: its folder is created
 * 0700 and the file 0600 before SQLite opens it (SQLite gives its -wal and -shm files the same mode).
 * A file left readable by others by an older version loses those bits. (PostgreSQL keeps its files
 * itself; access there is the role's password and pg_hba.conf.)
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
