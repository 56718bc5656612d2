import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CameraRepository } from '../src/cameras/camera.repository.js';
import { ManualClock } from '../src/clock.js';
import { CameraOwnerRepository } from '../src/cluster/camera-owner.repository.js';
import { CameraOwnership } from '../src/cluster/camera-ownership.js';
import type { ClusterSettings } from '../src/cluster/cluster-settings.js';
import { NodeRepository } from '../src/cluster/node.repository.js';
import { EventBus } from '../src/events/event-bus.js';
import { EventLog } from '../src/events/event-log.js';
import { EventRepository } from '../src/events/event.repository.js';
import { AesGcmSecretBox } from '../src/secrets/secret-box.js';
import { SegmentRepository } from '../src/storage/segment.repository.js';
import { openTestDatabase, type TestDatabase } from './helpers/test-database.js';

// The ownership rules of several nodes on one database, on the suite's engine (SQLite, or PostgreSQL in
// `npm run test:postgres`): each node is a CameraOwnership on the same database, moved round by round
// with a shared hand-moved clock. singleNode is off so the multi-node rules run on SQLite too.
const LEASE = 5000;
const T0 = Date.UTC(2026, 11, 5, 12);
let tdb: TestDatabase;
let clock: ManualClock;
let monotonic: number;
let cameras: CameraRepository;
let owners: CameraOwnerRepository;
let events: EventLog;

beforeEach(async () => {
  tdb = await openTestDatabase();
  clock = new ManualClock(T0);
  monotonic = 0;
  cameras = new CameraRepository(tdb.db, new AesGcmSecretBox(randomBytes(32)));
  owners = new CameraOwnerRepository(tdb.db);
  events = new EventLog(new EventRepository(tdb.db), new EventBus(() => undefined), clock, pino({ level: 'silent' }));
});
afterEach(async () => {
  for (const n of started) await n.leave();
  started.length = 0;
  await tdb.dispose();
});

const started: CameraOwnership[] = [];

type Nodes = Pick<NodeRepository, 'join' | 'heartbeat' | 'list' | 'find' | 'setState' | 'present'>;

function node(id: string, nodes: Nodes = new NodeRepository(tdb.db), capacity = 100, heartbeatMs = 600_000): CameraOwnership {
  const settings: ClusterSettings = { nodeId: id, url: `http://${id}.test:8080`, capacity, leaseMs: LEASE, heartbeatMs, version: 'test', singleNode: false };
  const ownership = new CameraOwnership({
    settings,
    nodes: nodes as NodeRepository,
    owners,
    events,
    clock,
    logger: pino({ level: 'silent' }),
    volume: () => Promise.resolve({ freeBytes: 1000, totalBytes: 2000 }),
    monotonic: () => monotonic,
  });
  started.push(ownership);
  return ownership;
}

/** The node repository with heartbeats that fail while `setDown(true)`: the database unreachable. */
function flakyNodes(): { flaky: Nodes; setDown: (down: boolean) => void } {
  const real = new NodeRepository(tdb.db);
  let down = false;
  const flaky = {
    join: real.join.bind(real),
    list: real.list.bind(real),
    find: real.find.bind(real),
    setState: real.setState.bind(real),
    present: real.present.bind(real),
    heartbeat: (...args: Parameters<NodeRepository['heartbeat']>) => (down ? Promise.reject(new Error('database down')) : real.heartbeat(...args)),
  };
  return { flaky, setDown: (value) => (down = value) };
}

async function addCamera(id: string, extra: { failover_priority?: number; preferred_node_id?: string | null; enabled?: boolean } = {}): Promise<void> {
  await cameras.insert(
    {
      id,
      name: id,
      enabled: extra.enabled ?? true,
      record_enabled: true,
      record_mode: 'continuous',
      stream_url: `rtsp://127.0.0.1:1/${id}`,
      address: null,
      port: null,
      path: null,
      username: null,
      password: null,
      sub_stream_url: null,
      segment_seconds: 2,
      record_audio: false,
      mirror_enabled: false,
      pre_roll_seconds: 0,
      post_roll_seconds: 0,
      retention_days: null,
      retention_max_bytes: null,
      detect_fps: null,
      onvif_url: null,
      onvif_trigger_topics: null,
      failover_priority: extra.failover_priority ?? 0,
      preferred_node_id: extra.preferred_node_id ?? null,
      created_at: T0,
      updated_at: T0,
    },
    'idle',
  );
}

/** Advances both clocks (wall and monotonic) as time passing does. */
function pass(ms: number): void {
  clock.advance(ms);
  monotonic += ms;
}

/** The node repository with presence as PostgreSQL would report it: the ids in `alive`. */
function nodesWithPresence(alive: Set<string>): Nodes {
  const real = new NodeRepository(tdb.db);
  return {
    join: real.join.bind(real),
    heartbeat: real.heartbeat.bind(real),
    list: real.list.bind(real),
    find: real.find.bind(real),
    setState: real.setState.bind(real),
    present: (ids) => Promise.resolve(new Set(ids.filter((id) => alive.has(id)))),
  };
}

async function ownerRows(): Promise<Record<string, { node: string; epoch: number }>> {
  const rows = await owners.all();
  return Object.fromEntries(rows.filter((r) => r.lease_expires_at >= clock.now()).map((r) => [r.camera_id, { node: r.node_id, epoch: Number(r.epoch) }]));
}

function segmentRow(cameraId: string, nodeId: string, epoch: number, start: number) {
  return {
    camera_id: cameraId,
    path: `${cameraId}/${start}.mp4`,
    start_ms: start,
    end_ms: start + 2000,
    duration_ms: 2000,
    codec: 'h264',
    codecs: 'avc1.42c00d',
    width: 320,
    height: 240,
    size_bytes: 1234,
    container: 'fmp4',
    init_size: 700,
    fragments: Buffer.from([1, 2, 3]),
    created_at: start,
    node_id: nodeId,
    epoch,
  };
}

describe('camera ownership', () => {
  it('two live nodes split new cameras by fair share, highest failover priority first', async () => {
    const a = node('a');
    const b = node('b');
    await a.join();
    await b.join();
    for (const [i, id] of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6'].entries()) await addCamera(id, { failover_priority: i });
    await a.tick();
    await b.tick();
    // a went first: its share of six cameras over two equal nodes is three, the three highest priorities.
    expect(a.ownedIds().sort()).toEqual(['c4', 'c5', 'c6']);
    expect(b.ownedIds().sort()).toEqual(['c1', 'c2', 'c3']);
    const rows = await ownerRows();
    expect(Object.values(rows).every((r) => r.epoch === 1)).toBe(true);
    expect(a.fenceOf('c6')).toEqual({ nodeId: 'a', epoch: 1 });
    expect(a.fenceOf('c1')).toBeNull();
  });

  it('a node that stops renewing loses its cameras to the survivors, which split them; the epoch rises and fences its writes', async () => {
    const a = node('a');
    const b = node('b');
    const c = node('c');
    await a.join();
    await b.join();
    await c.join();
    for (const id of ['c1', 'c2', 'c3', 'c4', 'c5', 'c6']) await addCamera(id);
    await a.tick();
    await b.tick();
    await c.tick();
    expect(a.ownedIds()).toHaveLength(2);
    const aCameras = a.ownedIds();
    const segments = new SegmentRepository(tdb.db);
    expect(await segments.insertFenced(segmentRow(aCameras[0]!, 'a', 1, T0))).not.toBeNull();

    // a is frozen (no renewal) for longer than the lease; b and c keep renewing.
    for (let i = 0; i < 6; i++) {
      pass(1000);
      await b.tick();
      await c.tick();
    }
    // b and c each took one of a's two cameras (fair share), at epoch 2.
    expect(b.ownedIds()).toHaveLength(3);
    expect(c.ownedIds()).toHaveLength(3);
    const rows = await ownerRows();
    for (const id of aCameras) expect(rows[id]?.epoch).toBe(2);
    const failovers = await failovers_(aCameras.length);
    expect(failovers.map((e) => e.camera_id).sort()).toEqual([...aCameras].sort());
    expect(failovers[0]!.payload).toMatchObject({ from_node: 'a', epoch: 2, reason: 'lease_expired' });
    expect(Number(failovers[0]!.payload.takeover_ms)).toBeGreaterThanOrEqual(LEASE);

    // a's late segment, written under epoch 1, is refused by the database; the new owner's is taken.
    expect(await segments.insertFenced(segmentRow(aCameras[0]!, 'a', 1, T0 + 10_000))).toBeNull();
    const newOwner = rows[aCameras[0]!]!.node;
    expect(await segments.insertFenced(segmentRow(aCameras[0]!, newOwner, 2, T0 + 10_000))).not.toBeNull();

    // a wakes up: its renewal shows the cameras gone, and it records nothing.
    const lost: string[] = [];
    a.onChange((id) => {
      lost.push(id);
      return Promise.resolve();
    });
    await a.tick();
    expect(a.ownedIds()).toEqual([]);
    expect(lost.sort()).toEqual([...aCameras].sort());
  });

  it('stops its own recorders when renewals fail for most of a lease, and takes them back when nobody else did', async () => {
    const { flaky, setDown } = flakyNodes();
    // Another live node, which could take the cameras: only then does stopping make sense.
    await node('b').join();
    const a = node('a', flaky);
    await addCamera('c1');
    await a.join();
    expect(a.owns('c1')).toBe(true);
    setDown(true);
    pass(1000);
    await expect(a.tick()).rejects.toThrow('database down');
    expect(a.owns('c1')).toBe(true);
    pass(3500);
    // 4.5 s without a renewal, lease 5 s, heartbeat (here) longer: it stops before the lease runs out.
    await expect(a.tick()).rejects.toThrow('database down');
    expect(a.owns('c1')).toBe(false);
    expect(a.fenceOf('c1')).toBeNull();
    setDown(false);
    pass(1000);
    await a.tick();
    // Nobody took it meanwhile: the same epoch, recording again.
    expect(a.fenceOf('c1')).toEqual({ nodeId: 'a', epoch: 1 });
  });

  it('keeps recording through late renewals while no other node is live (nobody could take over)', async () => {
    const { flaky, setDown } = flakyNodes();
    const a = node('a', flaky);
    await addCamera('c1');
    await a.join();
    setDown(true);
    pass(4500);
    await expect(a.tick()).rejects.toThrow('database down');
    expect(a.fenceOf('c1')).toEqual({ nodeId: 'a', epoch: 1 });
  });

  it("leaves a camera to its live preferred node, takes it while that node is away, and hands it back when it returns", async () => {
    const a = node('a');
    await a.join();
    await addCamera('hall', { preferred_node_id: 'b' });
    await a.tick();
    // b has not joined: a records it.
    expect(a.owns('hall')).toBe(true);
    const b = node('b');
    await b.join();
    await a.tick();
    // a hands it over: stop (the listener), then one conditional update to b at the next epoch.
    await waitUntil(async () => (await ownerRows()).hall?.node === 'b');
    expect((await ownerRows()).hall).toEqual({ node: 'b', epoch: 2 });
    await b.tick();
    expect(b.owns('hall')).toBe(true);
    expect(a.owns('hall')).toBe(false);
    const [handed] = await failovers_(1);
    expect(handed?.payload).toMatchObject({ from_node: 'a', to_node: 'b', reason: 'preferred_node', epoch: 2 });

    // A new camera preferring b is left to b even when a's round comes first.
    await addCamera('yard', { preferred_node_id: 'b' });
    await a.tick();
    expect(a.owns('yard')).toBe(false);
    await b.tick();
    expect(b.owns('yard')).toBe(true);
  });

  it('a draining node hands every camera to the others and takes none; resumed, it takes cameras again', async () => {
    const nodes = new NodeRepository(tdb.db);
    const a = node('a');
    const b = node('b');
    await a.join();
    await b.join();
    for (const id of ['c1', 'c2', 'c3', 'c4']) await addCamera(id);
    await a.tick();
    await b.tick();
    expect(a.ownedIds()).toHaveLength(2);
    await nodes.setState('a', 'draining');
    await a.tick();
    await waitUntil(async () => Object.values(await ownerRows()).every((r) => r.node === 'b'));
    await b.tick();
    expect(b.ownedIds()).toHaveLength(4);
    await addCamera('c5');
    await a.tick();
    expect(a.ownedIds()).toEqual([]);
    await nodes.setState('a', 'active');
    await a.tick();
    expect(a.ownedIds()).toEqual(['c5']);
  });

  it('respects capacity: a full node takes no more', async () => {
    const a = node('a', undefined, 2);
    await a.join();
    for (const id of ['c1', 'c2', 'c3']) await addCamera(id);
    await a.tick();
    expect(a.ownedIds()).toHaveLength(2);
  });

  it('keeps holding a camera that stops recording (its footage still indexes there), and forgets a deleted one once its recorder stopped', async () => {
    const a = node('a');
    await a.join();
    await addCamera('c1');
    await a.tick();
    expect(a.owns('c1')).toBe(true);
    await cameras.update('c1', { enabled: false, updated_at: T0 + 1 });
    await a.tick();
    expect(a.fenceOf('c1')).toEqual({ nodeId: 'a', epoch: 1 });

    // The recorder of a deleted camera takes its time to stop; its last segment must still index.
    let stopped!: () => void;
    const recorderStopped = new Promise<void>((resolve) => (stopped = resolve));
    a.onChange(async (id) => {
      if (id === 'c1') await recorderStopped;
    });
    await cameras.delete('c1');
    await a.tick();
    expect(a.owns('c1')).toBe(false);
    expect(a.fenceOf('c1')).toEqual({ nodeId: 'a', epoch: 1 });
    expect(await owners.find('c1')).toMatchObject({ node_id: 'a', epoch: 1 });
    stopped();
    await waitUntil(async () => (await owners.find('c1')) === undefined);
    expect(a.fenceOf('c1')).toBeNull();
  });

  it("takes a dead node's cameras before its lease runs out: no presence lock and two heartbeats missed", async () => {
    const alive = new Set(['a', 'b']);
    const HEARTBEAT = 400;
    const a = node('a', nodesWithPresence(alive), 100, HEARTBEAT);
    const b = node('b', nodesWithPresence(alive), 100, HEARTBEAT);
    await a.join();
    await b.join();
    for (const id of ['c1', 'c2', 'c3', 'c4']) await addCamera(id);
    await a.tick();
    await b.tick();
    const ofB = b.ownedIds().sort();
    expect(ofB).toHaveLength(2);

    // b lost its presence lock (a database restart dropped the connection) but heartbeats on: it keeps its cameras.
    alive.delete('b');
    pass(HEARTBEAT * 3);
    await b.tick();
    await a.tick();
    expect(b.ownedIds().sort()).toEqual(ofB);
    expect(Object.values(await ownerRows()).filter((r) => r.node === 'a')).toHaveLength(2);

    // Then b dies (kill -9): no heartbeat either. Two heartbeats later, well inside b's lease, a takes over.
    pass(HEARTBEAT * 2 + 1);
    // The events wait, as on a pool busy with the recorders starting, until time has moved on.
    let release = (): void => undefined;
    const busyPool = new Promise<void>((resolve) => (release = resolve));
    const log = events.log.bind(events);
    events.log = (async (...args: Parameters<typeof log>) => {
      await busyPool;
      return log(...args);
    }) as typeof events.log;
    await a.tick();
    const takenAt = clock.now();
    const rows = await ownerRows();
    for (const id of ofB) expect(rows[id]).toEqual({ node: 'a', epoch: 2 });
    expect(clock.now() - T0).toBeLessThan(LEASE);
    // Logged in the background, after the round: dated at the takeover all the same.
    pass(5000);
    release();
    const logged = await failovers_(2);
    expect(logged.map((f) => f.payload.reason)).toEqual(['node_gone', 'node_gone']);
    expect(logged.map((f) => f.at)).toEqual([takenAt, takenAt]);
    // b's late writes are fenced by the new epoch.
    const segments = new SegmentRepository(tdb.db);
    expect(await segments.insertFenced(segmentRow(ofB[0]!, 'b', 1, T0 + 10_000))).toBeNull();
  });

  it('leaves a deleted camera held by another live node to that node, and forgets it once that lease lapsed', async () => {
    const a = node('a');
    const b = node('b');
    await a.join();
    await addCamera('c1');
    await a.tick();
    expect(a.owns('c1')).toBe(true);
    await b.join();
    await cameras.delete('c1');
    await b.tick();
    expect(await owners.find('c1')).toMatchObject({ node_id: 'a' });
    clock.advance(LEASE + 1);
    await b.tick();
    expect(await owners.find('c1')).toBeUndefined();
  });
});

/** The camera_failed_over events logged, oldest first, payload parsed, once there are `count` (they are logged in the background). */
async function failovers_(count: number): Promise<{ camera_id: string | null; at: number; payload: Record<string, unknown> }[]> {
  const read = async () => {
    const rows = await tdb.db.selectFrom('events').select(['camera_id', 'at', 'payload']).where('kind', '=', 'camera_failed_over').orderBy('id').execute();
    return rows.map((r) => ({ camera_id: r.camera_id, at: Number(r.at), payload: JSON.parse(r.payload) as Record<string, unknown> }));
  };
  await waitUntil(async () => (await read()).length >= count);
  return read();
}

async function waitUntil(check: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met within 5 s');
    await new Promise((r) => setTimeout(r, 10));
  }
}
