import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import yauzl from 'yauzl';
import { runCli } from '../src/cli/run-cli.js';
import { addTestCamera, decodeErrors, indexCopies, makeSegmentFile } from './clips-footage.js';
import { startTestKernel, tempDir, waitFor, type TestKernel } from './helpers/test-kernel.js';

const T0 = Date.UTC(2026, 5, 19, 0, 0, 0);
const iso = (ms: number): string => new Date(ms).toISOString();

let kernel: TestKernel;
let work: { dir: string; remove: () => Promise<void> };
let segment: string;

beforeAll(async () => {
  work = await tempDir('heldar-archive-');
  kernel = await startTestKernel();
  segment = await makeSegmentFile(work.dir, 'small', { seconds: 4 });
  for (const id of ['door', 'yard']) {
    await addTestCamera(kernel, id);
    await indexCopies(kernel, id, segment, [T0, T0 + 4_000, T0 + 8_000]);
  }
});

afterAll(async () => {
  await kernel?.dispose();
  await work?.remove();
});

/** Every entry of a zip: name → bytes (entries read one at a time). */
async function unzip(file: string): Promise<Map<string, Buffer>> {
  const zip = await yauzl.openPromise(file, { lazyEntries: true });
  const out = new Map<string, Buffer>();
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      zip.openReadStreamPromise(entry).then((stream) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out.set(entry.fileName, Buffer.concat(chunks));
          zip.readEntry();
        });
        stream.on('error', reject);
      }, reject);
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

async function verify(...args: string[]): Promise<{ code: number; text: string }> {
  const out: string[] = [];
  const capture = (chunk: string | Uint8Array): boolean => {
    out.push(String(chunk));
    return true;
  };
  const log = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
  const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
  try {
    const code = await runCli(['verify', ...args], {});
    return { code, text: out.join('\n') };
  } finally {
    log.mockRestore();
    err.mockRestore();
  }
}

describe('evidence archives', () => {
  it('makes one zip with a clip per camera, the incident’s notes and a signed manifest; heldar verify passes and fails after one flipped byte', async () => {
    const incident = await kernel.inject({
      method: 'POST',
      url: '/api/incidents',
      payload: { title: 'Break-in', notes: 'Side door forced at 00:00:03.\nPolice ref 4711.', cameras: ['door', 'yard'], from: iso(T0), to: iso(T0 + 12_000) },
    });
    expect(incident.statusCode).toBe(201);
    const created = await kernel.inject({ method: 'POST', url: '/api/archives', payload: { camera_ids: ['door', 'yard'], from: iso(T0 + 2_000), to: iso(T0 + 10_000), incident_id: incident.json().id } });
    expect(created.statusCode).toBe(202);
    const job = created.json<{ id: string; state: string; estimated_bytes: number }>();
    expect(job.state).toBe('pending');
    const segmentBytes = (await readFile(segment)).length;
    expect(job.estimated_bytes).toBe(2 * 3 * segmentBytes);

    const done = await waitFor('archive completed', async () => {
      const a = (await kernel.inject({ url: `/api/archives/${job.id}` })).json<{ state: string; progress: number; sha256: string; size_bytes: number; download_url: string }>();
      return a.state === 'completed' || a.state === 'failed' ? a : undefined;
    }, 30_000);
    expect(done).toMatchObject({ state: 'completed', progress: 1, download_url: `/api/archives/${job.id}/download` });

    const download = await kernel.inject({ url: done.download_url });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/zip');
    expect(download.rawPayload.length).toBe(done.size_bytes);
    expect(createHash('sha256').update(download.rawPayload).digest('hex')).toBe(done.sha256);
    const zipFile = path.join(work.dir, 'archive.zip');
    await writeFile(zipFile, download.rawPayload);

    const entries = await unzip(zipFile);
    expect([...entries.keys()].sort()).toEqual(['clips/door.mp4', 'clips/yard.mp4', 'incident/notes.txt', 'manifest.json']);
    expect(entries.get('incident/notes.txt')!.toString('utf8')).toBe('Side door forced at 00:00:03.\nPolice ref 4711.\n');
    const manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({ format: 'heldar-archive-manifest/1', archive_id: job.id, range: { from: iso(T0 + 2_000), to: iso(T0 + 10_000) }, incident: { id: incident.json().id, title: 'Break-in' } });
    expect(manifest.cameras.map((c: { id: string }) => c.id)).toEqual(['door', 'yard']);
    for (const f of manifest.files as { path: string; sha256: string; size_bytes: number }[]) {
      const bytes = entries.get(f.path)!;
      expect(bytes.length).toBe(f.size_bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(f.sha256);
    }
    // Each clip is a playable 8 s MP4.
    const clipFile = path.join(work.dir, 'door.mp4');
    await writeFile(clipFile, entries.get('clips/door.mp4')!);
    expect(await decodeErrors(clipFile)).toBe('');

    const key = (await kernel.inject({ url: '/api/clips/public-key' })).json<{ public_key_pem: string; key_id: string }>();
    expect(manifest.signature.key_id).toBe(key.key_id);
    const pem = path.join(work.dir, 'server.pem');
    await writeFile(pem, key.public_key_pem);
    const ok = await verify(zipFile, '--key', pem);
    expect(ok.code).toBe(0);
    expect(ok.text).toContain('signature: valid');
    expect(ok.text).toContain('clips/door.mp4: sha256');
    expect(ok.text).toContain('incident/notes.txt: sha256');
    expect(ok.text).toContain('VERIFIED against the given key');

    // One flipped byte in the middle of the zip (inside a stored clip) is found.
    const bytes = Buffer.from(download.rawPayload);
    const at = Math.floor(bytes.length / 2);
    bytes[at] = (bytes[at] ?? 0) ^ 0x01;
    const flipped = path.join(work.dir, 'flipped.zip');
    await writeFile(flipped, bytes);
    const bad = await verify(flipped, '--key', pem);
    expect(bad.code).toBe(1);
    expect(bad.text).toMatch(/clips\/(door|yard)\.mp4: MODIFIED/);
    expect(bad.text).toContain('NOT VERIFIED');
  });

  it('checks requests like clip exports and refuses an archive over the size cap with its estimated size', async () => {
    const post = (payload: Record<string, unknown>) => kernel.inject({ method: 'POST', url: '/api/archives', payload });
    const reversed = await post({ camera_ids: ['door'], from: iso(T0 + 5_000), to: iso(T0) });
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().message).toBe('`to` must be after `from`');
    const unknown = await post({ camera_ids: ['door', 'attic'], from: iso(T0), to: iso(T0 + 5_000) });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().message).toBe('camera attic not found');
    const noIncident = await post({ camera_ids: ['door'], from: iso(T0), to: iso(T0 + 5_000), incident_id: 999 });
    expect(noIncident.statusCode).toBe(404);
    expect(noIncident.json().message).toBe('incident 999 not found');
    const empty = await post({ camera_ids: ['door'], from: iso(T0 - 60_000), to: iso(T0 - 30_000) });
    expect(empty.statusCode).toBe(404);
    expect(empty.json().message).toBe('no recorded footage in the requested range');

    const capped = await startTestKernel({ HELDAR_ARCHIVE_MAX_MB: '1' });
    try {
      await addTestCamera(capped, 'door');
      const size = (await readFile(segment)).length;
      const copies = Math.ceil((1.5 * 1024 * 1024) / size);
      await indexCopies(capped, 'door', segment, Array.from({ length: copies }, (_, i) => T0 + i * 4_000));
      const res = await capped.inject({ method: 'POST', url: '/api/archives', payload: { camera_ids: ['door'], from: iso(T0), to: iso(T0 + copies * 4_000) } });
      expect(res.statusCode).toBe(413);
      const mib = ((copies * size) / 1024 / 1024).toFixed(1);
      expect(res.json().message).toBe(`archive too large: about ${mib} MiB of footage for 1 camera(s), the limit is 1.0 MiB (HELDAR_ARCHIVE_MAX_MB); choose fewer cameras or a shorter range`);
      expect((await capped.inject({ url: '/api/archives' })).json().archives).toEqual([]);
    } finally {
      await capped.dispose();
    }
  });
});
