import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync } from 'node:fs';
import net from 'node:net';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAX_CONNECTIONS } from '../src/http/app.js';
import { builtCli } from './helpers/built-cli.js';
import { testResources } from './helpers/resources.js';
import { tempDir, waitFor } from './helpers/test-kernel.js';

const resources = testResources();

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** `heldar serve` in a child process, so its descriptors can be counted and its shutdown timed. */
async function startServe(): Promise<{ child: ChildProcess; url: string }> {
  const { dir, remove } = await tempDir();
  cleanups.push(remove);
  const child = spawn(process.execPath, [builtCli(), 'serve'], {
    env: { PATH: process.env.PATH, HELDAR_DATA_DIR: dir, HELDAR_HTTP_PORT: '0', HELDAR_RECORDER_ENABLED: 'false', HELDAR_TZ: 'UTC', HELDAR_ADMIN_PASSWORD: 'not used in this test' },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await once(child, 'exit');
    }
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('heldar serve printed no listening line')), 20_000);
    readline.createInterface({ input: child.stdout! }).on('line', (line) => {
      const parsed = JSON.parse(line) as { url?: string };
      if (parsed.url) {
        clearTimeout(timer);
        resolve(parsed.url);
      }
    });
  });
  return { child, url };
}

function openDescriptors(pid: number): number {
  return readdirSync(`/proc/${pid}/fd`).length;
}

/** A WebSocket handshake without credentials; resolves with the status line, then hangs up as a client does. */
async function rejectedUpgrade(port: number, path: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
          'Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n',
      );
    });
    let received = '';
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      const end = received.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: (\d+)/i.exec(received)?.[1] ?? 0);
      if (received.length - end - 4 < length) return;
      socket.destroy();
      resolve(received.slice(0, received.indexOf('\r\n')));
    });
    socket.on('error', reject);
  });
}

describe('rejected WebSocket upgrades', () => {
  it('close their sockets: 1,000 refusals leave the descriptors at their baseline, and SIGTERM still ends the server in seconds', async () => {
    const { child, url } = await startServe();
    const pid = child.pid!;
    const port = Number(new URL(url).port);
    // Warm up (lazy modules, the SQLite handles) before taking the baseline.
    expect(await rejectedUpgrade(port, '/api/workers/w/stream')).toMatch(/^HTTP\/1\.1 401 /);
    const baseline = openDescriptors(pid);

    const paths = ['/api/workers/w/stream', '/api/cameras', '/no/such/path', '/api/events/stream'];
    const statuses = new Map<string, number>();
    for (let batch = 0; batch < 20; batch++) {
      const lines = await Promise.all(Array.from({ length: 50 }, (_, i) => rejectedUpgrade(port, paths[(batch * 50 + i) % paths.length]!)));
      for (const line of lines) statuses.set(line, (statuses.get(line) ?? 0) + 1);
    }
    expect([...statuses.keys()].every((line) => / (200|401|404) /.test(line)), [...statuses.keys()].join('; ')).toBe(true);
    expect([...statuses.values()].reduce((a, b) => a + b, 0)).toBe(1000);

    // A few descriptors of slack for the logger and the database; a leak would be a thousand.
    await waitFor('the server to close the refused sockets', () => openDescriptors(pid) <= baseline + 5, 10_000);

    const started = Date.now();
    child.kill('SIGTERM');
    const exited = once(child, 'exit') as Promise<[number | null]>;
    const [code] = await Promise.race([exited, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('no exit 10 s after SIGTERM')), 10_000))]);
    expect(code).toBe(0);
    expect(Date.now() - started).toBeLessThan(10_000);
  }, 60_000);
});

describe('open sockets', () => {
  it('are bounded in number, and a client cannot hold one without finishing its request', async () => {
    const kernel = await resources.kernel();
    await kernel.listen();
    expect(kernel.app.server.maxConnections).toBe(DEFAULT_MAX_CONNECTIONS);
    // Slow requests, slow headers and idle keep-alive connections each end (0 would mean never).
    expect(kernel.app.server.requestTimeout).toBeGreaterThan(0);
    expect(kernel.app.server.headersTimeout).toBeGreaterThan(0);
    expect(kernel.app.server.keepAliveTimeout).toBeGreaterThan(0);
  });
});
