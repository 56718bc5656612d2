import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import { migrateToLatest, openDatabase } from '../src/db/database.js';
import { MIGRATIONS } from '../src/db/migrations/index.js';
import { tempDir } from './helpers/test-kernel.js';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function dbFile(): Promise<string> {
  const { dir, remove } = await tempDir();
  cleanups.push(remove);
  return path.join(dir, 'nested', 'heldar.db');
}

describe('database', () => {
  it('migrates an empty database and then is a no-op on an already migrated one', async () => {
    const file = await dbFile();
    const db = openDatabase({ kind: 'sqlite', file });
    const first = await migrateToLatest(db);
    expect(first.results?.map((r) => [r.migrationName, r.status])).toEqual(Object.keys(MIGRATIONS).map((n) => [n, 'Success']));
    const second = await migrateToLatest(db);
    expect(second.results).toEqual([]);
    await db.destroy();

    const raw = new SQLite(file, { readonly: true });
    const tables = raw.prepare("select name from sqlite_master where type='table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name").pluck().all();
    // Every feature adds tables; the recorder's own must be there.
    expect(tables).toEqual(expect.arrayContaining(['camera_schedules', 'camera_status', 'cameras', 'events', 'segment_leases', 'segments']));
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    raw.close();
  });

  it('enforces foreign keys and applies the busy timeout on every connection it opens', async () => {
    const db = openDatabase({ kind: 'sqlite', file: await dbFile() });
    await migrateToLatest(db);
    await expect(
      db.insertInto('camera_status').values({ camera_id: 'ghost', state: 'idle', since: 0, reconnect_count: 0 }).execute(),
    ).rejects.toThrow(/FOREIGN KEY constraint failed/);
    await db.destroy();
  });

  it('segment range lookups use the (camera_id, start_ms) index', async () => {
    const file = await dbFile();
    const db = openDatabase({ kind: 'sqlite', file });
    await migrateToLatest(db);
    await db.destroy();
    const raw = new SQLite(file, { readonly: true });
    const plan = raw
      .prepare('explain query plan select * from segments where camera_id = ? and start_ms < ? and end_ms > ? order by start_ms')
      .all('c', 2, 1) as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toMatch(/USING INDEX segments_camera_(start|end)/);
    raw.close();
  });

  it('`heldar migrate` migrates the configured database and reports a config error with exit code 2', async () => {
    const file = await dbFile();
    const env = { HELDAR_DB_URL: `sqlite:${file}`, HELDAR_LOG_LEVEL: 'silent' };
    expect(await runCli(['migrate'], env)).toBe(0);
    expect(await runCli(['migrate'], env)).toBe(0);
    const raw = new SQLite(file, { readonly: true });
    expect(raw.prepare('select count(*) from kysely_migration').pluck().get()).toBe(Object.keys(MIGRATIONS).length);
    raw.close();
    expect(await runCli(['migrate'], { HELDAR_LOG_LEVEL: 'shouting' })).toBe(2);
  });
});
