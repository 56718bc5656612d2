import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import type { Track } from '../src/perception/tracker.js';
import { builtCli } from './helpers/built-cli.js';
import { smallCamera } from './helpers/camsim.js';
import { startMosquitto, subscriber } from './helpers/mosquitto.js';
import { addCamera, eventsOf } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { waitFor, type TestKernel } from './helpers/test-kernel.js';

const use = testResources();
const FAST = { mqtt: { backoff: { initialMs: 100, maxMs: 500, healthyRunMs: 30_000 }, statusIntervalMs: 300, updateIntervalMs: 0 } };

async function broker() {
  const b = await startMosquitto();
  use.defer(() => b.close());
  return b;
}

async function listen(url: string) {
  const sub = await subscriber(url);
  use.defer(() => sub.client.endAsync());
  return sub;
}

function track(extra: Partial<Track> = {}): Track {
  const at = Date.now();
  return {
    id: 'trk_test_1', cameraId: 'gate', worker: 'w', label: 'person', externalId: null, firstSeen: at, lastSeen: at, detections: 1,
    box: [0.1, 0.2, 0.3, 0.4], confidence: 0.8, bestFrameId: 'f1', bestConfidence: 0.8, bestBox: [0.1, 0.2, 0.3, 0.4], bestAt: at, closedAt: null, ...extra,
  };
}

const json = (s: string | undefined): Record<string, unknown> => JSON.parse(s ?? 'null') as Record<string, unknown>;

async function mqttStatus(kernel: TestKernel) {
  const res = await kernel.inject({ url: '/api/integrations/mqtt' });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { enabled: boolean; connected: boolean; broker_url: string | null; last_error: string | null; published: number; queued: number; dropped: number };
}

describe('MQTT with a real mosquitto', () => {
  it('is off without HELDAR_MQTT_URL', async () => {
    const kernel = await use.kernel();
    expect(await mqttStatus(kernel)).toMatchObject({ enabled: false, connected: false, broker_url: null });
  });

  it('announces availability, discovery and states, follows recording/set, and publishes events and tracks Frigate-style', async () => {
    const b = await broker();
    const sub = await listen(b.url);
    const kernel = await use.kernel({ HELDAR_MQTT_URL: b.url }, FAST);
    await kernel.startRecording();
    await addCamera(kernel, { id: 'gate', name: 'Front gate', address: '127.0.0.1', username: 'u', password: 'camera-secret-123' });

    await waitFor('online', () => sub.last('heldar/available') === 'online');
    expect(await mqttStatus(kernel)).toMatchObject({ enabled: true, connected: true, broker_url: b.url, last_error: null });

    const motion = json(await waitFor('motion discovery', () => sub.last('homeassistant/binary_sensor/heldar_gate/motion/config')));
    expect(motion).toMatchObject({
      name: 'Motion', device_class: 'motion', state_topic: 'heldar/gate/motion', payload_on: 'ON', payload_off: 'OFF', unique_id: 'heldar_gate_motion',
      availability: [{ topic: 'heldar/available', payload_available: 'online', payload_not_available: 'offline' }],
      device: { identifiers: ['heldar_gate'], name: 'Front gate', manufacturer: 'Heldar' },
    });
    const recordingSwitch = json(sub.last('homeassistant/switch/heldar_gate/recording/config'));
    expect(recordingSwitch).toMatchObject({ state_topic: 'heldar/gate/recording/state', command_topic: 'heldar/gate/recording/set', device: { identifiers: ['heldar_gate'] } });
    expect(json(sub.last('homeassistant/camera/heldar_gate/camera/config'))).toMatchObject({ topic: 'heldar/gate/snapshot', device: { identifiers: ['heldar_gate'] } });
    await waitFor('recording state ON', () => sub.last('heldar/gate/recording/state') === 'ON');
    await waitFor('motion OFF', () => sub.last('heldar/gate/motion') === 'OFF');
    await waitFor('camera status', () => sub.last('heldar/gate/status') === 'disabled' || sub.last('heldar/gate/status') === 'idle');
    // Retained: a subscriber that comes later gets the states at once.
    const late = await listen(b.url);
    await waitFor('retained state for a late subscriber', () => late.last('heldar/gate/recording/state') === 'ON' && late.last('heldar/available') === 'online');
    // No secret of any kind went to the broker.
    expect(sub.messages.some((m) => m.payload.includes('camera-secret-123'))).toBe(false);

    // recording/set goes through the camera service: the camera's setting changes and the state follows.
    await sub.client.publishAsync('heldar/gate/recording/set', 'OFF');
    await waitFor('recording state OFF', () => sub.last('heldar/gate/recording/state') === 'OFF');
    expect((await kernel.inject({ url: '/api/cameras/gate' })).json()).toMatchObject({ record_enabled: false });
    await sub.client.publishAsync('heldar/gate/recording/set', 'on');
    await waitFor('recording state ON again', () => sub.last('heldar/gate/recording/state') === 'ON');
    expect((await kernel.inject({ url: '/api/cameras/gate' })).json()).toMatchObject({ record_enabled: true });

    // Every log event on <prefix>/event_log.
    const updated = sub.on('heldar/event_log').map((m) => json(m.payload.toString())).filter((e) => e.kind === 'camera_updated');
    expect(updated.length).toBeGreaterThanOrEqual(2);
    expect(updated[0]).toMatchObject({ camera_id: 'gate', severity: 'info', payload: { fields: ['record_enabled'] } });
    expect(updated[0]!.at).toMatch(/^\d{4}-\d\d-\d\dT.*Z$/);

    // A tracked object: new → (zone) update → end, with before/after, motion and the label count.
    const feed = kernel.modules.perception.trackFeed;
    feed.publish('new', track());
    await waitFor('motion ON', () => sub.last('heldar/gate/motion') === 'ON');
    await waitFor('person count 1', () => sub.last('heldar/gate/person') === '1');
    expect(json(await waitFor('person sensor discovery', () => sub.last('homeassistant/sensor/heldar_gate/person_count/config')))).toMatchObject({
      state_topic: 'heldar/gate/person', device: { identifiers: ['heldar_gate'] },
    });
    await kernel.events.log('gate', 'zone_enter', 'info', { zone_id: 1, zone: 'porch', track_id: 'trk_test_1', label: 'person' });
    feed.publish('update', track({ detections: 2, confidence: 0.9, bestConfidence: 0.9, lastSeen: Date.now() + 100 }));
    feed.publish('end', track({ detections: 2, confidence: 0.9, bestConfidence: 0.9, closedAt: Date.now() + 200 }));
    await waitFor('motion OFF after the end', () => sub.last('heldar/gate/motion') === 'OFF');
    expect(sub.last('heldar/gate/person')).toBe('0');
    const events = sub.on('heldar/events').map((m) => json(m.payload.toString()) as { type: string; before: Record<string, unknown>; after: Record<string, unknown> });
    expect(events.map((e) => e.type)).toEqual(['new', 'update', 'update', 'end']);
    expect(events[0]!.after).toMatchObject({ id: 'trk_test_1', camera: 'gate', label: 'person', top_score: 0.8, end_time: null, box: [0.1, 0.2, 0.4, 0.6], current_zones: [] });
    expect(events[1]!.after).toMatchObject({ current_zones: ['porch'], entered_zones: ['porch'] });
    expect(events[2]!.before).toMatchObject({ top_score: 0.8 });
    expect(events[2]!.after).toMatchObject({ top_score: 0.9 });
    expect(events[3]!.after).toMatchObject({ entered_zones: ['porch'], current_zones: [] });
    expect(events[3]!.after.end_time).toEqual(expect.any(Number));

    // Home Assistant's birth message: discovery is sent again.
    const before = sub.on('homeassistant/switch/heldar_gate/recording/config').length;
    await sub.client.publishAsync('homeassistant/status', 'online');
    await waitFor('discovery again', () => sub.on('homeassistant/switch/heldar_gate/recording/config').length > before);

    // A clean stop says offline (retained).
    await kernel.close();
    await waitFor('offline', () => sub.last('heldar/available') === 'offline');
  });

  it('never shows the broker password: not in the status, not in the log, not in a connection error', async () => {
    const PASSWORD = 'mqtt-Pa55word-never-shown';
    const b = await startMosquitto({ users: { heldar: PASSWORD } });
    use.defer(() => b.close());
    const logLines: string[] = [];
    const env = { HELDAR_MQTT_URL: b.url, HELDAR_MQTT_USERNAME: 'heldar', HELDAR_MQTT_PASSWORD: PASSWORD };
    const kernel = await use.kernel(env, { ...FAST, logLines });
    await kernel.startRecording();
    await waitFor('connected with the password', async () => (await mqttStatus(kernel)).connected);
    const shown = await kernel.inject({ url: '/api/integrations/mqtt' });
    expect(shown.json()).toMatchObject({ broker_url: b.url, last_error: null });
    expect(shown.body).not.toContain(PASSWORD);

    const WRONG = 'mqtt-wr0ng-password-never-shown';
    const refused = await use.kernel({ ...env, HELDAR_MQTT_PASSWORD: WRONG }, { ...FAST, logLines });
    await refused.startRecording();
    const status = await waitFor('the refusal reported', async () => {
      const s = await mqttStatus(refused);
      return s.last_error !== null && s;
    });
    expect(status).toMatchObject({ enabled: true, connected: false });
    expect(status.last_error).toMatch(/not authori[sz]ed|bad user name or password/i);
    expect(JSON.stringify(status)).not.toContain(WRONG);
    const logged = logLines.join('\n');
    expect(logged).toContain('mqtt: connected');
    for (const secret of [PASSWORD, WRONG]) expect(logged).not.toContain(secret);
  });

  it('tolerates a broker restart: the API stays quick, availability and states are sent again', async () => {
    const b = await broker();
    const kernel = await use.kernel({ HELDAR_MQTT_URL: b.url }, FAST);
    await kernel.startRecording();
    await addCamera(kernel, { id: 'gate', name: 'Gate', address: '127.0.0.1' });
    const sub = await listen(b.url);
    await waitFor('online', () => sub.last('heldar/available') === 'online' && sub.last('heldar/gate/recording/state') === 'ON');

    const publishedBefore = (await mqttStatus(kernel)).published;
    await b.kill();
    await waitFor('disconnect seen', async () => !(await mqttStatus(kernel)).connected);
    const down = await mqttStatus(kernel);
    expect(down.last_error).not.toBeNull();
    // The API and the event log do not wait for the broker.
    const t0 = Date.now();
    for (let i = 0; i < 20; i++) {
      const res = await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { id: `cam${i}`, name: `Cam ${i}`, address: '127.0.0.1' } });
      expect(res.statusCode).toBe(201);
    }
    expect(Date.now() - t0).toBeLessThan(5000);
    expect((await mqttStatus(kernel)).queued).toBeGreaterThanOrEqual(20);

    sub.messages.length = 0;
    await b.restart();
    // mosquitto runs without persistence: everything retained must come from Heldar again.
    await waitFor('online after restart', () => sub.last('heldar/available') === 'online', 15_000);
    await waitFor('states after restart', () => sub.last('heldar/gate/recording/state') === 'ON' && sub.last('heldar/cam19/recording/state') === 'ON', 15_000);
    await waitFor('discovery after restart', () => sub.last('homeassistant/switch/heldar_cam19/recording/config') !== undefined, 15_000);
    // Events logged during the outage waited in the bounded queue and were acknowledged by the broker
    // after the restart (the subscriber may come back later than Heldar, so the broker's acks count).
    const back = await waitFor('the outage queue delivered', async () => {
      const s = await mqttStatus(kernel);
      return s.queued === 0 && s.published >= publishedBefore + 20 ? s : undefined;
    }, 15_000);
    expect(back).toMatchObject({ connected: true, last_error: null, dropped: 0 });
  });

  it('leaves the last will (offline) when Heldar is killed without a goodbye', async () => {
    const b = await broker();
    const dir = await use.dir();
    const sub = await listen(b.url);
    const child = spawn(process.execPath, [builtCli(), 'serve'], {
      env: { PATH: process.env.PATH, HELDAR_DATA_DIR: dir, HELDAR_HTTP_PORT: '0', HELDAR_RECORDER_ENABLED: 'false', HELDAR_TZ: 'UTC', HELDAR_MQTT_URL: b.url, HELDAR_MQTT_PREFIX: 'nvr/site1' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    const exited = once(child, 'exit');
    use.defer(async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    });
    await waitFor('online', () => sub.last('nvr/site1/available') === 'online', 20_000);
    child.kill('SIGKILL');
    await exited;
    // The broker notices the dropped connection and publishes the will, retained.
    await waitFor('offline by the last will', () => sub.last('nvr/site1/available') === 'offline', 20_000);
    const late = await listen(b.url);
    await waitFor('retained offline', () => late.last('nvr/site1/available') === 'offline');
  });

  it('starts an event recording on <prefix>/<camera>/trigger', async () => {
    const b = await broker();
    const camsim = await use.camsim([smallCamera('door')]);
    const kernel = await use.recordingKernel({ HELDAR_MQTT_URL: b.url }, FAST);
    await addCamera(kernel, { id: 'door', name: 'Door', stream_url: camsim.url('door'), segment_seconds: 2, record_mode: 'event', pre_roll_seconds: 2, post_roll_seconds: 2 });
    await kernel.startRecording();
    await waitFor('idle, buffering', async () => (await kernel.status.get('door'))?.state === 'idle', 20_000);
    const sub = await listen(b.url);
    await waitFor('online', () => sub.last('heldar/available') === 'online');
    await sub.client.publishAsync('heldar/door/trigger', 'doorbell');
    const [triggered] = await waitFor('recording triggered', async () => {
      const rows = await eventsOf(kernel, 'door', 'recording_triggered');
      return rows.length > 0 ? rows : undefined;
    });
    expect(triggered!.payload.reason).toBe('mqtt trigger: doorbell');
    const logged = await waitFor('on event_log', () => sub.on('heldar/event_log').map((m) => json(m.payload.toString())).find((e) => e.kind === 'recording_triggered'));
    expect(logged).toMatchObject({ camera_id: 'door', payload: { reason: 'mqtt trigger: doorbell' } });
    await waitFor('door recording', () => sub.last('heldar/door/status') === 'recording', 20_000);
  });
});
