import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startCamsim, type Camsim } from '@heldar/camsim';
import type { Detection, HeldarWorker } from '@heldar/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { createMotionWorker } from './motion-worker.js';

// The worker runs against the real thing: the built `heldar serve` in its own process.
const CLI = fileURLToPath(new URL('../../../packages/kernel/dist/main.js', import.meta.url));

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function startHeldar(env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [CLI, 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  cleanups.push(async () => {
    if (child.exitCode !== null) return;
    child.kill('SIGTERM');
    await once(child, 'exit');
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('heldar serve did not report its URL')), 30_000);
    readline.createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
      const parsed = JSON.parse(line) as { url?: string };
      if (parsed.url) {
        clearTimeout(timer);
        resolve(parsed.url);
      }
    });
  });
  return { url, child };
}

describe('motion worker against a running Heldar', () => {
  it('registers with a worker key, gets the camera frames and reports motion boxes that become tracks', async () => {
    if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` first (\`npm test\` does)`);
    const dir = await mkdtemp(path.join(tmpdir(), 'heldar-motion-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const env = { PATH: process.env.PATH ?? '', HELDAR_DATA_DIR: dir, HELDAR_HTTP_PORT: '0', HELDAR_RECORDER_ENABLED: 'false', HELDAR_TZ: 'UTC', HELDAR_ADMIN_PASSWORD: 'not-used-in-this-test' };
    const key = (scope: string) => execFileSync(process.execPath, [CLI, 'key', 'add', '--name', `${scope}-key`, '--scope', scope], { env, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim();
    const adminKey = key('admin');
    const workerKey = key('worker');

    const camsim: Camsim = await startCamsim({ cameras: [{ name: 'street', width: 320, height: 240, fps: 10, bitrateKbps: 300, clipSeconds: 4 }] });
    cleanups.push(() => camsim.close());
    const { url } = await startHeldar(env);
    const api = async (method: string, route: string, body?: unknown) => {
      const res = await fetch(`${url}${route}`, {
        method,
        headers: { authorization: `Bearer ${adminKey}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    expect((await api('POST', '/api/cameras', { id: 'street', name: 'Street', stream_url: camsim.url('street'), detect_fps: 4, record_enabled: false })).status).toBe(201);

    const results: Detection[][] = [];
    const worker: HeldarWorker = createMotionWorker({ url, apiKey: workerKey, fps: 4, onResult: (_camera, d) => results.push(d) });
    cleanups.push(() => worker.stop());
    await worker.start();
    expect(worker.assignedCameras).toEqual(['street']);

    // The simulated camera shows a moving test pattern: motion in (nearly) every frame after the first.
    const deadline = Date.now() + 30_000;
    while (results.filter((d) => d.length > 0).length < 4) {
      if (Date.now() > deadline) throw new Error(`no motion reported; frames seen: ${results.length}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(worker.stats.postErrors).toBe(0);
    for (const d of results.flat()) {
      expect(d.label).toBe('motion');
      expect(d.box[0] + d.box[2]).toBeLessThanOrEqual(1);
    }
    const tracks = await api('GET', '/api/cameras/street/tracks');
    expect(tracks.status).toBe(200);
    const list = tracks.json.tracks as { label: string; worker: string }[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.every((t) => t.label === 'motion' && t.worker === 'motion')).toBe(true);
  });
});
