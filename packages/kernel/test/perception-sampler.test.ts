import { describe, expect, it } from 'vitest';
import { JpegSplitter } from '../src/perception/jpeg-splitter.js';
import type { Frame } from '../src/perception/frame-hub.js';
import { smallCamera } from './helpers/camsim.js';
import { addCamera, eventsOf } from './helpers/recording.js';
import { testResources } from './helpers/resources.js';
import { waitFor, type TestKernel } from './helpers/test-kernel.js';

const use = testResources();

/** Width and height from the JPEG's own SOF marker. */
function jpegSize(bytes: Buffer): [number, number] {
  const [frame] = new JpegSplitter().push(bytes);
  if (!frame) throw new Error('not a whole JPEG');
  return [frame.width, frame.height];
}

/** The next `n` frames the sampler publishes for a camera. */
function collectFrames(k: TestKernel, cameraId: string, n: number): Promise<Frame[]> {
  const frames: Frame[] = [];
  return new Promise((resolve) => {
    const stop = k.modules.perception.frames.subscribe((f) => {
      if (f.cameraId !== cameraId) return;
      frames.push(f);
      if (frames.length === n) {
        stop();
        resolve(frames);
      }
    });
  });
}

describe('perception: frame sampler', () => {
  it('samples at detect_fps, scales to the configured width, prefers the sub-stream, and serves snapshots', async () => {
    const camsim = await use.camsim([smallCamera('lobby'), smallCamera('lobby-sub', { width: 128, height: 96 })]);
    const k = await use.kernel({ HELDAR_SAMPLER_WIDTH: '160' });
    await addCamera(k, { id: 'lobby', name: 'Lobby', stream_url: camsim.url('lobby'), detect_fps: 5, record_enabled: false });
    await addCamera(k, { id: 'hall', name: 'Hall', stream_url: camsim.url('lobby'), sub_stream_url: camsim.url('lobby-sub'), detect_fps: 2, record_enabled: false });
    await addCamera(k, { id: 'yard', name: 'Yard (not sampled)', stream_url: camsim.url('lobby'), record_enabled: false });
    const lobbyFrames = collectFrames(k, 'lobby', 20);
    const hallFrames = collectFrames(k, 'hall', 3);
    await k.startRecording();

    // After the first frames (ffmpeg decodes what it read while probing the stream in one go),
    // 16 frames at 5 fps span 3 s: the rate is the asked one (arrival times jitter a little).
    const all = await lobbyFrames;
    const frames = all.slice(4);
    const fps = ((frames.length - 1) * 1000) / (frames.at(-1)!.capturedAt - frames[0]!.capturedAt);
    expect(fps).toBeGreaterThan(4);
    expect(fps).toBeLessThan(6.25);
    expect(new Set(all.map((f) => f.id)).size).toBe(20);
    expect(all.map((f) => f.seq)).toEqual(all.map((_, i) => i + 1));
    for (const f of all) {
      expect([f.width, f.height]).toEqual([160, 120]);
      expect(jpegSize(f.jpeg)).toEqual([160, 120]);
    }
    // The sub-stream is used when there is one, and a narrower stream is never upscaled.
    for (const f of await hallFrames) expect(jpegSize(f.jpeg)).toEqual([128, 96]);

    const status = (await k.inject({ url: '/api/cameras/lobby/sampler' })).json();
    expect(status).toMatchObject({ camera_id: 'lobby', state: 'sampling', source: 'main_stream', fps: 5, width: 160, frame_width: 160, frame_height: 120, restarts: 0, last_error: null });
    expect(status.measured_fps).toBeGreaterThan(4);
    expect(status.measured_fps).toBeLessThan(6.25);
    expect(status.pid).toBeGreaterThan(0);
    expect((await k.inject({ url: '/api/cameras/hall/sampler' })).json()).toMatchObject({ source: 'sub_stream', fps: 2, frame_width: 128 });
    expect((await k.inject({ url: '/api/cameras/yard/sampler' })).json()).toMatchObject({ state: 'off', fps: null, frames: 0 });

    const snap = await k.inject({ url: '/api/cameras/lobby/snapshot.jpg' });
    expect(snap.statusCode).toBe(200);
    expect(snap.headers['content-type']).toBe('image/jpeg');
    expect(snap.headers['cache-control']).toBe('no-store');
    expect(jpegSize(snap.rawPayload)).toEqual([160, 120]);
    const latest = k.modules.perception.frames.latest('lobby')!;
    expect(Date.parse(String(snap.headers['x-heldar-captured-at']))).toBeLessThanOrEqual(latest.capturedAt);
    expect(String(snap.headers['x-heldar-frame-id'])).toMatch(/^[0-9a-f]{6}\.\d+$/);

    const notSampled = await k.inject({ url: '/api/cameras/yard/snapshot.jpg' });
    expect(notSampled.statusCode).toBe(409);
    expect(notSampled.json()).toEqual({ error: 'conflict', message: 'camera yard has no frame sampler: set its detect_fps (and enable it) to sample frames' });
    expect((await k.inject({ url: '/api/cameras/nope/snapshot.jpg' })).statusCode).toBe(404);
    expect((await k.injectAnonymous({ url: '/api/cameras/lobby/snapshot.jpg' })).statusCode).toBe(401);

    // Turning detect_fps off stops the sampler; the snapshot is no longer offered.
    expect((await k.inject({ method: 'PATCH', url: '/api/cameras/lobby', payload: { detect_fps: null } })).statusCode).toBe(200);
    await waitFor('sampler stopped', () => !k.modules.perception.samplers.isSampled('lobby'));
    expect((await k.inject({ url: '/api/cameras/lobby/snapshot.jpg' })).statusCode).toBe(409);
  });

  it('restarts a stalled sampler, with masked credentials everywhere', async () => {
    const password = 'Zebra-Stapler-9';
    const camsim = await use.camsim([smallCamera('gate', { username: 'admin', password })]);
    const logLines: string[] = [];
    const k = await use.kernel({ HELDAR_SAMPLER_STALL_SECONDS: '2' }, { logLines });
    await addCamera(k, { id: 'gate', name: 'Gate', stream_url: camsim.url('gate', { credentials: false }), username: 'admin', password, detect_fps: 4, record_enabled: false });
    await k.startRecording();
    const sampler = () => k.modules.perception.samplers.status('gate');
    await waitFor('frames', () => (sampler()?.frames ?? 0) >= 4);
    const firstPid = sampler()!.pid;

    // The camera keeps its connection open but stops sending: only the stall watchdog notices.
    await camsim.setFault('gate', { kind: 'stall', seconds: 4 });
    await waitFor('stall detected', async () => (await eventsOf(k, 'gate', 'sampler_stalled')).length > 0, 20_000);
    const framesAtStall = sampler()!.frames;
    await waitFor('sampling again', () => {
      const s = sampler();
      return s !== null && s.state === 'sampling' && s.frames >= framesAtStall + 4 ? s : undefined;
    }, 30_000);
    const after = sampler()!;
    expect(after.restarts).toBeGreaterThanOrEqual(1);
    expect(after.pid).not.toBe(firstPid);
    expect((await eventsOf(k, 'gate', 'sampler_stalled'))[0]!.payload).toMatchObject({ stalled_seconds: 2 });
    expect((await eventsOf(k, 'gate', 'sampler_offline')).length).toBe(1);
    expect((await eventsOf(k, 'gate', 'sampler_online')).length).toBe(1);

    const everything = [logLines.join('\n'), JSON.stringify(await eventsOf(k, 'gate')), JSON.stringify((await k.inject({ url: '/api/cameras/gate/sampler' })).json())].join('\n');
    expect(everything).toContain('ffmpeg-sampler');
    expect(everything).not.toContain(password);
    expect(everything).not.toContain(encodeURIComponent(password));
  });
});
