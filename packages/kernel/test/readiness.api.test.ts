import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { smallCamera } from './helpers/camsim.js';
import { addCamera } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { waitFor } from './helpers/test-kernel.js';

const execFileAsync = promisify(execFile);

const use = testResources();

describe('GET /healthz and /readyz', () => {
  it('answer without credentials: ok while the process serves and every check passes', async () => {
    const kernel = await use.kernel();
    const health = await kernel.injectAnonymous({ url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toEqual({ status: 'ok' });
    const ready = await kernel.injectAnonymous({ url: '/readyz' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toEqual({ status: 'ok' });
  });

  it('readyz: 503 naming the recordings volume when it cannot be written, ready again once it can', async () => {
    const kernel = await use.kernel();
    const folder = kernel.config.recordingsDir;
    // Tests run as root, which ignores mode bits: a file in place of the folder cannot be written into either.
    await rm(folder, { recursive: true, force: true });
    await writeFile(folder, 'not a folder');
    const res = await kernel.injectAnonymous({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    const body = res.json() as { status: string; reasons: string[] };
    expect(body.status).toBe('not_ready');
    expect(body.reasons).toHaveLength(1);
    expect(body.reasons[0]).toMatch(/^recordings volume not writable/);

    await rm(folder);
    await mkdir(folder);
    expect((await kernel.injectAnonymous({ url: '/readyz' })).statusCode).toBe(200);
  });

  it('readyz: 503 naming the database when it does not answer; healthz stays ok', async () => {
    const kernel = await use.kernel();
    // The database closed under a serving process (what a lost volume looks like to Heldar).
    await kernel.db.destroy();
    const res = await kernel.injectAnonymous({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect((res.json() as { reasons: string[] }).reasons).toEqual([expect.stringMatching(/^database not answering/)]);
    expect((await kernel.injectAnonymous({ url: '/healthz' })).statusCode).toBe(200);
  });
});

describe('/readyz: the harder cases', () => {
  it('503 naming the database when it answers reads but refuses writes, ready again once it takes them', async () => {
    const kernel = await use.kernel({}, { sqliteOnly: "SQLite's read-only switch (PRAGMA query_only) on the kernel's one connection" });
    // SQLite's own read-only switch on the kernel's connection: what a database file turned read-only
    // under a serving process looks like (SQLITE_READONLY on every write; reads keep working).
    await sql`PRAGMA query_only = ON`.execute(kernel.db);
    // Reads still answer: a SELECT alone would call this node ready.
    await expect(kernel.db.selectFrom('cameras').selectAll().execute()).resolves.toEqual([]);
    const res = await kernel.injectAnonymous({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect((res.json() as { reasons: string[] }).reasons).toEqual([expect.stringMatching(/^database not answering: .*readonly database/)]);
    await sql`PRAGMA query_only = OFF`.execute(kernel.db);
    expect((await kernel.injectAnonymous({ url: '/readyz' })).statusCode).toBe(200);
    // The probe's insert was rolled back every time.
    expect(await kernel.db.selectFrom('settings').selectAll().execute()).toEqual([]);
  });

  it('503 "recordings volume full" on a full volume (a 1 MiB tmpfs), ready again once space is freed', async () => {
    const kernel = await use.kernel();
    const folder = kernel.config.recordingsDir;
    await mkdir(folder, { recursive: true });
    // Tests run as root (as CI does): a real small volume, filled to the last byte.
    await execFileAsync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', folder]);
    use.defer(() => execFileAsync('umount', [folder]).then(() => undefined));
    const filler = path.join(folder, 'filler');
    await expect(writeFile(filler, Buffer.alloc(2 * 1024 * 1024, 1))).rejects.toMatchObject({ code: 'ENOSPC' });

    const res = await kernel.injectAnonymous({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect((res.json() as { reasons: string[] }).reasons).toEqual([`recordings volume full (${folder}: no space left to write)`]);

    await rm(filler);
    expect((await kernel.injectAnonymous({ url: '/readyz' })).statusCode).toBe(200);
  });

  it('503 when fewer cameras record than HELDAR_READY_MIN_RECORDING_PERCENT asks; the setting changes at run time', async () => {
    const camsim = await use.camsim([smallCamera('gate')]);
    const kernel = await use.recordingKernel({ HELDAR_READY_MIN_RECORDING_PERCENT: '100' });
    await addCamera(kernel, { id: 'gate', name: 'Gate', stream_url: camsim.url('gate'), segment_seconds: 2 });
    // A camera whose address answers nothing: port 9 (discard) has no listener on loopback.
    await addCamera(kernel, { id: 'dead', name: 'Dead', stream_url: 'rtsp://127.0.0.1:9/none', segment_seconds: 2 });
    await kernel.startRecording();
    await waitFor('gate recording, dead not', async () => {
      const [gate, dead] = [await kernel.status.get('gate'), await kernel.status.get('dead')];
      return gate?.state === 'recording' && dead !== undefined && dead.state !== 'recording' && dead.state !== 'idle';
    }, 20_000);

    const res = await kernel.injectAnonymous({ url: '/readyz' });
    expect(res.statusCode).toBe(503);
    expect((res.json() as { reasons: string[] }).reasons).toEqual(['too few cameras recording: 1 of 2 (50%, at least 100% wanted)']);

    const put = await kernel.inject({ method: 'PUT', url: '/api/settings', payload: { ready_min_recording_percent: '50' } });
    expect(put.statusCode).toBe(200);
    expect((await kernel.injectAnonymous({ url: '/readyz' })).statusCode).toBe(200);
    // 0 turns the check off altogether.
    await kernel.inject({ method: 'PUT', url: '/api/settings', payload: { ready_min_recording_percent: '0' } });
    await camsim.setFault('gate', { kind: 'stall' });
    expect((await kernel.injectAnonymous({ url: '/readyz' })).statusCode).toBe(200);
  });
});
