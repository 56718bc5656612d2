import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ONVIF_PASSWORD, ONVIF_USER, smallCamera, startOnvifCamsim } from '../../kernel/test/helpers/camsim.js';
import { startTestKernel, waitFor, type TestKernel } from '../../kernel/test/helpers/test-kernel.js';
import { launchBrowser, requireBuiltUiAndBrowser, signInThroughForm, type Browser } from './browser.js';

/**
 * The PTZ controls over the live view in a real browser, against the simulator's ONVIF device: holding
 * an arrow moves the head (its reported position changes), releasing stops it, a preset is saved and
 * recalled from the menu.
 */
const ADMIN = { username: 'petra', password: 'petra-password-1' };

let sim: Awaited<ReturnType<typeof startOnvifCamsim>>;
let kernel: TestKernel;
let browser: Browser;
let page: Page;
let baseUrl: string;

beforeAll(async () => {
  requireBuiltUiAndBrowser();
  sim = await startOnvifCamsim([smallCamera('dome')]);
  kernel = await startTestKernel({ HELDAR_RECORDER_ENABLED: 'true', HELDAR_HTTP_HOST: '127.0.0.1', HELDAR_HTTP_PORT: '0' }, { recorderTickMs: 200 });
  const add = await kernel.inject({
    method: 'POST',
    url: '/api/cameras',
    payload: { id: 'dome', name: 'Dome', stream_url: sim.url('dome', { credentials: false }), username: ONVIF_USER, password: ONVIF_PASSWORD, onvif_url: sim.onvif.deviceUrl('dome'), segment_seconds: 2 },
  });
  if (add.statusCode !== 201) throw new Error(`camera not created: ${add.body}`);
  await kernel.startRecording();
  baseUrl = await kernel.listen();
  await kernel.inject({ method: 'POST', url: '/api/users', payload: { ...ADMIN, role: 'admin' } });
  browser = await launchBrowser();
  page = await (await browser.context()).newPage();
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await kernel?.dispose();
  await sim?.close();
});

describe('PTZ controls in chromium', () => {
  // A browser, a live stream and PTZ round trips: far more than vitest's 5 s default on a busy machine.
  it('moves while an arrow is held, stops on release, and saves and recalls a preset', async () => {
    await signInThroughForm(page, baseUrl, ADMIN);
    await page.goto(`${baseUrl}/cameras/dome`);
    await page.getByTestId('watch-live').click();
    const right = page.getByTestId('ptz-right');
    await right.waitFor();

    await right.hover();
    await page.mouse.down();
    await waitFor('the head pans right', () => sim.onvif.ptzPosition('dome').pan > 0.2, 10_000);
    await page.mouse.up();
    const stopped = await waitFor('the head stopped', async () => {
      const a = sim.onvif.ptzPosition('dome');
      await new Promise((r) => setTimeout(r, 300));
      const b = sim.onvif.ptzPosition('dome');
      return a.pan === b.pan ? b : undefined;
    }, 10_000);
    expect(stopped.tilt).toBe(0);

    await page.getByTestId('ptz-preset-name').fill('Door');
    await page.getByTestId('ptz-preset-save').click();
    await page.locator('[data-testid="ptz-preset-select"] option', { hasText: 'Door' }).waitFor({ state: 'attached' });
    const left = page.getByTestId('ptz-left');
    await left.hover();
    await page.mouse.down();
    await waitFor('the head pans left', () => sim.onvif.ptzPosition('dome').pan < stopped.pan - 0.1, 10_000);
    await page.mouse.up();
    const token = await page.locator('[data-testid="ptz-preset-select"] option', { hasText: 'Door' }).getAttribute('value');
    await page.getByTestId('ptz-preset-select').selectOption(token!);
    await waitFor('back at the preset', () => sim.onvif.ptzPosition('dome').pan === stopped.pan, 10_000);
    expect(browser.errors).toEqual([]);
  }, 60_000);
});
