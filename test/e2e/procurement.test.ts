// Procurement in the web app, end to end (issue 9): the real server in-process with the demo economy and
// headless Chromium. The Staffordshire procurement with its scored bidders, standstill dates and the link
// to the contract its award created; a Direct Award C procurement run step by step by Bedfordshire CCG,
// its notice refused while a Schedule 3 item is missing and published once complete; the stage gates; and
// the public notices page without signing in. Screenshots go to test-artifacts/.
import { readFileSync } from 'node:fs';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DEMO_OCDS_SAMPLE } from '../../src/app/demo/procurement.ts';
import { apiGetAs, describeInBrowser, screenshot, signInAs, startWebHarness, type WebHarness } from '../support/browser.ts';

const dayText = (iso: string) => new Intl.DateTimeFormat('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(`${iso}T00:00:00Z`));

describeInBrowser('procurement in the web app', () => {
  let harness: WebHarness;
  let page: Page;
  let context: BrowserContext;
  let base: string;

  beforeAll(async () => {
    harness = await startWebHarness({ expectedStatuses: [401, 400, 404], timeoutMs: 20_000 });
    ({ page, context, base } = harness);
  });
  afterAll(async () => {
    await harness?.close();
  });

  const signOut = async () => {
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('[data-testid="page-sign-in"]');
  };

  it('shows the Staffordshire procurement: scored bidders, the standstill dates, and the contract its award created', async () => {
    await page.goto(`${base}/procurements`);
    await signInAs(page, 'admin');
    await page.waitForSelector('[data-testid="procurement-row-STAFFS-CANCER-2025"]');
    expect(await page.textContent('[data-testid="procurement-row-STAFFS-CANCER-2025"]')).toContain('concluded');
    await page.click('[data-testid="procurement-row-STAFFS-CANCER-2025"] [data-testid="procurement-link"]');
    await page.waitForSelector('[data-testid="page-procurement"]');
    await page.waitForSelector('[data-testid="bidders-table"]');
    const score = async (code: string) => (await page.textContent(`[data-testid="bidder-row-${code}"] [data-testid="bidder-score"]`))?.trim();
    expect([await score('RJE'), await score('RRE'), await score('ZSCCP'), await score('ZCCHL')]).toEqual(['78.50%', '75.50%', '72.50%', '—']);
    expect(await page.textContent('[data-testid="bidder-row-ZCCHL"]')).toContain('economic and financial standing');
    expect(await page.textContent('[data-testid="weights"]')).toContain('Quality and innovation 35%');
    expect((await page.textContent('[data-testid="standstill-begins"]'))?.trim()).toBe('7 Jan 2025');
    expect(await page.textContent('[data-testid="representations-deadline"]')).toContain('midnight at the end of 17 Jan 2025');
    await page.waitForFunction(() => (document.querySelector('[data-testid="scores-chart"] svg')?.querySelectorAll('path').length ?? 0) > 4);
    expect(await page.getAttribute('[data-testid="decision-record-link"]', 'href')).toBe('/api/procurements/staffs-cancer-2025/decision-record?download=true');
    await screenshot(page, 'procurement-staffordshire.png');
    await page.click('[data-testid="award-contract-link"]');
    await page.waitForSelector('[data-testid="awarded-by"]');
    expect(await page.textContent('[data-testid="awarded-by"]')).toContain('STAFFS-CANCER-2025');
    expect(await page.textContent('h1')).toContain('STAFFS-CANCER-2025');
    await screenshot(page, 'procurement-awarded-contract.png');
  });

  it('lists the real notices imported, and imports a release package with its per-release report', async () => {
    await page.goto(`${base}/procurements`);
    await page.waitForSelector('[data-testid="imported-table"]');
    expect(await page.locator('[data-testid="imported-row"]').count()).toBe(10);
    expect(await page.textContent('[data-testid="imported-table"]')).toContain('Walsall Healthcare NHS Trust');
    await screenshot(page, 'procurements-list.png');
    await page.goto(`${base}/imports/ocds`);
    await page.waitForSelector('[data-testid="imports-table"]');
    const sample = JSON.parse(readFileSync(DEMO_OCDS_SAMPLE, 'utf8'));
    sample.releases[0] = { ...sample.releases[0], date: 'yesterday' };
    await page.setInputFiles('[data-testid="ocds-file"]', { name: 'cf-sample-edited.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(sample)) });
    await page.waitForSelector('[data-testid="import-report"]');
    expect(await page.textContent('[data-testid="import-report"] h2')).toBe('cf-sample-edited.json: 0 imported, 0 updated, 16 unchanged, 1 rejected');
    expect(await page.textContent('[data-testid="report-rejected"]')).toContain('date: must be a date-time, got "yesterday"');
    await screenshot(page, 'ocds-import-report.png');
  });

  it('shows the Dudley stage gates: the strategic outline case not signed by the Dudley Group', async () => {
    await page.goto(`${base}/schemes/dudley-icp`);
    await page.waitForSelector('[data-testid="gate-strategic_outline_case"]');
    expect(await page.textContent('[data-testid="signatory-strategic_outline_case-RNA"]')).toContain('Refused');
    expect(await page.textContent('[data-testid="signatory-strategic_outline_case-05C"]')).toContain('Signed');
    expect(await page.textContent('[data-testid="gate-strategic_outline_case"] [data-testid="gate-outcome"]')).toMatch(/Proceeded without all signatures/);
    await screenshot(page, 'procurement-stage-gates.png');
    await signOut();
  });

  it('runs a Direct Award C procurement step by step: route chooser, decision, a notice refused for a missing Schedule 3 item, then published with its standstill', async () => {
    await page.goto(`${base}/procurements`);
    await signInAs(page, 'commissioner');
    await page.click('[data-testid="open-procurement"]');
    await page.waitForSelector('[data-testid="page-procurement-new"]');
    // The route chooser asks the regulation's questions in turn.
    await page.click('[data-testid="answer-existingProvider-yes"]');
    await page.click('[data-testid="answer-framework-no"]');
    await page.click('[data-testid="answer-onlyExistingProviderCapable-no"]');
    await page.click('[data-testid="answer-patientChoiceOffered-no"]');
    await page.click('[data-testid="answer-expiringContract-yes"]');
    await page.fill('[data-testid="cc-existing"]', '1.6m');
    await page.fill('[data-testid="cc-proposed"]', '2.05m');
    await page.check('[data-testid="cc-authority"]');
    await page.click('[data-testid="cc-apply"]');
    await page.click('[data-testid="answer-providerSatisfying-yes"]');
    await page.waitForSelector('[data-testid="route-permitted"]');
    expect(await page.textContent('[data-testid="route-permitted"]')).toContain('Direct Award Process C');
    expect(await page.textContent('[data-testid="considerable-change-result"]')).toMatch(/not met.*£450,000/);
    await page.selectOption('[data-testid="p-route"]', 'direct_award_c');
    await page.fill('[data-testid="p-reason"]', 'Circle is satisfying the contract; no considerable change');
    await page.fill('[data-testid="p-reference"]', 'BEDS-MSK-DAC-WEB');
    await page.fill('[data-testid="p-title"]', 'Bedfordshire MSK: direct award to the existing provider');
    await page.fill('[data-testid="p-services"]', 'Musculoskeletal services');
    await page.fill('[data-testid="p-value"]', '2.05m');
    await page.fill('[data-testid="p-start"]', '2027-04-01');
    await page.fill('[data-testid="p-end"]', '2028-03-31');
    await page.fill('[data-testid="p-incumbent"]', 'ZCIRC');
    await page.fill('[data-testid="p-incumbent-address"]', 'Illustrative address, London');
    await screenshot(page, 'procurement-route-chooser.png');
    await page.click('[data-testid="open-submit"]');
    await page.waitForSelector('[data-testid="page-procurement"]');
    expect(await page.textContent('[data-testid="procurement-state"]')).toContain('assessing the existing provider');

    // Name the decision-makers.
    await page.click('[data-testid="step-decision_makers_named"]');
    await page.fill('[data-testid="s-decision-makers"]', 'Director of commissioning | Decision-maker');
    await page.click('[data-testid="step-submit"]');
    await page.waitForSelector('[data-testid="conflicts"]');
    // Decide, with reasons against the key criteria: one left out is refused, naming it.
    await page.click('[data-testid="step-provider_decided"]');
    for (const c of ['quality_and_innovation', 'value', 'integration_collaboration_sustainability', 'access_inequalities_choice']) {
      await page.fill(`[data-testid="s-reason-${c}"]`, `Circle meets ${c.replace(/_/g, ' ')}`);
    }
    await page.click('[data-testid="step-submit"]');
    await page.waitForSelector('[data-testid="step-error"]');
    expect(await page.textContent('[data-testid="step-error"]')).toContain('missing: Social value');
    await page.fill('[data-testid="s-reason-social_value"]', 'Local employment');
    await page.click('[data-testid="step-submit"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="procurement-state"]')?.textContent?.includes('decided'));

    // The notice of intention: a Schedule 3 item left out cannot be published, and the error names it.
    await page.click('[data-testid="step-intention_notice_published"]');
    await page.waitForSelector('[data-testid="notice-checklist"]');
    await page.fill('[data-testid="n-decision-makers"]', '');
    await page.waitForFunction(() => document.querySelector('[data-testid="notice-item-decisionMakers-para-6"]')?.textContent?.includes('missing'));
    expect(await page.textContent('[data-testid="notice-publishable"]')).toContain('cannot be published');
    await page.click('[data-testid="notice-publish"]');
    await page.waitForSelector('[data-testid="step-error"]');
    expect(await page.textContent('[data-testid="step-error"]')).toContain('Schedule 3 para 6: details of the award decision-makers are missing');
    await screenshot(page, 'procurement-notice-refused.png');
    await page.fill('[data-testid="n-decision-makers"]', 'Director of commissioning: Decision-maker');
    await page.waitForFunction(() => document.querySelector('[data-testid="notice-publishable"]')?.textContent?.includes('Every item'));
    await page.click('[data-testid="notice-publish"]');
    await page.waitForSelector('[data-testid="standstill-begins"]');
    expect(await page.textContent('[data-testid="procurement-state"]')).toContain('standstill');

    // The dates on the page are the API's, for a notice published today.
    const { body: p } = await apiGetAs<{ standstill: { publishedOn: string; beginsOn: string; representationsDeadline: string } }>(context, base, '/procurements/BEDS-MSK-DAC-WEB');
    const { body: calc } = await apiGetAs<{ beginsOn: string; representationsDeadline: string }>(context, base, `/public/psr/standstill?publishedOn=${p.standstill.publishedOn}`);
    expect(p.standstill).toMatchObject({ beginsOn: calc.beginsOn, representationsDeadline: calc.representationsDeadline });
    expect((await page.textContent('[data-testid="standstill-begins"]'))?.trim()).toBe(dayText(p.standstill.beginsOn));
    expect(await page.textContent('[data-testid="representations-deadline"]')).toContain(dayText(p.standstill.representationsDeadline));
    await screenshot(page, 'procurement-standstill.png');
    await signOut();
  });

  it('shows the public notices without signing in', async () => {
    await page.goto(`${base}/public/notices`);
    await page.waitForSelector('[data-testid="page-public-notices"]');
    await page.waitForSelector('[data-testid="public-notice-STAFFS-CANCER-2025-INT"]');
    expect(await page.isVisible('[data-testid="page-sign-in"]')).toBe(false);
    const intention = await page.textContent('[data-testid="public-notice-STAFFS-CANCER-2025-INT"]');
    expect(intention).toContain('Notice of intention to award (Competitive Process) (Schedule 10)');
    expect(intention).toContain('until midnight at the end of 17 Jan 2025');
    expect(intention).toContain('University Hospitals of North Midlands NHS Trust');
    expect(await page.textContent('[data-testid="public-notice-BEDS-MSK-DAC-WEB-INT"]')).toContain('(Schedule 3)');
    await page.fill('[data-testid="calc-date"]', '2025-04-17');
    await page.waitForSelector('[data-testid="calc-result"]');
    expect(await page.textContent('[data-testid="calc-result"]')).toContain('1 May 2025');
    await screenshot(page, 'public-notices.png');
    expect(harness.pageErrors).toEqual([]);
  });
});
