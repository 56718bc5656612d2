import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ManualClock } from '../src/clock.js';
import { LEASE_GRACE_MS, type PlaybackSessionEnded } from '../src/media/playback/playback.service.js';
import { addTestCamera, indexFootage, recordFiles, type IndexedFile } from './playback-footage.js';
import { addUser, browser, signIn } from './helpers/auth.js';
import { startTestKernel, tempDir, type TestKernel } from './helpers/test-kernel.js';

const TTL_MS = 10 * 60_000;
const ENV = { HELDAR_PLAYBACK_TTL_MINUTES: '10' };
const T0 = Date.UTC(2026, 10, 21, 6, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

let clock: ManualClock;
let kernel: TestKernel;
let files: IndexedFile[];
let dataDir: string;
let removeFootage: () => Promise<void>;

beforeAll(async () => {
  const footage = await tempDir('heldar-playback-footage-');
  removeFootage = footage.remove;
  const recorded = await recordFiles(footage.dir, { seconds: 6, segmentSeconds: 2 });
  const data = await tempDir();
  dataDir = data.dir;
  clock = new ManualClock(Date.now());
  kernel = await startTestKernel(ENV, { clock, dataDir });
  await addTestCamera(kernel, 'yard');
  files = await indexFootage(kernel, 'yard', recorded, T0);
});

afterAll(async () => {
  await kernel?.dispose();
  await removeFootage?.();
});

async function create(headers: Record<string, string> = {}) {
  const res = await kernel.inject({ method: 'POST', url: '/api/playback', headers, payload: { camera_id: 'yard', from: iso(T0), to: iso(files.at(-1)!.endMs) } });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string; playlist_url: string; segment_count: number; expires_at: string }>();
}

/** The session's lease rows (holder `pbs:<id>:<random>`). */
async function leaseRows(sessionId: string) {
  return { rows: await kernel.db.selectFrom('segment_leases').selectAll().where('holder', 'like', `pbs:${sessionId}:%`).execute() };
}

const segmentIds = () => files.map((f) => f.id);

describe('playback sessions: leases and expiry', () => {
  it('hold their segments for their life, slide on use, and the sweep removes them and releases the segments', async () => {
    const session = await create();
    expect(session.segment_count).toBe(files.length);
    expect(session.expires_at).toBe(iso(clock.now() + TTL_MS));
    const { rows } = await leaseRows(session.id);
    expect(rows.map((r) => r.segment_id).sort((a, b) => a - b)).toEqual(segmentIds());
    expect(rows.every((r) => r.expires_at === clock.now() + TTL_MS + LEASE_GRACE_MS)).toBe(true);
    expect([...(await kernel.leases.held(segmentIds()))].sort((a, b) => a - b)).toEqual(segmentIds());

    // Used 9 minutes in: the session now lasts until 10 minutes after that use. Reading it does not count.
    clock.advance(9 * 60_000);
    expect((await kernel.inject({ url: session.playlist_url })).statusCode).toBe(200);
    const slid = clock.now() + TTL_MS;
    expect((await kernel.inject({ url: `/api/playback/${session.id}` })).json().expires_at).toBe(iso(slid));

    // Past the first expiry, not the slid one: the sweep keeps it and renews its lease to match.
    clock.advance(2 * 60_000);
    expect(await kernel.modules.playback.service.sweep()).toEqual({ removed: 0, renewed: 1 });
    expect((await leaseRows(session.id)).rows.every((r) => r.expires_at === slid + LEASE_GRACE_MS)).toBe(true);
    // Fetching media is use too.
    expect((await kernel.inject({ url: `/media/playback/${session.id}/${files[1]!.id}.mp4`, headers: { range: 'bytes=0-99' } })).statusCode).toBe(206);
    const expiresAt = Date.parse((await kernel.inject({ url: `/api/playback/${session.id}` })).json().expires_at);
    expect(expiresAt).toBe(clock.now() + TTL_MS);

    // Expired: gone for every caller at once, removed (with its leases) by the next sweep.
    const ended: PlaybackSessionEnded[] = [];
    const unsubscribe = kernel.modules.playback.service.onEnded((e) => ended.push(e));
    clock.set(expiresAt);
    expect((await kernel.inject({ url: `/api/playback/${session.id}` })).statusCode).toBe(404);
    expect((await kernel.inject({ url: session.playlist_url })).statusCode).toBe(404);
    expect((await kernel.inject({ url: `/media/playback/${session.id}/${files[0]!.id}.mp4` })).statusCode).toBe(404);
    expect(await kernel.modules.playback.service.sweep()).toEqual({ removed: 1, renewed: 0 });
    unsubscribe();
    // It lasted until its last use, 11 minutes in (heldar_playback_session_duration_seconds{reason="expired"}).
    expect(ended).toEqual([{ reason: 'expired', seconds: 660 }]);
    expect(await kernel.db.selectFrom('playback_sessions').select('id').where('id', '=', session.id).execute()).toEqual([]);
    expect(await kernel.db.selectFrom('playback_session_segments').select('segment_id').where('session_id', '=', session.id).execute()).toEqual([]);
    expect((await leaseRows(session.id)).rows).toEqual([]);
    expect((await kernel.leases.held(segmentIds())).size).toBe(0);
  });

  it('DELETE closes a session at once and releases its segments; a second DELETE is a 404', async () => {
    const a = await create();
    const b = await create();
    const removed = await kernel.inject({ method: 'DELETE', url: `/api/playback/${a.id}` });
    expect(removed.statusCode).toBe(204);
    expect((await leaseRows(a.id)).rows).toEqual([]);
    // b's lease on the same segments is its own (refcounted): still held.
    expect([...(await kernel.leases.held(segmentIds()))].sort((x, y) => x - y)).toEqual(segmentIds());
    expect((await kernel.inject({ url: a.playlist_url })).statusCode).toBe(404);
    const again = await kernel.inject({ method: 'DELETE', url: `/api/playback/${a.id}` });
    expect(again.statusCode).toBe(404);
    expect(again.json()).toEqual({ error: 'not_found', message: `playback session ${a.id} not found` });
    expect((await kernel.inject({ method: 'DELETE', url: `/api/playback/${b.id}` })).statusCode).toBe(204);
    expect((await kernel.leases.held(segmentIds())).size).toBe(0);
  });

  it('viewers may open and close sessions; without credentials nothing is served', async () => {
    await addUser(kernel, 'guard', 'viewer');
    const viewer = browser(await signIn(kernel, 'guard', 'guard pass phrase 1'));
    expect((await kernel.inject({ method: 'POST', url: '/api/cameras', headers: viewer, payload: { name: 'x', stream_url: 'rtsp://h/x' } })).statusCode).toBe(403);
    const session = await create(viewer);
    expect((await kernel.inject({ url: session.playlist_url, headers: viewer })).statusCode).toBe(200);
    expect((await kernel.injectAnonymous({ url: session.playlist_url })).statusCode).toBe(401);
    expect((await kernel.injectAnonymous({ url: `/media/playback/${session.id}/${files[0]!.id}.mp4` })).statusCode).toBe(401);
    expect((await kernel.injectAnonymous({ method: 'POST', url: '/api/playback', payload: {} })).statusCode).toBe(401);
    expect((await kernel.inject({ method: 'DELETE', url: `/api/playback/${session.id}`, headers: viewer })).statusCode).toBe(204);
  });

  it('survive a restart as they were; the start-up sweep removes the ones that expired meanwhile', async () => {
    const session = await create();
    const playlist = (await kernel.inject({ url: session.playlist_url })).body;
    await kernel.close();

    kernel = await startTestKernel(ENV, { clock, dataDir });
    expect((await kernel.inject({ url: session.playlist_url })).body).toBe(playlist);
    expect((await kernel.inject({ url: `/media/playback/${session.id}/${files[2]!.id}.mp4`, headers: { range: 'bytes=0-7' } })).statusCode).toBe(206);
    expect((await leaseRows(session.id)).rows).toHaveLength(files.length);
    await kernel.close();

    clock.advance(TTL_MS + 1);
    kernel = await startTestKernel(ENV, { clock, dataDir });
    await kernel.modules.playback.start?.();
    expect(await kernel.db.selectFrom('playback_sessions').select('id').execute()).toEqual([]);
    expect((await leaseRows(session.id)).rows).toEqual([]);
  });
});
