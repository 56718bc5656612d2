import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONVIF_PASSWORD, ONVIF_USER, smallCamera, startOnvifCamsim } from './helpers/camsim.js';
import type { OnvifEventsManager } from '../src/perception/onvif-events/onvif-events.manager.js';
import { addCamera, eventsOf } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { waitFor } from './helpers/test-kernel.js';
import { startTestCluster, type TestCluster, type TestNode } from './helpers/two-nodes.js';
import { peerTriggerPath } from '../src/cluster/peers/peer-client.js';

// A trigger follows the camera: any node takes it, and the node that records the camera (its event
// window and pre-roll) applies it.

const use = testResources();
let cluster: TestCluster;
let owner: TestNode;
let other: TestNode;

beforeAll(async () => {
  const camsim = await use.camsim([smallCamera('door')]);
  cluster = await startTestCluster(['node-a', 'node-b'], { HELDAR_RECORDER_ENABLED: 'true' });
  const [a, b] = cluster.nodes as [TestNode, TestNode];
  await addCamera(a.kernel, { id: 'door', name: 'Door', stream_url: camsim.url('door'), record_mode: 'event', pre_roll_seconds: 2, post_roll_seconds: 4, segment_seconds: 2 });
  for (const n of cluster.nodes) await n.kernel.startRecording();
  const holder = await waitFor('one node records the camera', () => cluster.nodes.find((n) => n.kernel.recorder.activeIds().includes('door')), 20_000);
  owner = holder;
  other = holder === a ? b : a;
}, 60_000);

afterAll(async () => {
  await cluster?.dispose();
});

describe('triggers across nodes', () => {
  it('a trigger sent to the node that does not record the camera is applied by the one that does', async () => {
    const res = await other.kernel.inject({ method: 'POST', url: '/api/cameras/door/trigger', payload: { reason: 'doorbell' } });
    expect(res.statusCode, res.body).toBe(200);
    const windowEnd = Date.parse(res.json<{ window_end: string }>().window_end);
    expect(windowEnd).toBeGreaterThan(Date.now());
    const triggered = await waitFor('the trigger logged by the recording node', async () => (await eventsOf(owner.kernel, 'door', 'recording_triggered')).find((e) => e.payload.reason === 'doorbell'));
    expect(triggered).toBeDefined();
    // The event window is open on the recording node: an event segment is indexed for the trigger.
    await waitFor('a segment after the trigger', async () => (await owner.kernel.db.selectFrom('segments').select('id').where('camera_id', '=', 'door').execute()).length > 0, 20_000);
  }, 40_000);

  it('refuses unsigned and forged internal trigger calls, and says 404 for an unknown camera on any node', async () => {
    const unknown = await other.kernel.inject({ method: 'POST', url: '/api/cameras/nope/trigger', payload: { reason: 'x' } });
    expect(unknown.statusCode).toBe(404);
    const unsigned = await owner.kernel.injectAnonymous({ method: 'POST', url: peerTriggerPath('door'), payload: { reason: 'x' } });
    expect(unsigned.statusCode).toBe(401);
    expect(unsigned.json<{ message: string }>().message).toContain('node signature');
    const forged = await owner.kernel.injectAnonymous({ method: 'POST', url: `${peerTriggerPath('door')}?node=node-b&exp=${Date.now() + 30_000}&sig=AAAA`, payload: { reason: 'x' } });
    expect(forged.statusCode).toBe(401);
    expect((await eventsOf(owner.kernel, 'door', 'recording_triggered')).filter((e) => e.payload.reason === 'x')).toEqual([]);
  });
});

describe('ONVIF event subscriptions across nodes', () => {
  it('only the node that records a camera subscribes to its ONVIF events', async () => {
    const sim = await startOnvifCamsim([smallCamera('porch')]);
    use.defer(() => sim.close());
    const pair = await startTestCluster(['node-c', 'node-d'], { HELDAR_RECORDER_ENABLED: 'true' });
    use.defer(() => pair.dispose());
    const [c, d] = pair.nodes as [TestNode, TestNode];
    await addCamera(c.kernel, {
      id: 'porch',
      name: 'Porch',
      stream_url: sim.url('porch'),
      username: ONVIF_USER,
      password: ONVIF_PASSWORD,
      onvif_url: sim.onvif.deviceUrl('porch'),
      onvif_trigger_topics: ['RuleEngine/CellMotionDetector/Motion'],
      record_mode: 'event',
      segment_seconds: 2,
    });
    // Both nodes start their modules knowing the camera; without the ownership rule both would subscribe.
    for (const n of pair.nodes) await n.kernel.startRecording();
    const subscribed = (n: TestNode) => (n.kernel.modules.onvifEvents as unknown as { manager: OnvifEventsManager }).manager.activeIds();
    // Settled: one node records it, that node alone subscribes, and the camera has one subscription.
    // (Under load the camera may move once between the nodes first; the subscription moves with it.)
    const settled = () => {
      const recording = pair.nodes.filter((n) => n.kernel.recorder.activeIds().includes('porch'));
      const subscribing = pair.nodes.filter((n) => subscribed(n).includes('porch'));
      return recording.length === 1 && subscribing.length === 1 && subscribing[0] === recording[0] && sim.onvif.subscriptionCount() === 1;
    };
    await waitFor('one node records the camera and alone subscribes to its events', settled, 30_000);
    const holder = pair.nodes.find((n) => subscribed(n).includes('porch'))!;
    expect(subscribed(holder === c ? d : c)).toEqual([]);
  }, 60_000);
});
