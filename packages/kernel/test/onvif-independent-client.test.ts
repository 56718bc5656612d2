import onvif from 'onvif';
import { describe, expect, it } from 'vitest';
import { ONVIF_PASSWORD, ONVIF_USER, smallCamera, startOnvifCamsim } from './helpers/camsim.js';
import { testResources } from './helpers/resources.js';

// The simulator and Heldar's client are both ours, so they could agree on a mistake. Here the
// simulator is checked by an independent client, the `onvif` npm package (xml2js, its own digest).
const use = testResources();

type Cam = InstanceType<typeof onvif.Cam>;

function call<T>(fn: (done: (err: Error | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, value) => (err ? reject(err) : resolve(value as T))));
}

async function connected(password: string, clockOffsetMs = 0): Promise<{ cam: Cam; sim: Awaited<ReturnType<typeof startOnvifCamsim>> }> {
  const sim = await startOnvifCamsim([smallCamera('door'), smallCamera('door-sub', { width: 160, height: 120 })], { clockOffsetMs });
  use.defer(() => sim.close());
  const device = new URL(sim.onvif.deviceServiceUrl);
  const cam = new onvif.Cam({ hostname: device.hostname, port: Number(device.port), path: device.pathname, username: ONVIF_USER, password, autoconnect: false, timeout: 5000 });
  return { cam, sim };
}

describe('the simulated ONVIF device, checked by the onvif npm package', () => {
  it('connects (clock, services, profiles, video sources) and gives the stream URIs of both profiles', async () => {
    const { cam, sim } = await connected(ONVIF_PASSWORD, 2 * 3_600_000);
    await call((done) => cam.connect((err) => done(err)));
    const profiles = cam.profiles as { $: { token: string }; videoEncoderConfiguration: { resolution: { width: number; height: number }; encoding: string } }[];
    expect(profiles.map((p) => p.$.token)).toEqual(['door_main', 'door_sub']);
    expect(profiles[1]!.videoEncoderConfiguration.resolution).toEqual({ width: 160, height: 120 });
    expect(profiles[0]!.videoEncoderConfiguration.encoding).toBe('H264');
    expect(cam.activeSource?.profileToken).toBe('door_main');
    const main = await call<{ uri: string }>((done) => cam.getStreamUri({ protocol: 'RTSP', profileToken: 'door_main' }, done));
    const sub = await call<{ uri: string }>((done) => cam.getStreamUri({ protocol: 'RTSP', profileToken: 'door_sub' }, done));
    expect(main.uri).toBe(sim.url('door', { credentials: false }));
    expect(sub.uri).toBe(sim.url('door-sub', { credentials: false }));
    const info = await call<{ manufacturer?: string; serialNumber?: string }>((done) => cam.getDeviceInformation(done));
    expect(info).toMatchObject({ manufacturer: 'Heldar', serialNumber: 'CAMSIM-0001' });
  });

  it('moves, stops and reports PTZ, and stores and recalls presets', async () => {
    const { cam, sim } = await connected(ONVIF_PASSWORD);
    await call((done) => cam.connect((err) => done(err)));
    await call((done) => cam.continuousMove({ x: 1, y: 0.5, zoom: 0.5 }, done));
    await new Promise((r) => setTimeout(r, 400));
    await call((done) => cam.stop({}, done));
    const status = await call<{ position: { x: number; y: number; zoom: number }; moveStatus: { panTilt: string } }>((done) => cam.getStatus({}, done));
    expect(status.position.x).toBeGreaterThan(0.1);
    expect(status.position.y).toBeGreaterThan(0.05);
    expect(status.moveStatus.panTilt).toBe('IDLE');
    const position = sim.onvif.ptzPosition('door');
    expect({ x: status.position.x, y: status.position.y, zoom: status.position.zoom }).toEqual({ x: position.pan, y: position.tilt, zoom: position.zoom });

    await call((done) => cam.setPreset({ presetName: 'porch' }, done));
    const presets = await call<Record<string, { $: { token: string } }>>((done) => cam.getPresets({}, done));
    expect(Object.keys(presets)).toEqual(['porch']);
    await call((done) => cam.continuousMove({ x: -1, y: 0, zoom: 0 }, done));
    await new Promise((r) => setTimeout(r, 300));
    await call((done) => cam.gotoPreset({ preset: presets['porch']!.$.token }, done));
    expect(sim.onvif.ptzPosition('door')).toEqual(position);
  });

  it('refuses a wrong password with a NotAuthorized fault', async () => {
    const { cam } = await connected('wrong password');
    const err = await call((done) => cam.connect((e) => done(e))).catch((e: unknown) => e);
    expect(String(err)).toContain('Sender not authorized');
  });
});
