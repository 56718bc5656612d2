import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import readline from 'node:readline';
import { describe, expect, it } from 'vitest';
import { builtCli } from './helpers/built-cli.js';
import { testResources } from './helpers/resources.js';
import { testDatabaseEnv } from './helpers/test-database.js';
import { waitFor } from './helpers/test-kernel.js';
import { startWebhookReceiver } from './helpers/webhook-receiver.js';

const use = testResources();
const EVENTS_BEFORE = 60;
const EVENTS_AFTER = 5;

/** `heldar serve` as a child process; resolves with its URL once it listens. */
async function serve(env: NodeJS.ProcessEnv): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [builtCli(), 'serve'], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  use.defer(async () => {
    child.kill('SIGKILL');
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('heldar did not start')), 30_000);
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

describe('webhooks: a crash in the middle of a burst', () => {
  // 1: strict order; 8: pipelined, where the cursor waits for the lowest delivery still in flight.
  it.each([1, 8])('after kill -9 and a restart every event is delivered at least once; a repeat carries the same delivery id (max_in_flight %i)', async (maxInFlight) => {
    const dir = await use.dir();
    const hook = await startWebhookReceiver();
    use.defer(() => hook.close());
    // A receiver that takes 40 ms per delivery keeps the burst in flight long enough to kill Heldar inside it.
    // (Per delivery in flight: pipelined, the same rate needs a slower receiver.)
    hook.delayMs = 40 * maxInFlight;
    const env = {
      PATH: process.env.PATH,
      HELDAR_DATA_DIR: dir,
      HELDAR_HTTP_PORT: '0',
      HELDAR_TZ: 'UTC',
      HELDAR_LOG_LEVEL: 'info',
      HELDAR_RECORDER_ENABLED: 'false',
      HELDAR_ADMIN_PASSWORD: 'webhook crash admin',
      HELDAR_OUTBOUND_ALLOW: '127.0.0.1',
      // The CLI and both serves share the database: on the PostgreSQL pass, a schema for this folder.
      ...(await testDatabaseEnv(dir)),
    };
    const key = spawnSync(process.execPath, [builtCli(), 'key', 'add', '--name', 'crash-test', '--scope', 'admin'], { env, encoding: 'utf8' }).stdout.trim();
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key}` };
    const first = await serve(env);
    const created = await fetch(`${first.url}/api/webhooks`, { method: 'POST', headers, body: JSON.stringify({ name: 'crash', url: hook.url, kinds: ['camera_added'], max_in_flight: maxInFlight }) });
    expect(created.status).toBe(201);
    const webhookId = ((await created.json()) as { id: string }).id;

    const addCameras = async (url: string, from: number, count: number) => {
      // Sequential, so the event ids follow the camera numbers.
      for (let i = from; i < from + count; i++) {
        const res = await fetch(`${url}/api/cameras`, { method: 'POST', headers, body: JSON.stringify({ id: `cam${i}`, name: `Cam ${i}`, stream_url: 'rtsp://10.0.0.9/s', record_enabled: false }) });
        expect(res.status).toBe(201);
      }
    };
    await addCameras(first.url, 0, EVENTS_BEFORE);
    await waitFor('a third of the burst delivered', () => hook.received.length >= EVENTS_BEFORE / 3, 30_000, 5);
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    const atKill = hook.received.length;
    expect(atKill).toBeLessThan(EVENTS_BEFORE);

    const second = await serve(env);
    await addCameras(second.url, EVENTS_BEFORE, EVENTS_AFTER);
    const res = await fetch(`${second.url}/api/events?kind=camera_added&limit=1000`, { headers });
    const logged = ((await res.json()) as { events: { id: number }[] }).events.map((e) => e.id).sort((a, b) => a - b);
    expect(logged).toHaveLength(EVENTS_BEFORE + EVENTS_AFTER);

    const byEvent = () => {
      const map = new Map<number, Set<string>>();
      for (const d of hook.received) {
        const ids = map.get(d.body.event.id!) ?? new Set<string>();
        ids.add(String(d.headers['x-heldar-delivery']));
        map.set(d.body.event.id!, ids);
      }
      return map;
    };
    await waitFor('every event delivered', () => logged.every((id) => byEvent().has(id)), 60_000);
    for (const [eventId, deliveryIds] of byEvent()) expect([...deliveryIds]).toEqual([`${webhookId}.${eventId}`]);
    // In order (one in flight): the first arrival of each event follows the log's order.
    const firstArrivals = [...new Set(hook.received.map((d) => d.body.event.id))];
    expect(maxInFlight === 1 ? firstArrivals : [...firstArrivals].sort((a, b) => a! - b!)).toEqual(logged);
    expect(hook.maxConcurrent).toBeLessThanOrEqual(maxInFlight);
    const repeats = hook.received.length - logged.length;
    // At most the deliveries whose cursor move had not been written yet (and those in flight) are repeated.
    expect(repeats).toBeGreaterThanOrEqual(0);
    expect(repeats).toBeLessThan(atKill + maxInFlight);
  }, 150_000);
});
