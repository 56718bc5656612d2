import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { small } from '../test/support/cameras.js';
import { formatDuration, probe, pull, timestampWarnings, videoPackets } from '../test/support/ffmpeg.js';
import { waitFor, withTempDir } from '../test/support/processes.js';
import { startCamsim, type Camsim } from './index.js';

let sim: Camsim;

beforeAll(async () => {
  sim = await startCamsim({
    cameras: [small('video'), small('other'), small('aac', { audio: 'aac' }), small('pcmu', { audio: 'pcmu' })],
  });
});

afterAll(async () => {
  await sim.close();
});

describe.concurrent('streaming to ffmpeg clients', () => {
  it('ffprobe reads every camera with the right codecs and size', async () => {
    const results = await Promise.all(['video', 'aac', 'pcmu'].map((n) => probe(sim.url(n))));
    for (const { result, streams } of results) {
      expect(result.code, result.stderr).toBe(0);
      expect(streams[0]).toMatchObject({ codec_type: 'video', codec_name: 'h264', width: 320, height: 240 });
    }
    expect(results[0]?.streams).toHaveLength(1);
    expect(results[1]?.streams[1]).toMatchObject({ codec_type: 'audio', codec_name: 'aac', sample_rate: '16000' });
    expect(results[2]?.streams[1]).toMatchObject({ codec_type: 'audio', codec_name: 'pcm_mulaw', sample_rate: '8000' });
  });

  it('a 10 s recording has the right codec, size and duration, with continuous timestamps across clip loops', async () => {
    await withTempDir(async (dir) => {
      const out = join(dir, 'ten.mp4');
      const r = await pull(sim.url('video'), out, { seconds: 10 }).exited;
      expect(r.code, r.stderr).toBe(0);
      const { streams } = await probe(out);
      expect(streams).toEqual([expect.objectContaining({ codec_name: 'h264', width: 320, height: 240 })]);
      expect(await formatDuration(out)).toBeCloseTo(10, 0);
      expect(Math.abs((await formatDuration(out)) - 10)).toBeLessThanOrEqual(0.5);
      // The 3 s clip loops three times in 10 s; every frame must still be 40 ms after the previous
      // one (the first is skipped: ffmpeg's demuxer leaves it without a timestamp, see timestampWarnings).
      const packets = await videoPackets(out);
      expect(packets.length).toBeGreaterThanOrEqual(245);
      const steps = packets.slice(2).map((p, i) => Math.round((p.pts - (packets[i + 1]?.pts ?? 0)) * 1000));
      expect(new Set(steps)).toEqual(new Set([40]));
      // One keyframe a second, also across the loop point.
      const keys = packets.slice(1).filter((p) => p.key).map((p) => p.pts);
      expect(keys.length).toBeGreaterThanOrEqual(8);
      expect(keys.slice(1).every((k, i) => Math.abs(k - (keys[i] ?? 0) - 1) < 0.001)).toBe(true);
      expect(timestampWarnings(r.stderr)).toEqual([]);
    });
  });

  it('records AAC and G.711 µ-law audio next to the video', async () => {
    await withTempDir(async (dir) => {
      const [aac, pcmu] = await Promise.all([
        pull(sim.url('aac'), join(dir, 'aac.mp4'), { seconds: 4 }).exited,
        pull(sim.url('pcmu'), join(dir, 'pcmu.mkv'), { seconds: 4 }).exited,
      ]);
      expect(aac.code, aac.stderr).toBe(0);
      expect(pcmu.code, pcmu.stderr).toBe(0);
      expect(timestampWarnings(aac.stderr)).toEqual([]);
      expect(timestampWarnings(pcmu.stderr)).toEqual([]);
      const a = await probe(join(dir, 'aac.mp4'));
      const p = await probe(join(dir, 'pcmu.mkv'));
      expect(a.streams.map((s) => s.codec_name)).toEqual(['h264', 'aac']);
      expect(p.streams.map((s) => s.codec_name)).toEqual(['h264', 'pcm_mulaw']);
      expect(Math.abs((await formatDuration(join(dir, 'aac.mp4'))) - 4)).toBeLessThanOrEqual(0.5);
      expect(Math.abs((await formatDuration(join(dir, 'pcmu.mkv'))) - 4)).toBeLessThanOrEqual(0.5);
    });
  });

  it('serves two cameras to two clients at once, counted in stats', async () => {
    await withTempDir(async (dir) => {
      const a = pull(sim.url('other'), join(dir, 'a.mp4'), { seconds: 4 });
      const b = pull(sim.url('other'), join(dir, 'b.mp4'), { seconds: 4 });
      const c = pull(sim.url('video'), join(dir, 'c.mp4'), { seconds: 4 });
      await waitFor('both clients of camera "other" playing', () => sim.stats().cameras.find((x) => x.name === 'other')?.clients === 2);
      const results = await Promise.all([a.exited, b.exited, c.exited]);
      for (const r of results) expect(r.code, r.stderr).toBe(0);
      for (const f of ['a.mp4', 'b.mp4', 'c.mp4']) {
        expect(Math.abs((await formatDuration(join(dir, f))) - 4)).toBeLessThanOrEqual(0.5);
      }
      const other = sim.stats().cameras.find((x) => x.name === 'other');
      expect(other?.bytesSent).toBeGreaterThan(2 * 3 * 25_000);
      expect(other?.framesDropped).toBe(0);
    });
  });
});
