import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { backupDbCommand } from '../src/cli/backup-db-command.js';
import { CliError, type CliIo } from '../src/cli/cli-io.js';
import { restoreDbCommand } from '../src/cli/restore-db-command.js';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, segmentsOf } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { startTestKernel, waitFor } from './helpers/test-kernel.js';
import type { DbLocation } from '../src/config.js';

/** backup-db and restore-db copy SQLite files (PostgreSQL has pg_dump): these tests run on SQLite in both passes. */
const SQLITE_FILES = 'backup-db and restore-db work on the SQLite file';

function sqliteFile(db: DbLocation): string {
  if (db.kind !== 'sqlite') throw new Error('these tests run on SQLite');
  return db.file;
}

const use = testResources();

function io(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false, readSecret: () => Promise.resolve('') };
}


async function refused(work: Promise<number>, message: RegExp): Promise<void> {
  await expect(work).rejects.toThrow(CliError);
  await expect(work).rejects.toThrow(message);
}

describe('database backup and restore (disaster recovery)', () => {
  it('backs up while recording, restores into a wiped data folder, and the index finds all the footage again', async () => {
    const camsim = await use.camsim([smallCamera('hall')]);
    const dataDir = await use.dir('heldar-dr-');
    const backups = await use.dir('heldar-dr-backups-');
    const env = { HELDAR_RECORDER_ENABLED: 'true', HELDAR_DATA_DIR: dataDir };
    const first = await startTestKernel(env, { recorderTickMs: 200, dataDir, sqliteOnly: SQLITE_FILES });
    await first.startRecording();
    await addCamera(first, { id: 'hall', name: 'Hall', stream_url: camsim.url('hall'), segment_seconds: 2 });
    await waitFor('two segments', async () => (await segmentsOf(first, 'hall')).length >= 2, 60_000);

    // Online: the recorder keeps inserting while the copy runs.
    const file = path.join(backups, 'heldar.sqlite');
    expect(await backupDbCommand([file], first.config, io())).toBe(0);
    const inBackup = new SQLite(file, { readonly: true });
    const backedUp = (inBackup.prepare("select path from segments where camera_id = 'hall'").all() as { path: string }[]).map((r) => r.path);
    inBackup.close();
    expect(backedUp.length).toBeGreaterThanOrEqual(2);
    await refused(backupDbCommand([file], first.config, io()), /exists/);

    const later = await waitFor('two more segments after the backup', async () => {
      const rows = await segmentsOf(first, 'hall');
      return rows.length >= backedUp.length + 2 && rows;
    }, 60_000);
    // Refused while Heldar has the database open (this process, here).
    await refused(restoreDbCommand([file], first.config, io()), /Heldar is running: pid \d+/);
    await first.close();

    // The disaster: the database is gone; the recordings are still on disk.
    const dbFile = sqliteFile(first.config.db);
    for (const suffix of ['', '-wal', '-shm']) await rm(dbFile + suffix, { force: true });
    const out = io();
    expect(await restoreDbCommand([file], first.config, out)).toBe(0);
    expect(out.lines.join('\n')).toMatch(/restored/);

    const second = await startTestKernel(env, { recorderTickMs: 200, dataDir, sqliteOnly: SQLITE_FILES });
    use.defer(() => second.dispose());
    const report = await second.startRecording();
    // Recovery indexes what was recorded after the backup (at least the two waited for).
    expect(report?.unindexedIndexed).toBeGreaterThanOrEqual(later.length - backedUp.length);
    const paths = new Set((await segmentsOf(second, 'hall')).map((r) => r.path));
    for (const p of later.map((r) => r.path)) expect(paths.has(p), p).toBe(true);
    // The camera came back with the database, so recording goes on.
    const camera = await second.inject({ method: 'GET', url: '/api/cameras/hall' });
    expect(camera.statusCode).toBe(200);
    await waitFor('recording after the restore', async () => (await segmentsOf(second, 'hall')).length > paths.size, 60_000);
  });

  it('keeps the current database, and refuses a damaged backup or one from a newer Heldar', async () => {
    const kernel = await use.kernel({}, { sqliteOnly: SQLITE_FILES });
    const config = kernel.config;
    const backups = await use.dir('heldar-dr-backups-');
    const good = path.join(backups, 'good.sqlite');
    expect(await backupDbCommand([good], config, io())).toBe(0);
    await kernel.close();

    const garbage = path.join(backups, 'garbage.sqlite');
    await writeFile(garbage, Buffer.alloc(8192, 1));
    await refused(restoreDbCommand([garbage], config, io()), /not a (usable )?SQLite database|not a database/i);

    const newer = path.join(backups, 'newer.sqlite');
    await writeFile(newer, await readFile(good));
    const db = new SQLite(newer);
    db.prepare('insert into kysely_migration (name, timestamp) values (?, ?)').run('2099-01-01T00-from-the-future', new Date().toISOString());
    db.close();
    await refused(restoreDbCommand([newer], config, io()), /newer Heldar.*2099-01-01T00-from-the-future/);

    const damaged = path.join(backups, 'damaged.sqlite');
    const bytes = await readFile(good);
    // Page 2 onward: scribble over a b-tree page so the integrity check finds it.
    bytes.fill(0xab, 4096 + 8, 4096 + 200);
    await writeFile(damaged, bytes);
    await refused(restoreDbCommand([damaged], config, io()), /integrity|malformed|not a database/i);

    const dbFile = sqliteFile(config.db);
    expect(await restoreDbCommand([good], config, io(), () => Date.parse('2026-12-03T10:00:00Z'))).toBe(0);
    const kept = (await readdir(path.dirname(dbFile))).filter((name) => name.includes('.before-restore-'));
    expect(kept).toContain(`${path.basename(dbFile)}.before-restore-20261203T100000Z`);
  });
});
