import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../src/cli/cli-io.js';
import { secretsCommand } from '../src/cli/secrets-command.js';
import { loadConfig } from '../src/config.js';
import { verifySignature } from '../src/integrations/webhooks/webhook-signature.js';
import { AesGcmSecretBox } from '../src/secrets/secret-box.js';
import { startTestKernel, tempDir, waitFor } from './helpers/test-kernel.js';
import { startWebhookReceiver } from './helpers/webhook-receiver.js';

const PASSWORD = 'Cam-Pa55word-at-rest';
const URL_SECRET = 'url-t0ken-at-rest';
const WEBHOOK_SECRET = 'whsec_webhook-secret-at-rest-0123456789';
const WEBHOOK_URL_TOKEN = 'hook-url-t0ken-at-rest';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

// These tests read the stored values straight out of the SQLite file (and rotate through the CLI on
// the same folder): they run on SQLite in the PostgreSQL pass too.
const READS_THE_FILE = 'reads stored secrets from the SQLite file itself';

async function dataDir(): Promise<string> {
  const { dir, remove } = await tempDir('heldar-secrets-');
  cleanups.push(remove);
  return dir;
}

/** A kernel on `dir` that is closed (not removed) at the end of the test. */
async function kernelOn(dir: string, env: Record<string, string> = {}) {
  const kernel = await startTestKernel(env, { dataDir: dir, sqliteOnly: READS_THE_FILE });
  let closed = false;
  cleanups.push(async () => {
    if (!closed) await kernel.close();
  });
  return Object.assign(kernel, {
    async shutdown() {
      closed = true;
      await kernel.close();
    },
  });
}

async function addCamera(kernel: Awaited<ReturnType<typeof kernelOn>>): Promise<void> {
  const created = await kernel.inject({
    method: 'POST',
    url: '/api/cameras',
    payload: { id: 'gate', name: 'Gate', address: '127.0.0.1', username: 'admin', password: PASSWORD, sub_stream_url: `rtsp://127.0.0.1/sub?token=${URL_SECRET}` },
  });
  expect(created.statusCode, created.body).toBe(201);
}

/** Every byte of the database's files (main file, WAL, shared memory). */
async function databaseBytes(dir: string): Promise<Buffer> {
  const files = (await fs.readdir(dir)).filter((f) => f.startsWith('heldar.db'));
  expect(files).toContain('heldar.db');
  return Buffer.concat(await Promise.all(files.map((f) => fs.readFile(path.join(dir, f)))));
}

function storedPassword(dir: string): string {
  const db = new Database(path.join(dir, 'heldar.db'), { readonly: true });
  try {
    return (db.prepare('select password from cameras where id = ?').get('gate') as { password: string }).password;
  } finally {
    db.close();
  }
}

function fakeIo(input = ''): CliIo & { out: (l: string) => void; outLines: string[]; errLines: string[] } {
  const outLines: string[] = [];
  const errLines: string[] = [];
  return { outLines, errLines, interactive: false, out: (l) => void outLines.push(l), err: (l) => void errLines.push(l), readSecret: () => Promise.resolve(input) };
}

describe('secrets at rest', () => {
  it('leaves no plaintext camera password in the database files, while the recorder still gets it', async () => {
    const dir = await dataDir();
    const kernel = await kernelOn(dir);
    await addCamera(kernel);
    const camera = await kernel.cameras.require('gate');
    expect(camera.password).toBe(PASSWORD);
    expect(camera.sub_stream_url).toContain(URL_SECRET);
    await kernel.shutdown();
    const bytes = await databaseBytes(dir);
    expect(bytes.includes(PASSWORD)).toBe(false);
    expect(bytes.includes(URL_SECRET)).toBe(false);
    expect(storedPassword(dir)).toMatch(/^enc:v1:[A-Za-z0-9+/]+=*$/);
    // The key file was created on the first start, readable by Heldar's account only.
    const stat = await fs.stat(path.join(dir, 'secret.key'));
    expect(stat.mode & 0o777).toBe(0o600);
  });

  it('leaves no plaintext webhook secret or URL token in the database files; deliveries are still signed with it', async () => {
    const dir = await dataDir();
    const receiver = await startWebhookReceiver();
    cleanups.push(() => receiver.close());
    const kernel = await kernelOn(dir, { HELDAR_OUTBOUND_ALLOW: '127.0.0.1' });
    await kernel.startRecording();
    const created = await kernel.inject({ method: 'POST', url: '/api/webhooks', payload: { name: 'Hook', url: `${receiver.url}?token=${WEBHOOK_URL_TOKEN}`, secret: WEBHOOK_SECRET } });
    expect(created.statusCode, created.body).toBe(201);
    const generated = await kernel.inject({ method: 'POST', url: '/api/webhooks', payload: { name: 'Generated', url: receiver.url } });
    const generatedSecret = generated.json<{ secret: string }>().secret;
    await kernel.events.log(null, 'camera_added', 'info', { name: 'Yard' });
    await waitFor('a delivery to each subscription', () => receiver.received.length >= 2);
    const signed = receiver.received.find((d) => d.body.webhook_id === created.json<{ id: string }>().id);
    expect(verifySignature(WEBHOOK_SECRET, String(signed!.headers['x-heldar-signature']), signed!.raw, Math.floor(Date.now() / 1000))).toBe(true);
    await kernel.shutdown();
    const bytes = await databaseBytes(dir);
    for (const secret of [WEBHOOK_SECRET, WEBHOOK_URL_TOKEN, generatedSecret]) expect(bytes.includes(secret), secret).toBe(false);
    const db = new Database(path.join(dir, 'heldar.db'), { readonly: true });
    const rows = db.prepare('select secret, url from webhooks').all() as { secret: string; url: string }[];
    db.close();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row.secret).toMatch(/^enc:v1:/);
      expect(row.url).toMatch(/^enc:v1:/);
    }
  });

  it('encrypts a webhook secret stored in plaintext by an older version at start', async () => {
    const dir = await dataDir();
    const first = await kernelOn(dir, { HELDAR_OUTBOUND_ALLOW: '127.0.0.1' });
    const created = await first.inject({ method: 'POST', url: '/api/webhooks', payload: { name: 'Hook', url: 'http://127.0.0.1:9/hook', secret: WEBHOOK_SECRET } });
    expect(created.statusCode, created.body).toBe(201);
    await first.shutdown();
    const db = new Database(path.join(dir, 'heldar.db'));
    db.prepare('update webhooks set secret = ?, url = ?').run('old-plain-webhook-secret', 'http://127.0.0.1:9/old-plain-path');
    db.close();
    const second = await kernelOn(dir, { HELDAR_OUTBOUND_ALLOW: '127.0.0.1' });
    const listed = (await second.inject({ method: 'GET', url: '/api/webhooks' })).json<{ webhooks: { url: string; secret: string }[] }>().webhooks;
    expect(listed).toMatchObject([{ url: 'http://127.0.0.1:9/old-plain-path', secret: '***' }]);
    expect(await second.modules.webhooks.webhooks.secretOf(created.json<{ id: string }>().id)).toBe('old-plain-webhook-secret');
    await second.shutdown();
    const bytes = await databaseBytes(dir);
    expect(bytes.includes('old-plain-webhook-secret')).toBe(false);
    expect(bytes.includes('old-plain-path')).toBe(false);
  });

  it('refuses to start with a key that does not decrypt the stored secrets', async () => {
    const dir = await dataDir();
    const keyA = randomBytes(32).toString('base64');
    const first = await kernelOn(dir, { HELDAR_SECRET_KEY: keyA });
    await addCamera(first);
    await first.shutdown();
    await expect(startTestKernel({ HELDAR_SECRET_KEY: randomBytes(32).toString('hex') }, { dataDir: dir, sqliteOnly: READS_THE_FILE })).rejects.toThrow(
      /^HELDAR_SECRET_KEY does not decrypt the stored secrets: cameras\.\w+ of gate/,
    );
    // The right key still starts, and nothing was changed by the refused start.
    const again = await kernelOn(dir, { HELDAR_SECRET_KEY: keyA });
    expect((await again.cameras.require('gate')).password).toBe(PASSWORD);
  });

  it('encrypts plaintext left by an older version at start (once)', async () => {
    const dir = await dataDir();
    const first = await kernelOn(dir);
    await addCamera(first);
    await first.shutdown();
    const db = new Database(path.join(dir, 'heldar.db'));
    db.prepare('update cameras set password = ? where id = ?').run('old-plain-password', 'gate');
    db.close();
    const second = await kernelOn(dir);
    expect((await second.cameras.require('gate')).password).toBe('old-plain-password');
    await second.shutdown();
    const stored = storedPassword(dir);
    expect(stored).toMatch(/^enc:v1:/);
    expect((await databaseBytes(dir)).includes('old-plain-password')).toBe(false);
    // Idempotent: a third start leaves the encrypted value as it is.
    const third = await kernelOn(dir);
    await third.shutdown();
    expect(storedPassword(dir)).toBe(stored);
  });

  it('rotates the key file: the new key decrypts, the old one no longer does', async () => {
    const dir = await dataDir();
    const first = await kernelOn(dir);
    await addCamera(first);
    await first.shutdown();
    const oldKey = await fs.readFile(path.join(dir, 'secret.key'), 'utf8');
    const io = fakeIo();
    expect(await secretsCommand(['rotate'], loadConfig({ HELDAR_DATA_DIR: dir }), io)).toBe(0);
    expect(io.errLines.join('\n')).toContain('2 stored secrets re-encrypted');
    expect(io.outLines).toEqual([]);
    const newKey = await fs.readFile(path.join(dir, 'secret.key'), 'utf8');
    expect(newKey).not.toBe(oldKey);
    expect((await fs.stat(path.join(dir, 'secret.key'))).mode & 0o777).toBe(0o600);
    expect(() => new AesGcmSecretBox(Buffer.from(oldKey.trim(), 'base64')).decrypt(storedPassword(dir))).toThrow(/authentication failed/);
    expect(new AesGcmSecretBox(Buffer.from(newKey.trim(), 'base64')).decrypt(storedPassword(dir))).toBe(PASSWORD);
    const after = await kernelOn(dir);
    expect((await after.cameras.require('gate')).password).toBe(PASSWORD);
  });

  it('rotates HELDAR_SECRET_KEY: prints the new key, which the next start needs', async () => {
    const dir = await dataDir();
    const oldKey = randomBytes(32).toString('base64');
    const first = await kernelOn(dir, { HELDAR_SECRET_KEY: oldKey });
    await addCamera(first);
    await first.shutdown();
    const given = randomBytes(32).toString('hex');
    const io = fakeIo(given);
    expect(await secretsCommand(['rotate', '--new-key-stdin'], loadConfig({ HELDAR_DATA_DIR: dir, HELDAR_SECRET_KEY: oldKey }), io)).toBe(0);
    expect(io.outLines).toEqual([given]);
    await expect(startTestKernel({ HELDAR_SECRET_KEY: oldKey }, { dataDir: dir, sqliteOnly: READS_THE_FILE })).rejects.toThrow(/HELDAR_SECRET_KEY does not decrypt the stored secrets/);
    const after = await kernelOn(dir, { HELDAR_SECRET_KEY: given });
    expect((await after.cameras.require('gate')).password).toBe(PASSWORD);
  });

  it('refuses a malformed key with the variable named', () => {
    expect(() => loadConfig({ HELDAR_SECRET_KEY: 'too-short' })).toThrow(/HELDAR_SECRET_KEY: must be 32 bytes/);
  });
});
