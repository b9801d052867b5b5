// End-to-end test of the scenario builder: the real server in-process (in-memory database, the built
// web app) driven by headless Chromium. Runs each seed scenario stored on the demo economy in the
// browser (each on the version as at its first month) and saves a screenshot per scenario to
// test-artifacts/.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConcordatApp } from '../../src/app/app.ts';
import { ARTIFACTS, describeInBrowser, REPO, signInAs, startWebHarness, type WebHarness } from '../support/browser.ts';
import { shutdownSimulationWorkers } from '../../src/engine/simulation/pool.ts';

/** Each seed scenario and the outcome text the page must show for it. */
const SEEDS: { id: string; name: string; asAt: string; outcome: RegExp }[] = [
  { id: 'bedford-msk', name: "Bedfordshire MSK: Circle prime contract and Bedford Hospital's trauma service", asAt: '2014-04-01', outcome: /\(RC1\) TRAUMA-ORTHO closes in \d{4}-\d{2} \(financial\)/ },
  { id: 'western-sussex-msk', name: '', asAt: '2015-04-01', outcome: /\(RYR\) goes into deficit/ },
  { id: 'nottingham-dermatology', name: 'Nottingham dermatology: six of eight consultants leave rather than transfer', asAt: '2014-04-01', outcome: /\(RX1\) DERMATOLOGY closes in 2015-01 \(workforce\)/ },
  { id: 'dudley-icp', name: '', asAt: '2023-04-01', outcome: /\(RNA\) goes into deficit/ },
];

describeInBrowser('scenario builder end to end', () => {
  let app: ConcordatApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  let harness: WebHarness;

  /** An echarts SVG with its series drawn (more than the axis lines). */
  const chartDrawn = (testId: string) =>
    page.waitForFunction((id) => {
      const svg = document.querySelector(`[data-testid="${id}"] svg`);
      return !!svg && svg.querySelectorAll('path').length > 4;
    }, testId);

  beforeAll(async () => {
    harness = await startWebHarness({ expectedStatuses: [401, 400], timeoutMs: 30000 });
    ({ app, base, browser, context, page, pageErrors } = harness);
    await page.goto(`${base}/scenarios`);
    await signInAs(page, 'commissioner');
  });

  afterAll(async () => {
    await shutdownSimulationWorkers();
    await harness?.close();
  });

  it('opens the scenario builder from the navigation', async () => {
    await page.click('[data-testid="nav-scenarios"]');
    await page.waitForSelector('[data-testid="page-scenarios"]');
    await page.waitForSelector('[data-testid="scenario-form"]');
    // The demo economy (published by NHS England) is chosen for a commissioner without one of its own.
    expect(await page.inputValue('[data-testid="economy"]')).toBe('demo');
    // Its four seed scenarios, and a new one.
    expect(await page.locator('[data-testid="saved-scenario"] option').count()).toBe(5);
  });

  for (const seed of SEEDS) {
    it(`runs ${seed.id} in the browser: charts drawn and the key outcome shown`, async () => {
      const name = seed.name || (JSON.parse(readFileSync(join(REPO, `src/app/demo/impact/scenarios/${seed.id}.json`), 'utf8')) as { name: string }).name;
      await page.selectOption('[data-testid="saved-scenario"]', seed.id);
      await page.waitForFunction((n) => (document.querySelector('#scenario-name') as HTMLInputElement | null)?.value === n, name);
      expect(await page.locator('[data-testid^="lever-"][data-testid$="-from"]').count()).toBeGreaterThan(0);
      // The version as at the scenario's first month is chosen, and its figures shown.
      await page.waitForFunction((d) => (document.querySelector('[data-testid="economy-details"] summary')?.textContent ?? '').includes(`as at ${d}`), seed.asAt);
      await page.fill('[data-testid="trials"]', '200');
      await page.fill('[data-testid="seed"]', '5');
      await page.click('[data-testid="run"]');
      await page.waitForFunction(
        ({ re, n }) => {
          const res = document.querySelector('[data-testid="simulation-results"]');
          return !!res && res.textContent!.includes(n) && new RegExp(re).test(document.querySelector('[data-testid="outcomes"]')?.textContent ?? '');
        },
        { re: seed.outcome.source, n: name },
      );
      expect(await page.textContent('[data-testid="provider-impacts"]')).toBeTruthy();
      expect(await page.textContent('[data-testid="simulation-results"]')).toContain(`as at ${seed.asAt}`);
      for (const chart of ['chart-income', 'chart-surplus', 'chart-fan', 'chart-waterfall']) await chartDrawn(chart);
      if (seed.id !== 'western-sussex-msk' || (await page.locator('[data-testid="chart-timeline"]').count()) > 0) await chartDrawn('chart-timeline');
      expect(await page.textContent('[data-testid="outcomes"]')).toMatch(seed.outcome);
      expect(await page.locator('[data-testid="service-lines"] tbody tr').count()).toBeGreaterThan(0);
      const report = await page.getAttribute('[data-testid="report-link"]', 'href');
      expect(report).toBe(`/api/simulations/report?scenario=${seed.id}&trials=200&seed=5`);
      await page.screenshot({ path: join(ARTIFACTS, `scenario-${seed.id}.png`), fullPage: true });
    });
  }

  it('names the field when a broken scenario is submitted from the JSON editor', async () => {
    await page.selectOption('[data-testid="saved-scenario"]', 'nottingham-dermatology');
    await page.waitForFunction(() => (document.querySelector('#scenario-name') as HTMLInputElement | null)?.value.startsWith('Nottingham'));
    await page.click('[data-testid="mode-json"]');
    const json = JSON.parse(await page.inputValue('[data-testid="scenario-json"]'));
    json.levers[0].provider = 'NOPE';
    json.levers.push({ ...json.levers[0], provider: 'RX1', from: '2030-01' });
    await page.fill('[data-testid="scenario-json"]', JSON.stringify(json, null, 2));
    await page.fill('[data-testid="trials"]', '50');
    await page.click('[data-testid="run"]');
    await page.waitForSelector('[data-testid="scenario-error"]');
    const text = await page.textContent('[data-testid="scenario-error"]');
    expect(text).toContain('levers.0.provider');
    expect(text).toContain('unknown provider "NOPE"');
    expect(text).toContain('levers.1.from');
    await page.screenshot({ path: join(ARTIFACTS, 'scenario-error.png'), fullPage: true });
    // Back in the form the same problem is shown next to the lever's field.
    await page.click('[data-testid="mode-form"]');
    await page.waitForSelector('[data-testid="field-error-levers.0.provider"]');
    expect(pageErrors).toEqual([]);
  });

  it("saves a copy as the organisation's own scenario, then deletes it after asking", async () => {
    // A fresh page: the test before left a broken draft of this scenario.
    await page.reload();
    await page.waitForSelector('[data-testid="scenario-form"]');
    await page.selectOption('[data-testid="saved-scenario"]', 'nottingham-dermatology');
    await page.waitForFunction(() => (document.querySelector('#scenario-name') as HTMLInputElement | null)?.value.startsWith('Nottingham'));
    await page.fill('#scenario-name', 'Nottingham dermatology: our draft');
    await page.click('[data-testid="scenario-save"]');
    await page.waitForFunction(() => /Saved "Nottingham dermatology: our draft"/.test(document.querySelector('[data-testid="scenario-notice"]')?.textContent ?? ''));
    // The list now has it, and it stays the one open (with the notice still shown).
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="saved-scenario"] option').length === 6);
    await page.waitForSelector('[data-testid="scenario-delete"]');
    expect(await page.locator('[data-testid="saved-scenario"] option:checked').textContent()).toBe('Nottingham dermatology: our draft');
    expect(await page.textContent('[data-testid="scenario-notice"]')).toContain('Saved');
    // Asked first; "Keep it" changes nothing.
    await page.click('[data-testid="scenario-delete"]');
    await page.click('[data-testid="scenario-delete-no"]');
    expect(await page.locator('[data-testid="saved-scenario"] option').count()).toBe(6);
    await page.click('[data-testid="scenario-delete"]');
    expect(await page.textContent('[data-testid="scenario-delete-confirm"]')).toContain('This cannot be undone');
    await page.click('[data-testid="scenario-delete-yes"]');
    await page.waitForFunction(() => /Deleted "Nottingham dermatology: our draft"/.test(document.querySelector('[data-testid="scenario-notice"]')?.textContent ?? ''));
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="saved-scenario"] option').length === 5);
    // The seed scenarios are NHS England's: no delete is offered on them.
    await page.selectOption('[data-testid="saved-scenario"]', 'bedford-msk');
    expect(await page.locator('[data-testid="scenario-delete"]').count()).toBe(0);
    expect(pageErrors).toEqual([]);
  });
});
