import { createHash } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestCamera, decodeErrors, indexCopies, iso, makeSegmentFile, probe } from './clips-footage.js';
import { addUser, browser, signIn } from './helpers/auth.js';
import { startTestKernel, tempDir, waitFor, type TestKernel } from './helpers/test-kernel.js';

// GET /api/cameras/:id/footage.mp4 — any range as one MP4 served from the recorded files.

const T0 = Date.UTC(2026, 5, 20, 0, 0, 0);

let kernel: TestKernel;
let footage: { dir: string; remove: () => Promise<void> };
let small: string;
let ids: number[];

beforeAll(async () => {
  footage = await tempDir('heldar-footage-');
  kernel = await startTestKernel();
  // 4 s segments, 10 fps, 1 s GOP, with audio; three back to back.
  small = await makeSegmentFile(footage.dir, 'small', { seconds: 4 });
  await addTestCamera(kernel, 'gate');
  ids = await indexCopies(kernel, 'gate', small, [T0, T0 + 4_021, T0 + 8_042]);
});

afterAll(async () => {
  await kernel?.dispose();
  await footage?.remove();
});

const url = (from: number, to: number, camera = 'gate') => `/api/cameras/${camera}/footage.mp4?from=${iso(from)}&to=${iso(to)}`;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('footage download: the export’s bytes, without writing them', () => {
  it('serves exactly the MP4 a clip export of the range writes; length, ETag and real start up front', async () => {
    const res = await kernel.inject({ url: url(T0 + 1_500, T0 + 10_500) });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('video/mp4');
    expect(res.headers['accept-ranges']).toBe('bytes');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    expect(res.headers.etag).toMatch(/^"fv1-[0-9a-f]{32}"$/);
    // The file starts at the keyframe at or before `from` (1 s GOPs), and ends at `to`.
    const start = Date.parse(String(res.headers['x-footage-from']));
    expect(start).toBeLessThanOrEqual(T0 + 1_500);
    expect(start).toBeGreaterThan(T0 + 500);
    expect(res.headers['x-footage-to']).toBe(iso(T0 + 10_500));

    const clip = (await kernel.inject({ method: 'POST', url: '/api/clips', payload: { camera_id: 'gate', from: iso(T0 + 1_500), to: iso(T0 + 10_500) } })).json();
    expect(clip.files).toHaveLength(1);
    expect(sha256(res.rawPayload)).toBe(clip.files[0].sha256);

    const file = path.join(footage.dir, 'download.mp4');
    await writeFile(file, res.rawPayload);
    expect(await decodeErrors(file)).toBe('');
    expect(Math.abs((await probe(file)).durationS - (T0 + 10_500 - start) / 1000)).toBeLessThanOrEqual(0.25);
  });

  it('answers HEAD and Range requests from the same layout: 206 slices, suffix ranges, 416', async () => {
    const whole = (await kernel.inject({ url: url(T0, T0 + 12_000) })).rawPayload;
    const head = await kernel.inject({ method: 'HEAD', url: url(T0, T0 + 12_000) });
    expect(head.statusCode).toBe(200);
    expect(Number(head.headers['content-length'])).toBe(whole.length);
    expect(head.rawPayload.length).toBe(0);
    // Ranges across the init segment, moof/mdat boundaries and file boundaries.
    for (const [a, b] of [[0, 99], [1_000, 250_000], [whole.length - 70_000, whole.length - 1]] as const) {
      const part = await kernel.inject({ url: url(T0, T0 + 12_000), headers: { range: `bytes=${a}-${b}` } });
      expect(part.statusCode).toBe(206);
      expect(part.headers['content-range']).toBe(`bytes ${a}-${b}/${whole.length}`);
      expect(part.headers.etag).toBe(head.headers.etag);
      expect(part.rawPayload.equals(whole.subarray(a, b + 1))).toBe(true);
    }
    const suffix = await kernel.inject({ url: url(T0, T0 + 12_000), headers: { range: 'bytes=-500' } });
    expect(suffix.rawPayload.equals(whole.subarray(whole.length - 500))).toBe(true);
    const beyond = await kernel.inject({ url: url(T0, T0 + 12_000), headers: { range: `bytes=${whole.length}-` } });
    expect(beyond.statusCode).toBe(416);
    expect(beyond.headers['content-range']).toBe(`bytes */${whole.length}`);
  });

  it('holds the footage against retention while the body is being sent, and not after', async () => {
    // 12 MB: more than the loopback socket buffers hold, so the body cannot be sent before it is read.
    const big = await makeSegmentFile(footage.dir, 'big', { seconds: 4, size: '1280x720', fps: 25, gop: 25, bitrateKbps: 8_000 });
    await addTestCamera(kernel, 'big');
    const bigIds = await indexCopies(kernel, 'big', big, [T0, T0 + 4_000, T0 + 8_000]);
    const base = await kernel.listen();
    const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
      http.get(`${base}${url(T0, T0 + 12_000, 'big')}`, { headers: { authorization: `Bearer ${kernel.adminKey}` } }, resolve).on('error', reject);
    });
    expect(res.statusCode).toBe(200);
    expect(Number(res.headers['content-length'])).toBeGreaterThan(8_000_000);
    // Headers sent, body not yet read: the segments are leased.
    expect([...(await kernel.leases.held(bigIds))].sort()).toEqual([...bigIds].sort());
    const chunks: Buffer[] = [];
    for await (const chunk of res) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).length).toBe(Number(res.headers['content-length']));
    await waitFor('the lease to be released', async () => (await kernel.leases.held(bigIds)).size === 0);
  });
});

describe('footage download: bad requests', () => {
  it('checks the range like an export, with the same messages, and changes nothing', async () => {
    const cases: [string, number, string][] = [
      [url(T0 + 5_000, T0 + 5_000), 400, '`to` must be after `from`'],
      [url(T0, T0 + 7_200_000), 400, 'clip too long (7200s); max 3600s'],
      [`/api/cameras/gate/footage.mp4?from=yesterday&to=${iso(T0)}`, 400, 'from'],
      [url(T0, T0 + 1_000, 'nope'), 404, 'nope'],
      [url(T0 - 60_000, T0 - 30_000), 404, 'no recorded footage in the requested range'],
    ];
    for (const [u, status, message] of cases) {
      const res = await kernel.inject({ url: u });
      expect(res.statusCode, u).toBe(status);
      expect(res.json().message).toContain(message);
    }
    expect((await kernel.leases.held(ids)).size).toBe(0);
  });

  it('refuses a range across a codec change with 409 and says where it changes', async () => {
    const wide = await makeSegmentFile(footage.dir, 'wide', { seconds: 4, size: '480x270' });
    await addTestCamera(kernel, 'switch');
    await indexCopies(kernel, 'switch', small, [T0]);
    await indexCopies(kernel, 'switch', wide, [T0 + 4_021]);
    const res = await kernel.inject({ url: url(T0 + 1_000, T0 + 7_000, 'switch') });
    expect(res.statusCode).toBe(409);
    expect(res.json().message).toBe(
      `the camera's codec configuration changes at ${iso(T0 + 4_021)}: download up to that time and from it separately, or export a clip (one file per configuration)`,
    );
    // Each side on its own is served.
    expect((await kernel.inject({ url: url(T0 + 1_000, T0 + 4_000, 'switch') })).statusCode).toBe(200);
    expect((await kernel.inject({ url: url(T0 + 4_100, T0 + 7_000, 'switch') })).statusCode).toBe(200);
  });

  it('is for operators: 401 without credentials, 403 for a viewer', async () => {
    expect((await kernel.injectAnonymous({ url: url(T0, T0 + 2_000) })).statusCode).toBe(401);
    await addUser(kernel, 'watcher', 'viewer');
    const viewer = browser(await signIn(kernel, 'watcher', 'watcher pass phrase 1'));
    expect((await kernel.inject({ url: url(T0, T0 + 2_000), headers: viewer })).statusCode).toBe(403);
  });
});
