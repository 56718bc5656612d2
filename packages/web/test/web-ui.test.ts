import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installErrorHandler } from '../../kernel/src/http/error-handler.js';
import { registerWebUi } from '../../kernel/src/http/web-ui.js';

/** How the kernel serves a built UI: files, the SPA fallback, and what it never answers with the page. */

let root: string;
let app: FastifyInstance;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'heldar-web-ui-'));
  await mkdir(path.join(root, 'assets'));
  await writeFile(path.join(root, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  await writeFile(path.join(root, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  await writeFile(path.join(root, '.secret'), 'hidden');
  app = Fastify();
  installErrorHandler(app);
  app.get('/api/cameras', async () => ({ cameras: [] }));
  expect(await registerWebUi(app, root)).toBe(true);
  await app.ready();
});

afterAll(async () => {
  await app.close();
  await rm(root, { recursive: true, force: true });
});

describe('web UI serving', () => {
  it('serves index.html at / with a content security policy, never cached', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.body).toContain('<div id="root">');
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('answers every app path (deep links, reloads) with index.html', async () => {
    for (const url of ['/cameras/front-door', '/cameras/front-door/zones?x=1', '/events', '/users']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<div id="root">');
    }
  });

  it('serves hashed assets cached for a year, and other files as they are', async () => {
    const js = await app.inject({ url: '/assets/index-abc123.js' });
    expect(js.statusCode).toBe(200);
    expect(js.headers['content-type']).toMatch(/javascript/);
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const icon = await app.inject({ url: '/favicon.svg' });
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-type']).toMatch(/^image\/svg\+xml/);
    const head = await app.inject({ method: 'HEAD', url: '/assets/index-abc123.js' });
    expect(head.statusCode).toBe(200);
  });

  it('keeps /api and /media unknown paths a JSON 404, never the page', async () => {
    for (const url of ['/api/nothing-here', '/api', '/media/clips/nope.mp4', '/media']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toEqual({ error: 'not_found', message: `no route for GET ${url}` });
    }
    expect((await app.inject({ url: '/api/cameras' })).json()).toEqual({ cameras: [] });
  });

  it('answers a missing file with a 404, not the page', async () => {
    expect((await app.inject({ url: '/assets/missing-123.js' })).statusCode).toBe(404);
    expect((await app.inject({ url: '/robots.txt' })).statusCode).toBe(404);
  });

  it('serves nothing outside its folder, nor hidden files', async () => {
    for (const url of ['/../package.json', '/assets/..%2f..%2fetc%2fpasswd', '/%2e%2e/%2e%2e/etc/passwd', '/.secret', '/assets/%00.js', '/%E0%A4%A']) {
      const res = await app.inject({ url });
      expect(res.body, url).not.toContain('root:');
      expect(res.body, url).not.toContain('hidden');
      // A URL parser may resolve `%2e%2e` itself (to /etc/passwd): then it is just an app path.
      if (res.statusCode === 200) expect(res.body, url).toContain('<div id="root">');
      else expect([400, 403, 404], url).toContain(res.statusCode);
    }
  });

  it('registers nothing when the UI is not built', async () => {
    const bare = Fastify();
    installErrorHandler(bare);
    expect(await registerWebUi(bare, path.join(root, 'no-such-folder'))).toBe(false);
    expect((await bare.inject({ url: '/' })).statusCode).toBe(404);
    await bare.close();
  });
});
