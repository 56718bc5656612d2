import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/** Debian's chromium (`apt-get install chromium`); never a downloaded browser build. */
export const CHROMIUM = process.env.HELDAR_CHROMIUM ?? '/usr/bin/chromium';
export const WEB_DIST = fileURLToPath(new URL('../dist/', import.meta.url));
/** Screenshots for people (and CI artefacts): <repo>/artifacts/ui, ignored by git. */
export const ARTIFACTS = fileURLToPath(new URL('../../../artifacts/ui/', import.meta.url));

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 390, height: 844 };

/** Fails early, with what to do, when the UI is not built or chromium is missing. */
export function requireBuiltUiAndBrowser(): void {
  if (!existsSync(path.join(WEB_DIST, 'index.html'))) {
    throw new Error(`the web UI is not built (${WEB_DIST} has no index.html): run \`npm run build -w @heldar/web\` (npm test does it)`);
  }
  if (!existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: apt-get install -y chromium (or set HELDAR_CHROMIUM)`);
}

export interface Browser {
  /** A fresh context (own cookies, own storage) with its console errors collected. */
  context(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  /** Console errors and uncaught page errors seen so far, from every page of every context. */
  errors: string[];
  /**
   * A failed response the test provokes on purpose (a wrong password, an invalid form): the browser
   * logs every 4xx as a console error, and this one is not a fault of the page.
   */
  expectFailure(path: RegExp, status: number): void;
  close(): Promise<void>;
}

/**
 * Headless chromium in the settings the brief fixes (no sandbox: root in CI; no GPU; no background
 * network of its own). Playwright starts it with a fresh temporary profile (user-data-dir) and
 * removes it on close; every context is an isolated, incognito-like session on top.
 */
export async function launchBrowser(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const errors: string[] = [];
  // Before signing in, the app asks who is signed in and the kernel answers 401: that is the sign-in
  // flow working (and the only request it makes before it: nothing else is asked signed out).
  const expected: { path: RegExp; status: number }[] = [{ path: /^\/api\/auth\/me$/, status: 401 }];
  const attach = (page: Page) => {
    page.on('console', (msg) => {
      if (msg.type() !== 'error') return;
      const where = msg.location().url;
      const pathname = where ? new URL(where).pathname : '';
      const status = /status of (\d{3})/.exec(msg.text())?.[1];
      if (status !== undefined && expected.some((e) => e.status === Number(status) && e.path.test(pathname))) return;
      errors.push(`${page.url()}: ${msg.text()} (${where})`);
    });
    page.on('pageerror', (e) => errors.push(`${page.url()}: uncaught ${e.message}`));
  };
  return {
    errors,
    expectFailure: (path, status) => void expected.push({ path, status }),
    async context(viewport = DESKTOP) {
      const context = await browser.newContext({ viewport, acceptDownloads: true });
      context.on('page', attach);
      return context;
    },
    close: () => browser.close(),
  };
}

export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  // From the top, so the sticky header sits where a person sees it.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/** Opens the UI at `baseUrl` and signs in through its form; returns once the signed-in header is there. */
export async function signInThroughForm(page: Page, baseUrl: string, user: { username: string; password: string }): Promise<void> {
  await page.goto(baseUrl + '/');
  await page.getByLabel('User name').fill(user.username);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  // Attached, not visible: on a phone it sits in the collapsed menu.
  await page.getByTestId('whoami').waitFor({ state: 'attached' });
}
