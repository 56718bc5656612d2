import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { small } from '../test/support/cameras.js';
import { decode, formatDuration, probe, pull, videoPackets } from '../test/support/ffmpeg.js';
import { Proc, waitFor, withTempDir } from '../test/support/processes.js';
import { startCamsim, type Camsim } from './index.js';

let sim: Camsim;

beforeAll(async () => {
  sim = await startCamsim({
    cameras: [
      small('drop-configured', { faults: [{ kind: 'drop', afterSeconds: 2 }] }),
      small('drop-now'),
      small('stall'),
      small('stall-timed'),
      small('refuse'),
      small('refuse-503'),
      small('resolution'),
      small('no-keyframe'),
    ],
  });
});

afterAll(async () => {
  await sim.close();
});

const cam = (name: string) => {
  const c = sim.stats().cameras.find((x) => x.name === name);
  if (c === undefined) throw new Error(`no camera ${name}`);
  return c;
};

/** Resolves once the camera has sent media to a playing client. */
const receiving = (name: string) => waitFor(`${name} streaming`, () => cam(name).clients > 0 && cam(name).bytesSent > 20_000);

describe.concurrent('faults seen by ffmpeg clients', () => {
  it('drop (configured): each session is cut about N s after PLAY', async () => {
    await withTempDir(async (dir) => {
      const out = join(dir, 'drop.mp4');
      const r = await pull(sim.url('drop-configured'), out, { seconds: 20 }).exited;
      // ffmpeg treats the closed connection as end of input and finishes the file.
      expect(r.ms).toBeGreaterThan(2000);
      expect(r.ms).toBeLessThan(6000);
      const d = await formatDuration(out);
      // PLAY at 0, first keyframe within 1 s, dropped at 2 s.
      expect(d).toBeGreaterThan(0.9);
      expect(d).toBeLessThan(2.3);
    });
  }, 30_000);

  it('drop (now): current connections are cut at once', async () => {
    const client = new Proc('ffmpeg', ['-hide_banner', '-nostdin', '-rtsp_transport', 'tcp', '-i', sim.url('drop-now'), '-c', 'copy', '-f', 'null', '-']);
    try {
      await receiving('drop-now');
      const at = Date.now();
      await sim.setFault('drop-now', { kind: 'drop' });
      // ffmpeg takes the closed connection as the end of the input and exits by itself.
      await client.exited;
      expect(Date.now() - at).toBeLessThan(2000);
      expect(cam('drop-now').clients).toBe(0);
    } finally {
      client.kill();
    }
  });

  it('stall: media stops while the socket stays open, until cleared', async () => {
    // -timeout (µs) makes ffmpeg give up on a silent socket, the way a recorder's watchdog would.
    const client = new Proc('ffmpeg', ['-hide_banner', '-nostdin', '-rtsp_transport', 'tcp', '-timeout', '1000000', '-i', sim.url('stall'), '-c', 'copy', '-f', 'null', '-']);
    try {
      await receiving('stall');
      await sim.setFault('stall', { kind: 'stall' });
      const at = Date.now();
      const bytesAtStall = cam('stall').bytesSent;
      const r = await client.exited;
      expect(r.stderr).toMatch(/Connection timed out/);
      // ffmpeg's -timeout applies per read attempt, so it gives up after a few multiples of it.
      expect(Date.now() - at).toBeGreaterThanOrEqual(1000);
      expect(cam('stall').bytesSent).toBe(bytesAtStall);
      expect(cam('stall').faults).toEqual(['stall']);
      sim.clearFault('stall', 'stall');
      const after = await probe(sim.url('stall'));
      expect(after.result.code, after.result.stderr).toBe(0);
    } finally {
      client.kill();
    }
  });

  it('stall (timed): the stream resumes by itself when the window ends', async () => {
    await sim.setFault('stall-timed', { kind: 'stall', seconds: 1.5 });
    const at = Date.now();
    const { result } = await probe(sim.url('stall-timed'));
    expect(result.code, result.stderr).toBe(0);
    expect(Date.now() - at).toBeGreaterThanOrEqual(1400);
  });

  it('refuse: connections fail during the window and work after it', async () => {
    // A window long enough that the first probe lands in it even when ffprobe is slow to start (a busy machine).
    await sim.setFault('refuse', { kind: 'refuse', seconds: 4 });
    const set = Date.now();
    const refused = await probe(sim.url('refuse'));
    expect(refused.result.code).not.toBe(0);
    const ok = await waitFor('a probe to succeed again', async () => {
      const p = await probe(sim.url('refuse'));
      return p.result.code === 0 ? { at: Date.now(), p } : undefined;
    }, 10_000, 100);
    expect(ok.at - set).toBeGreaterThanOrEqual(3900);
    expect(ok.p.streams[0]?.codec_name).toBe('h264');
  });

  it('refuse (503): the camera answers 503 Service Unavailable', async () => {
    await sim.setFault('refuse-503', { kind: 'refuse', mode: '503' });
    const refused = await probe(sim.url('refuse-503'));
    expect(refused.result.stderr).toMatch(/503 Service Unavailable/);
    sim.clearFault('refuse-503', 'refuse');
    const ok = await probe(sim.url('refuse-503'));
    expect(ok.result.code, ok.result.stderr).toBe(0);
  });

  it('resolution: a decoding client sees frames of the new size after the switch', async () => {
    const client = decode(sim.url('resolution'), 20);
    try {
      await waitFor('320x240 frames', () => /s:320x240/.test(client.stderr));
      await sim.setFault('resolution', { kind: 'resolution', width: 160, height: 120 });
      await waitFor('160x120 frames', () => /s:160x120/.test(client.stderr), 5000);
      const probed = await probe(sim.url('resolution'));
      expect(probed.streams[0]).toMatchObject({ width: 160, height: 120 });
      sim.clearFault('resolution');
      await waitFor('frames of the original size again', () => /s:320x240[\s\S]*s:160x120[\s\S]*s:320x240/.test(client.stderr), 5000);
    } finally {
      client.kill();
    }
  });

  it('no_keyframe: no key frames arrive during the window while P frames keep coming', async () => {
    await withTempDir(async (dir) => {
      const out = join(dir, 'nokey.ts');
      const client = pull(sim.url('no-keyframe'), out, { seconds: 6 });
      await receiving('no-keyframe');
      await sim.setFault('no-keyframe', { kind: 'no_keyframe', seconds: 3 });
      const r = await client.exited;
      expect(r.code, r.stderr).toBe(0);
      // The first packet counts here: the window usually starts right after it.
      const packets = await videoPackets(out);
      const summary = JSON.stringify(packets.filter((p) => p.key));
      const keys = packets.filter((p) => p.key).map((p) => p.pts);
      const gaps = keys.slice(1).map((k, i) => k - (keys[i] ?? 0));
      const longest = Math.max(...gaps);
      // Normally one keyframe a second; the window removes two or three in a row.
      expect(longest, summary).toBeGreaterThanOrEqual(2.9);
      expect(gaps.filter((g) => g > 1.01)).toHaveLength(1);
      const gapStart = keys[gaps.indexOf(longest)] ?? 0;
      const inGap = packets.filter((p) => p.pts > gapStart && p.pts < gapStart + longest);
      expect(inGap.length).toBeGreaterThanOrEqual(Math.floor(longest * 25) - 3);
    });
  });
});
