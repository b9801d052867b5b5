// End to end in Chromium: the NEW Devon relationship opened from the economy overview shows it strained,
// how that was derived, the dispute timeline and the facilitator's £12,007; the arms race chart draws;
// Serco's corrected returns stay visible as superseded; and a notice issued on Friday 19 December 2025
// through the web shows its meeting due on Wednesday 7 January 2026, then overdue, with only the
// signed-in side's steps offered. Screenshots go to test-artifacts/.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Clock } from '../../src/app/clock.ts';
import { describeInBrowser, screenshot, signInAs, startWebHarness, type WebHarness } from '../support/browser.ts';

describeInBrowser('the relationship in the browser', () => {
  let harness: WebHarness;
  let page: Page;
  let base: string;
  // Real time by default (the browser keeps the session cookie by it); moved to the day a step is taken.
  let fixed: Date | null = null;
  const clock: Clock = { now: () => fixed ?? new Date() };
  const text = async (testId: string) => (await page.textContent(`[data-testid="${testId}"]`)) ?? '';
  const signOut = async () => {
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('[data-testid="page-sign-in"]');
  };

  beforeAll(async () => {
    harness = await startWebHarness({ expectedStatuses: [400, 401, 403, 404, 409], clock });
    ({ page, base } = harness);
    const admin = harness.app.system();
    await admin.createUser({ username: 'devon-commissioner', displayName: 'NHS Devon contracts lead', organisationCode: '15N', role: 'commissioner', password: 'concordat' });
    await admin.createUser({ username: 'devon-provider', displayName: 'Royal Devon contracts lead', organisationCode: 'RH8', role: 'provider', password: 'concordat' });
  });
  afterAll(async () => harness?.close());

  it('opens the NEW Devon relationship from the economy overview: strained, its dispute timeline and the facilitator\'s fee', async () => {
    await page.goto(`${base}/`);
    await signInAs(page, 'system');
    await page.waitForSelector('[data-testid="relationship-99P-RBZ"]');
    await page.click('[data-testid="relationship-99P-RBZ"] [data-testid="relationship-record-link"]');
    await page.waitForSelector('[data-testid="page-relationship"]');
    expect(new URL(page.url()).pathname).toBe('/relationships/99P/RBZ');
    expect(await text('relationship-title')).toContain('Northern Devon Healthcare NHS Trust');
    expect(await text('relationship-as-at')).toContain('31 Mar 2015');
    expect(await text('health-band')).toBe('Strained');
    expect(await text('health-explanation')).toMatch(/^Strained: 7 points from 2012-04-01 to 2015-03-31/);
    expect(await text('factor-contract_arbitration')).toContain('NDEVON-CS-2013-14');
    expect(await text('factor-facilitator')).toContain('Ian Tipney');
    // The dispute timeline, in order, with the facilitator's fee.
    const timeline = await page.locator('[data-testid="dispute-timeline"] [data-testid="timeline-event"]').allTextContents();
    expect(timeline[0]).toMatch(/1 Mar 2013.*Contract-setting dispute for 2013\/14 opened by the provider/);
    expect(timeline.some((t) => /24 May 2013.*Pendulum determination: Contract value for 2013\/14/.test(t))).toBe(true);
    expect(timeline.some((t) => /26 Jul 2013.*Mediator appointed/.test(t))).toBe(true);
    expect(timeline.some((t) => /10 Feb 2014.*Facilitator appointed.*Ian Tipney, former chief executive of Somerset Primary Care Trust/.test(t))).toBe(true);
    expect(timeline.at(-1)).toMatch(/30 Apr 2014.*Fee: Ian Tipney \(facilitator\), £12,007\.00.*paid by the provider/);
    expect(await page.locator('[data-testid="fee-amount"]').allTextContents()).toEqual(['£12,007.00']);
    expect(await text('dispute-costs')).toContain('Fees in all: £12,007.00 (the commissioner £0.00, the provider £12,007.00');
    expect(await text('rel-contract-NDEVON-ACUTE-2013-14')).toContain('Arbitration');
    await screenshot(page, 'relationship-new-devon.png');
    // The arbitration itself: each party's final offer and the pendulum determination.
    await page.click('[data-testid="dispute-NDEVON-CS-2013-14"] a');
    await page.waitForSelector('[data-testid="page-dispute"]');
    expect(await text('issue-value')).toMatch(/£156,500,000\.00.*£158,000,000\.00.*£158,000,000\.00: the provider's offer/);
    await screenshot(page, 'dispute-new-devon-arbitration.png');
    expect(harness.pageErrors).toEqual([]);
  });

  it('draws the arms race and shows Serco\'s falsified returns as superseded, with the breaches they hid', async () => {
    await page.goto(`${base}/relationships/09G/RYR?asAt=2016-03-31`);
    await page.waitForFunction(() => (document.querySelector('[data-testid="arms-race-chart"] svg')?.querySelectorAll('path').length ?? 0) > 6);
    expect(await text('arms-race')).toContain('an arms race');
    expect(await page.locator('[data-testid="money-by-year"] tbody tr').allTextContents()).toEqual([
      '2013/14£1,000,000.00£800,000.00£0.00', '2014/15£2,000,000.00£2,000,000.00£0.00', '2015/16£3,100,000.00£3,500,000.00£0.00',
    ]);
    await screenshot(page, 'relationship-arms-race.png');
    await page.goto(`${base}/contracts/CORNWALL-OOH-2013/performance`);
    await page.waitForSelector('[data-testid="returns-table"]');
    expect(await page.locator('[data-testid="return-superseded"]').count()).toBe(3);
    expect(await page.locator('[data-testid="hidden-breaches"] tbody tr').count()).toBe(3);
    expect(await text('hidden-breaches')).toContain('96.2% (1212 of 1260 urgent cases)');
    await page.goto(`${base}/relationships/11N/ZSERC`);
    await page.waitForSelector('[data-testid="flag-consent"]');
    expect(await text('flag-consent')).toContain('ZSERC subcontracts to ZDEVD from 2013-11-01 without the consent of 11N');
    await screenshot(page, 'relationship-serco.png');
    await signOut();
  });

  it('issues a notice on Friday 19 December 2025, shows its meeting due on Wednesday 7 January 2026 and then overdue; each side is offered only its own steps', async () => {
    await signInAs(page, 'devon-commissioner');
    await page.goto(`${base}/contracts/DEVON-ACUTE-2025-26/performance`);
    await page.waitForSelector('[data-testid="issue-notice"]');
    fixed = new Date('2025-12-19T10:00:00Z');
    await page.click('[data-testid="issue-notice"] summary');
    await page.fill('#notice-subject', 'Cancer 31-day standard missed in October and November');
    await page.click('[data-testid="issue-notice-submit"]');
    await page.waitForSelector('[data-testid="page-notice"]');
    expect(await text('notice-issued')).toBe('19 Dec 2025');
    const meeting = page.locator('[data-testid="notice-due"] [data-testid="due-hold_meeting"]');
    expect(await meeting.locator('[data-testid="due-date"]').textContent()).toBe('7 Jan 2026');
    expect(await meeting.locator('[data-testid="due-status"]').textContent()).toBe('Due in 10 operational days');
    expect(await meeting.textContent()).toContain('10 operational days after the notice of 2025-12-19');
    // The commissioner may withdraw or hold the meeting, not accept its own notice.
    expect(await page.locator('[data-testid="notice-steps"] button[data-testid^="step-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')))).toEqual(['step-withdraw', 'step-hold_meeting']);
    await screenshot(page, 'notice-issued.png');
    const url = page.url();

    fixed = new Date('2026-01-08T09:00:00Z');
    await page.reload();
    await page.waitForSelector('[data-testid="notice-overdue"]');
    expect(await meeting.locator('[data-testid="due-status"]').textContent()).toBe('Overdue by 1 operational day');
    await page.goto(`${base}/actions-due`);
    await page.waitForSelector('[data-testid="actions-due"]');
    expect(await page.locator('[data-testid="actions-due"] tbody tr').first().textContent()).toMatch(/Overdue by 1 operational day.*7 Jan 2026.*hold the contract management meeting/);
    await screenshot(page, 'actions-due-overdue.png');

    // The provider accepts; a date in the future is refused naming the field, and nothing is lost.
    fixed = null;
    await signOut();
    await signInAs(page, 'devon-provider');
    fixed = new Date('2026-01-08T09:30:00Z');
    await page.goto(url);
    await page.waitForSelector('[data-testid="step-accept"]');
    await page.click('[data-testid="step-hold_meeting"]');
    await page.fill('#step-on', '2026-02-01');
    await page.click('[data-testid="step-submit"]');
    await page.waitForSelector('[data-testid="step-error"]');
    expect(await text('field-error-on')).toMatch(/is in the future/);
    await page.click('[data-testid="step-accept"]');
    await page.click('[data-testid="step-submit"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="notice-state"]')?.textContent?.includes('awaiting the contract management meeting'));
    expect(await page.locator('[data-testid="step-accept"]').count()).toBe(0);
    await screenshot(page, 'notice-accepted.png');
    fixed = null;
    expect(harness.pageErrors).toEqual([]);
  });
});
