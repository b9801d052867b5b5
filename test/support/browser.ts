/**
 * The browser end-to-end harness: the real server in-process (in-memory database with the demo
 * economy, the built web app from web/dist) and headless Debian Chromium driven by playwright-core.
 * Without Chromium a suite is reported as skipped with a loud warning; with CI=true it fails.
 */
import { existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { describe, it } from 'vitest';
import { ConcordatApp } from '../../src/app/app.ts';
import type { Clock } from '../../src/app/clock.ts';
import { createHttpApp } from '../../src/http/app.ts';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const WEB_DIST = join(REPO, 'web/dist');
export const ARTIFACTS = join(REPO, 'test-artifacts');
export const CHROMIUM = '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);

/** Money as the API's integer pence, formatted here independently of the web app's own formatter. */
export const pounds = (pence: number): string => {
  const s = `£${(Math.abs(pence) / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
  return pence < 0 ? `−${s}` : s;
};

/** `describe` for a browser suite: skipped loudly without Chromium, or failed under CI=true. */
export function describeInBrowser(title: string, fn: () => void): void {
  if (HAVE_CHROMIUM) {
    describe(title, fn);
    return;
  }
  const msg = `Chromium is not installed at ${CHROMIUM}: "${title}" cannot run (apt-get install -y chromium).`;
  if (process.env.CI === 'true') {
    describe(title, () => {
      it('needs Chromium', () => {
        throw new Error(`${msg} In CI this is a failure, not a skip.`);
      });
    });
    return;
  }
  console.warn(`\n${'!'.repeat(100)}\n!!! WARNING: ${msg}\n!!! The suite is SKIPPED, not passed.\n${'!'.repeat(100)}\n`);
  describe.skip(title, fn);
}

export interface WebHarness {
  readonly app: ConcordatApp;
  readonly base: string;
  readonly browser: Browser;
  readonly context: BrowserContext;
  readonly page: Page;
  /** Uncaught page errors and console errors other than the expected HTTP statuses. */
  readonly pageErrors: string[];
  close(): Promise<void>;
}

/**
 * Builds the web app if it is missing, starts the server on a free loopback port and opens a page.
 * `expectedStatuses` are HTTP statuses the suite provokes on purpose (their console errors are not faults).
 */
export async function startWebHarness(options: { expectedStatuses?: readonly number[]; timeoutMs?: number; clock?: Clock } = {}): Promise<WebHarness> {
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    const { build } = await import('vite');
    await build({ configFile: join(REPO, 'web/vite.config.ts'), logLevel: 'warn' });
  }
  mkdirSync(ARTIFACTS, { recursive: true });
  const app = await ConcordatApp.open({ dataDir: 'memory://', loadDemoIfEmpty: true, ...(options.clock ? { clock: options.clock } : {}) });
  const http = createHttpApp(app, { webRoot: WEB_DIST });
  let server: ServerType | undefined;
  const port = await new Promise<number>((ok) => {
    server = serve({ fetch: http.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => ok(info.port));
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync'],
  });
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', timezoneId: 'Europe/London' });
  const page = await context.newPage();
  page.setDefaultTimeout(options.timeoutMs ?? 15_000);
  const pageErrors: string[] = [];
  const expected = new RegExp(`status of (${(options.expectedStatuses ?? [401]).join('|')})`);
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  page.on('console', (m) => {
    if (m.type() === 'error' && !expected.test(m.text())) pageErrors.push(m.text());
  });
  return {
    app, base: `http://127.0.0.1:${port}`, browser, context, page, pageErrors,
    close: async () => {
      await browser.close();
      await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
      await app.close();
    },
  };
}

/** Full-page screenshot into test-artifacts/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(ARTIFACTS, name), fullPage: true });
}

/** GET the API with the browser's own session cookie (same cookie jar as the page). */
export async function apiGetAs<T>(context: BrowserContext, base: string, path: string): Promise<{ status: number; body: T }> {
  const res = await context.request.get(`${base}/api${path}`);
  return { status: res.status(), body: (await res.json()) as T };
}

/** Signs in on the sign-in page (which the app shows when signed out) with the demo password. */
export async function signInAs(page: Page, username: string): Promise<void> {
  await page.waitForSelector('[data-testid="page-sign-in"]');
  await page.fill('#username', username);
  await page.fill('#password', 'concordat');
  await page.click('[data-testid="sign-in-submit"]');
  await page.waitForSelector('[data-testid="who-name"]');
}
