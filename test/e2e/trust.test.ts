// End to end in Chromium: a contract let by the commissioner is a draft until the provider accepts it
// on its contract page; the provider proposes a variation that the commissioner agrees; the page
// shows its "ledger verified" mark, and the mark turns to a break when a figure is altered behind
// Concordat's back.
import { sql } from 'kysely';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { ConcordatApp } from '../../src/app/app.ts';
import { describeInBrowser, screenshot, signInAs, startWebHarness, type WebHarness } from '../support/browser.ts';

describeInBrowser('agreement, proposals and the ledger mark in the browser', () => {
  let harness: WebHarness;
  let app: ConcordatApp;
  let page: Page;
  let base: string;

  const signOut = async () => {
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('[data-testid="page-sign-in"]');
  };

  beforeAll(async () => {
    harness = await startWebHarness({ expectedStatuses: [401, 403, 404, 409] });
    ({ app, page, base } = harness);
    const beds = app.as((await app.signIn('commissioner', 'concordat')).user);
    await beds.createContract({
      reference: 'BEDS-AUDIOLOGY-2014', title: 'Adult hearing services', model: 'standard_activity', startDate: '2014-04-01', endDate: '2015-03-31',
      signedValuePence: 150_000_000, parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'RC1', role: 'provider' }],
      serviceCodes: ['ACUTE'],
    });
  });
  afterAll(async () => harness?.close());

  it('shows the commissioner its draft awaiting the provider, with no accept button of its own', async () => {
    await page.goto(`${base}/contracts/BEDS-AUDIOLOGY-2014`);
    await signInAs(page, 'commissioner');
    await page.goto(`${base}/contracts/BEDS-AUDIOLOGY-2014`);
    await page.waitForSelector('[data-testid="acceptance"]');
    expect(await page.textContent('[data-testid="acceptance-state"]')).toContain('A draft');
    expect(await page.textContent('[data-testid="acceptance-RC1"]')).toContain('Awaiting decision');
    expect(await page.locator('[data-testid="accept-contract"]').count()).toBe(0);
    await page.waitForSelector('[data-testid="ledger-mark"]:has-text("Ledger verified")');
    await screenshot(page, 'trust-draft-commissioner.png');
    await signOut();
  });

  it('lets the provider accept it and propose a variation, and the commissioner agree the proposal', async () => {
    await signInAs(page, 'provider');
    await page.goto(`${base}/contracts/BEDS-AUDIOLOGY-2014`);
    await page.click('[data-testid="accept-contract"]');
    await page.waitForSelector('[data-testid="acceptance-state"]:has-text("Agreed by every party")');
    expect(await page.textContent('[data-testid="acceptance-RC1"]')).toContain('Accepted');
    // The provider may propose, not record, a variation.
    expect(await page.locator('[data-testid="variation-form-panel"]').count()).toBe(0);
    await page.fill('[data-testid="proposal-form-panel"] #effectiveDate', '2014-10-01');
    await page.fill('[data-testid="proposal-form-panel"] #valueChange', '120000');
    await page.fill('[data-testid="proposal-form-panel"] #rationale', 'Additional audiology clinics from October');
    await page.click('[data-testid="proposal-form-panel"] [data-testid="variation-submit"]');
    await page.waitForSelector('[data-testid="proposal-state"]:has-text("Proposed")');
    await screenshot(page, 'trust-provider-proposed.png');
    await signOut();

    await signInAs(page, 'commissioner');
    await page.goto(`${base}/contracts/BEDS-AUDIOLOGY-2014`);
    await page.click('[data-testid="agree-proposal"]');
    await page.waitForSelector('[data-testid="proposal-state"]:has-text("Agreed (variation #")');
    expect(await page.textContent('[data-testid="variations-table"]')).toContain('Additional audiology clinics from October');
    await page.waitForSelector('[data-testid="ledger-mark"]:has-text("Ledger verified")');
    await screenshot(page, 'trust-commissioner-agreed.png');
  });

  it('shows the ledger as broken, naming the altered field, when a figure is changed behind its back', async () => {
    const db = app.storage.db;
    await sql`alter table contract_variations disable trigger user`.execute(db);
    await sql`update contract_variations set value_change_pence = 99 where rationale = 'Additional audiology clinics from October'`.execute(db);
    await sql`alter table contract_variations enable trigger user`.execute(db);
    await page.reload();
    await page.waitForSelector('[data-testid="ledger-mark"]:has-text("Ledger broken")');
    await page.click('[data-testid="ledger-mark"] summary');
    expect(await page.textContent('[data-testid="ledger-mark"]')).toContain('valueChangePence is not what was recorded');
    await screenshot(page, 'trust-ledger-broken.png');
  });
});
