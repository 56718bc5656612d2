import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, requireBuiltUiAndBrowser, screenshot, type Browser } from './browser.js';

/**
 * `heldar demo` as a new user runs it: the built CLI in its own process group, its ready summary
 * read from the console, a browser that signs in with the printed password and waits for the
 * motion worker's detections to enter the demo zone, finds the ONVIF camera (PTZ, the wizard's
 * Discover by multicast on lo, its probe); then SIGINT to the demo process alone must
 * stop it with every ffmpeg and the worker it started.
 */

const MAIN = fileURLToPath(new URL('../../kernel/dist/main.js', import.meta.url));
const WORKER = fileURLToPath(new URL('../../../examples/motion-worker/dist/main.js', import.meta.url));
const STOP_DEADLINE_MS = 15_000;

let demo: ChildProcess;
let output = '';
let dataDir: string;
let browser: Browser;
let page: Page;
let url: string;
let password: string;

/** Pids of every process below `pid` (Linux /proc). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const name of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(name)]);
    } catch (e: unknown) {
      // Gone while we looked: it has no children either.
      if (!(e instanceof Error && 'code' in e && (e.code === 'ENOENT' || e.code === 'ESRCH'))) throw e;
    }
  }
  const out: number[] = [];
  const walk = (p: number) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c);
    }
  };
  walk(pid);
  return out;
}

/** The command name of a live process, or null once it has exited (zombies count as exited). */
function processName(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) return null;
    return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
  } catch {
    return null;
  }
}

async function until<T>(what: string, check: () => T | undefined | null | false, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; demo console:\n${output.slice(-4000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

beforeAll(async () => {
  requireBuiltUiAndBrowser();
  for (const file of [MAIN, WORKER]) if (!existsSync(file)) throw new Error(`${file} is not built: run \`npm run build\` (npm test does it)`);
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'heldar-demo-'));
  demo = spawn(process.execPath, [MAIN, 'demo'], {
    env: { PATH: process.env.PATH ?? '', HELDAR_DATA_DIR: dataDir, HELDAR_HTTP_PORT: '0', HELDAR_TZ: 'UTC' },
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  demo.stdout?.on('data', (d: Buffer) => (output += String(d)));
  demo.stderr?.on('data', (d: Buffer) => (output += String(d)));
  const ready = await until('the ready summary', () => /Heldar demo is recording\. Open (\S+)\/ in a browser\.\n\s+sign in:\s+admin \/ (\S+)/.exec(output), 90_000);
  url = ready[1] as string;
  password = ready[2] as string;
  browser = await launchBrowser();
  page = await (await browser.context()).newPage();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  if (demo?.exitCode === null && demo.pid !== undefined) process.kill(-demo.pid, 'SIGKILL');
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('the demo, as a new user sees it', () => {
  it('prints a short ready summary: URL, the one-time password, how to stop; logs are not a wall of request lines', () => {
    expect(output).toContain('stop:       Ctrl-C');
    expect(output).toContain('(shown only this once)');
    expect(output).toContain('motion worker runs');
    expect(output).not.toContain('incoming request');
  });

  it('shows two cameras with different pictures, and a zone event from the motion worker within a minute', async () => {
    await page.goto(url + '/');
    await page.getByLabel('User name').fill('admin');
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByTestId('camera-card').filter({ hasText: 'Parking' }).waitFor();
    await page.getByTestId('camera-card').filter({ hasText: 'Entrance' }).locator('img').waitFor({ timeout: 30_000 });
    await page.getByTestId('camera-card').filter({ hasText: 'Parking' }).locator('img').waitFor({ timeout: 30_000 });
    await screenshot(page, '20-demo-cameras');

    await page.goto(`${url}/events?camera_id=demo-parking&kind=zone_enter`);
    const row = page.getByTestId('events-table').getByRole('row').filter({ hasText: 'Parking bay' }).first();
    await row.waitFor({ timeout: 60_000 });
    // Details for people: the zone by name, times as date and time, not ISO strings.
    expect(await row.textContent()).not.toMatch(/\d{4}-\d\d-\d\dT/);
    await page.getByLabel('Zone').selectOption('Parking bay');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.url()).toContain('zone=Parking');
    await screenshot(page, '21-demo-zone-events');

    // The zone opened the event camera's recording window: it records.
    const recorded = async () =>
      page.evaluate(async () => {
        const res = await fetch('/api/cameras/demo-parking/segments', { credentials: 'same-origin' });
        return ((await res.json()) as { segments: unknown[] }).segments.length;
      });
    await expect.poll(recorded, { timeout: 45_000, interval: 1000 }).toBeGreaterThan(0);
    expect(browser.errors).toEqual([]);
  }, 150_000);

  it('gives Entrance an ONVIF device: PTZ controls over its live view, and the wizard discovers it by multicast on lo', async () => {
    expect(output).toMatch(/ONVIF:\s+Entrance has PTZ \(Watch live\); Add camera → Discover \(ONVIF\) finds it, probe it as demo \/ demo-onvif/);
    await page.goto(`${url}/cameras/demo-entrance`);
    await page.getByTestId('watch-live').click();
    await page.getByTestId('ptz-right').waitFor({ timeout: 30_000 });

    await page.goto(`${url}/cameras/new`);
    await page.getByRole('tab', { name: 'Discover (ONVIF)' }).click();
    // No address typed: the Probe goes to 239.255.255.250 on the demo's interface (lo).
    await page.getByRole('button', { name: 'Discover' }).click();
    const device = page.getByTestId('discovered-device').filter({ hasText: 'Entrance (demo ONVIF)' });
    await device.waitFor({ timeout: 30_000 });
    // Its host is the demo cameras' own (127.0.0.1): shown as already added.
    expect(await device.textContent()).toContain('already added');
    await device.getByRole('button', { name: 'Use' }).click();
    await page.getByLabel('User name').fill('demo');
    await page.getByLabel('Password').fill('demo-onvif');
    await page.getByRole('button', { name: 'Probe', exact: true }).click();
    const profile = page.getByTestId('probe-profile').first();
    await profile.waitFor({ timeout: 30_000 });
    expect(await profile.textContent()).toMatch(/h264 640×360 at 15 fps/i);
    await screenshot(page, '22-demo-onvif-discover');
    expect(browser.errors).toEqual([]);
  }, 120_000);

  it('stops with every ffmpeg and the worker on SIGINT to the demo process alone', async () => {
    const pid = demo.pid as number;
    const tree = descendants(pid).map((p) => ({ pid: p, name: processName(p) }));
    expect(tree.filter((t) => t.name === 'ffmpeg').length).toBeGreaterThanOrEqual(2);
    expect(tree.some((t) => t.name === 'node')).toBe(true);
    const exited = new Promise<number | null>((resolve) => demo.once('exit', (code) => resolve(code)));
    process.kill(pid, 'SIGINT');
    const started = Date.now();
    await until('every demo process to exit', () => [pid, ...tree.map((t) => t.pid)].every((p) => processName(p) === null), STOP_DEADLINE_MS);
    expect(await exited).toBe(0);
    expect(Date.now() - started).toBeLessThan(STOP_DEADLINE_MS);
  }, 30_000);
});
