import { createRequire } from 'node:module';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addTestCamera, indexFootage, recordFiles, type IndexedFile } from './playback-footage.js';
import { startTestKernel, tempDir, type TestKernel } from './helpers/test-kernel.js';

const T0 = Date.UTC(2026, 10, 21, 4, 59, 54);
const GAP_MS = 5_000;
const iso = (ms: number) => new Date(ms).toISOString();
const HLS_JS = createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js');

let kernel: TestKernel;
let browser: Browser;
/** The same footage twice: with B-frames (as many cameras send) and without (as camsim sends). */
const footage: Record<'bframes' | 'plain', IndexedFile[]> = { bframes: [], plain: [] };
let base: string;
let removeFootage: () => Promise<void>;

beforeAll(async () => {
  const dir = await tempDir('heldar-hlsjs-footage-');
  removeFootage = dir.remove;
  kernel = await startTestKernel();
  for (const [camera, bframes] of [['bframes', 2], ['plain', 0]] as const) {
    const recorded = await recordFiles(path.join(dir.dir, camera), { seconds: 12, segmentSeconds: 2, bframes });
    await addTestCamera(kernel, camera);
    footage[camera] = await indexFootage(kernel, camera, recorded, T0, { before: 3, ms: GAP_MS });
  }
  base = await kernel.listen();
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--autoplay-policy=no-user-gesture-required'] });
});

afterAll(async () => {
  await browser?.close();
  await kernel?.dispose();
  await removeFootage?.();
});

interface PlayResult {
  ended: boolean;
  duration: number;
  frames: number;
  errors: string[];
  buffered: [number, number][];
}

/** Plays a session of six files with a 5 s outage after the third in hls.js at 4× speed. */
async function playInChromium(camera: keyof typeof footage): Promise<PlayResult> {
  const files = footage[camera];
  const res = await kernel.inject({ method: 'POST', url: '/api/playback', payload: { camera_id: camera, from: iso(T0 + 1_500), to: iso(files.at(-1)!.endMs) } });
  expect(res.statusCode, res.body).toBe(201);
  const { playlist_url } = res.json<{ playlist_url: string }>();
  const page = await browser.newPage();
  // Same origin as the API (no CORS involved), as the web UI is.
  await page.goto(`${base}/api/health`);
  await page.setContent('<video id="v" muted></video>');
  await page.addScriptTag({ path: HLS_JS });
  // Runs in the page (plain JavaScript: the kernel's TypeScript has no DOM types).
  const play = `async ({ url, key }) => {
    const video = document.getElementById('v');
    const hls = new Hls({ xhrSetup: (xhr) => xhr.setRequestHeader('Authorization', 'Bearer ' + key) });
    const errors = [];
    hls.on(Hls.Events.ERROR, (_e, d) => errors.push(d.type + '/' + d.details + (d.fatal ? ' (fatal)' : '')));
    hls.loadSource(url);
    hls.attachMedia(video);
    await new Promise((r) => video.addEventListener('loadedmetadata', r, { once: true }));
    video.playbackRate = 4;
    await video.play();
    const ended = await Promise.race([
      new Promise((r) => video.addEventListener('ended', () => r(true), { once: true })),
      new Promise((r) => setTimeout(() => r(false), 30000)),
    ]);
    const buffered = Array.from({ length: video.buffered.length }, (_, i) => [video.buffered.start(i), video.buffered.end(i)]);
    return { ended, duration: video.duration, frames: video.getVideoPlaybackQuality().totalVideoFrames, errors, buffered };
  }`;
  const result = (await page.evaluate(`(${play})(${JSON.stringify({ url: `${base}${playlist_url}`, key: kernel.adminKey })})`)) as PlayResult;
  await page.close();
  return result;
}

describe('playback in a browser (hls.js 1.x in Chromium, MSE)', () => {
  // 10.5 s of footage in the range, widened to whole 1 s fragments: 11 s, the outage stepped over.
  it('plays a session across files and an outage to the end: one continuous buffer', async () => {
    const result = await playInChromium('plain');
    expect(result.errors).toEqual([]);
    expect(result.ended).toBe(true);
    expect(result.buffered).toHaveLength(1);
    expect(result.duration).toBeCloseTo(11, 1);
    expect(result.frames).toBeGreaterThanOrEqual(105);
  });

  it('with B-frames too; only at the outage (a discontinuity) hls.js leaves a hole of the B-frame delay, and steps over it', async () => {
    const result = await playInChromium('bframes');
    expect(result.errors.filter((e) => e.includes('fatal'))).toEqual([]);
    expect(result.ended).toBe(true);
    // hls.js re-bases each discontinuity on decode time while the previous ended on presentation time:
    // 0.2 s (two frames of delay) at the one discontinuity — the reason files of one recording are not
    // separated by EXT-X-DISCONTINUITY (their decode times are made continuous instead).
    expect(result.buffered.length).toBeLessThanOrEqual(2);
    const holes = result.buffered.slice(1).map(([start], i) => start - result.buffered[i]![1]);
    expect(holes.every((h) => h < 0.3)).toBe(true);
    expect(result.duration).toBeGreaterThan(10.9);
    expect(result.duration).toBeLessThan(11.6);
    expect(result.frames).toBeGreaterThanOrEqual(100);
  });
});
