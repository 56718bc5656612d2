import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKernel, type TestKernel } from './helpers/test-kernel.js';

let kernel: TestKernel;

beforeAll(async () => {
  kernel = await startTestKernel();
});

afterAll(async () => {
  await kernel?.dispose();
});

const BROWSER = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe('the API docs page while signed out', () => {
  it('sends a browser to the sign-in page, which comes back to the docs afterwards', async () => {
    for (const url of ['/api/docs', '/api/docs/', '/api/docs/static/index.html']) {
      const res = await kernel.injectAnonymous({ url, headers: BROWSER });
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location, url).toBe('/?next=%2Fapi%2Fdocs');
    }
  });

  it('keeps the 401 JSON for clients and for the OpenAPI document, and serves the page when signed in', async () => {
    const json = await kernel.injectAnonymous({ url: '/api/docs/json', headers: BROWSER });
    expect(json.statusCode).toBe(401);
    expect(json.json()).toMatchObject({ error: 'unauthorized' });
    const script = await kernel.injectAnonymous({ url: '/api/docs' });
    expect(script.statusCode).toBe(401);
    const signedIn = await kernel.inject({ url: '/api/docs/', headers: BROWSER });
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.body).toContain('swagger');
  });
});
