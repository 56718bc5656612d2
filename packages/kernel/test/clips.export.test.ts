import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { copyFile, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServiceUnavailable } from '../src/errors.js';
import { ClipRepository } from '../src/media/clips/clip.repository.js';
import { ClipService } from '../src/media/clips/clip.service.js';
import { ClipSources } from '../src/media/clips/clip-sources.js';
import { HashThread } from '../src/hash-thread.js';
import { loadOrCreateServerKey } from '../src/media/clips/server-key.js';
import { nodeSourceFiles, type SourceFiles } from '../src/media/clips/source-files.js';
import { inspectSegment } from '../src/recording/segment-inspector.js';
import { kernelVersion } from '../src/version.js';
import { addTestCamera, decodeErrors, ffmpeg, indexCopies, iso, makeSegmentFile, probe } from './clips-footage.js';
import { startTestKernel, tempDir, waitFor, type TestKernel } from './helpers/test-kernel.js';

const T0 = Date.UTC(2026, 5, 19, 0, 0, 0);

let kernel: TestKernel;
let footage: { dir: string; remove: () => Promise<void> };
let small: string;
let ids: number[];
const hasher = new HashThread();

beforeAll(async () => {
  footage = await tempDir('heldar-clip-export-');
  kernel = await startTestKernel();
  small = await makeSegmentFile(footage.dir, 'small', { seconds: 4 });
  await addTestCamera(kernel, 'door');
  ids = await indexCopies(kernel, 'door', small, [T0, T0 + 4_021, T0 + 8_042]);
});

afterAll(async () => {
  await hasher.close();
  await kernel?.dispose();
  await footage?.remove();
});

/** Source files whose fragment reads wait until `open()` is called on the gate; `fail` makes them throw. */
function gatedFiles(options: { fail?: boolean } = {}) {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let waiting = 0;
  const files: SourceFiles = {
    index: (file) => nodeSourceFiles.index(file),
    async open(file) {
      const handle = await nodeSourceFiles.open(file);
      return {
        async read(position, length) {
          // Position 0 is the init segment, read while planning; fragments come after it.
          if (position > 0) {
            waiting += 1;
            if (options.fail) throw new Error('disk read error (test)');
            await gate;
          }
          return handle.read(position, length);
        },
        close: () => handle.close(),
      };
    },
  };
  return { files, open: () => release(), waiting: () => waiting };
}

function serviceWith(files: SourceFiles, timeoutMs = 60_000): ClipService {
  return new ClipService({
    settings: {
      clipsDir: kernel.config.clipsDir,
      ffmpegBin: kernel.config.ffmpegBin,
      timeoutMs,
      kernelVersion: kernelVersion(),
    },
    clips: new ClipRepository(kernel.db),
    sources: new ClipSources({ files: kernel.modules.peerFootage.files, maxClipSeconds: 3600, segments: kernel.segments, cameras: kernel.cameras, logger: pino({ level: 'silent' }) }),
    leases: kernel.leases,
    events: kernel.events,
    key: () => loadOrCreateServerKey(kernel.config.dataDir),
    files,
    hasher,
    clock: { now: () => Date.now() },
    logger: pino({ level: 'silent' }),
  });
}

const clipFiles = async (): Promise<string[]> => (await readdir(kernel.config.clipsDir).catch(() => [] as string[])).sort();

describe('clip export: leases for the whole export', () => {
  it('holds the segments while it runs and releases them afterwards — never another holder’s lease', async () => {
    const other = await kernel.leases.acquire('pbs:test', [ids[0] as number], 60_000);
    const gated = gatedFiles();
    const before = await clipFiles();
    const running = serviceWith(gated.files).export({ cameraId: 'door', from: T0 + 1_000, to: T0 + 10_000, exporter: 'alice' });
    await waitFor('the export to be copying', () => gated.waiting() > 0);
    // Mid-export: every source is leased (what retention checks before deleting), a .tmp is being written.
    expect([...(await kernel.leases.held(ids))].sort()).toEqual([...ids].sort());
    expect((await clipFiles()).some((f) => f.endsWith('.mp4.tmp'))).toBe(true);
    gated.open();
    const clip = await running;
    expect(clip.exported_by).toBe('alice');
    // Released, except the unrelated holder's lease on the first segment.
    expect([...(await kernel.leases.held(ids))]).toEqual([ids[0]]);
    await kernel.leases.release(other);
    expect((await kernel.leases.held(ids)).size).toBe(0);
    expect(await clipFiles()).toEqual([...before, `${clip.id}.manifest.json`, `${clip.id}.mp4`].sort());
  });

  it('keeps the retention sweeper off its segments until it is done', async () => {
    await addTestCamera(kernel, 'kept');
    const kept = await indexCopies(kernel, 'kept', small, [T0, T0 + 4_021]);
    // Footage from June with a 1-day retention: due for deletion by every rule but the lease.
    expect((await kernel.inject({ method: 'PATCH', url: '/api/cameras/kept', payload: { retention_days: 1 } })).statusCode).toBe(200);
    const gated = gatedFiles();
    const running = serviceWith(gated.files).export({ cameraId: 'kept', from: T0, to: T0 + 8_000, exporter: null });
    await waitFor('the export to be copying', () => gated.waiting() > 0);
    await kernel.modules.storage.retention.sweep();
    const rows = await kernel.db.selectFrom('segments').select(['id', 'path']).where('camera_id', '=', 'kept').execute();
    expect(rows.map((r) => r.id).sort()).toEqual([...kept].sort());
    for (const r of rows) expect(existsSync(path.join(kernel.config.recordingsDir, r.path))).toBe(true);
    gated.open();
    const clip = await running;
    expect(clip.segment_count).toBe(2);
    // Released: the next sweep deletes the footage; the exported clip stays.
    await kernel.modules.storage.retention.sweep();
    expect(await kernel.db.selectFrom('segments').select('id').where('camera_id', '=', 'kept').execute()).toEqual([]);
    expect(await kernel.db.selectFrom('segment_hashes').select('segment_id').where('segment_id', 'in', kept).execute()).toEqual([]);
    expect(existsSync(path.join(kernel.config.clipsDir, `${clip.id}.mp4`))).toBe(true);
  });

  it('times out: aborts the work, removes the partial files, releases the leases', async () => {
    const gated = gatedFiles();
    const before = await clipFiles();
    const started = Date.now();
    const err = await serviceWith(gated.files, 400)
      .export({ cameraId: 'door', from: T0, to: T0 + 12_000, exporter: null })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ServiceUnavailable);
    expect((err as Error).message).toBe('clip export timed out after 0.4s; try a shorter range');
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await kernel.leases.held(ids)).size).toBe(0);
    expect(await clipFiles()).toEqual(before);
    gated.open();
  });

  it('fails cleanly when a source cannot be read: no partial file, no lease, nothing listed', async () => {
    const before = await clipFiles();
    const listed = (await kernel.inject({ url: '/api/clips' })).json().clips.length;
    await expect(serviceWith(gatedFiles({ fail: true }).files).export({ cameraId: 'door', from: T0, to: T0 + 6_000, exporter: null })).rejects.toThrow('disk read error (test)');
    expect((await kernel.leases.held(ids)).size).toBe(0);
    expect(await clipFiles()).toEqual(before);
    expect((await kernel.inject({ url: '/api/clips' })).json().clips.length).toBe(listed);
  });

  it('removes what an interrupted export left behind at start, and nothing else', async () => {
    const kept = await clipFiles();
    const stray = ['clip_0123456789abcdef0123456789abcdef.mp4.tmp', 'clip_0123456789abcdef0123456789abcdef.mp4', 'clip_0123456789abcdef0123456789abcdef.concat.txt'];
    for (const f of stray) await writeFile(path.join(kernel.config.clipsDir, f), 'partial');
    await writeFile(path.join(kernel.config.clipsDir, 'README.txt'), 'not ours');
    await kernel.modules.clips.start?.();
    expect(await clipFiles()).toEqual([...kept, 'README.txt'].sort());
  });

  it('is refused without credentials', async () => {
    expect((await kernel.injectAnonymous({ method: 'POST', url: '/api/clips', payload: { camera_id: 'door', from: iso(T0), to: iso(T0 + 5_000) } })).statusCode).toBe(401);
    expect((await kernel.injectAnonymous({ url: '/api/clips' })).statusCode).toBe(401);
  });
});

describe('clip export: source hashes', () => {
  it('hashes each recorded segment when it is indexed; the manifest lists that recording-time hash', async () => {
    await addTestCamera(kernel, 'hashed');
    const staged = path.join(footage.dir, 'staged.mp4');
    await copyFile(small, staged);
    const segment = await kernel.indexer.promote('hashed', staged, await inspectSegment(small), T0);
    await kernel.modules.clips.segmentHashes.idle();
    const row = await kernel.db.selectFrom('segment_hashes').selectAll().where('segment_id', '=', segment.id).executeTakeFirstOrThrow();
    const bytes = await readFile(path.join(kernel.config.recordingsDir, segment.path));
    expect(row).toMatchObject({ sha256: createHash('sha256').update(bytes).digest('hex'), size_bytes: bytes.length });
    const clip = (await kernel.inject({ method: 'POST', url: '/api/clips', payload: { camera_id: 'hashed', from: iso(T0 + 1_000), to: iso(T0 + 3_000) } })).json();
    const manifest = (await kernel.inject({ url: clip.manifest_url })).json();
    expect(manifest.sources).toMatchObject([{ segment_id: segment.id, sha256: row.sha256, size_bytes: bytes.length }]);
  });
});

describe('clip export: codec changes and sources that are not fragmented MP4', () => {
  it('starts a second file when the codec configuration changes mid-range; both decode cleanly', async () => {
    const wide = await makeSegmentFile(footage.dir, 'wide', { seconds: 4, size: '480x270' });
    await addTestCamera(kernel, 'switch');
    await indexCopies(kernel, 'switch', small, [T0]);
    await indexCopies(kernel, 'switch', wide, [T0 + 4_021]);
    const res = await kernel.inject({ method: 'POST', url: '/api/clips', payload: { camera_id: 'switch', from: iso(T0 + 1_000), to: iso(T0 + 7_000) } });
    expect(res.statusCode).toBe(201);
    const clip = res.json();
    expect(clip.method).toBe('fragments');
    expect(clip.files.map((f: { filename: string }) => f.filename)).toEqual([`${clip.id}.mp4`, `${clip.id}-2.mp4`]);
    expect(clip.size_bytes).toBe(clip.files[0].size_bytes + clip.files[1].size_bytes);
    expect(clip.files[1]).toMatchObject({ from: iso(T0 + 4_021), to: iso(T0 + 7_000) });
    const sizes = [];
    for (const f of clip.files) {
      const file = path.join(kernel.config.clipsDir, f.filename);
      expect(await decodeErrors(file)).toBe('');
      const video = (await probe(file)).streams.find((s) => s.codec_type === 'video');
      sizes.push(`${video?.width}x${video?.height}`);
    }
    expect(sizes).toEqual(['320x240', '480x270']);
    const manifest = (await kernel.inject({ url: clip.manifest_url })).json();
    expect(manifest.files.map((f: { sha256: string }) => f.sha256)).toEqual(clip.files.map((f: { sha256: string }) => f.sha256));
    // Both files are served; DELETE removes both.
    expect((await kernel.inject({ url: clip.files[1].url })).statusCode).toBe(200);
    expect((await kernel.inject({ method: 'DELETE', url: `/api/clips/${clip.id}` })).statusCode).toBe(204);
    for (const f of clip.files) expect(existsSync(path.join(kernel.config.clipsDir, f.filename))).toBe(false);
  });

  it('writes the same bytes when a row has no stored fragment index (the file is parsed instead)', async () => {
    await addTestCamera(kernel, 'unindexed');
    const bare = await indexCopies(kernel, 'unindexed', small, [T0, T0 + 4_021]);
    await kernel.db.updateTable('segments').set({ fragments: null }).where('id', 'in', bare).execute();
    const range = { from: iso(T0 + 1_000), to: iso(T0 + 7_000) };
    const parsed = (await kernel.inject({ method: 'POST', url: '/api/clips', payload: { camera_id: 'unindexed', ...range } })).json();
    const stored = (await kernel.inject({ method: 'POST', url: '/api/clips', payload: { camera_id: 'door', ...range } })).json();
    expect(parsed.method).toBe('fragments');
    expect(parsed.files.map((f: { sha256: string }) => f.sha256)).toEqual(stored.files.map((f: { sha256: string }) => f.sha256));
  });

  it('falls back to ffmpeg concat when a file no longer matches its stored index', async () => {
    await addTestCamera(kernel, 'replaced');
    const [id] = await indexCopies(kernel, 'replaced', small, [T0]);
    // Another recording put in its place: a valid fragmented MP4, but not the fragments the index lists.
    const longer = await makeSegmentFile(footage.dir, 'half-gop', { seconds: 5, gop: 5 });
    const row = await kernel.db.selectFrom('segments').select('path').where('id', '=', id as number).executeTakeFirstOrThrow();
    await copyFile(longer, path.join(kernel.config.recordingsDir, row.path));
    const res = await kernel.inject({ method: 'POST', url: '/api/clips', payload: { camera_id: 'replaced', from: iso(T0 + 1_000), to: iso(T0 + 3_000) } });
    expect(res.statusCode).toBe(201);
    const clip = res.json();
    expect(clip.method).toBe('ffmpeg_concat');
    expect(await decodeErrors(path.join(kernel.config.clipsDir, clip.filename))).toBe('');
    expect((await clipFiles()).some((f) => f.endsWith('.tmp') || f.endsWith('.concat.txt'))).toBe(false);
  });

  it('falls back to ffmpeg concat (stream copy) for a segment that is not a fragmented MP4, and says so', async () => {
    await addTestCamera(kernel, 'legacy');
    const plain = path.join(footage.dir, 'plain.mp4');
    await ffmpeg(['-i', small, '-c', 'copy', '-movflags', '+faststart', plain]);
    const relative = 'legacy/imported/plain.mp4';
    await mkdir(path.join(kernel.config.recordingsDir, 'legacy/imported'), { recursive: true });
    await copyFile(plain, path.join(kernel.config.recordingsDir, relative));
    await kernel.db
      .insertInto('segments')
      .values({ camera_id: 'legacy', path: relative, start_ms: T0, end_ms: T0 + 4_021, duration_ms: 4_021, codec: 'h264', codecs: null, width: 320, height: 240, size_bytes: 1, container: 'mp4', init_size: null, fragments: null, created_at: Date.now() })
      .execute();
    const res = await kernel.inject({ method: 'POST', url: '/api/clips', payload: { camera_id: 'legacy', from: iso(T0 + 1_000), to: iso(T0 + 3_000) } });
    expect(res.statusCode).toBe(201);
    const clip = res.json();
    expect(clip).toMatchObject({ method: 'ffmpeg_concat', segment_count: 1, covered_seconds: 2 });
    const file = path.join(kernel.config.clipsDir, clip.filename);
    expect(await decodeErrors(file)).toBe('');
    expect(Math.abs((await probe(file)).durationS - 2)).toBeLessThanOrEqual(1);
    expect((await clipFiles()).some((f) => f.endsWith('.tmp') || f.endsWith('.concat.txt'))).toBe(false);
  });
});
