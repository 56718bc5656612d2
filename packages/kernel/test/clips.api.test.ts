// Length: every case shares one recorded fixture (built once, ~10 s of ffmpeg); splitting the file
// would build it once per file.
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, readFile, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runCli } from '../src/cli/run-cli.js';
import { SERVER_KEY_FILE } from '../src/media/clips/server-key.js';
import { inspectSegment } from '../src/recording/segment-inspector.js';
import { addTestCamera, decodeErrors, indexCopies, iso, makeSegmentFile, probe } from './clips-footage.js';
import { startTestKernel, tempDir, type TestKernel } from './helpers/test-kernel.js';

// Footage: segments of D ≈ 10 s (1 s GOP, 10 fps, H.264 + AAC; ffmpeg makes the first GOP 21 ms
// longer, as real recordings' first GOPs often are), placed back to back at fixed times:
//   lobby: 0–3D and 60–60+3D (an interior gap)      seam: 0–D and D+0.5–2D+0.5 (a 0.5 s seam)
const T0 = Date.UTC(2026, 5, 18, 0, 0, 0);
const at = (seconds: number): string => iso(T0 + seconds * 1000);
const GOP_S = 1;

let kernel: TestKernel;
let footage: { dir: string; remove: () => Promise<void> };
let D: number;

beforeAll(async () => {
  footage = await tempDir('heldar-clip-footage-');
  kernel = await startTestKernel();
  const file = await makeSegmentFile(footage.dir, 'a', { seconds: 10 });
  D = (await inspectSegment(file)).durationMs;
  for (const id of ['lobby', 'seam', 'empty']) await addTestCamera(kernel, id);
  await indexCopies(kernel, 'lobby', file, [0, D, 2 * D, 60_000, 60_000 + D, 60_000 + 2 * D].map((ms) => T0 + ms));
  await indexCopies(kernel, 'seam', file, [T0, T0 + D + 500]);
});

afterAll(async () => {
  await kernel?.dispose();
  await footage?.remove();
});

async function exportClip(payload: Record<string, unknown>) {
  return kernel.inject({ method: 'POST', url: '/api/clips', payload });
}

const clipPath = (filename: string): string => path.join(kernel.config.clipsDir, filename);

describe('POST /api/clips: the Rust original’s validation and messages (docs/reference.md)', () => {
  it.each([
    ['`to` before `from`', { camera_id: 'lobby', from: at(10), to: at(5) }, 400, '`to` must be after `from`'],
    ['`to` equal to `from`', { camera_id: 'lobby', from: at(10), to: at(10) }, 400, '`to` must be after `from`'],
    ['longer than the cap', { camera_id: 'lobby', from: at(0), to: at(3601) }, 400, 'clip too long (3601s); max 3600s'],
    ['exactly the cap passes the length check', { camera_id: 'cam_boundary', from: at(0), to: at(3600) }, 404, 'camera cam_boundary not found'],
    ['an unknown camera', { camera_id: 'ghost', from: at(0), to: at(60) }, 404, 'camera ghost not found'],
    ['a camera without footage', { camera_id: 'empty', from: at(0), to: at(60) }, 404, 'no recorded footage in the requested range'],
    ['a range without footage', { camera_id: 'lobby', from: at(35), to: at(55) }, 404, 'no recorded footage in the requested range'],
  ])('%s', async (_what, payload, status, message) => {
    const res = await exportClip(payload);
    expect(res.statusCode).toBe(status);
    expect(res.json()).toEqual({ error: status === 400 ? 'bad_request' : 'not_found', message });
  });

  it('rejects times that are not RFC 3339 and unknown fields, naming them', async () => {
    const bad = await exportClip({ camera_id: 'lobby', from: 'yesterday', to: at(5) });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().message).toContain('`from` must be an RFC 3339 time');
    const extra = await exportClip({ camera_id: 'lobby', from: at(0), to: at(5), format: 'avi' });
    expect(extra.statusCode).toBe(400);
    expect(extra.json().message).toContain('format');
  });
});

describe('POST /api/clips: the clip', () => {
  it('is one MP4 assembled from the fragments: keyframe-aligned, within one GOP of the request, decoding cleanly', async () => {
    const res = await exportClip({ camera_id: 'lobby', from: at(3.5), to: at(15.5) });
    expect(res.statusCode).toBe(201);
    const clip = res.json();
    expect(clip).toMatchObject({
      camera_id: 'lobby',
      from: at(3.5),
      to: at(15.5),
      requested_seconds: 12,
      covered_seconds: 12,
      gaps: [],
      segment_count: 2,
      method: 'fragments',
      url: `/media/clips/${clip.id}.mp4`,
      download_url: `/media/clips/${clip.id}.mp4?download=true`,
      manifest_url: `/media/clips/${clip.id}.manifest.json`,
      filename: `${clip.id}.mp4`,
      exported_by: 'test-admin',
    });
    expect(clip.id).toMatch(/^clip_[0-9a-f]{32}$/);
    expect(clip.files).toHaveLength(1);
    // Starts at the keyframe at or before `from`, ends at `to` exactly.
    expect(clip.files[0].to).toBe(at(15.5));
    const start = Date.parse(clip.files[0].from);
    expect(start).toBeLessThanOrEqual(T0 + 3_500);
    expect(start).toBeGreaterThan(T0 + 3_500 - GOP_S * 1000);

    const file = clipPath(clip.filename);
    const bytes = await readFile(file);
    expect(clip.size_bytes).toBe(bytes.length);
    expect(clip.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(await decodeErrors(file)).toBe('');
    const info = await probe(file);
    expect(Math.abs(info.durationS - clip.requested_seconds)).toBeLessThanOrEqual(GOP_S);
    const video = info.streams.find((s) => s.codec_type === 'video');
    expect(video).toMatchObject({ width: 320, height: 240 });
    // Every 10 fps frame from the keyframe (3.021 s) to the cut at 15.5 s: 70 + 10 + 40 + 5.
    expect(Number(video?.nb_read_packets)).toBe(125);
    expect(info.streams.some((s) => s.codec_type === 'audio')).toBe(true);

    const manifest = JSON.parse(await readFile(clipPath(`${clip.id}.manifest.json`), 'utf8'));
    expect(manifest).toMatchObject({
      format: 'heldar-clip-manifest/1',
      clip_id: clip.id,
      camera: { id: 'lobby', name: 'Camera lobby' },
      range: { from: at(3.5), to: at(15.5) },
      requested_ms: 12_000,
      covered_ms: 12_000,
      method: 'fragments',
      files: [{ filename: clip.filename, sha256: clip.sha256, size_bytes: clip.size_bytes }],
      exporter: 'test-admin',
      signature: { algorithm: 'Ed25519' },
    });
    expect(manifest.sources).toHaveLength(2);
    const segments = await kernel.segments.inRange('lobby', T0, T0 + 20_000);
    for (const [i, source] of manifest.sources.entries()) {
      const segment = segments[i];
      if (!segment) throw new Error('missing segment');
      const sourceBytes = await readFile(path.join(kernel.config.recordingsDir, segment.path));
      expect(source).toMatchObject({ segment_id: segment.id, path: segment.path, size_bytes: sourceBytes.length });
      expect(source.sha256).toBe(createHash('sha256').update(sourceBytes).digest('hex'));
    }
    // Each source is hashed once; the hash is kept for the next export.
    const cached = await kernel.db.selectFrom('segment_hashes').selectAll().execute();
    expect(cached.map((r) => r.segment_id).sort()).toEqual(segments.map((s) => s.id).sort());
  });

  it('reports an interior and a trailing gap, and plays across them', async () => {
    const res = await exportClip({ camera_id: 'lobby', from: at(0), to: at(100) });
    expect(res.statusCode).toBe(201);
    const clip = res.json();
    expect(clip.gaps).toEqual([
      { from: iso(T0 + 3 * D), to: at(60) },
      { from: iso(T0 + 60_000 + 3 * D), to: at(100) },
    ]);
    expect(clip.covered_seconds).toBe((6 * D) / 1000);
    expect(clip.segment_count).toBe(6);
    const file = clipPath(clip.filename);
    expect(await decodeErrors(file)).toBe('');
    // The recorded 60 s, back to back (the gaps hold no footage).
    expect(Math.abs((await probe(file)).durationS - clip.covered_seconds)).toBeLessThanOrEqual(GOP_S);
  });

  it('does not call a sub-second seam a gap', async () => {
    const res = await exportClip({ camera_id: 'seam', from: at(0), to: iso(T0 + 2 * D + 500) });
    expect(res.statusCode).toBe(201);
    const clip = res.json();
    expect(clip.gaps).toEqual([]);
    expect(clip.covered_seconds).toBeGreaterThan(20);
    expect(await decodeErrors(clipPath(clip.filename))).toBe('');
  });
});

describe('clips: listing, lookup, deletion, serving', () => {
  it('lists newest first, returns one by id, deletes files and row', async () => {
    const created = (await exportClip({ camera_id: 'lobby', from: at(61), to: at(64) })).json();
    const list = await kernel.inject({ url: '/api/clips?camera_id=lobby&limit=2' });
    expect(list.statusCode).toBe(200);
    expect(list.json().clips).toHaveLength(2);
    expect(list.json().clips[0].id).toBe(created.id);
    expect((await kernel.inject({ url: '/api/clips?camera_id=seam' })).json().clips.every((c: { camera_id: string }) => c.camera_id === 'seam')).toBe(true);

    const one = await kernel.inject({ url: `/api/clips/${created.id}` });
    expect(one.statusCode).toBe(200);
    expect(one.json()).toEqual(created);

    const files = [clipPath(created.filename), clipPath(`${created.id}.manifest.json`)];
    for (const f of files) expect(existsSync(f)).toBe(true);
    const del = await kernel.inject({ method: 'DELETE', url: `/api/clips/${created.id}` });
    expect(del.statusCode).toBe(204);
    for (const f of files) expect(existsSync(f)).toBe(false);
    expect((await kernel.inject({ url: `/api/clips/${created.id}` })).statusCode).toBe(404);
    expect((await kernel.inject({ method: 'DELETE', url: `/api/clips/${created.id}` })).json()).toEqual({ error: 'not_found', message: `clip ${created.id} not found` });
    expect((await kernel.inject({ url: created.url })).statusCode).toBe(404);
    expect((await kernel.inject({ url: '/api/clips/not-a-clip' })).statusCode).toBe(400);
  });

  it('serves the clip and its manifest with Range support', async () => {
    const clip = (await exportClip({ camera_id: 'lobby', from: at(20), to: at(25) })).json();
    const bytes = await readFile(clipPath(clip.filename));

    const whole = await kernel.inject({ url: clip.url });
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('video/mp4');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload.equals(bytes)).toBe(true);
    expect(whole.headers['content-disposition']).toBeUndefined();

    const part = await kernel.inject({ url: clip.url, headers: { range: 'bytes=100-199' } });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe(`bytes 100-199/${bytes.length}`);
    expect(part.rawPayload.equals(bytes.subarray(100, 200))).toBe(true);
    const beyond = await kernel.inject({ url: clip.url, headers: { range: `bytes=${bytes.length}-` } });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${bytes.length}`);

    const download = await kernel.inject({ url: clip.download_url });
    expect(download.headers['content-disposition']).toBe(`attachment; filename="${clip.filename}"`);
    const manifest = await kernel.inject({ url: clip.manifest_url });
    expect(manifest.headers['content-type']).toBe('application/json');
    expect(manifest.json().files[0].sha256).toBe(clip.sha256);
  });

  it('never serves a path outside the clips folder', async () => {
    const clip = (await exportClip({ camera_id: 'lobby', from: at(21), to: at(24) })).json();
    const attempts = [
      '/media/clips/../heldar.db',
      '/media/clips/..%2fheldar.db',
      '/media/clips/%2e%2e%2fheldar.db',
      '/media/clips/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      '/media/clips/..%5cheldar.db',
      '/media/clips/%2Fetc%2Fpasswd',
      '/media/clips//etc/passwd',
      `/media/clips/${clip.id}.mp4%00.txt`,
      `/media/clips/${clip.id}.mp4.tmp`,
      `/media/clips/${clip.id}x.mp4`,
      `/media/clips/${'clip_' + 'a'.repeat(300)}.mp4`,
      `/media/clips/clip_${'0'.repeat(32)}.mp4`,
      '/media/clips/heldar.db',
      '/media/clips/',
    ];
    for (const url of attempts) {
      const res = await kernel.inject({ url });
      // 414: Fastify refuses an over-long path segment before any route runs.
      expect([400, 404, 414], url).toContain(res.statusCode);
      expect(res.headers['content-type'], url).toMatch(/^application\/json/);
    }
    // A clip file swapped for a symlink that leads out of the folder is not followed.
    const file = clipPath(clip.filename);
    await unlink(file);
    await symlink(path.join(kernel.dataDir, 'heldar.db'), file);
    expect((await kernel.inject({ url: clip.url })).statusCode).toBe(404);
  });
});

describe('signed manifest and heldar verify', () => {
  it('publishes the signing key; verify passes on the clip and fails after one flipped byte or an edited manifest', async () => {
    const clip = (await exportClip({ camera_id: 'lobby', from: at(5), to: at(12) })).json();
    const key = await kernel.inject({ url: '/api/clips/public-key' });
    expect(key.statusCode).toBe(200);
    const manifestFile = clipPath(`${clip.id}.manifest.json`);
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8'));
    expect(key.json()).toMatchObject({ algorithm: 'Ed25519', key_id: manifest.signature.key_id, public_key: manifest.signature.public_key });
    expect((await stat(path.join(kernel.dataDir, SERVER_KEY_FILE))).mode & 0o777).toBe(0o600);

    const work = await tempDir('heldar-verify-');
    try {
      const out: string[] = [];
      const capture = (chunk: string | Uint8Array): boolean => {
        out.push(String(chunk));
        return true;
      };
      const log = vi.spyOn(process.stdout, 'write').mockImplementation(capture);
      const err = vi.spyOn(process.stderr, 'write').mockImplementation(capture);
      const verify = async (...args: string[]): Promise<{ code: number; text: string }> => {
        out.length = 0;
        const code = await runCli(['verify', ...args], {});
        return { code, text: out.join('\n') };
      };
      try {
        const pem = path.join(work.dir, 'server.pem');
        await writeFile(pem, key.json().public_key_pem);
        const clipFile = clipPath(clip.filename);

        const ok = await verify(clipFile, manifestFile, '--key', pem);
        expect(ok.code).toBe(0);
        expect(ok.text).toContain('signature: valid');
        expect(ok.text).toContain(`sha256 ${clip.sha256}`);
        expect(ok.text).toContain('VERIFIED against the given key');
        // Without --key only the manifest's own key was used: it must not claim the server made the clip.
        const keyless = await verify(clipFile, manifestFile);
        expect(keyless.code).toBe(0);
        expect(keyless.text).toContain('CONSISTENT (not verified against the server)');
        expect(keyless.text).toContain('the key written inside the manifest itself');
        expect(keyless.text).not.toMatch(/VERIFIED|the one the server exported/);

        const flipped = path.join(work.dir, clip.filename);
        await copyFile(clipFile, flipped);
        const bytes = await readFile(flipped);
        const at = Math.floor(bytes.length / 2);
        bytes[at] = (bytes[at] ?? 0) ^ 0x01;
        await writeFile(flipped, bytes);
        const bad = await verify(flipped, manifestFile, '--key', pem);
        expect(bad.code).toBe(1);
        expect(bad.text).toContain('MODIFIED');
        expect(bad.text).toContain('NOT VERIFIED');

        const edited = path.join(work.dir, 'edited.json');
        await writeFile(edited, JSON.stringify({ ...manifest, exporter: 'someone else' }));
        const forged = await verify(clipFile, edited);
        expect(forged.code).toBe(1);
        expect(forged.text).toContain('signature: INVALID');

        expect((await verify(clipFile)).code).toBe(2);
      } finally {
        log.mockRestore();
        err.mockRestore();
      }
    } finally {
      await work.remove();
    }
  });
});
