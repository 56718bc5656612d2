import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { waitFor } from './test-kernel.js';

/** Debian's mosquitto (`.ci/run` installs it); tests skip nothing: they fail when it is missing. */
export const MOSQUITTO_BIN = ['/usr/sbin/mosquitto', '/usr/bin/mosquitto'].find((p) => existsSync(p)) ?? 'mosquitto';

export interface TestBroker {
  readonly url: string;
  readonly port: number;
  /** Stops the broker (SIGKILL: an outage, not a goodbye). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** A free loopback port (bound and released; the broker binds it right after). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A mosquitto of the test's own on a free loopback port, with a temp config (not the system service). */
export async function startMosquitto(options: { users?: Record<string, string> } = {}): Promise<TestBroker> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'heldar-mosquitto-'));
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  // With users: only they may connect (a password file made by Debian's mosquitto_passwd).
  const auth = options.users === undefined ? ['allow_anonymous true'] : ['allow_anonymous false', `password_file ${await passwordFile(dir, options.users)}`];
  await fs.writeFile(conf, [`listener ${port} 127.0.0.1`, ...auth, 'persistence false', 'max_queued_messages 100000', ''].join('\n'));
  let child: ChildProcess | null = null;
  const stderr: string[] = [];

  async function start(): Promise<void> {
    const proc = spawn(MOSQUITTO_BIN, ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
    proc.stderr?.on('data', (d: Buffer) => stderr.push(d.toString()));
    child = proc;
    await waitFor(`mosquitto listening on ${port} (${stderr.join('').slice(-300)})`, () => canConnect(port), 10_000);
  }
  async function kill(): Promise<void> {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null) return;
    const exited = new Promise((resolve) => proc.once('exit', resolve));
    proc.kill('SIGKILL');
    await exited;
  }
  await start();
  return {
    url: `mqtt://127.0.0.1:${port}`,
    port,
    kill,
    restart: start,
    async close() {
      await kill();
      await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

async function passwordFile(dir: string, users: Record<string, string>): Promise<string> {
  const file = path.join(dir, 'passwords');
  // Readable by others: mosquitto started as root reads it after dropping to its own account. The
  // file holds salted hashes only.
  await fs.chmod(dir, 0o755);
  await fs.writeFile(file, '', { mode: 0o644 });
  for (const [user, password] of Object.entries(users)) {
    const made = spawnSync('mosquitto_passwd', ['-b', file, user, password], { encoding: 'utf8' });
    if (made.status !== 0) throw new Error(`mosquitto_passwd failed: ${made.stderr}`);
  }
  await fs.chmod(file, 0o644);
  return file;
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

export interface Received {
  topic: string;
  payload: Buffer;
  retain: boolean;
}

/** A subscriber that records every message (and the retained ones it is sent on subscribing). */
export async function subscriber(url: string, filters: string[] = ['#']): Promise<{ client: MqttClient; messages: Received[]; last(topic: string): string | undefined; on(topic: string): Received[] }> {
  const client = await connectAsync(url, { reconnectPeriod: 200, clientId: `test-sub-${Math.random().toString(36).slice(2)}` });
  const messages: Received[] = [];
  client.on('message', (topic, payload, packet) => messages.push({ topic, payload, retain: packet.retain }));
  // Subscribed again after each reconnect (a broker restart forgets subscriptions of clean sessions).
  client.on('connect', () => void client.subscribe(filters, { qos: 1 }));
  await client.subscribeAsync(filters, { qos: 1 });
  return {
    client,
    messages,
    last: (topic) => messages.filter((m) => m.topic === topic).at(-1)?.payload.toString(),
    on: (topic) => messages.filter((m) => m.topic === topic),
  };
}
