import { startCamsim, type Camsim } from '@heldar/camsim';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallCamera } from '../../kernel/test/helpers/camsim.js';
import { startTestKernel, type TestKernel } from '../../kernel/test/helpers/test-kernel.js';
import { launchBrowser, requireBuiltUiAndBrowser, screenshot, signInThroughForm, type Browser } from './browser.js';

/**
 * The Add-camera wizard in chromium against real discovery routes: ONVIF discovery and a scan of a
 * loopback /28 find simulated cameras, and a scanned camera is added through the prefilled form. The
 * probe step is skipped here; add-wizard-onvif.e2e.test.ts runs it against the real probe route.
 */

const ADMIN = { username: 'ada', password: 'ada-password-1' };
// A /28 of loopback addresses of this test's own: only the simulators below answer in it.
const NET = '127.0.87';
const SOON = { timeout: 20_000 };

let kernel: TestKernel;
let baseUrl: string;
let browser: Browser;
let page: Page;
const sims: Camsim[] = [];

beforeAll(async () => {
  requireBuiltUiAndBrowser();
  kernel = await startTestKernel({ HELDAR_HTTP_HOST: '127.0.0.1', HELDAR_HTTP_PORT: '0', HELDAR_DISCOVERY_INTERFACE: '127.0.0.1' });
  baseUrl = await kernel.listen();
  const res = await kernel.inject({ method: 'POST', url: '/api/users', payload: { ...ADMIN, role: 'admin' } });
  if (res.statusCode !== 201) throw new Error(`user not created: ${res.body}`);
  const porch = await startCamsim({
    host: `${NET}.5`,
    port: 0,
    cameras: [smallCamera('stream1')],
    discovery: { interfaceAddress: '127.0.0.1', multicast: false, unicastPort: 0, name: 'Porch', hardware: 'SimCam-9' },
  });
  sims.push(porch, await startCamsim({ host: `${NET}.9`, port: porch.port, cameras: [smallCamera('live')] }));
  browser = await launchBrowser();
  page = await (await browser.context()).newPage();
  await signInThroughForm(page, baseUrl, ADMIN);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await kernel?.dispose();
  for (const s of sims) await s.close();
});

describe('Add-camera wizard in chromium', () => {
  it('discovers the ONVIF simulator by a unicast Probe', async () => {
    await page.goto(`${baseUrl}/cameras/new`);
    await page.getByRole('tab', { name: 'Discover (ONVIF)' }).click();
    const { host, port } = sims[0]!.discovery!.unicast;
    await page.getByLabel('Addresses to ask directly (optional)').fill(`${host}:${port}`);
    await page.getByRole('button', { name: 'Discover' }).click();
    const device = page.getByTestId('discovered-device');
    await device.first().waitFor(SOON);
    const text = (await device.allTextContents()).join('\n');
    expect(text).toContain('Porch');
    expect(text).toContain('SimCam-9');
    expect(text).toContain(`${NET}.5`);
    await screenshot(page, '40-add-camera-discover');
  }, 60_000);

  it('scans a loopback /28, lists exactly the two simulators, and adds one through the prefilled form', async () => {
    await page.goto(`${baseUrl}/cameras/new`);
    await page.getByRole('tab', { name: 'Scan the network' }).click();
    await page.getByLabel('Addresses').fill(`${NET}.0/28`);
    await page.getByLabel('Ports (optional)').fill(String(sims[0]!.port));
    await page.getByRole('button', { name: 'Scan' }).click();
    await expect.poll(() => page.getByTestId('scan-progress').textContent(), SOON).toMatch(/^Scan done: 2 of 14 addresses answered\.$/);
    const hosts = await page.getByTestId('scan-host').allTextContents();
    expect(hosts).toHaveLength(2);
    expect(hosts[0]).toContain(`rtsp://${NET}.5:${sims[0]!.port}/stream1`);
    expect(hosts[1]).toContain(`rtsp://${NET}.9:${sims[0]!.port}/live`);
    await screenshot(page, '41-add-camera-scan');

    await page.getByTestId('scan-host').nth(1).getByRole('button', { name: 'Use' }).click();
    await page.getByTestId('probe-next').click();
    const url = page.getByRole('textbox', { name: 'Stream URL', exact: true });
    await expect.poll(() => url.inputValue(), SOON).toBe(`rtsp://${NET}.9:${sims[0]!.port}/live`);
    await page.getByLabel('Name', { exact: true }).fill('Side gate');
    await page.getByLabel('Record mode').selectOption('event');
    await page.getByRole('button', { name: 'Add camera' }).click();
    await page.getByRole('heading', { name: /Side gate/ }).waitFor(SOON);
    const camera = (await kernel.inject({ url: '/api/cameras/side-gate' })).json() as Record<string, unknown>;
    expect(camera).toMatchObject({ name: 'Side gate', record_mode: 'event', stream_url: `rtsp://${NET}.9:${sims[0]!.port}/live` });
  }, 90_000);

  it('builds a URL from a maker template', async () => {
    await page.goto(`${baseUrl}/cameras/new`);
    await page.getByLabel('Maker', { exact: true }).selectOption('hikvision');
    await page.getByLabel('Camera address', { exact: true }).fill('192.0.2.7');
    await expect.poll(() => page.getByTestId('vendor-url').textContent(), SOON).toBe('rtsp://192.0.2.7:554/Streaming/Channels/101');
    expect(browser.errors).toEqual([]);
  });
});
