import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestCamera } from './clips-footage.js';
import { readEventStream, type StreamedEvent } from './helpers/event-stream-reader.js';
import { startTestCluster, type TestCluster, type TestNode } from './helpers/two-nodes.js';
import { waitFor } from './helpers/test-kernel.js';

// The event stream on any node carries every node's events, each once (PostgreSQL LISTEN/NOTIFY).

let cluster: TestCluster;
let a: TestNode;
let b: TestNode;

beforeAll(async () => {
  cluster = await startTestCluster(['node-a', 'node-b']);
  [a, b] = cluster.nodes as [TestNode, TestNode];
  // Background work (the relay's LISTEN) starts with the modules; the recorder itself is off.
  for (const n of cluster.nodes) await n.kernel.startRecording();
  await waitFor('both relays listening', async () => (await relayConnections()) >= 2);
});

afterAll(async () => {
  await cluster?.dispose();
});

async function relayConnections(): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where application_name = 'heldar event relay' and datname = current_database()`.execute(a.kernel.db);
  return rows[0]?.n ?? 0;
}

const added = (events: StreamedEvent[], camera: string) => events.filter((e) => e.kind === 'camera_added' && e.camera_id === camera);

describe('events across nodes', () => {
  it('an event logged on A arrives on B’s stream once, and on A’s own stream once', async () => {
    const onA = await readEventStream(a.url, a.kernel.adminKey);
    const onB = await readEventStream(b.url, b.kernel.adminKey);
    try {
      await addTestCamera(a.kernel, 'porch');
      await addTestCamera(b.kernel, 'gate');
      // Each stream has both nodes' events…
      await waitFor('A’s and B’s events on both streams', () => [onA, onB].every((s) => added(s.events, 'porch').length > 0 && added(s.events, 'gate').length > 0));
      // …and then one more event from each node, so a late duplicate of the first ones would be in by now.
      await addTestCamera(a.kernel, 'porch-2');
      await addTestCamera(b.kernel, 'gate-2');
      await waitFor('the second events on both streams', () => [onA, onB].every((s) => added(s.events, 'porch-2').length > 0 && added(s.events, 'gate-2').length > 0));
      for (const stream of [onA, onB]) {
        for (const camera of ['porch', 'gate', 'porch-2', 'gate-2']) expect(added(stream.events, camera), camera).toHaveLength(1);
        const ids = stream.events.map((e) => e.id);
        expect(new Set(ids).size).toBe(ids.length);
      }
    } finally {
      onA.close();
      onB.close();
    }
  });

  it('reconnects after the database drops its LISTEN connection, and catches up what was logged meanwhile', async () => {
    const onB = await readEventStream(b.url, b.kernel.adminKey);
    try {
      await sql`select pg_terminate_backend(pid) from pg_stat_activity where application_name = 'heldar event relay' and datname = current_database()`.execute(a.kernel.db);
      // Logged while B's relay is (probably) still reconnecting: it must still arrive, once.
      await addTestCamera(a.kernel, 'during-outage');
      await waitFor('the event logged during the outage on B', () => added(onB.events, 'during-outage').length > 0, 30_000);
      await waitFor('both relays listening again', async () => (await relayConnections()) >= 2, 30_000);
      await addTestCamera(a.kernel, 'after-outage');
      await waitFor('the event logged after the outage on B', () => added(onB.events, 'after-outage').length > 0, 30_000);
      expect(added(onB.events, 'during-outage')).toHaveLength(1);
      expect(added(onB.events, 'after-outage')).toHaveLength(1);
    } finally {
      onB.close();
    }
  });
});
