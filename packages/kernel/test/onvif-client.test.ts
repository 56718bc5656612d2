import { describe, expect, it } from 'vitest';
import { OnvifClient } from '../src/onvif/onvif-client.js';
import { OnvifError } from '../src/onvif/onvif-error.js';
import { ONVIF_PASSWORD, ONVIF_USER, smallCamera, startOnvifCamsim } from './helpers/camsim.js';
import { testResources } from './helpers/resources.js';

const use = testResources();

async function simulator(clockOffsetMs = 0) {
  const sim = await startOnvifCamsim([smallCamera('gate'), smallCamera('gate-sub', { width: 160, height: 120 }), smallCamera('yard')], { clockOffsetMs });
  use.defer(() => sim.close());
  return sim;
}

const connect = (url: string, password = ONVIF_PASSWORD) => OnvifClient.connect({ url, username: ONVIF_USER, password });

describe('ONVIF client against the simulated device', () => {
  it('reads identity, profiles and the right stream URLs for main and sub profiles', async () => {
    const sim = await simulator();
    const client = await connect(sim.onvif.deviceServiceUrl);
    expect(client.warnings).toEqual([]);
    expect(await client.deviceInformation()).toEqual({ manufacturer: 'Heldar', model: 'camsim', firmware: '1.0', serial: 'CAMSIM-0001' });
    const profiles = await client.profiles();
    // gate-sub is gate's sub stream, not a source of its own.
    expect(profiles.map((p) => p.token)).toEqual(['gate_main', 'gate_sub', 'yard_main', 'yard_sub']);
    expect(profiles[0]).toEqual({ token: 'gate_main', name: 'gate main', video: { codec: 'h264', width: 320, height: 240, fps: 10 }, audio: null, ptz: true });
    expect(profiles[1]!.video).toEqual({ codec: 'h264', width: 160, height: 120, fps: 10 });
    expect(await client.streamUri('gate_main')).toBe(sim.url('gate', { credentials: false }));
    expect(await client.streamUri('gate_sub')).toBe(sim.url('gate-sub', { credentials: false }));
    expect(await client.streamUri('yard_sub')).toBe(sim.url('yard', { credentials: false }));
    const snapshot = await client.snapshotUri('gate_main');
    const jpeg = Buffer.from(await (await fetch(snapshot)).arrayBuffer());
    expect(jpeg.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));

    // A camera's own device URL shows only that camera.
    const one = await connect(sim.onvif.deviceUrl('yard'));
    expect((await one.profiles()).map((p) => p.token)).toEqual(['yard_main', 'yard_sub']);
  });

  it('says clearly when the password is wrong, nothing answers, or the URL carries credentials', async () => {
    const sim = await simulator();
    const wrong = await connect(sim.onvif.deviceServiceUrl, 'not the password').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(OnvifError);
    expect((wrong as OnvifError).kind).toBe('auth');
    expect((wrong as OnvifError).message).toBe('401 from the camera: wrong user or password');

    const nothing = await connect(`http://127.0.0.1:${sim.port}/onvif/device_service`).catch((e: unknown) => e);
    expect((nothing as OnvifError).kind).toBe('no-service');
    expect((nothing as OnvifError).message).toContain(`no ONVIF service at http://127.0.0.1:${sim.port}/onvif/device_service`);

    const withCreds = await connect('http://admin:x@127.0.0.1:80/onvif/device_service').catch((e: unknown) => e);
    expect((withCreds as OnvifError).kind).toBe('bad-url');
    const ftp = await connect('ftp://127.0.0.1/onvif').catch((e: unknown) => e);
    expect((ftp as OnvifError).message).toBe('onvif url must use http or https (got ftp)');
  });

  it('corrects a camera clock 3 h off (the digest is written in the camera time) and says so', async () => {
    const sim = await simulator(3 * 3_600_000);
    const client = await connect(sim.onvif.deviceServiceUrl);
    expect(client.warnings).toEqual(['camera clock 3 h off; corrected']);
    expect(Math.abs(client.clockOffsetMs - 3 * 3_600_000)).toBeLessThan(2000);
    // Authenticated calls work: without the correction the device refuses a digest 3 h old.
    expect((await client.deviceInformation()).serial).toBe('CAMSIM-0001');
  });

  it('moves the PTZ head with velocity × time, stops it, and round-trips presets', async () => {
    const sim = await simulator();
    const client = await connect(sim.onvif.deviceServiceUrl);
    await client.continuousMove('gate_main', { pan: 1, tilt: -0.5, zoom: 0 });
    await new Promise((r) => setTimeout(r, 400));
    await client.stop('gate_main');
    const stopped = await client.ptzPosition('gate_main');
    expect(stopped.pan).toBeGreaterThan(0.1);
    expect(stopped.tilt).toBeLessThan(-0.05);
    expect(stopped).toEqual(sim.onvif.ptzPosition('gate'));
    await new Promise((r) => setTimeout(r, 200));
    expect(await client.ptzPosition('gate_main')).toEqual(stopped);

    const token = await client.setPreset('gate_main', 'Gate');
    expect(await client.presets('gate_main')).toEqual([{ token, name: 'Gate' }]);
    await client.continuousMove('gate_main', { pan: -1, tilt: 0, zoom: 1 });
    await new Promise((r) => setTimeout(r, 300));
    await client.stop('gate_main');
    expect(await client.ptzPosition('gate_main')).not.toEqual(stopped);
    await client.gotoPreset('gate_main', token);
    expect(await client.ptzPosition('gate_main')).toEqual(stopped);
    await expect(client.gotoPreset('gate_main', 'nope')).rejects.toThrow('the camera refused GotoPreset: no preset with token nope');
  });

  it('pulls motion events with a long poll, renews a subscription, and reports one that expired as gone', async () => {
    const sim = await simulator();
    const client = await connect(sim.onvif.deviceServiceUrl);
    const sub = await client.createPullPoint(2);
    expect(sim.onvif.subscriptionCount()).toBe(1);
    const started = Date.now();
    setTimeout(() => sim.onvif.motion('yard', true), 300);
    const pulled = await client.pullMessages(sub.address, 3);
    // The long poll returned when the event came, not after its 3 s.
    expect(Date.now() - started).toBeLessThan(2000);
    expect(pulled.messages).toEqual([
      { topic: 'RuleEngine/CellMotionDetector/Motion', at: expect.any(Number), source: { VideoSourceConfigurationToken: 'vsc_yard' }, data: { IsMotion: 'true' } },
    ]);
    expect(Math.abs(pulled.messages[0]!.at - (started + 300))).toBeLessThan(1500);

    const renewedUntil = await client.renew(sub.address, 1);
    // The device's clock reads whole seconds, so the corrected time can be up to a second (plus a round trip) late.
    expect(renewedUntil - Date.now()).toBeLessThanOrEqual(2500);
    await new Promise((r) => setTimeout(r, 1600));
    const gone = await client.pullMessages(sub.address, 1).catch((e: unknown) => e);
    expect((gone as OnvifError).kind).toBe('gone');
    expect(sim.onvif.subscriptionCount()).toBe(0);
  });
});
