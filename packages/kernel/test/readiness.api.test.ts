import { mkdir, rm, writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { testResources } from './helpers/resources.js';

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
