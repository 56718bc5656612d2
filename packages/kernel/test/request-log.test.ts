import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKernel, type TestKernel } from './helpers/test-kernel.js';

let kernel: TestKernel;
const lines: string[] = [];

beforeAll(async () => {
  kernel = await startTestKernel({}, { logLines: lines });
});

afterAll(async () => {
  await kernel?.dispose();
});

describe('request logging', () => {
  it('logs one line per request at debug, none at info (a browser on the UI must not flood the console)', async () => {
    const res = await kernel.inject({ url: '/api/cameras' });
    expect(res.statusCode).toBe(200);
    const logged = lines.map((l) => JSON.parse(l) as { level: number; msg: string; url?: string; status?: number });
    const about = logged.filter((l) => l.url === '/api/cameras' || /request/.test(l.msg));
    expect(about).toEqual([expect.objectContaining({ level: 20, msg: 'request completed', url: '/api/cameras', status: 200 })]);
  });
});
