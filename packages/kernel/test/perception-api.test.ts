import { beforeEach, describe, expect, it } from 'vitest';
import { addCamera } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { waitFor, type TestKernel } from './helpers/test-kernel.js';

// No media here: frames are published straight into the frame hub, so no ffmpeg or simulator runs.
const use = testResources();
let kernel: TestKernel;
beforeEach(async () => {
  kernel = await use.kernel();
  await addCamera(kernel, { id: 'dock', name: 'Dock', stream_url: 'rtsp://127.0.0.1:9/none', record_enabled: false });
});

async function apiKey(scope: 'worker' | 'integration', name = `${scope}-key`): Promise<string> {
  const res = await kernel.inject({ method: 'POST', url: '/api/keys', payload: { name, scopes: [scope] } });
  if (res.statusCode !== 201) throw new Error(`key not created: ${res.statusCode} ${res.body}`);
  return res.json<{ key: string }>().key;
}

const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
// The smallest JPEG-shaped bytes: ingest never decodes frames, it only needs their ids.
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xd9]);

describe('perception: detection ingest validation', () => {
  it('answers malformed detections with 400/422 and a message, and applies nothing of a refused frame', async () => {
    const key = await apiKey('worker');
    const reg = await kernel.inject({ method: 'POST', url: '/api/workers', headers: bearer(key), payload: { name: 'yolo', version: '8', labels: ['person', 'car'] } });
    expect(reg.statusCode).toBe(201);
    const workerId = reg.json().worker_id as string;
    const frame = kernel.modules.perception.frames.publish('dock', JPEG, 640, 360, Date.now());
    const good = { label: 'person', confidence: 0.9, box: [0.1, 0.2, 0.3, 0.4] };
    const post = (payload: unknown, headers = bearer(key)) => kernel.inject({ method: 'POST', url: '/api/detections', headers, payload: payload as Record<string, unknown> });
    const body = (detections: unknown[], extra: Record<string, unknown> = {}) => ({ worker_id: workerId, frame_id: frame.id, camera_id: 'dock', detections, ...extra });

    const cases: [unknown, number, string][] = [
      [{ worker_id: workerId, frame_id: frame.id, camera_id: 'dock' }, 400, 'detections is required'],
      [body([{ ...good, box: [0.1, 0.2, 0.3] }]), 400, 'detections[0].box must NOT have fewer than 4 items'],
      [body([{ ...good, confidence: 'high' }]), 400, 'detections[0].confidence must be a number'],
      [body([{ ...good, colour: 'red' }]), 400, 'unknown field "detections[0].colour"'],
      [body([good, { ...good, confidence: 1.5 }]), 422, 'detections[1].confidence must be from 0 to 1 (got 1.5)'],
      [body([{ ...good, label: 'dog' }]), 422, 'detections[0].label "dog" is not one of the labels worker yolo registered (person, car)'],
      [body([{ ...good, box: [0.8, 0.2, 0.3, 0.4] }]), 422, 'detections[0].box reaches past the right edge: x + w = 1.1 (at most 1)'],
      [body([{ ...good, box: [-0.1, 0.2, 0.3, 0.4] }]), 422, 'detections[0].box x must be from 0 to 1, normalised to the frame (got -0.1)'],
      [body([{ ...good, box: [0.1, 0.2, 0, 0.4] }]), 422, 'detections[0].box must have a width and height above 0 (got w=0, h=0.4)'],
      [body([good], { frame_id: 'ffffff.99' }), 422, 'frame_id "ffffff.99" is not a recent frame of camera dock (detections are accepted for 60 s or 512 frames after capture)'],
      [body([good], { camera_id: 'other' }), 422, `frame_id "${frame.id}" is not a recent frame of camera other (detections are accepted for 60 s or 512 frames after capture)`],
      [body([good], { worker_id: 'wk_nobody' }), 404, 'worker wk_nobody is not registered (it may have timed out or the kernel restarted); register again'],
    ];
    for (const [payload, status, message] of cases) {
      const res = await post(payload);
      expect({ status: res.statusCode, message: res.json().message }).toEqual({ status, message });
    }
    await kernel.modules.perception.ingest.flush();
    expect(await kernel.db.selectFrom('tracks').selectAll().execute()).toEqual([]);

    const ok = await post(body([good, { label: 'car', confidence: 0, box: [0, 0, 1, 1] }]));
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toMatchObject({ frame_id: frame.id, accepted: 2, events: [] });
    const again = await post(body([good]));
    expect(again.statusCode).toBe(409);
    expect(again.json().message).toBe(`worker ${workerId} already sent detections for frame ${frame.id}`);

    // Another key's worker cannot be driven with this key; the key cannot reach non-worker routes.
    const otherKey = await apiKey('worker', 'other');
    const foreign = await post(body([good], { frame_id: kernel.modules.perception.frames.publish('dock', JPEG, 640, 360, Date.now()).id }), bearer(otherKey));
    expect(foreign.statusCode).toBe(403);
    expect(foreign.json().message).toBe(`worker ${workerId} was registered with another API key`);
    expect((await kernel.inject({ method: 'POST', url: `/api/workers/${workerId}/heartbeat`, headers: bearer(otherKey) })).statusCode).toBe(403);
    expect((await kernel.inject({ url: '/api/workers', headers: bearer(key) })).statusCode).toBe(403);
    expect((await kernel.injectAnonymous({ method: 'POST', url: '/api/detections', payload: body([good]) })).statusCode).toBe(401);

    const bad = await kernel.inject({ method: 'POST', url: '/api/workers', headers: bearer(key), payload: { name: 'x', version: '1', labels: ['person'], cameras: ['nope'] } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().message).toBe('cameras: camera "nope" not found');
    const badLabel = await kernel.inject({ method: 'POST', url: '/api/workers', headers: bearer(key), payload: { name: 'x', version: '1', labels: ['two words'] } });
    expect(badLabel.statusCode).toBe(400);
  });

  it('follows tracks over frames, closes them when they are lost, and keeps the best frame', async () => {
    const key = await apiKey('worker');
    const workerId = (await kernel.inject({ method: 'POST', url: '/api/workers', headers: bearer(key), payload: { name: 'yolo', version: '8', labels: ['car'] } })).json().worker_id;
    const t0 = Date.now();
    const confidences = [0.5, 0.9, 0.7];
    const ids: string[] = [];
    for (const [i, confidence] of confidences.entries()) {
      const frame = kernel.modules.perception.frames.publish('dock', JPEG, 640, 360, t0 - 10_000 + i * 200);
      const res = await kernel.inject({
        method: 'POST', url: '/api/detections', headers: bearer(key),
        payload: { worker_id: workerId, frame_id: frame.id, camera_id: 'dock', detections: [{ label: 'car', confidence, box: [0.1 + i * 0.02, 0.1, 0.3, 0.2] }] },
      });
      ids.push(res.json().track_ids[0]);
      if (i === 1) ids.push(frame.id);
    }
    const [a, b, bestFrame, c] = ids;
    expect(new Set([a, b, c]).size).toBe(1);
    // The frames were 10 s ago: the next maintenance pass closes the track at its last sighting.
    await kernel.modules.perception.ingest.maintain();
    const track = (await kernel.inject({ url: `/api/tracks/${a}` })).json();
    expect(track).toMatchObject({ detections: 3, label: 'car', best_frame: { frame_id: bestFrame, confidence: 0.9, box: [0.12, 0.1, 0.3, 0.2] } });
    expect(Date.parse(track.first_seen)).toBe(t0 - 10_000);
    expect(Date.parse(track.closed_at)).toBe(t0 - 10_000 + 400);
    expect((await kernel.inject({ url: '/api/cameras/dock/tracks?label=person' })).json().tracks).toEqual([]);
    expect((await kernel.inject({ url: '/api/cameras/dock/tracks?from=2001-01-01' })).json().message).toBe('`from` must be an RFC 3339 time such as 2024-05-01T12:00:00Z (got "2001-01-01")');
  });
});

describe('perception: zones API', () => {
  it('creates, lists, changes and deletes zones in the documented shape (docs/workers.md), refusing shapes that make no sense', async () => {
    const url = '/api/cameras/dock/zones';
    const line = await kernel.inject({ method: 'POST', url, payload: { name: 'gate', kind: 'line', points: [[0.2, 0.5], [0.8, 0.5]] } });
    expect(line.statusCode).toBe(201);
    const zone = line.json();
    expect(Object.keys(zone).sort()).toEqual(['camera_id', 'created_at', 'dwell_seconds', 'id', 'inertia_frames', 'kind', 'labels', 'min_confidence', 'name', 'points', 'trigger_recording', 'updated_at']);
    expect(zone).toMatchObject({ camera_id: 'dock', name: 'gate', kind: 'line', points: [[0.2, 0.5], [0.8, 0.5]], labels: [], min_confidence: 0.5, inertia_frames: 1, dwell_seconds: 0, trigger_recording: false });

    const refused: [Record<string, unknown>, number, string][] = [
      [{ name: 'bow', kind: 'polygon', points: [[0, 0], [1, 1], [1, 0], [0, 1]] }, 400, "the polygon's edges cross each other; list its corners in order around the zone"],
      [{ name: 'flat', kind: 'polygon', points: [[0, 0], [0.5, 0.5], [1, 1]] }, 400, 'the polygon has no area: its points lie on one line'],
      [{ name: 'two', kind: 'polygon', points: [[0, 0], [1, 1]] }, 400, 'a polygon zone needs at least 3 points (got 2)'],
      [{ name: 'long', kind: 'line', points: [[0, 0], [1, 1], [1, 0]] }, 400, 'a line zone has exactly 2 points (got 3)'],
      [{ name: 'out', kind: 'line', points: [[0, 0], [1.2, 1]] }, 400, 'points[1][0] must be at most 1'],
      [{ name: 'gate', kind: 'line', points: [[0, 0], [1, 1]] }, 409, `camera dock already has a zone named "gate" (zone ${zone.id})`],
      [{ name: 'x', kind: 'circle', points: [[0, 0], [1, 1]] }, 400, 'kind must be one of polygon, line'],
      [{ name: 'x', kind: 'line', points: [[0, 0], [1, 1]], inertia_frames: 0 }, 400, 'inertia_frames must be at least 1'],
    ];
    for (const [payload, status, message] of refused) {
      const res = await kernel.inject({ method: 'POST', url, payload });
      expect({ status: res.statusCode, message: res.json().message }).toEqual({ status, message });
    }
    expect((await kernel.inject({ method: 'POST', url: '/api/cameras/nope/zones', payload: { name: 'a', kind: 'line', points: [[0, 0], [1, 1]] } })).statusCode).toBe(404);

    const area = (await kernel.inject({ method: 'POST', url, payload: { name: 'yard', kind: 'polygon', points: [[0, 0.5], [1, 0.5], [1, 1], [0, 1]], labels: ['person'], dwell_seconds: 30, trigger_recording: true } })).json();
    expect(kernel.modules.perception.engine.zonesOf('dock').map((z) => z.name)).toEqual(['gate', 'yard']);
    const patched = await kernel.inject({ method: 'PATCH', url: `${url}/${area.id}`, payload: { min_confidence: 0.8, name: ' back yard ' } });
    expect(patched.json()).toMatchObject({ id: area.id, name: 'back yard', min_confidence: 0.8, dwell_seconds: 30, labels: ['person'] });
    expect((await kernel.inject({ method: 'PATCH', url: `${url}/${area.id}`, payload: { kind: 'line' } })).json().message).toBe('a line zone has exactly 2 points (got 4)');
    expect((await kernel.inject({ method: 'PATCH', url: `${url}/${area.id}`, payload: {} })).statusCode).toBe(400);
    expect(kernel.modules.perception.engine.zonesOf('dock').find((z) => z.id === area.id)?.minConfidence).toBe(0.8);
    expect((await kernel.inject({ url })).json().zones.map((z: { name: string }) => z.name)).toEqual(['gate', 'back yard']);

    expect((await kernel.inject({ method: 'DELETE', url: `${url}/${zone.id}` })).statusCode).toBe(204);
    expect((await kernel.inject({ url: `${url}/${zone.id}` })).json()).toEqual({ error: 'not_found', message: `zone ${zone.id} of camera dock not found` });
    // Deleting the camera takes its zones with it, in the database and in the engine.
    expect((await kernel.inject({ method: 'DELETE', url: '/api/cameras/dock' })).statusCode).toBe(204);
    await waitFor('zones unloaded', () => !kernel.modules.perception.engine.hasZones('dock'));
    expect(await kernel.db.selectFrom('zones').selectAll().execute()).toEqual([]);
  });
});

describe('perception: module catalog and event stream', () => {
  it('registers module manifests with an integration key', async () => {
    const key = await apiKey('integration');
    const manifest = { name: 'retail-footfall', version: '1.2.0', description: 'Counts visitors', consumes: ['line_cross', 'zone_*'], ui_url: 'https://apps.example.com/footfall' };
    const created = await kernel.inject({ method: 'POST', url: '/api/modules', headers: bearer(key), payload: manifest });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ ...manifest, registered_by: 'integration-key' });
    const updated = await kernel.inject({ method: 'POST', url: '/api/modules', headers: bearer(key), payload: { ...manifest, version: '1.3.0' } });
    expect(updated.statusCode).toBe(200);
    expect(updated.json().created_at).toBe(created.json().created_at);
    expect((await kernel.inject({ url: '/api/modules' })).json().modules.map((m: { name: string; version: string }) => [m.name, m.version])).toEqual([['retail-footfall', '1.3.0']]);
    expect((await kernel.inject({ method: 'POST', url: '/api/modules', headers: bearer(key), payload: { ...manifest, ui_url: 'javascript:alert(1)' } })).json().message).toBe('ui_url must use http or https (got javascript)');
    expect((await kernel.inject({ method: 'POST', url: '/api/modules', headers: bearer(await apiKey('worker')), payload: manifest })).statusCode).toBe(403);
    expect((await kernel.inject({ method: 'DELETE', url: '/api/modules/retail-footfall', headers: bearer(key) })).statusCode).toBe(204);
    expect((await kernel.inject({ url: '/api/modules/retail-footfall' })).statusCode).toBe(404);
  });

  it('streams events live with filters, resumes after Last-Event-ID without gaps, and lets the kernel close', async () => {
    const base = await kernel.listen();
    const key = await apiKey('integration');
    const before = await kernel.events.log('dock', 'zone_enter', 'info', { n: 1 });
    await kernel.events.log('dock', 'zone_exit', 'info', { n: 2 });
    await kernel.events.log('dock', 'camera_updated', 'info', { n: 3 });
    await kernel.events.log(null, 'zone_enter', 'info', { n: 4 });

    const received: string[] = [];
    const res = await fetch(`${base}/api/events/stream?kind=zone_*&camera_id=dock`, { headers: { ...bearer(key), 'last-event-id': String(before.id - 1) } });
    expect(res.status).toBe(200);
    const reader = (res.body as ReadableStream<Uint8Array>).getReader();
    const pump = (async () => {
      const decoder = new TextDecoder();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        received.push(decoder.decode(value));
      }
    })();
    await kernel.events.log('dock', 'zone_dwell', 'info', { n: 5 });
    const text = await waitFor('replay and live event', () => {
      const t = received.join('');
      return t.includes('"n":5') ? t : undefined;
    });
    const data = [...text.matchAll(/^data: (.*)$/gm)].map((m) => JSON.parse(m[1]!) as { kind: string; payload: { n: number } });
    expect(data.map((e) => [e.kind, e.payload.n])).toEqual([['zone_enter', 1], ['zone_exit', 2], ['zone_dwell', 5]]);
    expect(text.startsWith('retry: 3000\n')).toBe(true);
    expect([...text.matchAll(/^id: (\d+)$/gm)].map((m) => Number(m[1]))).toEqual([before.id, before.id + 1, before.id + 4]);

    const badResume = await kernel.inject({ url: '/api/events/stream', headers: { 'last-event-id': 'yesterday' } });
    expect(badResume.statusCode).toBe(400);
    expect(badResume.json().message).toBe('Last-Event-ID must be an event id, a whole number (got "yesterday")');

    // Neither an open stream nor a worker waiting in a long poll keeps the kernel from closing.
    const workerKey = await apiKey('worker');
    const reg = (await kernel.inject({ method: 'POST', url: '/api/workers', headers: bearer(workerKey), payload: { name: 'w', version: '1', labels: ['x'] } })).json();
    const poll = fetch(`${base}${reg.pull_path}?wait_ms=25000`, { headers: bearer(workerKey) });
    await new Promise((r) => setTimeout(r, 200));
    expect(kernel.modules.perception.streams.count).toBe(1);
    const closing = Date.now();
    await kernel.close();
    expect(Date.now() - closing).toBeLessThan(5000);
    expect((await poll).status).toBe(204);
    await pump;
  });
});
