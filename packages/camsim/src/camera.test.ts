import { describe, expect, it } from 'vitest';
import { FakeClient, FakeClock, fakeAudio, fakeVideo } from '../test/support/fakes.js';
import { Camera, HIGH_WATER_BYTES } from './camera.js';
import { resolveCameraSpec } from './camera-spec.js';
import type { VideoClip } from './media-clip.js';

const RTCP_SR = 200;

function setup(opts: { audio?: boolean; other?: VideoClip } = {}) {
  const clock = new FakeClock();
  const video = fakeVideo(10, 5, 25);
  const camera = new Camera(resolveCameraSpec({ name: 'c', width: 320, height: 240 }), video, opts.audio === true ? fakeAudio(100) : undefined, {
    clock,
    loadVideo: () => Promise.resolve(opts.other ?? video),
  });
  const advance = (ms: number, step = 10) => {
    for (let t = 0; t < ms; t += step) {
      clock.t += step;
      camera.tick(clock.t);
    }
  };
  return { clock, camera, advance };
}

/** Is this RTP packet the start of an IDR frame (our fake keyframes begin with a 0x67 "SPS")? */
const isKeyStart = (p: { data: Buffer; channel: number }) => p.channel === 0 && p.data[12] === 0x67;

describe('Camera', () => {
  it('starts a new client at the next keyframe, sender report first', () => {
    const { clock, camera, advance } = setup();
    advance(50); // past the first keyframe at t=1000 and into its GOP
    const client = new FakeClient(clock.t);
    camera.addClient(client);
    advance(100);
    expect(client.sent).toHaveLength(0);
    advance(100);
    const packets = client.packets();
    expect(packets[0]?.channel).toBe(1);
    expect(packets[0]?.type).toBe(RTCP_SR);
    expect(isKeyStart(packets[1] as { data: Buffer; channel: number })).toBe(true);
    expect(camera.stats().bytesSent).toBe(client.sent.reduce((a, b) => a + b.length, 0));
  });

  it('drops a slow client’s frames until it drains, then resumes at a keyframe', () => {
    const { clock, camera, advance } = setup();
    const client = new FakeClient(clock.t);
    camera.addClient(client);
    advance(100);
    const before = client.sent.length;
    expect(before).toBeGreaterThan(0);
    client.buffered = HIGH_WATER_BYTES + 1;
    advance(400);
    expect(client.sent.length).toBe(before);
    expect(camera.stats().framesDropped).toBeGreaterThanOrEqual(9);
    client.buffered = 0;
    client.sent.length = 0;
    advance(200);
    const packets = client.packets().filter((p) => p.channel === 0);
    expect(isKeyStart(packets[0] as { data: Buffer; channel: number })).toBe(true);
  });

  it('disconnects a client that stays blocked for too long', () => {
    const { clock, camera, advance } = setup();
    const client = new FakeClient(clock.t);
    camera.addClient(client);
    advance(100);
    client.buffered = HIGH_WATER_BYTES + 1;
    advance(31_000, 40);
    expect(client.dropped).toBe('client too slow');
  });

  it('drops each session the configured time after its PLAY', async () => {
    const { clock, camera, advance } = setup();
    await camera.setFault({ kind: 'drop', afterSeconds: 1 });
    const client = new FakeClient(clock.t);
    camera.addClient(client);
    advance(900);
    expect(client.dropped).toBeUndefined();
    advance(200);
    expect(client.dropped).toBe('drop fault');
  });

  it('stalls media for the fault window, then resumes at a keyframe', async () => {
    const { clock, camera, advance } = setup();
    const client = new FakeClient(clock.t);
    camera.addClient(client);
    advance(100);
    await camera.setFault({ kind: 'stall', seconds: 1 });
    client.sent.length = 0;
    advance(990);
    expect(client.sent).toHaveLength(0);
    expect(camera.stats().faults).toEqual(['stall']);
    advance(400);
    expect(camera.stats().faults).toEqual([]);
    const video = client.packets().filter((p) => p.channel === 0);
    expect(isKeyStart(video[0] as { data: Buffer; channel: number })).toBe(true);
  });

  it('refuses only during the refuse window', async () => {
    const { camera, advance } = setup();
    await camera.setFault({ kind: 'refuse', seconds: 0.5, mode: '503' });
    expect(camera.refusing()?.mode).toBe('503');
    advance(500);
    expect(camera.refusing()).toBeUndefined();
  });

  it('sends only the tracks a client set up, on the channels it chose', () => {
    const { clock, camera, advance } = setup({ audio: true });
    const videoOnly = new FakeClient(clock.t, [{ rtpChannel: 4, rtcpChannel: 5 }, undefined]);
    const both = new FakeClient(clock.t, [
      { rtpChannel: 0, rtcpChannel: 1 },
      { rtpChannel: 2, rtcpChannel: 3 },
    ]);
    camera.addClient(videoOnly);
    camera.addClient(both);
    advance(300);
    expect(new Set(videoOnly.packets().map((p) => p.channel))).toEqual(new Set([4, 5]));
    expect(new Set(both.packets().map((p) => p.channel))).toEqual(new Set([0, 1, 2, 3]));
  });

  it('advertises a new resolution at once and switches the stream at the next keyframe', async () => {
    const other = fakeVideo(10, 5, 25, 160);
    const { camera, advance } = setup({ other });
    advance(50);
    await camera.setFault({ kind: 'resolution', width: 160, height: 240 });
    expect(camera.stats().width).toBe(320);
    advance(200);
    expect(camera.stats().width).toBe(160);
    camera.clearFault('resolution');
    advance(200);
    expect(camera.stats().width).toBe(320);
  });
});
