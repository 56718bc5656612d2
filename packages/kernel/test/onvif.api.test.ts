import { describe, expect, it } from 'vitest';
import { ONVIF_PASSWORD, ONVIF_USER, smallCamera, startOnvifCamsim } from './helpers/camsim.js';
import { segmentsOf } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { waitFor } from './helpers/test-kernel.js';

const use = testResources();

async function simulator() {
  const sim = await startOnvifCamsim([smallCamera('lobby'), smallCamera('lobby-sub', { width: 160, height: 120 })]);
  use.defer(() => sim.close());
  return sim;
}

describe('probe before add, camera test and PTZ over HTTP', () => {
  it('probes an ONVIF device, and the camera added from the suggestion records', async () => {
    const sim = await simulator();
    const kernel = await use.recordingKernel();
    const probe = await kernel.inject({
      method: 'POST',
      url: '/api/cameras/probe',
      payload: { onvif: { url: sim.onvif.deviceUrl('lobby'), username: ONVIF_USER, password: ONVIF_PASSWORD } },
    });
    expect(probe.statusCode).toBe(200);
    expect(probe.body).not.toContain(ONVIF_PASSWORD);
    const result = probe.json();
    expect(result).toEqual({
      source: 'onvif',
      device: { manufacturer: 'Heldar', model: 'camsim', firmware: '1.0', serial: 'CAMSIM-0001' },
      profiles: [
        {
          token: 'lobby_main',
          name: 'lobby main',
          stream_url: sim.url('lobby', { credentials: false }),
          snapshot_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/onvif\/snapshot\/lobby\.jpg$/),
          video: { codec: 'h264', width: 320, height: 240, fps: 10 },
          audio: null,
        },
        expect.objectContaining({ token: 'lobby_sub', stream_url: sim.url('lobby-sub', { credentials: false }), video: { codec: 'h264', width: 160, height: 120, fps: 10 } }),
      ],
      suggested: { stream_url: sim.url('lobby', { credentials: false }), sub_stream_url: sim.url('lobby-sub', { credentials: false }), onvif_url: sim.onvif.deviceUrl('lobby') },
      ptz: true,
      warnings: [],
    });

    const add = await kernel.inject({
      method: 'POST',
      url: '/api/cameras',
      payload: { id: 'lobby', name: 'Lobby', ...result.suggested, username: ONVIF_USER, password: ONVIF_PASSWORD, segment_seconds: 2 },
    });
    expect(add.statusCode).toBe(201);
    expect(add.json()).toMatchObject({ onvif_url: sim.onvif.deviceUrl('lobby'), onvif_trigger_topics: [] });
    await kernel.startRecording();
    await waitFor('a segment of the probed camera is indexed', async () => (await segmentsOf(kernel, 'lobby')).length > 0, 30_000);

    // The same probe for the added camera, with its stored credentials.
    const test = await kernel.inject({ method: 'POST', url: '/api/cameras/lobby/test' });
    expect(test.statusCode).toBe(200);
    expect(test.json().suggested).toEqual(result.suggested);
    expect(test.body).not.toContain(ONVIF_PASSWORD);
  });

  it('probes a stream URL with ffprobe and strips its credentials', async () => {
    const sim = await simulator();
    const kernel = await use.kernel();
    const res = await kernel.inject({ method: 'POST', url: '/api/cameras/probe', payload: { url: sim.url('lobby') } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      source: 'stream',
      device: null,
      profiles: [{ token: 'stream', name: 'stream', stream_url: sim.url('lobby'), snapshot_url: null, video: { codec: 'h264', width: 320, height: 240, fps: 10 }, audio: null }],
      suggested: { stream_url: sim.url('lobby'), sub_stream_url: null, onvif_url: null },
      ptz: false,
      warnings: [],
    });
    const withCreds = await kernel.inject({ method: 'POST', url: '/api/cameras/probe', payload: { url: sim.url('lobby').replace('rtsp://', 'rtsp://u:secret@') } });
    expect(withCreds.statusCode).toBe(200);
    expect(withCreds.body).not.toContain('secret');
    expect(withCreds.json().warnings).toEqual(["the credentials were taken out of the URL: store them as the camera's username and password"]);
    const nope = `rtsp://127.0.0.1:${sim.port}/nope`;
    const missing = await kernel.inject({ method: 'POST', url: '/api/cameras/probe', payload: { url: nope } });
    expect(missing.statusCode).toBe(502);
    expect(missing.json().message).toContain(`the stream at ${nope} could not be probed`);
  });

  it('answers a wrong password, a bad URL and a dead address with clear errors', async () => {
    const sim = await simulator();
    const kernel = await use.kernel();
    const probe = (onvif: Record<string, string>) => kernel.inject({ method: 'POST', url: '/api/cameras/probe', payload: { onvif } });
    const wrong = await probe({ url: sim.onvif.deviceServiceUrl, username: ONVIF_USER, password: 'hunter2 wrong' });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json()).toEqual({ error: 'unprocessable', message: '401 from the camera: wrong user or password' });
    expect(wrong.body).not.toContain('hunter2');
    const creds = await probe({ url: 'http://admin:pw@127.0.0.1/onvif/device_service' });
    expect(creds.statusCode).toBe(400);
    expect(creds.json().message).toBe('onvif url must not contain a user or password; send them as username and password');
    const rtsp = await probe({ url: 'rtsp://127.0.0.1/onvif' });
    expect(rtsp.statusCode).toBe(400);
    const dead = await probe({ url: `http://127.0.0.1:${sim.port}/onvif/device_service` });
    expect(dead.statusCode).toBe(502);
    expect(dead.json().message).toContain(`no ONVIF service at http://127.0.0.1:${sim.port}/onvif/device_service`);
    const both = await kernel.inject({ method: 'POST', url: '/api/cameras/probe', payload: { url: 'rtsp://x', onvif: { url: 'http://x' } } });
    expect(both.statusCode).toBe(400);
    const badField = await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { name: 'X', address: '10.0.0.1', onvif_url: 'http://a:b@10.0.0.1/' } });
    expect(badField.statusCode).toBe(400);
    expect(badField.json().message).toBe('onvif_url must not contain a user or password; send them as username and password');
  });

  it('moves PTZ, stores and recalls presets; 409 without ONVIF; 400 out of range', async () => {
    const sim = await simulator();
    const kernel = await use.kernel();
    const base = { address: '127.0.0.1', username: ONVIF_USER, password: ONVIF_PASSWORD };
    expect((await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { id: 'dome', name: 'Dome', ...base, onvif_url: sim.onvif.deviceUrl('lobby') } })).statusCode).toBe(201);
    expect((await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { id: 'plain', name: 'Plain', ...base } })).statusCode).toBe(201);

    const move = await kernel.inject({ method: 'POST', url: '/api/cameras/dome/ptz/move', payload: { pan: 1, tilt: 0, zoom: 0.5 } });
    expect(move.statusCode).toBe(204);
    await new Promise((r) => setTimeout(r, 400));
    expect((await kernel.inject({ method: 'POST', url: '/api/cameras/dome/ptz/stop' })).statusCode).toBe(204);
    const status = (await kernel.inject({ url: '/api/cameras/dome/ptz/status' })).json();
    expect(status.pan).toBeGreaterThan(0.1);
    expect(status).toEqual(sim.onvif.ptzPosition('lobby'));

    const saved = await kernel.inject({ method: 'POST', url: '/api/cameras/dome/ptz/presets', payload: { name: 'Entrance' } });
    expect(saved.statusCode).toBe(201);
    const preset = saved.json();
    expect((await kernel.inject({ url: '/api/cameras/dome/ptz/presets' })).json()).toEqual({ presets: [preset] });
    await kernel.inject({ method: 'POST', url: '/api/cameras/dome/ptz/move', payload: { pan: -1, tilt: -1, zoom: 0 } });
    await new Promise((r) => setTimeout(r, 300));
    const goto = await kernel.inject({ method: 'POST', url: `/api/cameras/dome/ptz/presets/${preset.token}/goto` });
    expect(goto.statusCode).toBe(204);
    expect(sim.onvif.ptzPosition('lobby')).toEqual(status);

    const outOfRange = await kernel.inject({ method: 'POST', url: '/api/cameras/dome/ptz/move', payload: { pan: 2, tilt: 0, zoom: 0 } });
    expect(outOfRange.statusCode).toBe(400);
    const noOnvif = await kernel.inject({ method: 'POST', url: '/api/cameras/plain/ptz/move', payload: { pan: 0.5, tilt: 0, zoom: 0 } });
    expect(noOnvif.statusCode).toBe(409);
    expect(noOnvif.json().message).toBe("camera plain has no onvif_url; PTZ needs the camera's ONVIF device");
    const unknownPreset = await kernel.inject({ method: 'POST', url: '/api/cameras/dome/ptz/presets/nope/goto' });
    expect(unknownPreset.statusCode).toBe(502);

    // PTZ calls are audited.
    const audit = (await kernel.inject({ url: '/api/audit?limit=50' })).json();
    expect(JSON.stringify(audit)).toContain('/api/cameras/:id/ptz/move');
  });
});
