// End-to-end test of the payment statements page: the real server in-process (in-memory database with the
// demo economy, the built web app from web/dist) driven by headless Chromium through playwright-core.
// Screenshots go to test-artifacts/.
import { type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConcordatApp } from '../../src/app/app.ts';
import { apiGetAs, describeInBrowser, pounds, screenshot, signInAs, startWebHarness, type WebHarness } from '../support/browser.ts';

interface Statement {
  period: string;
  year: string;
  statement: { lines: { amountPence: number }[]; totalPence: number; planVsActual: unknown[] };
  reconciliation: { earnedPence: number; paidPence: number; balancePence: number; direction: string } | null;
}
interface Submission {
  id: string;
  period: string;
  kind: string;
  fileName: string;
  sha256: string;
  rowsRejected: number;
  supersededBy: string | null;
  current: boolean;
  rejections: { detailed: { line: number; field: string; reason: string; message: string }[] };
  hints: { message: string }[];
}

describeInBrowser('statements page end to end', () => {
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
  const signOut = async () => {
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('[data-testid="page-sign-in"]');
  };
  /** Choose a month in the period picker and wait for its statement. */
  const pickPeriod = async (period: string) => {
    await page.waitForSelector('[data-testid="statement-period"]');
    await page.selectOption('[data-testid="statement-period"]', period);
    await page.waitForSelector(`[data-testid="statement-ready"][data-period="${period}"]`);
  };
  const text = async (selector: string) => (await page.textContent(selector))?.trim();

  beforeAll(async () => {
    harness = await startWebHarness({ expectedStatuses: [401, 404], timeoutMs: 15000 });
    ({ app, base, browser, context, page, pageErrors } = harness);
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('signs the commissioner in and reaches the statements from the contract page', async () => {
    await page.goto(`${base}/contracts/BEDS-MSK-2014`);
    await signIn('commissioner');
    await page.waitForSelector('[data-testid="page-contract"]');
    await page.click('[data-testid="contract-statements-link"]');
    await page.waitForSelector('[data-testid="page-statements"]');
    expect(new URL(page.url()).pathname).toBe('/contracts/BEDS-MSK-2014/statements');
  });

  it('shows the March 2015 statement: the total is the API total and the lines add up to it', async () => {
    const { status, body: st } = await apiGet<Statement>('/contracts/BEDS-MSK-2014/statements/2015-03');
    expect(status).toBe(200);
    await pickPeriod('2015-03');
    expect(new URL(page.url()).searchParams.get('period')).toBe('2015-03');
    // The picker offers every month of 2014/15 (the one scheme year with payment terms).
    const options = await page.$$eval('[data-testid="statement-period"] option', (os) => os.map((o) => (o as HTMLOptionElement).value));
    expect(options[0]).toBe('2014-04');
    expect(options).toContain('2015-03');
    expect(options).toHaveLength(12);

    expect(await text('[data-testid="statement-total"]')).toBe(pounds(st.statement.totalPence));
    expect(st.statement.lines.reduce((a, l) => a + l.amountPence, 0)).toBe(st.statement.totalPence);
    expect(await page.locator('[data-testid="statement-line"]').count()).toBe(st.statement.lines.length);
    const amounts = await page.$$eval('[data-testid="statement-amount"]', (tds) => tds.map((t) => t.textContent?.trim()));
    expect(amounts).toEqual(st.statement.lines.map((l) => pounds(l.amountPence)));
    expect(await page.locator('[data-testid="statement-sum-mismatch"]').count()).toBe(0);
    expect(await text('[data-testid="statement-table"]')).toContain('outcome.release');
    expect(await page.locator('[data-testid="statement-notes"] li').count()).toBeGreaterThan(0);

    // Plan vs actual is a chart.
    await chartDrawn('plan-vs-actual-chart');

    // March: the year-end reconciliation.
    const r = st.reconciliation!;
    expect(r).toBeTruthy();
    await page.waitForSelector('[data-testid="reconciliation"]');
    expect(await text('[data-testid="reconciliation-earned"]')).toBe(pounds(r.earnedPence));
    expect(await text('[data-testid="reconciliation-paid"]')).toBe(pounds(r.paidPence));
    expect(await text('[data-testid="reconciliation-balance"]')).toBe(pounds(r.balancePence));
    expect(r.direction).toBe('provider_refunds_commissioner');
    expect(await text('[data-testid="reconciliation-direction"]')).toMatch(/provider refunds the commissioner/i);
    expect(await text('[data-testid="reconciliation-direction"]')).toContain(pounds(Math.abs(r.balancePence)));
  });

  it('offers the CSV and XLSX exports as links; the CSV TOTAL row equals the total', async () => {
    const { body: st } = await apiGet<Statement>('/contracts/BEDS-MSK-2014/statements/2015-03');
    const csvHref = await page.getAttribute('[data-testid="download-csv"]', 'href');
    const xlsxHref = await page.getAttribute('[data-testid="download-xlsx"]', 'href');
    expect(csvHref).toMatch(/\/statements\/2015-03\.csv$/);
    expect(xlsxHref).toMatch(/\/statements\/2015-03\.xlsx$/);
    const csv = await context.request.get(`${base}${csvHref}`);
    expect(csv.status()).toBe(200);
    const lines = (await csv.text()).trim().split(/\r?\n/);
    const header = lines[0]!.split(',');
    const total = lines.find((l) => l.startsWith('TOTAL,'));
    expect(total).toBeTruthy();
    const cells = total!.split(',');
    expect(Number(cells[header.indexOf('amount_pence')])).toBe(st.statement.totalPence);
    expect(cells[header.indexOf('amount_pounds')]).toBe((st.statement.totalPence / 100).toFixed(2));
    const xlsx = await context.request.get(`${base}${xlsxHref}`);
    expect(xlsx.status()).toBe(200);
    expect(xlsx.headers()['content-type']).toContain('spreadsheetml');
  });

  it('lists the submissions ledger: the superseded June file and the September rejections', async () => {
    const { body: subs } = await apiGet<Submission[]>('/contracts/BEDS-MSK-2014/submissions');
    await page.waitForSelector('[data-testid="submissions-table"]');
    expect(await page.locator('[data-testid="submissions-table"] tbody tr').count()).toBe(subs.length);

    const juneOld = subs.find((s) => s.period === '2014-06' && s.supersededBy)!;
    const juneNew = subs.find((s) => s.id === juneOld.supersededBy)!;
    expect(juneOld).toBeTruthy();
    expect(juneNew.current).toBe(true);
    const oldRow = page.locator(`[data-testid="submission-${juneOld.id}"]`);
    const oldStatus = await oldRow.locator('[data-testid="submission-status"]').textContent();
    expect(oldStatus).toContain('Superseded');
    expect(oldStatus).toContain(`by ${juneNew.fileName}`);
    expect(await page.locator(`[data-testid="submission-${juneNew.id}"] [data-testid="submission-status"]`).textContent()).toContain('Current');
    // The SHA-256 is shortened, the full value on hover.
    const sha = oldRow.locator('[data-testid="submission-sha"]');
    expect(await sha.getAttribute('title')).toBe(juneOld.sha256);
    expect((await sha.textContent())!.length).toBeLessThan(juneOld.sha256.length);

    const sep = subs.find((s) => s.period === '2014-09' && s.kind === 'patient_level' && s.current)!;
    expect(sep.rowsRejected).toBeGreaterThan(0);
    const sepRow = page.locator(`[data-testid="submission-${sep.id}"]`);
    expect((await sepRow.locator('[data-testid="submission-rejected"]').textContent())?.trim()).toBe(String(sep.rowsRejected));
    await sepRow.locator('[data-testid="submission-open"]').click();
    await page.waitForSelector('[data-testid="submission-detail-ready"]');
    const { body: detail } = await apiGet<Submission>(`/contracts/BEDS-MSK-2014/submissions/${sep.id}`);
    expect(await page.locator('[data-testid="rejection"]').count()).toBe(detail.rejections.detailed.length);
    const report = await text('[data-testid="rejections-table"]');
    for (const r of detail.rejections.detailed) {
      expect(report).toContain(String(r.line));
      expect(report).toContain(r.message);
    }
    if (detail.hints.length) expect(await text('[data-testid="submission-hints"]')).toContain(detail.hints[0]!.message);
    await shot('statement-bedfordshire.png');
  });

  it('shows the friendly empty state for a contract without payment terms', async () => {
    await page.goto(`${base}/contracts/BEDFORD-ACUTE-2014-15/statements`);
    await page.waitForSelector('[data-testid="statements-no-terms"]');
    expect(await text('[data-testid="statements-no-terms"]')).toContain('No payment terms recorded for this contract');
  });

  it('shows the system user the Dudley statement for March 2024', async () => {
    await signOut();
    await page.goto(`${base}/contracts/DUDLEY-ACUTE-2023-24/statements`);
    await signIn('system');
    await page.waitForSelector('[data-testid="page-statements"]');
    await pickPeriod('2024-03');
    const { body: st } = await apiGet<Statement>('/contracts/DUDLEY-ACUTE-2023-24/statements/2024-03');
    expect(await text('[data-testid="statement-total"]')).toBe(pounds(st.statement.totalPence));
    expect(await page.locator('[data-testid="statement-line"]').count()).toBe(st.statement.lines.length);
    await chartDrawn('plan-vs-actual-chart');
    await page.waitForSelector('[data-testid="reconciliation"]');
    expect(await text('[data-testid="reconciliation-balance"]')).toBe(`+${pounds(st.reconciliation!.balancePence)}`);
    await page.waitForSelector('[data-testid="submissions-table"]');
    await shot('statement-dudley.png');
  });

  it('does not show the Bedford Hospital provider the BEDS-MSK-2014 statements', async () => {
    await signOut();
    await page.goto(`${base}/contracts/BEDS-MSK-2014/statements`);
    await signIn('provider');
    await page.waitForSelector('[data-testid="statements-not-found"]');
    expect(await text('[data-testid="statements-not-found"]')).toMatch(/not visible to your organisation/);
    expect(await page.locator('[data-testid="statement-table"]').count()).toBe(0);
    expect((await apiGet('/contracts/BEDS-MSK-2014/statements/2015-03')).status).toBe(404);
    expect((await context.request.get(`${base}/api/contracts/BEDS-MSK-2014/statements/2015-03.csv`)).status()).toBe(404);
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
