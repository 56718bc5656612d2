import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { feedLiveFfmpeg } from '../../kernel/src/media/live/ll-hls/live-ffmpeg.test-helper.js';
import { startTestKernel, type TestKernel } from '../../kernel/test/helpers/test-kernel.js';
import { CHROMIUM } from './browser.js';

/**
 * LL-HLS live view in a real browser: hls.js (low-latency mode) in Debian's chromium plays
 * `/api/cameras/:id/live/index.m3u8` with the session cookie a signed-in viewer holds, the play head
 * advances, and the latency behind Heldar (now − the program date time at the play head) is printed.
 */

const HLS_JS = createRequire(import.meta.url).resolve('hls.js/dist/hls.min.js');
const VIEWER = { username: 'vera', password: 'vera-password-1' };

let kernel: TestKernel;
let base: string;
let feed: { stop(): Promise<void> };
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y chromium (or set HELDAR_CHROMIUM)`);
  kernel = await startTestKernel({ HELDAR_HTTP_HOST: '127.0.0.1' });
  const camera = await kernel.inject({ method: 'POST', url: '/api/cameras', payload: { id: 'porch', name: 'Porch', stream_url: 'rtsp://127.0.0.1:9/none', record_enabled: false } });
  expect(camera.statusCode, camera.body).toBe(201);
  const user = await kernel.inject({ method: 'POST', url: '/api/users', payload: { ...VIEWER, role: 'viewer' } });
  expect(user.statusCode, user.body).toBe(201);
  // What the recorder's live output would write: a real-time H.264 fMP4 from ffmpeg.
  feed = feedLiveFfmpeg(kernel.modules.live.hubs, 'porch', 'main');
  base = await kernel.listen();
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--autoplay-policy=no-user-gesture-required'] });
}, 30_000);

afterAll(async () => {
  await browser?.close();
  await feed?.stop();
  await kernel?.dispose();
});

interface LiveResult {
  errors: string[];
  advanced: number;
  latencies: number[];
  hlsLatency: number;
}

describe('LL-HLS live view in Chromium (hls.js)', () => {
  it('plays the live playlist with a viewer’s session cookie: currentTime advances, latency printed', async () => {
    const context = await browser.newContext();
    const login = await context.request.post(`${base}/api/auth/login`, { data: VIEWER, headers: { origin: base } });
    expect(login.status()).toBe(200);
    const page = await context.newPage();
    // Same origin as the API, as the web UI is: hls.js sends the session cookie.
    await page.goto(`${base}/api/health`);
    await page.setContent('<video id="v" muted playsinline></video>');
    await page.addScriptTag({ path: HLS_JS });
    // Runs in the page (plain JavaScript, so the test needs no hls.js types).
    const play = `async (url) => {
      const video = document.getElementById('v');
      const hls = new Hls({ lowLatencyMode: true });
      const errors = [];
      hls.on(Hls.Events.ERROR, (_e, d) => errors.push(d.type + '/' + d.details + (d.fatal ? ' (fatal)' : '')));
      hls.loadSource(url);
      hls.attachMedia(video);
      await new Promise((r) => video.addEventListener('loadedmetadata', r, { once: true }));
      await video.play();
      const wait = (ms) => new Promise((r) => setTimeout(r, ms));
      await wait(1000);
      const from = video.currentTime;
      const latencies = [];
      for (let i = 0; i < 8; i++) {
        await wait(500);
        if (hls.playingDate) latencies.push(Date.now() - hls.playingDate.getTime());
      }
      return { errors, advanced: video.currentTime - from, latencies, hlsLatency: hls.latency };
    }`;
    const result = (await page.evaluate(`(${play})(${JSON.stringify(`${base}/api/cameras/porch/live/index.m3u8`)})`)) as LiveResult;
    await context.close();

    const sorted = [...result.latencies].sort((a, b) => a - b);
    const p50 = sorted[Math.floor(sorted.length / 2)] ?? NaN;
    console.log(`LL-HLS in Chromium (hls.js): latency behind Heldar p50 ${(p50 / 1000).toFixed(2)} s (samples ${sorted.map((l) => (l / 1000).toFixed(2)).join(', ')} s), hls.js latency ${result.hlsLatency.toFixed(2)} s`);
    expect(result.errors.filter((e) => e.includes('fatal'))).toEqual([]);
    // 4 s watched: the play head moves with the wall clock (a stalled player would not).
    expect(result.advanced).toBeGreaterThan(3);
    expect(result.latencies.length).toBeGreaterThan(4);
    expect(p50).toBeLessThan(4000);
    // One audit row for the viewer's start.
    const rows = await kernel.modules.auth.audit.find({ action: 'live_view', limit: 10 });
    expect(rows.map((r) => r.actor)).toEqual([VIEWER.username]);
  }, 60_000);
});
