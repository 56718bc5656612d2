import { rename, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { DbLocation } from '../config.js';

/** The database kind cannot be copied by Heldar (PostgreSQL: pg_dump does it). */
export class DatabaseCopyUnsupported extends Error {
  override name = 'DatabaseCopyUnsupported';
}

// Runs in a worker thread: better-sqlite3 is synchronous, and a copy of a large index takes seconds.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads');
const SQLite = require(workerData.driver);
const db = new SQLite(workerData.source, { fileMustExist: true });
try {
  db.pragma('busy_timeout = 5000');
  db.prepare('VACUUM INTO ?').run(workerData.target);
  parentPort.postMessage({ ok: true });
} catch (e) {
  parentPort.postMessage({ ok: false, message: e instanceof Error ? e.message : String(e) });
} finally {
  db.close();
}
`;

/**
 * A consistent copy of the running database in `target`: `VACUUM INTO` on a connection of its own, in
 * a worker thread. It reads one snapshot (WAL: the recorder's commits go on meanwhile and are simply
 * not in the copy) and never restarts — SQLite's step-wise backup API starts over whenever another
 * connection commits, which with a recorder inserting every few seconds can mean never finishing on a
 * large index. The worker keeps the event loop free for the recorder. Written to `target.tmp`, renamed.
 */
export async function copyDatabase(location: DbLocation, target: string): Promise<{ bytes: number }> {
  if (location.kind !== 'sqlite') throw new DatabaseCopyUnsupported(`a ${location.kind} database is backed up with its own tools: use pg_dump for PostgreSQL`);
  if (location.file === ':memory:') throw new DatabaseCopyUnsupported('an in-memory database cannot be backed up');
  const tmp = `${target}.tmp`;
  await rm(tmp, { force: true });
  try {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    const worker = new Worker(WORKER, { eval: true, workerData: { driver, source: location.file, target: tmp } });
    const result = await new Promise<{ ok: boolean; message?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the database copy stopped (exit code ${code})`)));
    });
    await worker.terminate();
    if (!result.ok) throw new Error(`database copy failed: ${result.message ?? 'unknown error'}`);
    await rename(tmp, target);
    return { bytes: (await stat(target)).size };
  } catch (e: unknown) {
    await rm(tmp, { force: true });
    throw e;
  }
}
