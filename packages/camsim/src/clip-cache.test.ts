import { readdir, readFile, stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { withTempDir } from '../test/support/processes.js';
import { probe } from '../test/support/ffmpeg.js';
import { ClipCache } from './clip-cache.js';
import { loadVideoClip } from './media-clip.js';
import { runProcess, type RunProcess } from './run-process.js';

const params = { width: 320, height: 240, fps: 25, bitrateKbps: 400, seconds: 2 };

describe('ClipCache', () => {
  it('generates once per parameter set, atomically, even with two generators racing', async () => {
    await withTempDir(async (dir) => {
      let runs = 0;
      const counting: RunProcess = (cmd, args) => {
        runs += 1;
        return runProcess(cmd, args);
      };
      // Two caches stand for two processes sharing the directory.
      const a = new ClipCache({ cacheDir: dir, run: counting });
      const b = new ClipCache({ cacheDir: dir, run: counting });
      const [pa, pb, pa2] = await Promise.all([a.videoFile(params), b.videoFile(params), a.videoFile(params)]);
      expect(pa).toBe(pb);
      expect(pa2).toBe(pa);
      expect(runs).toBe(2);
      expect(await readdir(dir)).toEqual([pa.slice(dir.length + 1)]);
      await a.videoFile(params);
      await new ClipCache({ cacheDir: dir, run: counting }).videoFile(params);
      expect(runs).toBe(2);

      // The clip itself: H.264 of the right size, an IDR every second, close to the asked bitrate.
      const { streams } = await probe(pa);
      expect(streams[0]).toMatchObject({ codec_name: 'h264', width: 320, height: 240 });
      const clip = loadVideoClip(await readFile(pa), params);
      expect(clip.frames).toHaveLength(50);
      expect(clip.frames.map((f, i) => (f.key ? i : -1)).filter((i) => i >= 0)).toEqual([0, 25]);
      const kbps = ((await stat(pa)).size * 8) / 1000 / params.seconds;
      expect(kbps).toBeGreaterThan(params.bitrateKbps * 0.75);
      expect(kbps).toBeLessThan(params.bitrateKbps * 1.25);
    });
  });

  it('falls back to a clip without the clock when drawtext fails', async () => {
    await withTempDir(async (dir) => {
      const seen: boolean[] = [];
      const noDrawtext: RunProcess = (cmd, args) => {
        const withText = args.some((a) => a.includes('drawtext'));
        seen.push(withText);
        return withText ? Promise.reject(new Error('No such filter: drawtext')) : runProcess(cmd, args);
      };
      const logs: string[] = [];
      const cache = new ClipCache({ cacheDir: dir, run: noDrawtext, fontFile: '/usr/share/fonts/x.ttf', log: (m) => logs.push(m) });
      const file = await cache.videoFile({ ...params, seconds: 1 });
      expect(seen).toEqual([true, false]);
      expect((await stat(file)).size).toBeGreaterThan(0);
      expect(logs.join('\n')).toMatch(/without/);
    });
  });

  it('leaves nothing behind when ffmpeg fails, and reports why', async () => {
    await withTempDir(async (dir) => {
      const failing: RunProcess = () => Promise.reject(new Error('ffmpeg exploded'));
      const cache = new ClipCache({ cacheDir: dir, run: failing, fontFile: null });
      await expect(cache.audioFile({ codec: 'aac', seconds: 1 })).rejects.toThrow(/generating clip audio-aac/);
      expect(await readdir(dir)).toEqual([]);
    });
  });
});
