import { rename, rm } from 'node:fs/promises';
import SQLite from 'better-sqlite3';
import type { DbLocation } from '../config.js';

/** The database kind cannot be copied by Heldar (PostgreSQL: pg_dump does it). */
export class DatabaseCopyUnsupported extends Error {
  override name = 'DatabaseCopyUnsupported';
}

/**
 * A consistent copy of the running database in `target`, through SQLite's online backup API on a
 * connection of its own: it copies pages in steps and restarts a step that a commit changed, so the
 * recorder keeps inserting meanwhile (WAL: its writes never wait for this reader) and the event loop
 * is never held for the whole copy, as `VACUUM INTO` would hold it. Written to `target.tmp`, renamed.
 */
export async function copyDatabase(location: DbLocation, target: string): Promise<{ bytes: number }> {
  const kind: string = location.kind;
  if (kind !== 'sqlite') throw new DatabaseCopyUnsupported(`a ${kind} database is backed up with its own tools: use pg_dump for PostgreSQL`);
  if (location.file === ':memory:') throw new DatabaseCopyUnsupported('an in-memory database cannot be backed up');
  const source = new SQLite(location.file, { fileMustExist: true });
  const tmp = `${target}.tmp`;
  try {
    source.pragma('busy_timeout = 5000');
    // 256 pages a step (1 MiB at 4 KiB pages): short steps between which other connections commit.
    await source.backup(tmp, { progress: () => 256 });
    await rename(tmp, target);
    const copy = new SQLite(target, { readonly: true });
    try {
      const pages = copy.pragma('page_count', { simple: true }) as number;
      const pageSize = copy.pragma('page_size', { simple: true }) as number;
      return { bytes: pages * pageSize };
    } finally {
      copy.close();
    }
  } catch (e: unknown) {
    await rm(tmp, { force: true });
    throw e;
  } finally {
    source.close();
  }
}
