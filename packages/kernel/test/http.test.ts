import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKernel, type TestKernel } from './helpers/test-kernel.js';

let kernel: TestKernel;
beforeAll(async () => {
  kernel = await startTestKernel();
  await kernel.app.ready();
});
afterAll(async () => {
  await kernel.dispose();
});

describe('http', () => {
  it('answers health with version, database and uptime', async () => {
    const res = await kernel.inject({ url: '/api/health' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ status: 'ok', version: '0.1.0', db: 'ok' });
    expect(body.uptime_s).toBeGreaterThanOrEqual(0);
    expect(body.ffmpeg).toHaveProperty('available');
  });

  it('lists every route in the OpenAPI document at /api/docs', async () => {
    const res = await kernel.inject({ url: '/api/docs/json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json() as { openapi: string; paths: Record<string, Record<string, unknown>> };
    expect(doc.openapi).toMatch(/^3\./);
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([p, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`)),
    );
    const apiRoutes = kernel.routes.filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/docs')).map((r) => `${r.method} ${r.url}`);
    expect(apiRoutes.length).toBeGreaterThan(5);
    for (const route of apiRoutes) expect(documented, route).toContain(route);
    const ui = await kernel.inject({ url: '/api/docs' });
    expect([200, 302]).toContain(ui.statusCode);
  });

  it('answers unknown routes with a 404 in the error shape', async () => {
    const res = await kernel.inject({ url: '/api/nothing-here' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', message: 'no route for GET /api/nothing-here' });
  });

  it('answers malformed JSON with a 400 in the error shape', async () => {
    const res = await kernel.inject({
      method: 'POST',
      url: '/api/cameras',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toBe('bad_request');
    expect(typeof res.json().message).toBe('string');
  });

  it('answers an oversized body with a 413', async () => {
    const res = await kernel.inject({
      method: 'POST',
      url: '/api/cameras',
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({ error: 'payload_too_large', message: 'the request body is too large' });
  });
});

