import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';
import { HeldarHttpError } from './http.js';
import { createWorker } from './worker.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

/** A stand-in kernel answering each request with the next canned reply; records what it was asked. */
async function fakeKernel(replies: ((req: IncomingMessage) => [number, unknown])[]): Promise<{ url: string; seen: string[] }> {
  const seen: string[] = [];
  server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url} ${req.headers.authorization ?? '-'}`);
    req.resume();
    const [status, body] = (replies.shift() ?? (() => [404, { error: 'not_found', message: 'no route' }]))(req);
    res.writeHead(status, { 'content-type': 'application/json' }).end(status === 204 ? undefined : JSON.stringify(body));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

const registered = {
  worker_id: 'wk_1', contract_version: 1, heartbeat_interval_s: 10, timeout_s: 30, max_credits: 64,
  assigned_cameras: ['b', 'a'], stream_path: '/api/workers/wk_1/stream', pull_path: '/api/workers/wk_1/frames/next',
};

describe('createWorker', () => {
  it('fails start() with the kernel\'s message when the registration itself is refused', async () => {
    const kernel = await fakeKernel([() => [401, { error: 'unauthorized', message: 'the API key is not valid' }]]);
    const worker = createWorker({ url: kernel.url, apiKey: 'hk_bad', name: 'w', version: '1', labels: ['x'], onFrame: () => [] });
    const error = await worker.start().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HeldarHttpError);
    expect(error).toMatchObject({ status: 401, kind: 'unauthorized', message: 'the API key is not valid (HTTP 401)' });
    expect(kernel.seen).toEqual(['POST /api/workers Bearer hk_bad']);
  });

  it('waits for a kernel that is not ready, registers, and deregisters on stop', async () => {
    let registrations = 0;
    const route = (req: IncomingMessage): [number, unknown] => {
      if (req.method === 'POST') return ++registrations === 1 ? [503, { error: 'unavailable', message: 'starting' }] : [201, registered];
      if (req.method === 'DELETE') return [204, null];
      // The frame stream is refused (this fake speaks no WebSocket): the worker keeps reconnecting.
      return [503, { error: 'unavailable', message: 'busy' }];
    };
    const kernel = await fakeKernel(Array.from({ length: 100 }, () => route));
    const errors: string[] = [];
    const assignments: string[][] = [];
    const worker = createWorker({
      url: `${kernel.url}/`, apiKey: 'hk_ok', name: 'w', version: '1', labels: ['x'],
      reconnect: { initialMs: 20, maxMs: 40 },
      onError: (e) => errors.push(e.message),
      onAssignment: (c) => assignments.push([...c]),
      onFrame: () => [],
    });
    await worker.start();
    expect(worker.workerId).toBe('wk_1');
    expect(worker.assignedCameras).toEqual(['a', 'b']);
    expect(assignments).toEqual([['a', 'b']]);
    await new Promise((r) => setTimeout(r, 150));
    await worker.stop();
    expect(worker.state).toBe('stopped');
    expect(errors[0]).toBe('starting (HTTP 503)');
    expect(errors.some((m) => m.startsWith('frame stream refused with HTTP'))).toBe(true);
    expect(kernel.seen.slice(0, 3)).toEqual(['POST /api/workers Bearer hk_ok', 'POST /api/workers Bearer hk_ok', 'GET /api/workers/wk_1/stream Bearer hk_ok']);
    // A stream attempt aborted by stop() may still reach the server after the DELETE (another
    // connection); what matters is that deregistering is the last thing the worker asks for.
    expect(kernel.seen.filter((s) => !s.startsWith('GET ')).at(-1)).toBe('DELETE /api/workers/wk_1 Bearer hk_ok');
  });
});

describe('Backoff', () => {
  it('doubles up to the cap with ±20 % jitter, and starts over after reset', () => {
    const b = new Backoff(100, 800);
    const delays = Array.from({ length: 6 }, () => b.next());
    [100, 200, 400, 800, 800, 800].forEach((base, i) => {
      expect(delays[i]).toBeGreaterThanOrEqual(base * 0.8);
      expect(delays[i]).toBeLessThanOrEqual(base * 1.2);
    });
    b.reset();
    expect(b.next()).toBeLessThanOrEqual(120);
  });
});
