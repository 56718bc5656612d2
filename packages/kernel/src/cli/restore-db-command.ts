import { access, chmod, copyFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import type { Config } from '../config.js';
import { MIGRATIONS } from '../db/migrations/index.js';
import { CliError, type CliIo } from './cli-io.js';
import { databaseHolders } from './database-holders.js';

/**
 * `heldar restore-db <file>`: puts a database backup in place of the data folder's database. Refused
 * while any process has the database open (Heldar running), when the backup fails SQLite's integrity
 * check, and when it carries migrations this build does not know (made by a newer Heldar). The
 * current database, with its WAL, is kept as `<db>.before-restore-<UTC stamp>`. At the next start the
 * migrations bring the backup up to date and crash recovery indexes the segments recorded after it.
 */
export async function restoreDbCommand(args: readonly string[], config: Config, io: CliIo, now: () => number = Date.now): Promise<number> {
  const [source, ...extra] = args;
  if (source === undefined || extra.length > 0 || source.startsWith('-')) throw new CliError('usage: heldar restore-db <file>', 2);
  if (config.db.kind !== 'sqlite' || config.db.file === ':memory:') throw new CliError(`restore-db restores SQLite files; a ${config.db.kind} database is restored with its own tools (PostgreSQL: pg_restore)`, 2);
  const backup = path.resolve(source);
  const target = path.resolve(config.db.file);
  if (!(await exists(backup))) throw new CliError(`${backup} does not exist`);
  if (backup === target) throw new CliError('the backup is the database itself');

  const holders = await databaseHolders(target);
  if (holders.length > 0) {
    throw new CliError(`Heldar is running: ${holders.map((p) => `pid ${p}`).join(', ')} has ${target} open. Stop it (systemctl stop heldar) and run restore-db again`);
  }
  checkBackup(backup);

  const stamp = new Date(now()).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const kept = `${target}.before-restore-${stamp}`;
  if (await exists(target)) {
    // The WAL holds the newest commits of the old database: it moves with it, under the matching name.
    for (const suffix of ['', '-wal', '-shm']) {
      if (await exists(target + suffix)) await rename(target + suffix, kept + suffix);
    }
    io.err(`the current database is kept as ${kept}`);
  }
  const tmp = `${target}.restore.tmp`;
  try {
    await copyFile(backup, tmp);
    await chmod(tmp, 0o600);
    await rename(tmp, target);
  } catch (e: unknown) {
    await rm(tmp, { force: true });
    throw e;
  }
  io.err(`restored ${backup} to ${target}; start Heldar: migrations bring it up to date and recovery indexes footage recorded after the backup`);
  io.out(target);
  return 0;
}

/** Integrity and schema version of a backup, read-only; throws CliError with the reason. */
function checkBackup(file: string): void {
  let db: SQLite.Database;
  try {
    db = new SQLite(file, { readonly: true, fileMustExist: true });
  } catch (e: unknown) {
    throw new CliError(`${file} is not an SQLite database: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    let result: string[];
    try {
      result = (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
    } catch (e: unknown) {
      throw new CliError(`${file} is not a usable SQLite database: ${e instanceof Error ? e.message : String(e)}`);
    }
    if (result.length !== 1 || result[0] !== 'ok') throw new CliError(`${file} fails the integrity check: ${result.slice(0, 3).join('; ')}`);
    const hasMigrations = db.prepare("select 1 from sqlite_master where type = 'table' and name = 'kysely_migration'").get() !== undefined;
    if (!hasMigrations) throw new CliError(`${file} is not a Heldar database (it has no migration table)`);
    const names = (db.prepare('select name from kysely_migration').all() as { name: string }[]).map((r) => r.name);
    const unknown = names.filter((name) => !Object.hasOwn(MIGRATIONS, name));
    if (unknown.length > 0) throw new CliError(`${file} was made by a newer Heldar (migrations this version does not know: ${unknown.join(', ')}); restore it with that version`);
  } finally {
    db.close();
  }
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
