import type { Camsim } from '@heldar/camsim';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { smallCamera, startTestCamsim } from '../../kernel/test/helpers/camsim.js';
import { addCamera } from '../../kernel/test/helpers/recording.js';
import { startTestKernel, waitFor, type TestKernel } from '../../kernel/test/helpers/test-kernel.js';
import { launchBrowser, requireBuiltUiAndBrowser, screenshot, signInThroughForm, type Browser } from './browser.js';

/**
 * Live view in a real browser (Debian's chromium, headless) against a kernel recording simulated
 * cameras: the live grid plays every visible tile through MSE (their currentTime advances), the
 * latency the player measures is printed, layouts and full screen work from the keyboard, the camera
 * page's Live mode jumps back into playback, a G.711 camera plays silent with a note saying why; and the WebSocket refuses an unauthenticated upgrade
 * (401) and a foreign Origin (403).
 */

const ADMIN = { username: 'alice', password: 'alice-password-1' };
const SOON = { timeout: 20_000 };

let camsim: Camsim;
let kernel: TestKernel;
let baseUrl: string;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function signIn(p: Page): Promise<void> {
  await signInThroughForm(p, baseUrl, ADMIN);
}

/** currentTime of each live video on the page, by camera id. */
function liveTimes(p: Page): Promise<Record<string, number>> {
  return p.$$eval('video[data-testid="live-video"]', (videos) => Object.fromEntries(videos.map((v) => [(v as HTMLVideoElement).dataset.cameraId ?? '', (v as HTMLVideoElement).currentTime])));
}

/** Waits until every listed camera's live video has advanced by `seconds` from where it was first seen playing. */
async function expectAdvancing(p: Page, cameras: string[], seconds: number): Promise<void> {
  await expect.poll(async () => Object.keys(await liveTimes(p)).sort(), SOON).toEqual([...cameras].sort());
  await waitFor('every live video playing', async () => Object.values(await liveTimes(p)).every((t) => t > 0), 30_000, 200);
  const first = await liveTimes(p);
  await waitFor(`every live video advancing by ${seconds} s`, async () => {
    const now = await liveTimes(p);
    return cameras.every((c) => (now[c] ?? 0) - (first[c] ?? 0) >= seconds);
  }, 30_000, 200);
}

/** The status code a WebSocket upgrade to `url` is answered with (101 when it opens). */
function upgradeStatus(url: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers });
    ws.on('open', () => {
      ws.close();
      resolve({ status: 101, body: '' });
    });
    ws.on('unexpected-response', (_req, res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    ws.on('error', (e) => reject(e));
  });
}

beforeAll(async () => {
  requireBuiltUiAndBrowser();
  // `hall` (G.711 sound) joins the kernel only in its own test, so the grid tests see two cameras.
  camsim = await startTestCamsim([smallCamera('gate'), smallCamera('yard'), smallCamera('yard-sub', { width: 160, height: 120 }), smallCamera('hall', { audio: 'pcmu' })]);
  // The main streams come from the recorders' own ffmpeg; the sub-stream (no sampler reads it) from
  // the kernel's on-demand live-only ffmpeg, started when its tile is first watched.
  kernel = await startTestKernel({ HELDAR_RECORDER_ENABLED: 'true', HELDAR_HTTP_HOST: '127.0.0.1', HELDAR_HTTP_PORT: '0' }, { recorderTickMs: 200 });
  await addCamera(kernel, { id: 'gate', name: 'Gate', stream_url: camsim.url('gate'), segment_seconds: 2 });
  // A camera with a sub-stream: its grid tile plays the sub-stream, full screen the main one.
  await addCamera(kernel, { id: 'yard', name: 'Yard', stream_url: camsim.url('yard'), sub_stream_url: camsim.url('yard-sub'), segment_seconds: 2 });
  await kernel.startRecording();
  baseUrl = await kernel.listen();
  const res = await kernel.inject({ method: 'POST', url: '/api/users', payload: { ...ADMIN, role: 'admin' } });
  if (res.statusCode !== 201) throw new Error(`user not created: ${res.statusCode} ${res.body}`);
  browser = await launchBrowser();
  context = await browser.context();
  page = await context.newPage();
  await signIn(page);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await kernel?.dispose();
  await camsim?.close();
});

describe('live view in chromium', () => {
  it('plays every tile of the live grid and measures the latency', async () => {
    await page.goto(`${baseUrl}/live`);
    await page.getByRole('heading', { name: 'Live' }).waitFor();
    await expectAdvancing(page, ['gate', 'yard'], 2);
    // The tile of the camera with a sub-stream plays the sub-stream (160×120).
    const size = await page.$eval('video[data-camera-id="yard"]', (v) => [(v as HTMLVideoElement).videoWidth, (v as HTMLVideoElement).videoHeight]);
    expect(size).toEqual([160, 120]);
    const latency = page.getByTestId('live-latency').first();
    await expect.poll(async () => Number(await latency.getAttribute('data-latency-ms')), SOON).toBeGreaterThan(0);
    const samples: number[] = [];
    for (let i = 0; i < 10; i++) {
      const values = await page.getByTestId('live-latency').evaluateAll((els) => els.map((e) => Number((e as HTMLElement).dataset.latencyMs)));
      samples.push(...values.filter((v) => v > 0));
      await page.waitForTimeout(300);
    }
    samples.sort((a, b) => a - b);
    const median = samples[Math.floor(samples.length / 2)] ?? NaN;
    console.log(`live grid latency (server receive → shown, as the player measures it): median ${Math.round(median)} ms, max ${Math.round(samples[samples.length - 1] ?? NaN)} ms over ${samples.length} samples`);
    // The catch-up keeps the player near the live edge; seconds behind would mean it does not.
    expect(median).toBeLessThan(3000);
    await screenshot(page, '40-live-grid');
  }, 90_000);

  it('switches layouts with the keys and opens a tile full screen on the main stream', async () => {
    await page.goto(`${baseUrl}/live?layout=4`);
    await page.getByTestId('live-tile').first().waitFor();
    await page.keyboard.press('1');
    await expect.poll(() => page.getByTestId('live-tile').count(), SOON).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: '1', exact: true }).getAttribute('aria-pressed')).toBe('true');
    await page.keyboard.press('9');
    await expect.poll(() => page.getByTestId('live-tile').count(), SOON).toBe(2);
    const yard = page.getByRole('button', { name: /Yard, live/ });
    await yard.focus();
    await page.keyboard.press('Enter');
    const full = page.getByTestId('live-full');
    await full.waitFor();
    // The main stream (320×240), playing.
    await expect.poll(() => full.locator('video').evaluate((v: HTMLVideoElement) => [v.videoWidth, v.videoHeight]), SOON).toEqual([320, 240]);
    const t0 = await full.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime);
    await expect.poll(() => full.locator('video').evaluate((v: HTMLVideoElement) => v.currentTime), SOON).toBeGreaterThan(t0 + 1);
    // The grid's tiles stop while one camera is full screen.
    expect(await page.locator('.live-grid video').count()).toBe(0);
    await page.keyboard.press('Escape');
    await expect.poll(() => full.count(), SOON).toBe(0);
    await expectAdvancing(page, ['gate', 'yard'], 1);
  }, 90_000);

  it('shows a camera live on its page and jumps back into playback', async () => {
    await waitFor('half a minute recorded', async () => {
      const res = await kernel.inject({ url: '/api/cameras/gate/segments' });
      return (res.json() as { segments: unknown[] }).segments.length >= 3;
    }, 60_000);
    await page.goto(`${baseUrl}/cameras/gate`);
    await page.getByTestId('watch-live').click();
    const live = page.getByTestId('camera-live');
    await live.waitFor();
    await expectAdvancing(page, ['gate'], 1);
    await expect.poll(async () => Number(await live.getByTestId('live-latency').getAttribute('data-latency-ms')), SOON).toBeGreaterThan(0);
    await screenshot(page, '41-camera-live');
    await page.getByRole('button', { name: /30 s ago/ }).click();
    const video = page.getByTestId('playback-video');
    await video.waitFor(SOON);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), SOON).toBeGreaterThan(0.5);
    expect(await live.count()).toBe(0);
  }, 120_000);

  it('refuses an unauthenticated WebSocket upgrade (401) and a foreign Origin (403)', async () => {
    const url = `${baseUrl.replace(/^http/, 'ws')}/api/cameras/gate/live?stream=main`;
    const anonymous = await upgradeStatus(url, { origin: baseUrl });
    expect(anonymous.status).toBe(401);
    const cookies = await context.cookies(baseUrl);
    const session = cookies.find((c) => c.name === 'heldar_session');
    expect(session).toBeDefined();
    const cookie = `${session!.name}=${session!.value}`;
    const foreign = await upgradeStatus(url, { origin: 'http://evil.example', cookie });
    expect(foreign.status).toBe(403);
    expect(foreign.body).toMatch(/Origin/);
    // The same session from this server's own origin is let in.
    expect((await upgradeStatus(url, { origin: baseUrl, cookie })).status).toBe(101);
  }, 30_000);

  it('plays a G.711 camera as video only and says why under the picture', async () => {
    await addCamera(kernel, { id: 'hall', name: 'Hall', stream_url: camsim.url('hall'), record_enabled: false, record_audio: true });
    await page.goto(`${baseUrl}/cameras/hall`);
    await page.getByTestId('watch-live').click();
    const live = page.getByTestId('camera-live');
    await live.waitFor();
    await expectAdvancing(page, ['hall'], 1);
    await expect.poll(() => live.locator('.live-audio-note').textContent(), SOON).toBe(
      'camera audio is G.711 µ-law (pcm_mulaw), which MP4 cannot carry; live view is video only',
    );
    await screenshot(page, '42-camera-live-g711');
  }, 90_000);

  it('logged no console error', () => {
    expect(browser.errors).toEqual([]);
  });
});
