import { execFile, spawn } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FPS, addTestCamera, indexFootage, recordFiles, type IndexedFile } from './playback-footage.js';
import { addUser, browser, signIn } from './helpers/auth.js';
import { startTestKernel, tempDir, type TestKernel } from './helpers/test-kernel.js';

const execFileAsync = promisify(execFile);

let kernel: TestKernel;
let files: IndexedFile[];
let removeFootage: () => Promise<void>;
// Three 2 s files, a 5 s outage, three more.
const T0 = Date.UTC(2026, 10, 21, 10, 0, 0);
const GAP_MS = 5_000;
const FRAME_MS = 1000 / FPS;
const THUMB = { width: 64, height: 48 };
const iso = (ms: number) => new Date(ms).toISOString();

beforeAll(async () => {
  const footage = await tempDir('heldar-snapshot-footage-');
  removeFootage = footage.remove;
  const recorded = await recordFiles(footage.dir, { seconds: 12, segmentSeconds: 2 });
  kernel = await startTestKernel();
  await addTestCamera(kernel, 'front');
  files = await indexFootage(kernel, 'front', recorded, T0, { before: 3, ms: GAP_MS });
});

afterAll(async () => {
  await kernel?.dispose();
  await removeFootage?.();
});

/** Width and height from a JPEG's start-of-frame marker (SOF0–SOF2). */
function jpegSize(jpeg: Buffer): { width: number; height: number } {
  let at = 2;
  while (at + 9 < jpeg.length) {
    if (jpeg[at] !== 0xff) throw new Error(`no JPEG marker at ${at}`);
    const marker = jpeg[at + 1]!;
    if (marker >= 0xc0 && marker <= 0xc2) return { height: jpeg.readUInt16BE(at + 5), width: jpeg.readUInt16BE(at + 7) };
    at += 2 + jpeg.readUInt16BE(at + 2);
  }
  throw new Error('no start-of-frame marker');
}

// passthrough: with the default (cfr for rawvideo) ffmpeg would repeat the first frame to fill the
// B-frame reordering delay before it, shifting every index.
const grayArgs = ['-fps_mode', 'passthrough', '-vf', `scale=${THUMB.width}:${THUMB.height},format=gray`, '-f', 'rawvideo', '-'];

/** Every frame of a recorded file, in presentation order, as small grey pictures. */
async function fileFrames(file: string): Promise<Buffer[]> {
  const { stdout } = await execFileAsync('ffmpeg', ['-v', 'error', '-i', file, ...grayArgs], { encoding: 'buffer', maxBuffer: 64 << 20 });
  const size = THUMB.width * THUMB.height;
  return Array.from({ length: stdout.length / size }, (_, i) => stdout.subarray(i * size, (i + 1) * size));
}

/** A JPEG as the same small grey picture. */
function jpegGray(jpeg: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const child = spawn('ffmpeg', ['-v', 'error', '-f', 'mjpeg', '-i', 'pipe:0', ...grayArgs]);
    const out: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(Buffer.concat(out)) : reject(new Error(`ffmpeg exited with ${code}`))));
    child.stdin.end(jpeg);
  });
}

/** Index of the frame most like `picture` (mean absolute difference). */
function closestFrame(frames: readonly Buffer[], picture: Buffer): number {
  const distance = (a: Buffer) => a.reduce((sum, v, i) => sum + Math.abs(v - picture[i]!), 0);
  let best = 0;
  for (let i = 1; i < frames.length; i++) if (distance(frames[i]!) < distance(frames[best]!)) best = i;
  return best;
}

const snapshotUrl = (at: string, camera = 'front') => `/api/cameras/${camera}/snapshot.jpg?at=${encodeURIComponent(at)}`;

describe('GET /api/cameras/:id/snapshot.jpg?at=', () => {
  it('answers with the recorded frame at (or just before) the moment, at the recorded size', async () => {
    for (const [file, intoMs] of [[files[0]!, 1234], [files[1]!, 0], [files[4]!, 1999], [files[5]!, 730]] as const) {
      const at = file.startMs + intoMs;
      const res = await kernel.inject({ url: snapshotUrl(iso(at)) });
      expect(res.statusCode, res.body).toBe(200);
      expect(res.headers['content-type']).toBe('image/jpeg');
      expect(res.headers['cache-control']).toBe('private, max-age=86400');
      const jpeg = res.rawPayload;
      expect([...jpeg.subarray(0, 3)]).toEqual([0xff, 0xd8, 0xff]);
      expect(jpegSize(jpeg)).toEqual({ width: 320, height: 240 });
      const wanted = Math.floor(intoMs / FRAME_MS);
      expect(res.headers['x-heldar-frame-time']).toBe(iso(file.startMs + wanted * FRAME_MS));
      // The picture is that frame of the recording, not a neighbour: testsrc2 moves every frame.
      expect(closestFrame(await fileFrames(file.absolute), await jpegGray(jpeg))).toBe(wanted);
    }
  });

  it('different moments give different pictures', async () => {
    const a = await kernel.inject({ url: snapshotUrl(iso(files[0]!.startMs + 300)) });
    const b = await kernel.inject({ url: snapshotUrl(iso(files[0]!.startMs + 1700)) });
    expect(a.statusCode).toBe(200);
    expect(b.statusCode).toBe(200);
    expect(a.rawPayload.equals(b.rawPayload)).toBe(false);
  });

  it('404 in a gap names the nearest recorded moment; 404 for an unknown camera', async () => {
    const gapStart = files[2]!.endMs;
    const res = await kernel.inject({ url: snapshotUrl(iso(gapStart + 1000)) });
    expect(res.statusCode).toBe(404);
    expect(res.json().message).toBe(`camera front has no recording at ${iso(gapStart + 1000)}; the nearest recorded moment is ${iso(gapStart)}`);
    const far = await kernel.inject({ url: snapshotUrl('2020-01-01T00:00:00Z') });
    expect(far.statusCode).toBe(404);
    expect(far.json().message).toBe('camera front has no recording at 2020-01-01T00:00:00.000Z');
    const unknown = await kernel.inject({ url: snapshotUrl(iso(T0 + 500), 'nope') });
    expect(unknown.statusCode).toBe(404);
  });

  it('400 for an `at` that is not an RFC 3339 time', async () => {
    for (const bad of ['yesterday', '2026-11-21 10:00:00', '']) {
      const res = await kernel.inject({ url: snapshotUrl(bad) });
      expect(res.statusCode, bad).toBe(400);
      expect(res.json().message).toContain('`at` must be an RFC 3339 time such as 2024-05-01T12:00:00Z');
    }
  });

  it('without `at` it stays the sampler’s latest frame (this camera is not sampled: 409)', async () => {
    expect((await kernel.inject({ url: '/api/cameras/front/snapshot.jpg' })).statusCode).toBe(409);
  });

  it('is open to viewers, and not to anonymous requests', async () => {
    await addUser(kernel, 'watcher', 'viewer', 'watcher pass phrase 1');
    const cookie = await signIn(kernel, 'watcher', 'watcher pass phrase 1');
    const res = await kernel.injectAnonymous({ url: snapshotUrl(iso(T0 + 500)), headers: browser(cookie) });
    expect(res.statusCode).toBe(200);
    expect((await kernel.injectAnonymous({ url: snapshotUrl(iso(T0 + 500)) })).statusCode).toBe(401);
  });

  it('answers many requests at once (two decodes at a time, the rest wait their turn)', async () => {
    const moments = Array.from({ length: 6 }, (_, i) => files[i]!.startMs + 200 * i);
    const answers = await Promise.all(moments.map((at) => kernel.inject({ url: snapshotUrl(iso(at)) })));
    expect(answers.map((r) => r.statusCode)).toEqual(moments.map(() => 200));
    expect(answers.map((r) => r.headers['x-heldar-frame-time'])).toEqual(moments.map((at) => iso(at)));
  });

  it('holds a lease on the segment only while it decodes', async () => {
    const res = await kernel.inject({ url: snapshotUrl(iso(T0 + 500)) });
    expect(res.statusCode).toBe(200);
    expect((await kernel.leases.held(files.map((f) => f.id))).size).toBe(0);
  });
});
