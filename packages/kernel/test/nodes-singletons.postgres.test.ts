import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestCamera, makeSegmentFile } from './clips-footage.js';
import { indexCopiesOn, startTestCluster, type TestCluster, type TestNode } from './helpers/two-nodes.js';
import { tempDir, waitFor } from './helpers/test-kernel.js';
import { startWebhookReceiver, type WebhookReceiver } from './helpers/webhook-receiver.js';

// Once per cluster: webhook delivery runs on the leader only; retention per node volume; the storage
// report per node and in total.

let cluster: TestCluster;
let a: TestNode;
let b: TestNode;
let hook: WebhookReceiver;
let footage: { dir: string; remove: () => Promise<void> };

beforeAll(async () => {
  footage = await tempDir('heldar-nodes-singletons-');
  hook = await startWebhookReceiver();
  cluster = await startTestCluster(['node-a', 'node-b'], { HELDAR_OUTBOUND_ALLOW: '127.0.0.1' });
  [a, b] = cluster.nodes as [TestNode, TestNode];
  for (const n of cluster.nodes) await n.kernel.startRecording();
});

afterAll(async () => {
  await cluster?.dispose();
  await hook?.close();
  await footage?.remove();
});

describe('webhooks with two nodes', () => {
  it('deliver each event once, whichever node logged it and whichever node the subscription was made on', async () => {
    // Made through B: the leader (whichever it is) must pick it up.
    const res = await b.kernel.inject({ method: 'POST', url: '/api/webhooks', payload: { name: 'Receiver', url: hook.url, kinds: ['camera_added'] } });
    expect(res.statusCode, res.body).toBe(201);
    // Wait until the subscription is live on the leader: a first event arrives.
    await addTestCamera(a.kernel, 'probe');
    await waitFor('the first delivery', () => hook.received.length >= 1, 30_000);
    const cameras = ['a-1', 'b-1', 'a-2', 'b-2', 'a-3', 'b-3'];
    for (const id of cameras) await addTestCamera(id.startsWith('a') ? a.kernel : b.kernel, id);
    await waitFor('every camera_added delivered', () => cameras.every((id) => hook.received.some((d) => d.body.event.camera_id === id)), 30_000);
    // A marker after them: by the time it is in, a second delivery of the others would be too.
    await addTestCamera(b.kernel, 'marker');
    await waitFor('the marker delivered', () => hook.received.some((d) => d.body.event.camera_id === 'marker'), 30_000);
    const ids = hook.received.map((d) => d.body.event.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(hook.received.filter((d) => cameras.includes(String(d.body.event.camera_id)))).toHaveLength(cameras.length);
  });
});

describe('retention with two nodes', () => {
  it('B’s sweep deletes B’s expired footage and never A’s', async () => {
    const file = await makeSegmentFile(footage.dir, 'old', { seconds: 2 });
    await addTestCamera(a.kernel, 'old-cam');
    const patch = await a.kernel.inject({ method: 'PATCH', url: '/api/cameras/old-cam', payload: { retention_days: 1 } });
    expect(patch.statusCode, patch.body).toBe(200);
    const old = Date.now() - 5 * 86_400_000;
    const onA = await indexCopiesOn(a, 'old-cam', file, [old, old + 2_100]);
    await indexCopiesOn(b, 'old-cam', file, [old + 4_200, old + 6_300]);

    const report = await b.kernel.modules.storage.retention.sweep();
    expect(report.deleted).toMatchObject({ age: 2 });
    const left = await a.kernel.db.selectFrom('segments').select(['id', 'path', 'node_id']).where('camera_id', '=', 'old-cam').orderBy('id').execute();
    expect(left.map((r) => r.id)).toEqual(onA);
    for (const r of left) expect(existsSync(path.join(a.kernel.config.recordingsDir, r.path))).toBe(true);

    await a.kernel.modules.storage.retention.sweep();
    expect(await a.kernel.db.selectFrom('segments').select('id').where('camera_id', '=', 'old-cam').execute()).toEqual([]);
  });
});

describe('GET /api/storage with two nodes', () => {
  it('lists each node’s footage and free space, and the total', async () => {
    const file = await makeSegmentFile(footage.dir, 'now', { seconds: 2 });
    await addTestCamera(a.kernel, 'store');
    await indexCopiesOn(a, 'store', file, [Date.now() - 60_000]);
    await indexCopiesOn(b, 'store', file, [Date.now() - 30_000, Date.now() - 20_000]);
    // A's volume as of its heartbeat (the heartbeat itself may overwrite this with its own statfs).
    await a.kernel.db.updateTable('nodes').set({ free_bytes: 1_000, total_bytes: 5_000 }).where('id', '=', 'node-a').execute();
    const res = await b.kernel.inject({ url: '/api/storage' });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json<{ nodes: { node_id: string; segments: number; recorded_bytes: number; free_bytes: number | null; total_bytes: number | null }[]; total: { segments: number; recorded_bytes: number; free_bytes: number | null } }>();
    const nodeA = body.nodes.find((n) => n.node_id === 'node-a');
    const nodeB = body.nodes.find((n) => n.node_id === 'node-b');
    expect(nodeA?.segments).toBe(1);
    expect(nodeA?.free_bytes).toBeGreaterThan(0);
    expect(nodeA?.total_bytes).toBeGreaterThanOrEqual(nodeA?.free_bytes ?? Infinity);
    expect(nodeB?.segments).toBe(2);
    // B measured its own volume now.
    expect(nodeB?.free_bytes).toBeGreaterThan(0);
    expect(body.total.segments).toBe(body.nodes.reduce((s, n) => s + n.segments, 0));
    expect(body.total.recorded_bytes).toBe(body.nodes.reduce((s, n) => s + n.recorded_bytes, 0));
    expect(body.total.free_bytes).toBe((nodeA?.free_bytes ?? 0) + (nodeB?.free_bytes ?? 0));
  });
});
