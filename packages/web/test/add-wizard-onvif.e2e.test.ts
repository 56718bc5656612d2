import { startCamsim, type Camsim, type CamsimOnvif } from '@heldar/camsim';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONVIF_PASSWORD, ONVIF_USER, smallCamera } from '../../kernel/test/helpers/camsim.js';
import { startTestKernel, waitFor, type TestKernel } from '../../kernel/test/helpers/test-kernel.js';
import { launchBrowser, requireBuiltUiAndBrowser, screenshot, signInThroughForm, type Browser } from './browser.js';

/**
 * The Add-camera wizard end to end in chromium, against a real kernel (recorder on) and the
 * simulator's ONVIF device: Discover (a unicast WS-Discovery Probe on loopback) → pick → credentials
 * → probe (the real POST /api/cameras/probe) → name and mode → the camera is created and records.
 * A wrong password first shows the clear 401 message in the wizard. Then the edit form changes the
 * camera's ONVIF device URL and trigger topics (checklist and free text), read back through the API,
 * and the camera page's "Test the camera" probes it with the stored credentials.
 */

const ADMIN = { username: 'wanda', password: 'wanda-password-1' };
const SOON = { timeout: 20_000 };

let sim: Camsim & { onvif: CamsimOnvif };
let kernel: TestKernel;
let baseUrl: string;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  requireBuiltUiAndBrowser();
  const started = await startCamsim({
    host: '127.0.0.1',
    port: 0,
    // `gate-sub` is the sub profile of `gate`: the probe must offer both, at their own sizes.
    cameras: [smallCamera('gate'), smallCamera('gate-sub', { width: 160, height: 120, fps: 5 })],
    onvif: { username: ONVIF_USER, password: ONVIF_PASSWORD },
    discovery: { interfaceAddress: '127.0.0.1', multicast: false, unicastPort: 0, name: 'Gate', hardware: 'SimCam-ONVIF' },
  });
  if (started.onvif === undefined) throw new Error('the simulator started without its ONVIF device');
  sim = started as Camsim & { onvif: CamsimOnvif };
  kernel = await startTestKernel(
    { HELDAR_RECORDER_ENABLED: 'true', HELDAR_HTTP_HOST: '127.0.0.1', HELDAR_HTTP_PORT: '0', HELDAR_DISCOVERY_INTERFACE: '127.0.0.1' },
    { recorderTickMs: 200 },
  );
  await kernel.startRecording();
  baseUrl = await kernel.listen();
  const res = await kernel.inject({ method: 'POST', url: '/api/users', payload: { ...ADMIN, role: 'admin' } });
  if (res.statusCode !== 201) throw new Error(`user not created: ${res.body}`);
  browser = await launchBrowser();
  // The wrong password below is refused on purpose (422: the camera said 401, the session is fine).
  browser.expectFailure(/^\/api\/cameras\/probe$/, 422);
  // So is the ftp:// ONVIF URL in the edit form (400 naming the field).
  browser.expectFailure(/^\/api\/cameras\/front-gate$/, 400);
  // And the test of the camera once its stored password is wrong.
  browser.expectFailure(/^\/api\/cameras\/front-gate\/test$/, 422);
  page = await (await browser.context()).newPage();
  await signInThroughForm(page, baseUrl, ADMIN);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await kernel?.dispose();
  await sim?.close();
});

describe('Add-camera wizard and ONVIF fields in chromium', () => {
  it('finds the ONVIF device, refuses a wrong password clearly, probes its profiles, adds it, and it records', async () => {
    await page.goto(`${baseUrl}/cameras/new`);
    await page.getByRole('tab', { name: 'Discover (ONVIF)' }).click();
    const { host, port } = sim.discovery!.unicast;
    await page.getByLabel('Addresses to ask directly (optional)').fill(`${host}:${port}`);
    await page.getByRole('button', { name: 'Discover' }).click();
    const device = page.getByTestId('discovered-device').filter({ hasText: 'Gate' });
    await device.waitFor({ timeout: 30_000 });
    expect(await device.textContent()).toContain('SimCam-ONVIF');
    await device.getByRole('button', { name: 'Use' }).click();

    // Credentials step: the device URL from the ProbeMatch is shown, the password is asked for.
    const step = page.getByRole('form', { name: 'Credentials and probe' });
    await step.waitFor(SOON);
    expect(await step.textContent()).toContain(sim.onvif.deviceServiceUrl);
    await step.getByLabel('User name').fill(ONVIF_USER);
    await step.getByLabel('Password').fill('not the password');
    await step.getByRole('button', { name: 'Probe', exact: true }).click();
    await expect.poll(() => step.getByRole('alert').textContent(), SOON).toBe('401 from the camera: wrong user or password');
    expect(await page.getByTestId('probe-result').count()).toBe(0);

    await step.getByLabel('Password').fill(ONVIF_PASSWORD);
    await step.getByRole('button', { name: 'Probe', exact: true }).click();
    const profiles = page.getByTestId('probe-profile');
    await expect.poll(() => profiles.count(), SOON).toBe(2);
    expect(await step.getByRole('alert').count()).toBe(0);
    const texts = await profiles.allTextContents();
    expect(texts[0]).toMatch(/h264 320×240 at 10 fps/i);
    expect(texts[0]).toContain(`rtsp://127.0.0.1:${sim.port}/gate`);
    expect(texts[1]).toMatch(/h264 160×120 at 5 fps/i);
    expect(texts[1]).toContain(`rtsp://127.0.0.1:${sim.port}/gate-sub`);
    await screenshot(page, '42-add-camera-probe');

    // Next: the form, prefilled from the probe (main and sub stream, the user name).
    await page.getByTestId('probe-next').click();
    const streamUrl = page.getByRole('textbox', { name: 'Stream URL', exact: true });
    await expect.poll(() => streamUrl.inputValue(), SOON).toBe(`rtsp://127.0.0.1:${sim.port}/gate`);
    expect(await page.getByLabel('Sub-stream URL (for detection)').inputValue()).toBe(`rtsp://127.0.0.1:${sim.port}/gate-sub`);
    expect(await page.getByLabel('User name').inputValue()).toBe(ONVIF_USER);
    await page.getByLabel('Name', { exact: true }).fill('Front gate');
    await page.getByLabel('Record mode').selectOption('continuous');
    await page.getByLabel('Segment length (s)').fill('2');
    await page.getByRole('button', { name: 'Add camera' }).click();
    await page.getByRole('heading', { name: /Front gate/ }).waitFor(SOON);

    const camera = (await kernel.inject({ url: '/api/cameras/front-gate' })).json() as Record<string, unknown>;
    expect(camera).toMatchObject({
      name: 'Front gate',
      record_mode: 'continuous',
      stream_url: `rtsp://127.0.0.1:${sim.port}/gate`,
      sub_stream_url: `rtsp://127.0.0.1:${sim.port}/gate-sub`,
      onvif_url: sim.onvif.deviceServiceUrl,
      username: ONVIF_USER,
      password_set: true,
    });
    const segment = await waitFor(
      'a first segment of the wizard-added camera',
      () => kernel.db.selectFrom('segments').select(['id', 'size_bytes']).where('camera_id', '=', 'front-gate').executeTakeFirst(),
      30_000,
    );
    expect(segment.size_bytes).toBeGreaterThan(0);
    expect(browser.errors).toEqual([]);
  }, 120_000);

  it('edits the ONVIF device URL and trigger topics (checklist and free text) and reads them back', async () => {
    await page.goto(`${baseUrl}/cameras/front-gate/edit`);
    const onvifUrl = page.getByLabel('ONVIF device URL (optional)');
    await expect.poll(() => onvifUrl.inputValue(), SOON).toBe(sim.onvif.deviceServiceUrl);
    const motion = page.getByRole('checkbox', { name: 'Motion (cell motion detector)' });
    expect(await motion.isChecked()).toBe(false);

    // A URL the API refuses: its message, naming the field, is shown and nothing is stored.
    await onvifUrl.fill('ftp://127.0.0.1/onvif');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.getByTestId('form-error').textContent(), SOON).toMatch(/^onvif_url must use http or https/);
    expect(((await kernel.inject({ url: '/api/cameras/front-gate' })).json() as { onvif_url: string }).onvif_url).toBe(sim.onvif.deviceServiceUrl);

    await onvifUrl.fill(sim.onvif.deviceUrl('gate'));
    await motion.check();
    await page.getByRole('checkbox', { name: 'Line crossing' }).check();
    // A namespace prefix is the camera's choice: the API keeps the topic without it.
    await page.getByLabel('Other topics (one a line)').fill('tns1:RuleEngine/MyRuleDetector/PeopleDetect\n\nVideoAnalytics/Tamper');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: /Front gate/ }).waitFor(SOON);

    const camera = (await kernel.inject({ url: '/api/cameras/front-gate' })).json() as Record<string, unknown>;
    expect(camera.onvif_url).toBe(sim.onvif.deviceUrl('gate'));
    expect(camera.onvif_trigger_topics).toEqual([
      'RuleEngine/CellMotionDetector/Motion',
      'RuleEngine/LineDetector/Crossed',
      'RuleEngine/MyRuleDetector/PeopleDetect',
      'VideoAnalytics/Tamper',
    ]);

    // Opened again, the form shows what is stored: two boxes checked, the rest as free text.
    await page.goto(`${baseUrl}/cameras/front-gate/edit`);
    await expect.poll(() => onvifUrl.inputValue(), SOON).toBe(sim.onvif.deviceUrl('gate'));
    expect(await motion.isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Line crossing' }).isChecked()).toBe(true);
    expect(await page.getByRole('checkbox', { name: 'Tampering' }).isChecked()).toBe(false);
    expect(await page.getByLabel('Other topics (one a line)').inputValue()).toBe('RuleEngine/MyRuleDetector/PeopleDetect\nVideoAnalytics/Tamper');

    // Unchecking and clearing stores no topics at all.
    await motion.uncheck();
    await page.getByRole('checkbox', { name: 'Line crossing' }).uncheck();
    await page.getByLabel('Other topics (one a line)').fill('');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('heading', { name: /Front gate/ }).waitFor(SOON);
    expect(((await kernel.inject({ url: '/api/cameras/front-gate' })).json() as { onvif_trigger_topics: string[] }).onvif_trigger_topics).toEqual([]);
    await screenshot(page, '43-camera-onvif-fields');
    expect(browser.errors).toEqual([]);
  }, 90_000);

  it('tests the added camera from its page with the stored credentials, and shows the camera\'s 401 once they are wrong', async () => {
    await page.goto(`${baseUrl}/cameras/front-gate`);
    const panel = page.getByTestId('camera-test');
    await panel.getByRole('button', { name: 'Test the camera' }).click();
    const result = page.getByTestId('camera-test-result');
    await result.waitFor(SOON);
    expect(await result.locator('p').first().textContent()).toMatch(/^ONVIF device answered: .+; has PTZ$/);
    const profiles = await page.getByTestId('camera-test-profile').allTextContents();
    expect(profiles).toHaveLength(2);
    expect(profiles[0]).toMatch(/h264 320×240 at 10 fps/i);
    expect(profiles[1]).toMatch(/h264 160×120 at 5 fps/i);

    const patch = await kernel.inject({ method: 'PATCH', url: '/api/cameras/front-gate', payload: { password: 'changed on the camera' } });
    expect(patch.statusCode).toBe(200);
    await panel.getByRole('button', { name: 'Test the camera' }).click();
    await expect.poll(() => panel.getByRole('alert').textContent(), SOON).toBe('401 from the camera: wrong user or password');
    expect(await result.count()).toBe(0);
    expect(browser.errors).toEqual([]);
  }, 60_000);
});
