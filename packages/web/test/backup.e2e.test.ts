import { readFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestKernel, waitFor, type TestKernel } from '../../kernel/test/helpers/test-kernel.js';
import { addSegments, addStillCamera, type SyntheticSegment } from '../../kernel/test/storage-fixtures.js';
import { launchBrowser, requireBuiltUiAndBrowser, screenshot, signInThroughForm, type Browser } from './browser.js';

/**
 * The Backup page in a real browser (Debian's chromium, headless) against a kernel holding three
 * segments: add a local folder as a destination, test it, add a policy for it, run it, and watch
 * the job reach completed with its files and bytes — then find the copies on disk.
 */

const ADMIN = { username: 'bettina', password: 'bettina-password-1' };
const SOON = { timeout: 15_000 };

let kernel: TestKernel;
let browser: Browser;
let page: Page;
let baseUrl: string;
let target: string;
let segments: SyntheticSegment[];

beforeAll(async () => {
  requireBuiltUiAndBrowser();
  target = await mkdtemp(path.join(os.tmpdir(), 'heldar-backup-ui-'));
  kernel = await startTestKernel({ HELDAR_HTTP_HOST: '127.0.0.1', HELDAR_HTTP_PORT: '0' });
  baseUrl = await kernel.listen();
  const user = await kernel.inject({ method: 'POST', url: '/api/users', payload: { ...ADMIN, role: 'admin' } });
  if (user.statusCode !== 201) throw new Error(`admin not created: ${user.statusCode} ${user.body}`);
  await addStillCamera(kernel, 'porch');
  segments = await addSegments(kernel, 'porch', { count: 3, start: Date.now() - 60 * 60_000, durationMs: 60_000, size: 6000 });
  browser = await launchBrowser();
  page = await (await browser.context()).newPage();
  await signInThroughForm(page, baseUrl, ADMIN);
}, 90_000);

afterAll(async () => {
  await browser?.close();
  await kernel?.dispose();
  if (target) await rm(target, { recursive: true, force: true });
});

describe('Backup page in chromium', () => {
  it('adds and tests a local destination, adds a policy, runs it, and shows the job completed with its files and bytes', async () => {
    await page.goto(baseUrl + '/backup');
    await page.getByRole('heading', { name: 'Backup', level: 1 }).waitFor(SOON);

    const destinations = page.getByTestId('backup-destinations');
    await destinations.getByText('No destinations.').waitFor(SOON);
    await destinations.getByLabel('Name', { exact: true }).fill('USB disk');
    await destinations.getByLabel('Folder (absolute, outside the recordings)').fill(target);
    await destinations.getByRole('button', { name: 'Add destination' }).click();
    await expect.poll(() => destinations.getByTestId('backup-destination-outcome').textContent(), SOON).toBe('Added USB disk.');
    const row = destinations.getByRole('row', { name: /USB disk/ });
    await row.getByText(target).waitFor(SOON);

    await row.getByRole('button', { name: 'Test' }).click();
    await expect.poll(() => destinations.getByTestId('backup-destination-outcome').textContent(), SOON).toMatch(/^USB disk works \([\d.]+ ms\)\.$/);

    const policies = page.getByTestId('backup-policies');
    await policies.getByText('No policies.').waitFor(SOON);
    await policies.getByLabel('Name', { exact: true }).fill('Hourly');
    await expect.poll(() => policies.getByLabel('Destination').locator('option').allTextContents(), SOON).toEqual(['USB disk']);
    await policies.getByLabel('Cameras (ids, comma-separated; empty: all)').fill('porch');
    await policies.getByLabel('Include the database').uncheck();
    await policies.getByRole('button', { name: 'Add policy' }).click();
    await expect.poll(() => policies.getByTestId('backup-policy-outcome').textContent(), SOON).toBe('Added Hourly.');
    const policyRow = policies.getByRole('row', { name: /Hourly/ });
    await policyRow.getByText('USB disk').waitFor(SOON);
    await policyRow.getByText('porch').waitFor(SOON);

    await page.getByTestId('backup-jobs').getByText('No jobs yet.').waitFor(SOON);
    await policyRow.getByRole('button', { name: 'Run now' }).click();
    await expect.poll(() => policies.getByTestId('backup-policy-outcome').textContent(), SOON).toMatch(/^Queued job \S+ for Hourly\.$/);

    // The jobs list refreshes every 2 s: the job shows up and reaches completed with its counts.
    const done = page.getByTestId('backup-jobs').getByTestId('backup-job-completed');
    await done.waitFor({ timeout: 30_000 });
    expect(await done.locator('td').nth(2).textContent()).toContain('3 copied, 0 already there, 17.6 KiB of 17.6 KiB');
    expect(await done.getByRole('progressbar').getAttribute('value')).toBe('1');
    await screenshot(page, 'backup-page');

    // What the page reported is on the disk: the three segments, byte for byte, and a day manifest.
    for (const s of segments) {
      const copy = await readFile(path.join(target, s.path));
      expect(copy.equals(await readFile(path.join(kernel.config.recordingsDir, s.path)))).toBe(true);
    }
    const day = segments[0]!.path.split('/')[1]!;
    const manifest = JSON.parse(await readFile(path.join(target, 'porch', day, 'manifest.json'), 'utf8')) as { files: unknown[] };
    expect(manifest.files.length).toBeGreaterThanOrEqual(1);
    const jobs = await waitFor('the job in the API', async () => (await kernel.inject({ method: 'GET', url: '/api/backup/jobs' })).json<{ jobs: { state: string; files_done: number; bytes_done: number }[] }>().jobs[0]);
    expect(jobs).toMatchObject({ state: 'completed', files_done: 3, bytes_done: 18_000 });
    expect(browser.errors).toEqual([]);
  });
});
