import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestCamera, decodeErrors, iso, makeSegmentFile, probe } from './clips-footage.js';
import { assignSegments, indexCopiesOn, registerNode, startTestCluster, type TestCluster, type TestNode } from './helpers/two-nodes.js';
import { freePort } from './helpers/mosquitto.js';
import { tempDir } from './helpers/test-kernel.js';
import { createDestination, createPolicy, runJob } from './backup-helpers.js';
import { PeerTokenSigner } from '../src/cluster/peers/peer-token.js';
import { peerSegmentPath } from '../src/cluster/peers/peer-client.js';

// Two nodes on one PostgreSQL, each with its own recordings folder: footage recorded on node A is
// played, downloaded and exported through node B (fetched from A, node-signed, Range passed through).

const T0 = Date.UTC(2026, 8, 1, 10, 0, 0);
const SEGMENT_MS = 4_021;

let cluster: TestCluster;
let a: TestNode;
let b: TestNode;
let footage: { dir: string; remove: () => Promise<void> };
let onA: number[];
let onB: number[];

beforeAll(async () => {
  footage = await tempDir('heldar-nodes-footage-');
  cluster = await startTestCluster(['node-a', 'node-b']);
  [a, b] = cluster.nodes as [TestNode, TestNode];
  const file = await makeSegmentFile(footage.dir, 'four', { seconds: 4 });
  await addTestCamera(a.kernel, 'yard');
  // The camera failed over from A to B after two segments: A's volume holds the first two, B's the next two.
  onA = await indexCopiesOn(a, 'yard', file, [T0, T0 + SEGMENT_MS]);
  onB = await indexCopiesOn(b, 'yard', file, [T0 + 2 * SEGMENT_MS, T0 + 3 * SEGMENT_MS]);
});

afterAll(async () => {
  await cluster?.dispose();
  await footage?.remove();
});

const recordedOnA = async (segmentId: number): Promise<Buffer> => {
  const row = await a.kernel.db.selectFrom('segments').select('path').where('id', '=', segmentId).executeTakeFirstOrThrow();
  return readFile(path.join(a.kernel.config.recordingsDir, row.path));
};

describe('footage of another node', () => {
  it('plays through node B: the HLS playlist points at A’s segment, whose bytes B streams from A with Range', async () => {
    const session = await b.kernel.inject({ method: 'POST', url: '/api/playback', payload: { camera_id: 'yard', from: iso(T0), to: iso(T0 + 2 * SEGMENT_MS) } });
    expect(session.statusCode, session.body).toBe(201);
    const playlistUrl = session.json<{ playlist_url: string }>().playlist_url;
    const playlist = (await b.kernel.inject({ url: playlistUrl })).body;
    const first = onA[0] as number;
    expect(playlist).toContain(`${first}.mp4`);
    const fileUrl = playlistUrl.replace('index.m3u8', `${first}.mp4`);
    const original = await recordedOnA(first);
    // B's own volume does not have it: the bytes can only have come from A.
    const auth = { authorization: `Bearer ${b.kernel.adminKey}` };
    const whole = await fetch(`${b.url}${fileUrl}`, { headers: auth });
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-length')).toBe(String(original.length));
    expect(Buffer.from(await whole.arrayBuffer()).equals(original)).toBe(true);
    const part = await fetch(`${b.url}${fileUrl}`, { headers: { ...auth, range: 'bytes=1000-50999' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 1000-50999/${original.length}`);
    expect(part.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await part.arrayBuffer()).equals(original.subarray(1000, 51000))).toBe(true);
  });

  it('downloads a range across the failover boundary on B as one MP4 with both nodes’ footage, decoding cleanly', async () => {
    const from = T0 + 2_000;
    const to = T0 + 3 * SEGMENT_MS;
    const res = await fetch(`${b.url}/api/cameras/yard/footage.mp4?from=${iso(from)}&to=${iso(to)}`, { headers: { authorization: `Bearer ${b.kernel.adminKey}` } });
    expect(res.status).toBe(200);
    const file = path.join(footage.dir, 'across.mp4');
    await writeFile(file, Buffer.from(await res.arrayBuffer()));
    expect(await decodeErrors(file)).toBe('');
    const start = Date.parse(String(res.headers.get('x-footage-from')));
    expect(Math.abs((await probe(file)).durationS - (to - start) / 1000)).toBeLessThanOrEqual(0.25);
  });

  it('exports a clip across the boundary asked on B (A’s segments copied from A): the right duration, decoding cleanly', async () => {
    const from = T0 + 1_000;
    const to = T0 + 3 * SEGMENT_MS + 2_000;
    const res = await b.kernel.inject({ method: 'POST', url: '/api/clips', payload: { camera_id: 'yard', from: iso(from), to: iso(to) } });
    expect(res.statusCode, res.body).toBe(201);
    const clip = res.json<{ id: string; segment_count: number; files: { from: string; to: string }[]; url: string }>();
    expect(clip.segment_count).toBe(4);
    const bytes = (await b.kernel.inject({ url: clip.url })).rawPayload;
    const file = path.join(footage.dir, 'clip.mp4');
    await writeFile(file, bytes);
    expect(await decodeErrors(file)).toBe('');
    const start = Date.parse(clip.files[0]!.from);
    expect(Math.abs((await probe(file)).durationS - (to - start) / 1000)).toBeLessThanOrEqual(0.25);
  });

  it('takes a snapshot of a moment recorded on A, asked on B', async () => {
    const res = await b.kernel.inject({ url: `/api/cameras/yard/snapshot.jpg?at=${iso(T0 + 1_500)}` });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.rawPayload.subarray(0, 2).toString('hex')).toBe('ffd8');
  });
});

describe('the internal route', () => {
  const first = () => onA[0] as number;
  const signer = () => new PeerTokenSigner(Buffer.from(String(a.kernel.config.secretKey?.reveal()), 'base64'));
  const internal = (query: string, headers: Record<string, string> = {}) => fetch(`${a.url}${peerSegmentPath(first())}${query}`, { headers });
  const signed = (exp: number, segmentPath = peerSegmentPath(first()), node = 'node-b') => {
    const s = signer().sign('GET', segmentPath, node, exp);
    return `?node=${s.node}&exp=${s.exp}&sig=${s.sig}`;
  };

  it('backs up footage of both nodes from B: A’s files come through A and match its recorded bytes', async () => {
    const target = await tempDir('heldar-nodes-backup-');
    try {
      const destination = await createDestination(b.kernel, { kind: 'local', path: target.dir });
      const policy = await createPolicy(b.kernel, destination.id, { camera_ids: ['yard'] });
      const job = await runJob(b.kernel, policy.id);
      expect(job.state, job.error ?? '').toBe('completed');
      expect(job.files_done).toBe(onA.length + onB.length);
      for (const id of onA) {
        const row = await a.kernel.db.selectFrom('segments').select('path').where('id', '=', id).executeTakeFirstOrThrow();
        expect((await readFile(path.join(target.dir, row.path))).equals(await recordedOnA(id))).toBe(true);
      }
    } finally {
      await target.remove();
    }
  });

  it('serves a node-signed request with Range', async () => {
    const original = await recordedOnA(first());
    const res = await internal(signed(Date.now() + 30_000), { range: 'bytes=0-99' });
    expect(res.status).toBe(206);
    expect(Buffer.from(await res.arrayBuffer()).equals(original.subarray(0, 100))).toBe(true);
  });

  it('refuses unsigned, expired, forged and too-long signatures with 401 and a message', async () => {
    const cases: [string, RegExp][] = [
      ['', /node signature .* is required/],
      [signed(Date.now() - 1), /expired/],
      [signed(Date.now() + 30_000, peerSegmentPath(first() + 1)), /does not match/],
      [signed(Date.now() + 30_000).replace('node=node-b', 'node=node-c'), /does not match/],
      [signed(Date.now() + 3_600_000), /longer than/],
    ];
    for (const [query, message] of cases) {
      const res = await internal(query);
      expect(res.status, query).toBe(401);
      expect((await res.json()) as { message: string }).toMatchObject({ error: 'unauthorized', message: expect.stringMatching(message) });
    }
    const other = new PeerTokenSigner(Buffer.alloc(32, 7)).sign('GET', peerSegmentPath(first()), 'node-b', Date.now() + 30_000);
    expect((await internal(`?node=${other.node}&exp=${other.exp}&sig=${other.sig}`)).status).toBe(401);
  });

  it('serves only this node’s own files: B’s segment asked at A is 404', async () => {
    const path = peerSegmentPath(onB[0] as number);
    const s = signer().sign('GET', path, 'node-b', Date.now() + 30_000);
    const res = await fetch(`${a.url}${path}?node=${s.node}&exp=${s.exp}&sig=${s.sig}`);
    expect(res.status).toBe(404);
    expect(((await res.json()) as { message: string }).message).toMatch(/on node node-b/);
  });
});

describe('a node that is down', () => {
  it('makes playback of its footage a 503 naming the node', async () => {
    const deadPort = await freePort();
    await registerNode(a.kernel, 'node-c', `http://127.0.0.1:${deadPort}`);
    const file = await makeSegmentFile(footage.dir, 'dead', { seconds: 2 });
    const [id] = await indexCopiesOn(b, 'yard', file, [T0 + 10 * SEGMENT_MS]);
    await assignSegments(b.kernel, [id as number], 'node-c');
    const session = await b.kernel.inject({ method: 'POST', url: '/api/playback', payload: { camera_id: 'yard', from: iso(T0 + 10 * SEGMENT_MS), to: iso(T0 + 10 * SEGMENT_MS + 2_000) } });
    expect(session.statusCode, session.body).toBe(201);
    const fileUrl = session.json<{ playlist_url: string }>().playlist_url.replace('index.m3u8', `${id}.mp4`);
    const res = await b.kernel.inject({ url: fileUrl });
    expect(res.statusCode).toBe(503);
    expect(res.json<{ message: string }>().message).toMatch(/node node-c .*did not answer/);
  });
});
