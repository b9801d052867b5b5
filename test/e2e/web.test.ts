// End-to-end test of the web app: the real server in-process (in-memory database with the demo economy,
// the built web app from web/dist) driven by headless Chromium through playwright-core.
// Screenshots go to test-artifacts/.
import { join } from 'node:path';
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConcordatApp } from '../../src/app/app.ts';
import { apiGetAs, ARTIFACTS, describeInBrowser, pounds, screenshot, signInAs, startWebHarness, type WebHarness } from '../support/browser.ts';

interface Economy {
  asAt: string;
  contracts: number;
  valuePence: number;
  organisations: number;
  relationships: { commissionerCode: string; providerCode: string; contracts: number; valuePence: number; contractIds: string[] }[];
}
interface Variation { sequence: number; rationale: string; valueChangePence: number; valueAfterPence: number; changes: Record<string, unknown> }
interface Detail { contract: { id: string; reference: string }; variations: Variation[] }
interface Version { valuePence: number }

describeInBrowser('web app end to end', () => {
  let app: ConcordatApp;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];
  let harness: WebHarness;

  const shot = (name: string) => screenshot(page, name);
  const apiGet = <T,>(path: string) => apiGetAs<T>(context, base, path);
  /** An echarts SVG with its series drawn (more than the axis lines) and value labels. */
  const chartDrawn = (testId: string) =>
    page.waitForFunction((id) => {
      const svg = document.querySelector(`[data-testid="${id}"] svg`);
      return !!svg && svg.querySelectorAll('path').length > 4 && /£/.test(svg.textContent ?? '');
    }, testId);
  const signIn = (username: string) => signInAs(page, username);

  beforeAll(async () => {
    harness = await startWebHarness({ expectedStatuses: [401, 404, 400], timeoutMs: 15000 });
    ({ app, base, browser, context, page, pageErrors } = harness);
  });

  afterAll(async () => {
    await harness?.close();
  });

  it('signs the commissioner in and goes to the overview', async () => {
    await page.goto(`${base}/`);
    // Signed out: the app sends us to sign in, which lists the demo users and their password.
    await page.waitForSelector('[data-testid="page-sign-in"]');
    expect(await page.textContent('[data-testid="demo-users"]')).toContain('concordat');
    await shot('sign-in.png');
    // A wrong password is reported, not swallowed.
    await page.fill('#username', 'commissioner');
    await page.fill('#password', 'wrong');
    await page.click('[data-testid="sign-in-submit"]');
    await page.waitForSelector('[data-testid="sign-in-error"]');
    await signIn('commissioner');
    await page.waitForSelector('[data-testid="page-economy"]');
    expect(new URL(page.url()).pathname).toBe('/');
    const header = await page.textContent('[data-testid="header"]');
    expect(header).toContain('06F');
    expect(await page.textContent('[data-testid="who-role"]')).toMatch(/commissioner/i);
    await page.waitForFunction(() => document.querySelector('[data-testid="who-org"]')?.textContent?.includes('Bedfordshire'));
  });

  it('shows the economy totals and the Bedfordshire CCG -> Circle relationship as the API values them', async () => {
    const { body: economy } = await apiGet<Economy>('/economy');
    expect(economy.contracts).toBeGreaterThan(0);
    await page.waitForSelector('[data-testid="total-value"]');
    expect((await page.textContent('[data-testid="total-value"]'))?.trim()).toBe(pounds(economy.valuePence));
    expect((await page.textContent('[data-testid="total-contracts"]'))?.trim()).toBe(String(economy.contracts));
    expect((await page.textContent('[data-testid="total-organisations"]'))?.trim()).toBe(String(economy.organisations));

    const rel = economy.relationships.find((r) => r.commissionerCode === '06F' && r.providerCode === 'ZCIRC');
    expect(rel, 'the API reports a 06F -> ZCIRC relationship').toBeTruthy();
    const row = page.locator('[data-testid="relationship-06F-ZCIRC"]');
    expect((await row.locator('[data-testid="relationship-value"]').textContent())?.trim()).toBe(pounds(rel!.valuePence));
    expect((await row.locator('[data-testid="relationship-contracts"]').textContent())?.trim()).toBe(String(rel!.contracts));
    expect(await page.locator('[data-testid="relationships"] tbody tr').count()).toBe(economy.relationships.length);
    // Both charts rendered (SVG renderer).
    await chartDrawn('chart-sector');
    await chartDrawn('chart-model');
    await row.locator('[data-testid="relationship-contract-link"]', { hasText: 'BEDS-MSK-2014' }).waitFor();
    await shot('overview.png');
  });

  it('follows the relationship to BEDS-MSK-2014 and shows its variation history', async () => {
    await page.locator('[data-testid="relationship-06F-ZCIRC"] [data-testid="relationship-contract-link"]', { hasText: 'BEDS-MSK-2014' }).click();
    await page.waitForSelector('[data-testid="page-contract"]');
    expect(new URL(page.url()).pathname).toBe('/contracts/BEDS-MSK-2014');
    const { body: detail } = await apiGet<Detail>('/contracts/BEDS-MSK-2014');
    expect(detail.variations).toHaveLength(2);

    const rows = page.locator('[data-testid="variations-table"] tbody tr');
    expect(await rows.count()).toBe(2);
    const first = page.locator('[data-testid="variation-1"]');
    expect(await first.textContent()).toContain('Physiotherapy');
    expect((await first.locator('[data-testid="variation-change"]').textContent())?.trim()).toBe('+£360,000.00');
    expect((await first.locator('[data-testid="variation-after"]').textContent())?.trim()).toBe(pounds(detail.variations[0]!.valueAfterPence));
    const second = page.locator('[data-testid="variation-2"]');
    expect(await second.textContent()).toMatch(/expire/i);
    expect((await second.locator('[data-testid="variation-change"]').textContent())?.trim()).toBe('£0.00');
    // Parties link to organisation pages; the subcontract is listed.
    expect(await page.locator('[data-testid="parties"] a[href="/organisations/ZCIRC"]').count()).toBe(1);
    expect(await page.textContent('[data-testid="subcontracts"]')).toContain('BEDS-MSK-2014-SUB-LD');
    await chartDrawn('value-chart');
  });

  it('changes the as-at date and shows the value in force on that date', async () => {
    const before = (await apiGet<Version>('/contracts/BEDS-MSK-2014/as-at/2015-01-01')).body;
    const after = (await apiGet<Version>('/contracts/BEDS-MSK-2014/as-at/2016-01-01')).body;
    expect(before.valuePence).not.toBe(after.valuePence);

    await page.fill('[data-testid="contract-as-at"]', '2015-01-01');
    await page.waitForFunction(
      (v) => document.querySelector('[data-testid="as-at-ready"] [data-testid="as-at-value"]')?.textContent?.trim() === v,
      pounds(before.valuePence),
    );
    expect(await page.textContent('[data-testid="as-at-applied"]')).toMatch(/none/i);
    expect(new URL(page.url()).searchParams.get('asAt')).toBe('2015-01-01');

    await page.fill('[data-testid="contract-as-at"]', '2016-01-01');
    await page.waitForFunction(
      (v) => document.querySelector('[data-testid="as-at-ready"] [data-testid="as-at-value"]')?.textContent?.trim() === v,
      pounds(after.valuePence),
    );
    expect(await page.textContent('[data-testid="as-at-applied"]')).toContain('#1');
    await shot('contract.png');
  });

  it('appends a variation through the form: field errors on a 400, then the history updates', async () => {
    await page.waitForSelector('[data-testid="variation-form"]');
    // Nothing filled in: the API answers 400 and each field shows its own message.
    await page.click('[data-testid="variation-submit"]');
    await page.waitForSelector('[data-testid="variation-error"]');
    expect(await page.textContent('[data-testid="field-error-rationale"]')).toMatch(/\S/);
    expect(await page.textContent('[data-testid="field-error-effectiveDate"]')).toMatch(/\S/);
    await shot('variation-errors.png');

    const { body: beforeDetail } = await apiGet<Detail>('/contracts/BEDS-MSK-2014');
    const last = beforeDetail.variations[beforeDetail.variations.length - 1]!;
    await page.fill('#effectiveDate', '2016-04-01');
    await page.fill('#valueChange', '-250,000');
    await page.fill('#rationale', 'Correction: hub triage activity double counted in 2016/17 (e2e test)');
    await page.click('[data-testid="variation-submit"]');
    await page.waitForSelector('[data-testid="variation-success"]');
    await page.waitForSelector('[data-testid="variation-3"]');
    expect(await page.locator('[data-testid="field-error-rationale"]').count()).toBe(0);

    const { body: afterDetail } = await apiGet<Detail>('/contracts/BEDS-MSK-2014');
    expect(afterDetail.variations).toHaveLength(3);
    const added = afterDetail.variations.find((v) => v.sequence === 3)!;
    expect(added.valueChangePence).toBe(-25_000_000);
    expect(added.valueAfterPence).toBe(last.valueAfterPence - 25_000_000);
    const row = page.locator('[data-testid="variation-3"]');
    expect(await row.textContent()).toContain('double counted');
    expect((await row.locator('[data-testid="variation-change"]').textContent())?.trim()).toBe(pounds(-25_000_000));
    expect((await row.locator('[data-testid="variation-after"]').textContent())?.trim()).toBe(pounds(added.valueAfterPence));
    expect(await row.textContent()).toContain('Bedfordshire CCG contracting lead (06F) (you)');
    // The as-at panel (2016-01-01) is unaffected; moving past the effective date applies the new variation.
    await page.fill('[data-testid="contract-as-at"]', '2016-06-01');
    const atJune = (await apiGet<Version>('/contracts/BEDS-MSK-2014/as-at/2016-06-01')).body;
    await page.waitForFunction(
      (v) => document.querySelector('[data-testid="as-at-ready"] [data-testid="as-at-value"]')?.textContent?.trim() === v,
      pounds(atJune.valuePence),
    );
    await shot('contract-after-variation.png');
    await page.locator('[data-testid="variation-history"]').screenshot({ path: join(ARTIFACTS, 'variation-history.png') });
  });

  it('shows an organisation with its predecessor and the contracts it is party to', async () => {
    await page.goto(`${base}/organisations/RDU`);
    await page.waitForSelector('[data-testid="page-organisation"]');
    const pred = page.locator('[data-testid="predecessor-RD7"]');
    expect(await pred.locator('[data-testid="succession-date"]').textContent()).toBe('1 Oct 2014');
    await page.waitForSelector('[data-testid="organisation-contracts"], [data-testid="organisation-contracts-empty"]');
    await page.goto(`${base}/organisations/ZCIRC`);
    await page.waitForSelector('[data-testid="organisation-contracts"]');
    const { body: list } = await apiGet<{ total: number }>('/contracts?organisation=ZCIRC');
    expect(await page.locator('[data-testid="organisation-contracts"] tbody tr').count()).toBe(Math.min(list.total, 25));
    await shot('organisation.png');
  });

  it('filters the contracts list', async () => {
    await page.goto(`${base}/contracts`);
    await page.waitForSelector('[data-testid="contracts-table"]');
    const { body: all } = await apiGet<{ total: number }>('/contracts');
    expect(await page.locator('[data-testid="contracts-table"] tbody tr').count()).toBe(Math.min(all.total, 25));
    await shot('contracts.png');
    await page.selectOption('#contracts-model', 'prime_contractor');
    await page.waitForFunction(() => !document.querySelector('.stale') && document.querySelectorAll('[data-testid="contracts-table"] tbody tr').length === 1);
    expect(await page.textContent('[data-testid="contracts-table"]')).toContain('BEDS-MSK-2014');
    await page.fill('#contracts-search', 'no such contract anywhere');
    await page.click('[data-testid="contracts-search-submit"]');
    await page.waitForSelector('[data-testid="contracts-empty"]');
  });

  it('signs out; the provider, heading for BEDS-MSK-2014, is told it is not found or not visible', async () => {
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('[data-testid="page-sign-in"]');
    await page.goto(`${base}/contracts/BEDS-MSK-2014`);
    await signIn('provider');
    // After sign-in the app goes where the user was heading.
    await page.waitForSelector('[data-testid="contract-not-found"]');
    expect(new URL(page.url()).pathname).toBe('/contracts/BEDS-MSK-2014');
    expect(await page.textContent('[data-testid="contract-not-found"]')).toMatch(/not visible to your organisation/);
    expect(await page.textContent('[data-testid="who-org"]')).toContain('RC1');
    expect((await apiGet('/contracts/BEDS-MSK-2014')).status).toBe(404);
    await shot('provider-not-found.png');
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
