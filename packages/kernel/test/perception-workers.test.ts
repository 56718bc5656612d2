import { createWorker, type Detection, type Frame, type HeldarWorker } from '@heldar/sdk';
import { describe, expect, it } from 'vitest';
import { smallCamera } from './helpers/camsim.js';
import { readEventStream, type OpenEventStream } from './helpers/event-stream-reader.js';
import { addCamera, eventsOf, segmentsOf } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { waitFor, type TestKernel } from './helpers/test-kernel.js';

const use = testResources();

/** An SDK worker stopped (and deregistered) after the test, before its kernel closes. */
function sdkWorker(options: Parameters<typeof createWorker>[0]): HeldarWorker {
  const worker = createWorker(options);
  use.defer(() => worker.stop());
  return worker;
}

/** A new API key with the given scope, as an admin creates it. */
async function apiKey(k: TestKernel, scope: 'worker' | 'integration', name = `${scope}-key`): Promise<string> {
  const res = await k.inject({ method: 'POST', url: '/api/keys', payload: { name, scopes: [scope] } });
  if (res.statusCode !== 201) throw new Error(`key not created: ${res.statusCode} ${res.body}`);
  return res.json<{ key: string }>().key;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

/** The event stream over real HTTP, closed when the test ends; events land in the returned arrays as they come. */
async function openStream(base: string, key: string, query: string, headers: Record<string, string> = {}): Promise<OpenEventStream> {
  const stream = await readEventStream(base, key, query, headers);
  use.defer(async () => stream.close());
  expect(stream.contentType).toBe('text/event-stream; charset=utf-8');
  return stream;
}

describe('perception: workers end to end', () => {
  it('an SDK worker gets frames, its detections drive a zone that starts event recording, and the events stream out', async () => {
    const camsim = await use.camsim([smallCamera('door')]);
    const k = await use.recordingKernel();
    await addCamera(k, {
      id: 'door', name: 'Door', stream_url: camsim.url('door'), record_mode: 'event', segment_seconds: 2,
      pre_roll_seconds: 2, post_roll_seconds: 3, detect_fps: 5,
    });
    const zone = await k.inject({
      method: 'POST', url: '/api/cameras/door/zones',
      payload: { name: 'porch', kind: 'polygon', points: [[0.5, 0], [1, 0], [1, 1], [0.5, 1]], labels: ['person'], inertia_frames: 2, trigger_recording: true },
    });
    expect(zone.statusCode).toBe(201);
    expect(zone.json()).toMatchObject({ id: 1, camera_id: 'door', kind: 'polygon', labels: ['person'], min_confidence: 0.5, inertia_frames: 2, dwell_seconds: 0, trigger_recording: true });
    await k.startRecording();
    const base = await k.listen();
    const events = await openStream(base, await apiKey(k, 'integration'), 'camera_id=door&kind=zone_*,recording_triggered');

    // A "person detector" that sees someone walk from the left half into the right half, a little per frame.
    const frames: Frame[] = [];
    const walk = (n: number): Detection => ({ label: 'person', confidence: 0.6 + Math.min(n, 30) / 100, box: [Math.min(0.05 + n * 0.04, 0.75), 0.3, 0.2, 0.5] });
    const worker = sdkWorker({
      url: base,
      apiKey: await apiKey(k, 'worker'),
      name: 'fake-person',
      version: '1.0.0',
      labels: ['person'],
      concurrency: 2,
      onFrame: (frame) => {
        frames.push(frame);
        return [walk(frames.length - 1)];
      },
    });
    await worker.start();
    expect(worker.workerId).toMatch(/^wk_[0-9a-f]{16}$/);
    await waitFor('assigned', () => worker.assignedCameras.includes('door'));

    await waitFor('the person entered the porch', async () => (await eventsOf(k, 'door', 'zone_enter')).length > 0, 30_000);
    // Frames are real JPEGs of the camera, in order, each once.
    expect(frames.length).toBeGreaterThanOrEqual(10);
    for (const f of frames.slice(0, 10)) {
      expect(f.cameraId).toBe('door');
      expect(f.jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
      expect([f.width, f.height]).toEqual([320, 240]);
    }
    expect(new Set(frames.map((f) => f.id)).size).toBe(frames.length);

    // The zone triggered the recorder: footage of the event camera appears in the index.
    const triggered = await waitFor('recording triggered', async () => (await eventsOf(k, 'door', 'recording_triggered'))[0]);
    expect(triggered.payload.reason).toBe('zone porch: person entered');
    await waitFor('segments of the event', async () => (await segmentsOf(k, 'door')).length > 0, 30_000);

    const [enter] = await eventsOf(k, 'door', 'zone_enter');
    const payload = enter!.payload as { point: number[]; track_id: string };
    expect(payload).toMatchObject({ zone_id: 1, zone: 'porch', label: 'person', worker: 'fake-person' });
    expect(payload.point[0]).toBeGreaterThanOrEqual(0.5);
    // One object walking slowly is one track (associated by overlap), with its best frame.
    const tracks = (await k.inject({ url: '/api/cameras/door/tracks' })).json().tracks;
    expect(tracks).toHaveLength(1);
    expect(tracks[0]).toMatchObject({ id: payload.track_id, label: 'person', worker: 'fake-person', external_id: null, closed_at: null });
    expect(tracks[0].detections).toBeGreaterThanOrEqual(10);
    expect(tracks[0].best_frame.confidence).toBeGreaterThan(0.6);
    expect(Date.parse(tracks[0].last_seen)).toBeGreaterThan(Date.parse(tracks[0].first_seen));

    // The same events arrived on the stream, filtered, with their ids.
    await waitFor('events on the stream', () => events.events.some((e) => e.kind === 'recording_triggered') && events.events.some((e) => e.kind === 'zone_enter'));
    expect(new Set(events.events.map((e) => e.kind))).toEqual(new Set(['zone_enter', 'recording_triggered']));
    expect(events.ids).toEqual(events.events.map((e) => String(e.id)));
    expect(events.events.find((e) => e.kind === 'zone_enter')?.payload.track_id).toBe(payload.track_id);

    const listed = (await k.inject({ url: `/api/workers/${worker.workerId}` })).json();
    expect(listed).toMatchObject({ name: 'fake-person', state: 'online', transport: 'push', assigned_cameras: ['door'], labels: ['person'] });
    expect(listed.frames_sent).toBeGreaterThanOrEqual(frames.length);

    const id = worker.workerId!;
    await worker.stop();
    const gone = (await k.inject({ url: `/api/workers/${id}` })).json();
    expect(gone).toMatchObject({ state: 'offline', assigned_cameras: [] });
    const offline = (await k.events.find({ kind: 'worker_offline', limit: 5 }))[0];
    expect(offline?.payload).toMatchObject({ worker_id: id, reason: 'deregistered', cameras: ['door'] });
  });

  it('the SDK keeps one frame in flight for a slow worker (the kernel drops the rest), reconnects, and registers again when forgotten', async () => {
    const camsim = await use.camsim([smallCamera('dock')]);
    const k = await use.kernel();
    await addCamera(k, { id: 'dock', name: 'Dock', stream_url: camsim.url('dock'), detect_fps: 5, record_enabled: false });
    await k.startRecording();
    const base = await k.listen();
    const sockets: import('node:net').Socket[] = [];
    k.app.server.on('upgrade', (_req, socket: import('node:net').Socket) => sockets.push(socket));

    let inFlight = 0;
    let maxInFlight = 0;
    const w = sdkWorker({
      url: base,
      apiKey: await apiKey(k, 'worker'),
      name: 'slow',
      version: '1',
      labels: ['thing'],
      reconnect: { initialMs: 100, maxMs: 500 },
      onError: () => undefined,
      onFrame: async () => {
        inFlight += 1;
        maxInFlight = Math.max(maxInFlight, inFlight);
        await new Promise((r) => setTimeout(r, 400)); // a slow model: 2.5 frames/s against 5 sampled
        inFlight -= 1;
        return [];
      },
    });
    await w.start();
    const firstId = w.workerId!;
    await waitFor('frames handled', () => w.stats.framesReceived >= 4, 20_000);
    const stats = (await k.inject({ url: `/api/workers/${firstId}` })).json();
    expect(stats.frames_dropped).toBeGreaterThan(0);
    expect((await k.inject({ url: '/api/cameras/dock/sampler' })).json().frames_dropped).toBeGreaterThan(0);

    // The network drops: the SDK reconnects under the same registration and frames flow again.
    for (const s of sockets) s.destroy();
    const before = w.stats.framesReceived;
    await waitFor('reconnected', () => w.stats.reconnects >= 1 && w.stats.framesReceived >= before + 3, 20_000);
    expect(w.workerId).toBe(firstId);

    // The kernel forgets the worker (here: an operator deregisters it): the SDK registers again.
    expect((await k.inject({ method: 'DELETE', url: `/api/workers/${firstId}` })).statusCode).toBe(204);
    await waitFor('registered again', () => w.workerId !== null && w.workerId !== firstId && w.stats.registrations === 2, 20_000);
    const after = w.stats.framesReceived;
    await waitFor('frames after re-registering', () => w.stats.framesReceived >= after + 2, 20_000);
    expect(maxInFlight).toBe(1);
    expect(w.stats.handlerErrors).toBe(0);
  });

  it('a worker that stops heartbeating goes offline and its camera goes to another; pull works as a fallback', async () => {
    const camsim = await use.camsim([smallCamera('lane')]);
    const k = await use.kernel({ HELDAR_WORKER_TIMEOUT_SECONDS: '2' });
    await addCamera(k, { id: 'lane', name: 'Lane', stream_url: camsim.url('lane'), detect_fps: 2, record_enabled: false });
    await k.startRecording();
    const key = await apiKey(k, 'worker');
    const register = async () => {
      const res = await k.inject({ method: 'POST', url: '/api/workers', headers: bearer(key), payload: { name: 'counter', version: '2', labels: ['car'] } });
      expect(res.statusCode).toBe(201);
      return res.json<{ worker_id: string; assigned_cameras: string[]; timeout_s: number; heartbeat_interval_s: number; pull_path: string }>();
    };
    await waitFor('sampled', () => k.modules.perception.samplers.isSampled('lane'));
    const silent = await register();
    expect(silent).toMatchObject({ assigned_cameras: ['lane'], timeout_s: 2, heartbeat_interval_s: 1, pull_path: `/api/workers/${silent.worker_id}/frames/next` });
    const alive = await register();
    expect(alive.assigned_cameras).toEqual([]); // the camera stays with the worker that has it

    // `alive` heartbeats; `silent` does not.
    const heartbeat = () => k.inject({ method: 'POST', url: `/api/workers/${alive.worker_id}/heartbeat`, headers: bearer(key) });
    const offline = await waitFor('silent worker offline', async () => {
      expect((await heartbeat()).statusCode).toBe(200);
      return (await k.events.find({ kind: 'worker_offline', limit: 1 }))[0];
    }, 15_000, 400);
    expect(offline.severity).toBe('warning');
    expect(offline.payload).toMatchObject({ worker_id: silent.worker_id, name: 'counter', reason: 'timed out', cameras: ['lane'], reassigned: { lane: alive.worker_id } });
    expect((await heartbeat()).json()).toMatchObject({ state: 'online', assigned_cameras: ['lane'] });
    expect((await k.inject({ url: `/api/workers/${silent.worker_id}` })).json()).toMatchObject({ state: 'offline' });
    const late = await k.inject({ method: 'POST', url: `/api/workers/${silent.worker_id}/heartbeat`, headers: bearer(key) });
    expect(late.statusCode).toBe(404);
    expect(late.json().message).toBe(`worker ${silent.worker_id} is not registered (it may have timed out or the kernel restarted); register again`);

    // HTTP pull: the next frame of the worker's camera, with its metadata in headers.
    const pulled = await k.inject({ url: `${alive.pull_path}?wait_ms=5000`, headers: bearer(key) });
    expect(pulled.statusCode).toBe(200);
    expect(pulled.headers['content-type']).toBe('image/jpeg');
    expect(pulled.headers['x-heldar-camera-id']).toBe('lane');
    expect(pulled.rawPayload.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    const posted = await k.inject({
      method: 'POST', url: '/api/detections', headers: bearer(key),
      payload: { worker_id: alive.worker_id, frame_id: pulled.headers['x-heldar-frame-id'], camera_id: 'lane', detections: [{ label: 'car', confidence: 0.8, box: [0.1, 0.1, 0.3, 0.2], track_id: 'c1' }] },
    });
    expect(posted.statusCode).toBe(200);
    expect(posted.json()).toMatchObject({ accepted: 1, events: [] });
    const track = (await k.inject({ url: `/api/tracks/${posted.json().track_ids[0]}` })).json();
    expect(track).toMatchObject({ label: 'car', external_id: 'c1', detections: 1, worker: 'counter' });

    // A worker key reaches the worker API and nothing else.
    expect((await k.inject({ url: '/api/cameras', headers: bearer(key) })).statusCode).toBe(403);
  });
});
