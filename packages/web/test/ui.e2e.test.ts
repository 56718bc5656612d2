// Length: one browser session against one recording kernel drives every page in turn (starting
// Chromium and recording footage once costs more than all the steps); each step is its own test.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Camsim } from '@heldar/camsim';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallCamera, startTestCamsim } from '../../kernel/test/helpers/camsim.js';
import { addCamera } from '../../kernel/test/helpers/recording.js';
import { startTestKernel, waitFor, type TestKernel } from '../../kernel/test/helpers/test-kernel.js';
import { PHONE, launchBrowser, requireBuiltUiAndBrowser, screenshot, type Browser } from './browser.js';

/**
 * The operator UI in a real browser (Debian's chromium, headless) against a kernel that records a
 * simulated camera: sign in, the grid with a live snapshot, the camera's timeline, playback, clip
 * export and download, drawing a zone, and a viewer who sees no edit controls. Screenshots go to
 * artifacts/ui/. Each test opens the page it needs, so one failing feature does not hide the others.
 */

const run = promisify(execFile);
const CAMERA = 'gate';
const ADMIN = { username: 'alice', password: 'alice-password-1' };
const VIEWER = { username: 'victor', password: 'victor-password-1' };
/** Deadline for what the page shows after the server answers (polls, refreshes). */
const SOON = { timeout: 15_000 };

let camsim: Camsim;
let kernel: TestKernel;
let baseUrl: string;
let browser: Browser;
let admin: BrowserContext;
let page: Page;
let downloads: string;

async function createUser(user: { username: string; password: string }, role: string): Promise<void> {
  const res = await kernel.inject({ method: 'POST', url: '/api/users', payload: { ...user, role } });
  if (res.statusCode !== 201) throw new Error(`user ${user.username} not created: ${res.statusCode} ${res.body}`);
}

async function signIn(p: Page, user: { username: string; password: string }): Promise<void> {
  await p.goto(baseUrl + '/');
  await p.getByTestId('whoami').or(p.getByRole('button', { name: 'Sign in' })).first().waitFor({ state: 'attached' });
  if ((await p.getByTestId('whoami').count()) > 0) return;
  await p.getByLabel('User name').fill(user.username);
  await p.getByLabel('Password').fill(user.password);
  await p.getByRole('button', { name: 'Sign in' }).click();
  // Attached, not visible: on a phone it sits in the collapsed menu.
  await p.getByTestId('whoami').waitFor({ state: 'attached' });
}

/** Recorded segments of the camera in the index (through the API, as the UI sees them). */
async function segmentCount(): Promise<number> {
  const res = await kernel.inject({ url: `/api/cameras/${CAMERA}/segments` });
  return (res.json() as { segments: unknown[] }).segments.length;
}

/** Opens the camera page zoomed to the last minutes, where the recorded span is wide enough to hit. */
async function openCameraZoomed(p: Page): Promise<void> {
  await p.goto(`${baseUrl}/cameras/${CAMERA}`);
  await p.getByTestId('timeline-span').first().waitFor();
  await p.getByRole('button', { name: 'Now' }).click();
  // Three more zoom steps from 2 h: 30 min, 10 min, 2 min around now.
  const track = p.getByTestId('timeline');
  await track.focus();
  for (let i = 0; i < 3; i++) await p.keyboard.press('+');
}

beforeAll(async () => {
  requireBuiltUiAndBrowser();
  camsim = await startTestCamsim([smallCamera('gate')]);
  kernel = await startTestKernel({ HELDAR_RECORDER_ENABLED: 'true', HELDAR_HTTP_HOST: '127.0.0.1', HELDAR_HTTP_PORT: '0' }, { recorderTickMs: 200 });
  await addCamera(kernel, { id: CAMERA, name: 'Gate', stream_url: camsim.url('gate'), segment_seconds: 2, detect_fps: 2 });
  await kernel.startRecording();
  baseUrl = await kernel.listen();
  await createUser(ADMIN, 'admin');
  await createUser(VIEWER, 'viewer');
  downloads = await mkdtemp(path.join(os.tmpdir(), 'heldar-ui-downloads-'));
  browser = await launchBrowser();
  admin = await browser.context();
  page = await admin.newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await kernel?.dispose();
  await camsim?.close();
  if (downloads) await rm(downloads, { recursive: true, force: true });
});

describe('operator web UI in chromium', () => {
  it('serves the app at / and at deep links, and keeps /api 404s as JSON', async () => {
    const root = await fetch(baseUrl + '/');
    expect(root.status).toBe(200);
    expect(root.headers.get('content-type')).toMatch(/text\/html/);
    const deep = await fetch(`${baseUrl}/cameras/${CAMERA}/zones`);
    expect(await deep.text()).toContain('<div id="root">');
    const api = await fetch(baseUrl + '/api/nothing-here');
    expect(api.status).toBe(404);
    expect(await api.json()).toEqual({ error: 'not_found', message: 'no route for GET /api/nothing-here' });
  });

  it('signs in and shows the camera grid with a live snapshot', async () => {
    const signedOutRequests: string[] = [];
    const record = (r: { url(): string }) => void signedOutRequests.push(new URL(r.url()).pathname);
    page.on('request', record);
    await page.goto(baseUrl + '/');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    page.off('request', record);
    // Signed out, the app asks who is signed in and nothing else of the API (no /api/docs/json 401).
    expect(signedOutRequests.filter((p) => p.startsWith('/api/'))).toEqual(['/api/auth/me']);
    await screenshot(page, '01-login');
    await page.getByLabel('User name').fill(ADMIN.username);
    browser.expectFailure(/^\/api\/auth\/login$/, 401);
    await page.getByLabel('Password').fill('wrong password!');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByRole('alert').textContent(), SOON).toContain('Wrong user name or password');
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByTestId('whoami').textContent(), SOON).toContain('alice');

    const card = page.getByTestId('camera-card').filter({ hasText: 'Gate' });
    await card.waitFor();
    await expect.poll(() => card.locator('[data-state]').getAttribute('data-state'), { timeout: 30_000 }).toBe('recording');
    // A live snapshot: a decoded picture, replaced by a newer one on the next refresh.
    const img = card.locator('.snapshot img');
    await img.waitFor({ timeout: 30_000 });
    const first = await img.getAttribute('data-frame-at');
    await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.naturalWidth), SOON).toBeGreaterThan(0);
    await expect.poll(() => img.getAttribute('data-frame-at'), { timeout: 20_000 }).not.toBe(first);
    await expect.poll(() => card.getByTestId('last-segment').textContent(), SOON).toMatch(/s ago|min ago/);
    await screenshot(page, '02-camera-grid');
  }, 90_000);

  it('opens a camera and its timeline shows the recorded span', async () => {
    await waitFor('a few recorded segments', async () => (await segmentCount()) >= 3, 40_000);
    await signedIn(page);
    await page.goto(baseUrl + '/');
    await page.getByRole('link', { name: 'Gate' }).first().click();
    await page.getByRole('heading', { name: /Gate/ }).waitFor();
    await expect.poll(() => page.getByTestId('timeline-span').count(), { timeout: 20_000 }).toBeGreaterThan(0);
    await openCameraZoomed(page);
    const span = page.getByTestId('timeline-span').last();
    const box = await span.boundingBox();
    expect(box?.width ?? 0).toBeGreaterThan(20);
    await screenshot(page, '03-camera-timeline');
  }, 90_000);

  it('plays back from a click on the timeline (the video advances)', async () => {
    await signedIn(page);
    await openCameraZoomed(page);
    const box = (await page.getByTestId('timeline-span').last().boundingBox())!;
    // A few seconds into the recorded span.
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height / 2);
    const video = page.getByTestId('playback-video');
    await video.waitFor({ timeout: 20_000 });
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(1);
    const t1 = await video.evaluate((v: HTMLVideoElement) => v.currentTime);
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 15_000 }).toBeGreaterThan(t1 + 0.5);
    await page.getByTestId('timeline-playhead').waitFor();
    await screenshot(page, '04-playback');
  }, 90_000);

  it('plays back from the keyboard alone (Tab to the timeline, Enter at the live edge)', async () => {
    await signedIn(page);
    await page.goto(`${baseUrl}/cameras/${CAMERA}`);
    await page.getByTestId('timeline-span').first().waitFor();
    // Tab through the page until the timeline has focus, as a keyboard user would.
    for (let i = 0; i < 40 && !(await page.getByTestId('timeline').evaluate((el) => el === document.activeElement)); i++) await page.keyboard.press('Tab');
    expect(await page.getByTestId('timeline').evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await page.getByTestId('timeline').getAttribute('aria-valuetext')).toMatch(/recorded|not recorded/);
    await page.keyboard.press('Enter');
    const video = page.getByTestId('playback-video');
    await expect.poll(() => video.evaluate((v: HTMLVideoElement) => v.currentTime), { timeout: 30_000 }).toBeGreaterThan(0.5);
  }, 60_000);

  it('exports a selected range as a clip and downloads it (ffprobe reads it, the hash matches)', async () => {
    await signedIn(page);
    await openCameraZoomed(page);
    const box = (await page.getByTestId('timeline-span').last().boundingBox())!;
    // Drag across most of the recorded span to select it.
    await page.mouse.move(box.x + box.width * 0.1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height / 2, { steps: 5 });
    await page.mouse.move(box.x + box.width * 0.9, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.getByTestId('timeline-selection').waitFor();
    await page.getByRole('button', { name: 'Export clip' }).click();
    const result = page.getByTestId('clip-result');
    await result.waitFor({ timeout: 60_000 });
    const sha = (await page.getByTestId('clip-sha256').textContent())?.trim() ?? '';
    expect(sha).toMatch(/^[0-9a-f]{64}$/);
    await page.getByText('Show the manifest').click();
    await expect.poll(() => page.getByTestId('clip-manifest').textContent(), SOON).toContain(CAMERA);
    await screenshot(page, '05-export');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('clip-download').click()]);
    const file = path.join(downloads, download.suggestedFilename());
    await download.saveAs(file);
    expect(file).toMatch(/\.mp4$/);
    const bytes = await readFile(file);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha);
    const { stdout } = await run('ffprobe', ['-v', 'error', '-show_entries', 'format=duration:stream=codec_name', '-of', 'json', file]);
    const probe = JSON.parse(stdout) as { format: { duration: string }; streams: { codec_name: string }[] };
    expect(probe.streams.map((s) => s.codec_name)).toContain('h264');

    // The same range without exporting: streamed from the recordings, the very same bytes.
    const [ranged] = await Promise.all([page.waitForEvent('download'), page.getByTestId('range-download').click()]);
    const rangedFile = path.join(downloads, `ranged-${ranged.suggestedFilename()}`);
    await ranged.saveAs(rangedFile);
    expect(createHash('sha256').update(await readFile(rangedFile)).digest('hex')).toBe(sha);
    expect(Number(probe.format.duration)).toBeGreaterThan(1);
  }, 120_000);

  it('draws a zone over the snapshot and saves it', async () => {
    await signedIn(page);
    await page.goto(`${baseUrl}/cameras/${CAMERA}/zones`);
    await page.getByTestId('new-zone').click();
    await page.getByLabel('Name', { exact: true }).fill('Driveway');
    await page.getByLabel('Labels').fill('person, car');
    // An emptied number box is left out (the default applies), not sent as null and refused.
    await page.getByLabel('Dwell (s)').fill('');
    const overlay = page.getByTestId('zone-overlay');
    const box = (await overlay.boundingBox())!;
    const corners: [number, number][] = [
      [0.2, 0.2],
      [0.8, 0.25],
      [0.75, 0.8],
      [0.25, 0.75],
    ];
    for (const [x, y] of corners) await page.mouse.click(box.x + box.width * x, box.y + box.height * y);
    await page.getByRole('button', { name: 'Finish shape' }).click();
    await page.getByRole('button', { name: 'Save zone' }).click();
    await expect.poll(() => page.getByTestId('zone-message').textContent(), SOON).toContain('Saved zone');
    await page.getByRole('button', { name: 'Driveway' }).waitFor();
    await screenshot(page, '06-zones');

    const res = await kernel.inject({ url: `/api/cameras/${CAMERA}/zones` });
    const zones = (res.json() as { zones: { name: string; kind: string; points: [number, number][]; labels: string[] }[] }).zones;
    expect(zones).toHaveLength(1);
    expect(zones[0]).toMatchObject({ name: 'Driveway', kind: 'polygon', labels: ['person', 'car'], dwell_seconds: 0 });
    zones[0]!.points.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(corners[i]![0], 1);
      expect(y).toBeCloseTo(corners[i]![1], 1);
    });
  }, 60_000);

  it('sends a signed-out visitor of /api/docs to sign in, and back to the docs afterwards', async () => {
    const context = await browser.context();
    const visitor = await context.newPage();
    await visitor.goto(baseUrl + '/api/docs');
    await expect.poll(() => new URL(visitor.url()).search, SOON).toBe('?next=%2Fapi%2Fdocs');
    await visitor.getByText('Sign in to see the API documentation.').waitFor();
    await visitor.getByLabel('User name').fill(ADMIN.username);
    await visitor.getByLabel('Password').fill(ADMIN.password);
    await visitor.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => new URL(visitor.url()).pathname, SOON).toMatch(/^\/api\/docs/);
    // The page renders the whole OpenAPI document in the browser: 28 s were seen at a load of 20.
    await visitor.getByText('Heldar API').first().waitFor({ timeout: 60_000 });
    await context.close();
  }, 120_000);

  it('shows a viewer no edit controls', async () => {
    const context = await browser.context();
    const viewer = await context.newPage();
    await signIn(viewer, VIEWER);
    await expect.poll(() => viewer.getByTestId('whoami').textContent(), SOON).toContain('viewer');
    await viewer.getByTestId('camera-card').first().waitFor();
    expect(await viewer.getByTestId('add-camera').count()).toBe(0);
    expect(await viewer.getByTestId('edit-camera').count()).toBe(0);
    expect(await viewer.getByRole('link', { name: 'Users' }).count()).toBe(0);

    await viewer.getByRole('link', { name: 'Gate' }).first().click();
    await viewer.getByTestId('timeline').waitFor();
    expect(await viewer.getByTestId('edit-camera').count()).toBe(0);
    expect(await viewer.getByRole('button', { name: 'Export clip' }).count()).toBe(0);
    expect(await viewer.getByTestId('trigger').count()).toBe(0);
    await screenshot(viewer, '07-viewer-camera');

    await viewer.goto(`${baseUrl}/cameras/${CAMERA}/zones`);
    await viewer.getByRole('heading', { name: /Zones of Gate/ }).waitFor();
    await viewer.getByText(/No zones yet|Driveway/).first().waitFor();
    expect(await viewer.getByTestId('new-zone').count()).toBe(0);

    await viewer.goto(`${baseUrl}/cameras/${CAMERA}/edit`);
    await viewer.getByRole('alert').waitFor();
    expect(await viewer.getByRole('button', { name: /Save changes/ }).count()).toBe(0);
    await context.close();
  }, 60_000);

  it('adds a camera with a schedule, showing the API\'s validation message first', async () => {
    await signedIn(page);
    await page.goto(baseUrl + '/');
    await page.getByTestId('add-camera').click();
    await page.getByLabel('Name', { exact: true }).fill('Back door');
    await page.getByRole('textbox', { name: 'Stream URL', exact: true }).fill(camsim.url('gate'));
    await page.getByRole('checkbox', { name: 'Enabled', exact: true }).uncheck();
    await page.getByLabel('Segment length (s)').fill('1');
    await page.getByLabel('Record mode').selectOption('scheduled');
    await page.getByRole('button', { name: 'Add window' }).click();
    await page.getByRole('checkbox', { name: 'Sat' }).check();
    await page.getByLabel('From', { exact: true }).fill('22:00');
    await page.getByLabel('to', { exact: true }).fill('06:00');
    browser.expectFailure(/^\/api\/cameras$/, 400);
    await page.getByRole('button', { name: 'Add camera' }).click();
    // The server's message, naming the field, and the field marked.
    await expect.poll(() => page.getByTestId('form-error').textContent(), SOON).toBe('segment_seconds must be at least 2');
    expect(await page.getByLabel('Segment length (s)').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, '10-camera-form-error');
    await page.getByLabel('Segment length (s)').fill('4');
    await page.getByRole('button', { name: 'Add camera' }).click();
    await page.getByRole('heading', { name: /Back door/ }).waitFor();

    const camera = (await kernel.inject({ url: '/api/cameras/back-door' })).json() as Record<string, unknown>;
    expect(camera).toMatchObject({ name: 'Back door', enabled: false, record_mode: 'scheduled', segment_seconds: 4 });
    const { schedules } = (await kernel.inject({ url: '/api/cameras/back-door/schedules' })).json() as { schedules: unknown[] };
    expect(schedules).toEqual([{ days: [0, 1, 2, 3, 4, 5], time_start: '22:00', time_end: '06:00', enabled: true }]);

    // As an event camera it gets a trigger button; disabled, the recorder refuses, and says why.
    await page.getByTestId('edit-camera').click();
    await page.getByLabel('Record mode').selectOption('event');
    await page.getByLabel('Storage budget (GiB)').fill('1.5');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByTestId('trigger').waitFor();
    expect(((await kernel.inject({ url: '/api/cameras/back-door' })).json() as { retention_max_bytes: number }).retention_max_bytes).toBe(1.5 * 2 ** 30);
    browser.expectFailure(/^\/api\/cameras\/back-door\/trigger$/, 409);
    await page.getByTestId('trigger').click();
    await expect.poll(() => page.getByRole('alert').textContent(), SOON).toMatch(/.+/);
    expect(((await kernel.inject({ url: '/api/cameras/back-door' })).json() as { record_mode: string }).record_mode).toBe('event');
  }, 60_000);

  it('shows a new API key once', async () => {
    await signedIn(page);
    await page.goto(baseUrl + '/keys');
    await page.getByLabel('Name', { exact: true }).fill('gate-worker');
    await page.getByRole('checkbox', { name: /worker/ }).check();
    await page.getByRole('checkbox', { name: /integration/ }).uncheck();
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = (await page.getByTestId('new-key-value').textContent())?.trim() ?? '';
    expect(key).toMatch(/^hk_/);
    // The key works as a bearer token, and the page never shows it again.
    const me = await fetch(baseUrl + '/api/auth/me', { headers: { authorization: `Bearer ${key}` } });
    expect(((await me.json()) as { name: string }).name).toBe('gate-worker');
    await page.reload();
    await page.getByRole('cell', { name: 'gate-worker' }).waitFor();
    expect(await page.getByTestId('new-key').count()).toBe(0);
    expect(await page.content()).not.toContain(key);
  }, 60_000);

  it('lists events, storage and incidents with their filters', async () => {
    await signedIn(page);
    await page.goto(`${baseUrl}/events?camera_id=${CAMERA}`);
    await page.getByTestId('events-table').getByText('camera_added').waitFor();
    // Live: an event logged now appears without a reload (server-sent events).
    // The badge in the heading (the navigation has a "Live" link too).
    await page.getByRole('heading', { name: 'Events' }).getByText('Live', { exact: true }).waitFor();
    // A registered kind (the registry types `kind`) that nothing else logs for this camera here.
    await kernel.events.log(CAMERA, 'zone_trigger_failed', 'warning', { note: 'seen live' });
    await page.getByTestId('events-table').getByText('zone_trigger_failed').waitFor({ timeout: 15_000 });
    // A dropdown of the kinds the kernel logs, not a free-text field.
    await page.getByLabel('Event', { exact: true }).selectOption('clip_exported');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.url(), SOON).toContain('kind=clip_exported');

    await page.getByRole('link', { name: 'Storage' }).click();
    await page.getByTestId('storage-table').getByRole('link', { name: 'Gate' }).waitFor();
    await screenshot(page, '11-storage');

    // One node on SQLite: this one, healthy, recording the camera; an admin may drain it.
    await page.getByRole('link', { name: 'Nodes', exact: true }).click();
    const nodes = page.getByTestId('nodes-table');
    await nodes.getByText('(this node)').waitFor();
    await nodes.getByText('healthy', { exact: true }).waitFor(SOON);
    await nodes.getByRole('link', { name: CAMERA }).waitFor(SOON);
    expect(await nodes.getByRole('button', { name: 'Drain' }).count()).toBe(1);
    await screenshot(page, '11-nodes');

    await page.getByRole('link', { name: 'Incidents' }).click();
    await page.getByLabel('Title', { exact: true }).fill('Broken gate');
    await page.getByRole('checkbox', { name: 'Gate' }).check();
    await page.getByRole('button', { name: 'Open incident' }).click();
    await page.getByRole('cell', { name: /Broken gate/ }).waitFor();
    await page.getByRole('button', { name: 'Release…' }).click();
    await page.getByRole('button', { name: 'Release the hold' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent(), SOON).toContain('Released');
    await page.getByLabel('Status').selectOption('released');
    await page.getByRole('cell', { name: /Broken gate/ }).waitFor();
    await screenshot(page, '12-incidents');
  }, 60_000);

  it('fits a phone-width screen without sideways scrolling', async () => {
    const context = await browser.context(PHONE);
    const phone = await context.newPage();
    await signIn(phone, ADMIN);
    await phone.getByTestId('camera-card').first().waitFor();
    // Elements reaching past the right edge (named, so a failure says which).
    const overflow = () =>
      phone.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5 && !el.closest('.table-wrap'))
          .map((el) => `${el.tagName.toLowerCase()}.${[...el.classList].join('.')}`),
      );
    expect(await overflow()).toEqual([]);
    await screenshot(phone, '08-phone-grid');
    await phone.getByRole('button', { name: 'Menu' }).click();
    await phone.getByRole('link', { name: 'Events' }).click();
    await phone.getByRole('heading', { name: 'Events' }).waitFor();
    await phone.goto(`${baseUrl}/cameras/${CAMERA}`);
    await phone.getByTestId('timeline').waitFor();
    await screenshot(phone, '09-phone-camera');
    expect(await overflow()).toEqual([]);
    await context.close();
  }, 60_000);

  it('draws an outage and time not recorded by design differently on the timeline', async () => {
    // An event camera between triggers (nothing to record: by design) and a continuous camera that
    // cannot be reached (the recorder reports it offline: an outage).
    await camsim.addCamera(smallCamera('yard'));
    await addCamera(kernel, { id: 'yard', name: 'Yard', stream_url: camsim.url('yard'), record_mode: 'event', segment_seconds: 2 });
    await addCamera(kernel, { id: 'shed', name: 'Shed', stream_url: 'rtsp://127.0.0.1:9/unreachable', segment_seconds: 2 });
    await waitFor('the unreachable camera reported offline', async () => {
      const res = await kernel.inject({ url: '/api/events?camera_id=shed&kind=camera_offline' });
      return (res.json() as { events: unknown[] }).events.length > 0;
    }, 30_000);
    await signedIn(page);

    const open = async (id: string) => {
      await page.goto(`${baseUrl}/cameras/${id}`);
      await page.getByTestId('timeline').waitFor();
      await page.getByRole('button', { name: 'Now' }).click();
      await page.getByTestId('timeline').focus();
      for (let i = 0; i < 3; i++) await page.keyboard.press('+');
    };
    const reasons = (testId: string) => page.getByTestId(testId).evaluateAll((els) => els.map((e) => e.getAttribute('data-reason')));

    await open('yard');
    await expect.poll(() => reasons('timeline-idle'), SOON).toEqual(['before_camera_existed', 'waiting_for_trigger']);
    expect(await page.getByTestId('timeline-outage').count()).toBe(0);
    await screenshot(page, '14-timeline-not-recording');

    await open('shed');
    await expect.poll(() => reasons('timeline-outage'), SOON).toContain('camera_offline');
    expect(await reasons('timeline-idle')).toContain('before_camera_existed');
    const outage = page.getByTestId('timeline-outage').last();
    expect(await outage.getAttribute('title')).toMatch(/^Outage: camera offline/);
    // Red and solid, against the grey hatch of "not recording".
    const look = (testId: string) =>
      page.getByTestId(testId).first().evaluate((e) => {
        const style = getComputedStyle(e);
        return `${style.backgroundColor}|${style.backgroundImage}`;
      });
    expect(await look('timeline-outage')).not.toBe(await look('timeline-idle'));
    await screenshot(page, '15-timeline-outage');
    await kernel.inject({ method: 'DELETE', url: '/api/cameras/shed' });
    await kernel.inject({ method: 'DELETE', url: '/api/cameras/yard' });
  }, 90_000);

  it('shows the system figures and refuses a bad setting at its field, then saves a good one', async () => {
    await signedIn(page);
    await page.goto(baseUrl + '/system');
    await page.getByTestId('system-figures').waitFor(SOON);
    expect(await page.getByTestId('system-figures').textContent()).toContain('Write rate');
    const field = page.getByLabel('min free', { exact: true });
    browser.expectFailure(/^\/api\/settings$/, 400);
    await field.fill('100%');
    await page.getByRole('button', { name: 'Save settings' }).click();
    const error = page.getByTestId('error-min_free');
    await error.waitFor(SOON);
    expect(await error.textContent()).toMatch(/^min_free: "100%" is not accepted/);
    expect(kernel.modules.settings.store.current().minFree).not.toEqual({ percent: 100 });
    await field.fill('7%');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved; in effect now.').waitFor(SOON);
    expect(kernel.modules.settings.store.current().minFree).toEqual({ percent: 7 });
  }, 60_000);

  it('logged no console errors on any page', () => {
    expect(browser.errors).toEqual([]);
  });
});

/** Signs the shared admin page in when an earlier test did not (each test stands on its own). */
async function signedIn(p: Page): Promise<void> {
  await signIn(p, ADMIN);
}
