import { mkdir, symlink, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveRecordedFile } from '../src/storage/footage-layout.js';
import { addTestCamera, indexFootage, recordFiles, type IndexedFile } from './playback-footage.js';
import { startTestKernel, tempDir, type TestKernel } from './helpers/test-kernel.js';

const MARKER = 'HELDAR-SECRET-MARKER-7f3a';
const T0 = Date.UTC(2026, 10, 21, 7, 0, 0);
const EVIL_T = Date.UTC(2026, 10, 21, 8, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

let kernel: TestKernel;
let base: URL;
let files: IndexedFile[];
let outside: { dir: string; remove: () => Promise<void> };
let removeFootage: () => Promise<void>;
let session: string;
let evilSession: string;
let evil: { file: number; dir: number };

/** One GET with the path sent exactly as given (no client-side normalisation or encoding). */
function rawGet(rawPath: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(base.port), base.hostname);
    const chunks: Buffer[] = [];
    socket.on('connect', () => {
      socket.write(`GET ${rawPath} HTTP/1.1\r\nHost: ${base.host}\r\nAuthorization: Bearer ${kernel.adminKey}\r\nConnection: close\r\n\r\n`, 'latin1');
    });
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('end', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0), body: text.slice(text.indexOf('\r\n\r\n') + 4) });
    });
  });
}

async function createSession(from: number, to: number): Promise<string> {
  const res = await kernel.inject({ method: 'POST', url: '/api/playback', payload: { camera_id: 'gate', from: iso(from), to: iso(to) } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

/** A segment row whose path is a symlink (or lies behind one) planted inside the recordings root. */
async function plantRow(relative: string, at: number): Promise<number> {
  return kernel.indexer.indexInPlace('gate', relative, files[0]!.info, at);
}

beforeAll(async () => {
  const footage = await tempDir('heldar-paths-footage-');
  removeFootage = footage.remove;
  const recorded = await recordFiles(footage.dir, { seconds: 4, segmentSeconds: 2 });
  kernel = await startTestKernel();
  await addTestCamera(kernel, 'gate');
  files = await indexFootage(kernel, 'gate', recorded, T0);
  base = new URL(await kernel.listen());

  // Secrets: one in the data folder (outside the recordings root), one outside everything.
  outside = await tempDir('heldar-outside-');
  await writeFile(path.join(kernel.dataDir, 'outside-secret.txt'), MARKER);
  await writeFile(path.join(outside.dir, 'secret.mp4'), MARKER);
  await mkdir(path.join(outside.dir, 'day', '08'), { recursive: true });
  await writeFile(path.join(outside.dir, 'day', '08', 'x.mp4'), MARKER);
  // Inside the recordings root: a file symlink and a folder symlink, both leading out of it.
  const hour = path.join(kernel.config.recordingsDir, 'gate', '2026-11-21', '08');
  await mkdir(hour, { recursive: true });
  await symlink(path.join(outside.dir, 'secret.mp4'), path.join(hour, 'evil.mp4'));
  await symlink(path.join(outside.dir, 'day'), path.join(kernel.config.recordingsDir, 'gate', '2026-11-22'));
  evil = {
    file: await plantRow('gate/2026-11-21/08/evil.mp4', EVIL_T),
    dir: await plantRow('gate/2026-11-22/08/x.mp4', EVIL_T + 60_000),
  };

  session = await createSession(T0, files[0]!.endMs - 100);
  evilSession = await createSession(EVIL_T, EVIL_T + 120_000);
});

afterAll(async () => {
  await kernel?.dispose();
  await outside?.remove();
  await removeFootage?.();
});

describe('media paths', () => {
  it('serves what a session owns (the control case)', async () => {
    const playlist = await rawGet(`/media/playback/${session}/index.m3u8`);
    expect(playlist.status).toBe(200);
    expect(playlist.body).toContain(`${files[0]!.id}.mp4`);
    expect((await rawGet(`/media/playback/${session}/${files[0]!.id}.mp4`)).status).toBe(200);
  });

  it('answers every traversal attempt with 400 or 404, never with a file outside the roots', async () => {
    const S = session;
    const F = files[0]!.id;
    const secret = path.join(kernel.dataDir, 'outside-secret.txt');
    const attempts = [
      '/media/playback/../../../../etc/passwd',
      '/media/playback/../outside-secret.txt',
      `/media/playback/${S}/../../../../etc/passwd`,
      `/media/playback/${S}/../../outside-secret.txt`,
      `/media/playback/${S}/..%2f..%2f..%2f..%2fetc%2fpasswd`,
      `/media/playback/${S}/%2e%2e%2f%2e%2e%2foutside-secret.txt`,
      `/media/playback/${S}/%2E%2E%2F%2E%2E%2Foutside-secret.txt`,
      `/media/playback/${S}/.%2e/.%2e/outside-secret.txt`,
      `/media/playback/${S}/%252e%252e%252foutside-secret.txt`,
      `/media/playback/${S}/..%5c..%5coutside-secret.txt`,
      `/media/playback/${S}\\..\\..\\outside-secret.txt`,
      '/media/playback/%2e%2e%2f%2e%2e%2f/index.m3u8',
      '/media/playback/..%2f..%2f..%2fetc/passwd',
      '/media/%2e%2e/%2e%2e/etc/passwd',
      `/media/playback/${S}/%2fetc%2fpasswd`,
      `/media/playback/${S}//etc/passwd`,
      `/media/playback/${S}${secret}`,
      `/media/playback/${S}/${encodeURIComponent(secret)}`,
      `/media/playback/${encodeURIComponent(secret)}/index.m3u8`,
      `/media/playback/${S}/index.m3u8%00`,
      `/media/playback/${S}%00/index.m3u8`,
      `/media/playback/${S}/${F}.mp4%00.txt`,
      `/media/playback/${S}/${F}.mp4/..%2f..%2foutside-secret.txt`,
      `/media/playback/pbs_${'a'.repeat(61)}/index.m3u8`,
      `/media/playback/pbs_${'a'.repeat(5000)}/index.m3u8`,
      `/media/playback/${S}/${'9'.repeat(400)}.mp4`,
      '/media/playback/pbs_nosuchsession0/index.m3u8',
      `/media/playback/pbs_nosuchsession0/${F}.mp4`,
      `/media/playback/${S}/${files[1]!.id}.mp4`,
      `/media/playback/${S}/0x${F.toString(16)}.mp4`,
      `/media/playback/${S}/-${F}.mp4`,
      `/media/playback/${S}/session.json`,
      `/media/playback/${evilSession}/${evil.file}.mp4`,
      `/media/playback/${evilSession}/${evil.dir}.mp4`,
    ];
    for (const attempt of attempts) {
      const res = await rawGet(attempt);
      expect([400, 404], `${attempt} → ${res.status}`).toContain(res.status);
      expect(res.body, attempt).not.toContain(MARKER);
      expect(res.body, attempt).not.toMatch(/root:.*:0:0:/);
    }
  });

  it('never exports or downloads a recorded file that leads out of the recordings folder', async () => {
    for (const [from, to] of [[EVIL_T, EVIL_T + 30_000], [EVIL_T + 60_000, EVIL_T + 90_000]] as const) {
      const download = await rawGet(`/api/cameras/gate/footage.mp4?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`);
      expect(download).toMatchObject({ status: 404, body: expect.stringContaining('media file not found') });
      const res = await kernel.inject({ method: 'POST', url: '/api/clips', payload: { camera_id: 'gate', from: new Date(from).toISOString(), to: new Date(to).toISOString() } });
      expect(res.statusCode).toBe(404);
      expect(res.body).not.toContain(MARKER);
    }
  });

  it('gives the reasons a person can act on', async () => {
    expect(await rawGet(`/media/playback/pbs_${'a'.repeat(61)}/index.m3u8`)).toMatchObject({ status: 400, body: expect.stringContaining('invalid session id') });
    expect(await rawGet(`/media/playback/${session}/${files[1]!.id}.mp4`)).toMatchObject({ status: 404, body: expect.stringContaining('media file not found') });
    expect(await rawGet(`/media/playback/${evilSession}/${evil.file}.mp4`)).toMatchObject({ status: 404, body: expect.stringContaining('media file not found') });
  });
});

describe('resolveRecordedFile', () => {
  it('follows symlinks only while they stay inside the root, and accepts a root that is itself a symlink', async () => {
    const root = kernel.config.recordingsDir;
    expect(await resolveRecordedFile(root, files[0]!.relative)).toBe(files[0]!.absolute);
    await expect(resolveRecordedFile(root, 'gate/2026-11-21/08/evil.mp4')).rejects.toThrow('media file not found');
    await expect(resolveRecordedFile(root, 'gate/2026-11-22/08/x.mp4')).rejects.toThrow('media file not found');
    await expect(resolveRecordedFile(root, '../outside-secret.txt')).rejects.toThrow('invalid media path');
    await expect(resolveRecordedFile(root, 'gate/missing.mp4')).rejects.toThrow('media file not found');
    const linkedRoot = path.join(outside.dir, 'recordings-link');
    await symlink(root, linkedRoot);
    expect(await resolveRecordedFile(linkedRoot, files[0]!.relative)).toBe(files[0]!.absolute);
  });
});
