// The user's own daily work, all through the web: a commissioner lets a contract with the party
// picker and sets its payment terms, the provider accepts it and uploads a month of activity with a
// progress bar, sees the per-row report and the statement; an ICB's user administrator creates a
// user of its own organisation and cannot create one for another. Real server in-process (in-memory
// database with the demo economy, the built web app), headless Chromium; screenshots in test-artifacts/.
import { createHash } from 'node:crypto';
import { type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { apiGetAs, describeInBrowser, pounds, screenshot, signInAs, startWebHarness, type WebHarness } from '../support/browser.ts';

interface Detail {
  contract: { id: string; reference: string; signedValuePence: number; parties: { organisationCode: string; role: string }[]; serviceCodes: string[] };
  acceptance: { state: string };
}
interface TermsByYear { years: { year: string; terms: { terms: Record<string, unknown> } | null }[] }
interface Submission { id: string; sha256: string; rowsRead: number; rowsPriced: number; rowsRejected: number; totalPence: number; supersededBy: string | null; submittedByName: string }
interface Statement { statement: { totalPence: number; lines: { amountPence: number }[] } }

const REF = 'BEDS-DERM-2014';

/** A month of Bedford Hospital's dermatology activity: eight good rows and two the API must reject. */
const ACTIVITY = [
  'provider,commissioner,period,pod,hrg,tfc,los',
  'RC1,06F,2014-05,OPFA,,110,',
  'RC1,06F,2014-05,OPFU,,110,',
  'RC1,06F,2014-05,OPFA,,650,',
  'RC1,06F,2014-05,OPFU,,650,',
  'RC1,06F,2014-05,DC,HN45A,,0',
  'RC1,06F,2014-05,DC,HN24C,,0',
  'RC1,06F,2014-05,EL,HN12D,,4',
  'RC1,06F,2014-05,EL,HN22D,,3',
  'RC1,06F,2014-05,EL,ZZ99Z,,2',
  'RYR,06F,2014-05,OPFA,,110,',
  '',
].join('\n');
/** The corrected file: the two bad rows fixed. */
const CORRECTED = ACTIVITY.replace('EL,ZZ99Z,,2', 'EL,HN24B,,2').replace('RYR,06F', 'RC1,06F');

describeInBrowser('the daily work in the web: let, set terms, accept, upload, see the statement', () => {
  let harness: WebHarness;
  let base: string;
  let context: BrowserContext;
  let page: Page;
  let pageErrors: string[] = [];

  const shot = (name: string) => screenshot(page, name);
  const apiGet = <T,>(path: string) => apiGetAs<T>(context, base, path);
  const text = async (selector: string) => (await page.textContent(selector))?.trim() ?? '';
  const signOut = async () => {
    await page.click('[data-testid="sign-out"]');
    await page.waitForSelector('[data-testid="page-sign-in"]');
  };

  beforeAll(async () => {
    // 400 and 409 are provoked on purpose (a form with errors, a reference already used).
    harness = await startWebHarness({ expectedStatuses: [401, 400, 409], timeoutMs: 20_000 });
    ({ base, context, page, pageErrors } = harness);
  }, 120_000);

  afterAll(async () => {
    await harness?.close();
  });

  it('opens the overview on the date the commissioner\'s contracts are live, and says so', async () => {
    await page.goto(`${base}/`);
    await signInAs(page, 'commissioner');
    await page.waitForSelector('[data-testid="economy-as-at-shown"]');
    const shown = page.locator('[data-testid="economy-as-at-shown"]');
    expect(await shown.getAttribute('data-chosen')).toBe('most_live');
    expect(await shown.getAttribute('data-as-at')).toBe('2014-04-01');
    expect(await shown.textContent()).toMatch(/1 Apr 2014: the date on which most of your contracts are live \(4 contracts\)/);
    expect(await page.inputValue('#economy-as-at')).toBe('2014-04-01');
    // Users is offered only to those who manage users.
    expect(await page.locator('[data-testid="nav-users"]').count()).toBe(0);
  });

  it('lets a contract through the web: errors by their field with nothing lost, a provider from the registry picker', async () => {
    await page.click('[data-testid="nav-contracts"]');
    await page.click('[data-testid="new-contract-link"]');
    await page.waitForSelector('[data-testid="page-new-contract"]');
    // The co-ordinating commissioner is the user's own organisation.
    expect(await text('[data-testid="new-party-06F"]')).toContain('NHS Bedfordshire CCG');

    // A value that is not pounds is named beside every other problem, not instead of them.
    await page.fill('#value', 'lots');
    await page.click('[data-testid="new-contract-submit"]');
    await page.waitForSelector('[data-testid="new-contract-error"]');
    expect(await page.getAttribute('#value', 'aria-invalid')).toBe('true');
    expect(await page.getAttribute('#reference', 'aria-invalid')).toBe('true');
    expect(await page.locator('[data-testid="new-contract-error"] a', { hasText: 'Value' }).count()).toBe(1);

    // Nothing else filled in: each problem named by its field, linked from the summary.
    await page.fill('#value', '1.2m');
    await page.click('[data-testid="new-contract-submit"]');
    await page.waitForSelector('[data-testid="new-contract-error"]');
    expect(await page.getAttribute('#reference', 'aria-invalid')).toBe('true');
    expect(await page.locator('[data-testid="field-error-title"]').count()).toBe(1);
    expect(await page.locator('[data-testid="new-contract-error"] a', { hasText: 'Start date' }).count()).toBe(1);
    expect(await page.inputValue('#value')).toBe('1.2m');

    await page.fill('#reference', 'BEDS-MSK-2014');
    await page.fill('#title', 'Bedford Hospital community dermatology 2014/15');
    await page.selectOption('#model', 'standard_activity');
    await page.fill('#startDate', '2014-04-01');
    await page.fill('#endDate', '2015-03-31');
    await page.check('#service-DERMATOLOGY');

    // The party picker searches the registry by name and shows kind and whether open on the start date.
    await page.selectOption('[data-testid="add-party-role"]', 'provider');
    await page.fill('[data-testid="add-party-search-search"]', 'Bedford');
    await page.waitForSelector('[data-testid="pick-RC1"]');
    const pick = await text('[data-testid="pick-RC1"]');
    expect(pick).toContain('Bedford Hospital');
    expect(pick).toMatch(/NHS trust/);
    expect(await text('[data-testid="pick-RC1"] [data-testid="pick-open"]')).toBe('Open on 1 Apr 2014');
    // Only providers are offered for the provider role.
    expect(await page.locator('[data-testid="pick-06F"]').count()).toBe(0);
    await shot('daily-party-picker.png');
    await page.click('[data-testid="pick-add-RC1"]');
    await page.waitForSelector('[data-testid="new-party-RC1"]');

    // A reference already used: the API says so and everything typed is still there.
    await page.click('[data-testid="new-contract-submit"]');
    await page.waitForFunction(() => /already exists/.test(document.querySelector('[data-testid="new-contract-error"]')?.textContent ?? ''));
    expect(await page.inputValue('#title')).toBe('Bedford Hospital community dermatology 2014/15');
    expect(await page.locator('[data-testid="new-party-RC1"]').count()).toBe(1);
    expect(await page.isChecked('#service-DERMATOLOGY')).toBe(true);

    await page.fill('#reference', REF);
    await page.click('[data-testid="new-contract-submit"]');
    await page.waitForSelector('[data-testid="page-contract"]');
    expect(new URL(page.url()).pathname).toBe(`/contracts/${REF}`);
    expect(await text('[data-testid="contract-created"]')).toMatch(/draft awaiting acceptance by Bedford Hospital NHS Trust \(RC1\)/);
    expect(await text('[data-testid="acceptance-state"]')).toMatch(/A draft/);
    expect(await text('[data-testid="acceptance-RC1"]')).toContain('Awaiting decision');

    const { body } = await apiGet<Detail>(`/contracts/${REF}`);
    expect(body.contract.signedValuePence).toBe(120_000_000);
    expect(body.contract.parties.map((p) => ({ organisationCode: p.organisationCode, role: p.role }))).toEqual([
      { organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'RC1', role: 'provider' },
    ]);
    expect(body.contract.serviceCodes).toEqual(['DERMATOLOGY']);
    await shot('daily-contract-draft.png');
  });

  it('sets the payment terms for 2014/15: a field-named error first, then activity at unit prices', async () => {
    await page.click('[data-testid="payments-set-terms"]');
    await page.waitForSelector('[data-testid="page-statements"]');
    await page.waitForSelector('[data-testid="statements-no-terms"]');
    expect(await text('[data-testid="terms-year-2014-15"]')).toContain('No payment terms for 2014/15');
    await page.click('[data-testid="terms-edit-2014-15"]');
    await page.waitForSelector('[data-testid="terms-form"]');
    await page.selectOption('[data-testid="terms-model-select"]', 'block');
    await page.fill('#terms-annualValuePence', 'lots');
    await page.click('[data-testid="terms-submit"]');
    await page.waitForSelector('[data-testid="field-error-terms.annualValuePence"]');
    expect(await page.getAttribute('#terms-annualValuePence', 'aria-invalid')).toBe('true');

    await page.selectOption('[data-testid="terms-model-select"]', 'activity');
    await page.click('[data-testid="terms-submit"]');
    await page.waitForSelector('[data-testid="terms-saved"]');
    await page.waitForSelector('[data-testid="terms-year-2014-15"][data-has-terms="true"]');
    expect(await text('[data-testid="terms-year-2014-15"] [data-testid="terms-headline"]')).toMatch(/Activity at unit prices/);
    const { body } = await apiGet<TermsByYear>(`/contracts/${REF}/payment-terms`);
    expect(body.years).toHaveLength(1);
    expect(body.years[0]!.terms!.terms).toEqual({ model: 'activity' });
    // The commissioner does not submit the provider's activity: only the plan is offered.
    expect(await page.$$eval('#upload-kind option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['plan']);
  });

  it('has the provider accept the contract, which is then agreed', async () => {
    await signOut();
    await page.goto(`${base}/contracts/${REF}`);
    await signInAs(page, 'provider');
    await page.waitForSelector('[data-testid="accept-contract"]');
    await page.click('[data-testid="accept-contract"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="acceptance-state"]')?.textContent?.includes('Agreed by every party'));
    expect((await apiGet<Detail>(`/contracts/${REF}`)).body.acceptance.state).toBe('agreed');
    await page.waitForSelector('[data-testid="payments-submit-activity"]');
  });

  it('uploads a month of activity with a progress bar and shows the per-row report', async () => {
    await page.click('[data-testid="payments-submit-activity"]');
    await page.waitForSelector('[data-testid="upload-form"]');
    expect(await page.$$eval('#upload-kind option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['patient_level', 'plan']);
    // The example file has the "Concordat activity CSV v1" header and this contract's parties.
    const template = decodeURIComponent((await page.getAttribute('[data-testid="upload-template"]', 'href'))!.replace(/^data:text\/csv;charset=utf-8,/, ''));
    expect(template.split('\n')[0]).toBe('provider,commissioner,period,pod,hrg,tfc,los');
    expect(template.split('\n')[1]).toMatch(/^RC1,06F,2014-04,/);

    await page.selectOption('[data-testid="upload-period"]', '2014-05');
    await page.setInputFiles('[data-testid="upload-file"]', { name: 'rc1-dermatology-2014-05.csv', mimeType: 'text/csv', buffer: Buffer.from(ACTIVITY) });
    await page.click('[data-testid="upload-submit"]');
    await page.waitForSelector('[data-testid="upload-success"]');
    expect(await page.getAttribute('[data-testid="upload-progress"]', 'data-percent')).toBe('100');
    expect(await page.getAttribute('[data-testid="upload-progress"] progress', 'value')).toBe('100');

    const { body: subs } = await apiGet<Submission[]>(`/contracts/${REF}/submissions`);
    expect(subs).toHaveLength(1);
    const sub = subs[0]!;
    expect(await text('[data-testid="report-read"]')).toBe('10');
    expect(await text('[data-testid="report-priced"]')).toBe('8');
    expect(await text('[data-testid="report-rejected"]')).toBe('2');
    expect(await text('[data-testid="report-total"]')).toBe(pounds(sub.totalPence));
    // The fingerprint is the file's own SHA-256, computed here independently.
    expect(await text('[data-testid="report-sha"]')).toBe(createHash('sha256').update(ACTIVITY).digest('hex'));
    const rejections = page.locator('[data-testid="submission-report"] [data-testid="rejection"]');
    expect(await rejections.count()).toBe(2);
    expect(await rejections.nth(0).textContent()).toMatch(/^10hrgZZ99Z.*HRG ZZ99Z is not in the 2014\/15 tariff/);
    expect(await rejections.nth(1).textContent()).toMatch(/^11providerRYR.*not a provider party/);
    const byReason = await text('[data-testid="rejections-by-reason"]');
    expect(byReason).toContain('Unknown HRG 1');
    expect(byReason).toContain('Not a party to the contract 1');
    await shot('daily-upload-report.png');
  });

  it('shows the statement for May 2014 from that activity', async () => {
    await page.waitForSelector('[data-testid="statement-ready"][data-period="2014-05"]');
    const { body: st } = await apiGet<Statement>(`/contracts/${REF}/statements/2014-05`);
    const { body: subs } = await apiGet<Submission[]>(`/contracts/${REF}/submissions`);
    // Activity at unit prices: the statement to May is May's priced activity.
    expect(st.statement.totalPence).toBe(subs[0]!.totalPence);
    expect(await text('[data-testid="statement-total"]')).toBe(pounds(st.statement.totalPence));
    expect(await page.locator('[data-testid="statement-line"]').count()).toBe(st.statement.lines.length);
    // The ledger names who submitted the file.
    expect(await text('[data-testid="submissions-table"] [data-testid="submission-by"]')).toBe('Bedford Hospital finance lead (RC1) (you)');
    await shot('daily-statement.png');
  });

  it('supersedes the month with a corrected file and says what it replaced', async () => {
    await page.selectOption('[data-testid="upload-period"]', '2014-05');
    await page.setInputFiles('[data-testid="upload-file"]', { name: 'rc1-dermatology-2014-05-corrected.csv', mimeType: 'text/csv', buffer: Buffer.from(CORRECTED) });
    await page.click('[data-testid="upload-submit"]');
    await page.waitForFunction(() => document.querySelector('[data-testid="report-rejected"]')?.textContent === '0');
    expect(await text('[data-testid="report-supersedes"]')).toMatch(/supersedes rc1-dermatology-2014-05\.csv, submitted .* by Bedford Hospital finance lead \(RC1\)/);
    const { body: subs } = await apiGet<Submission[]>(`/contracts/${REF}/submissions`);
    expect(subs.filter((s) => s.supersededBy)).toHaveLength(1);
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid="submissions-table"] tbody tr').length === n, 2);
    const { body: st } = await apiGet<Statement>(`/contracts/${REF}/statements/2014-05`);
    await page.waitForFunction((t) => document.querySelector('[data-testid="statement-total"]')?.textContent?.trim() === t, pounds(st.statement.totalPence));
  });

  it('refuses a file over 20 MB with a clear message, sending nothing', async () => {
    const big = Buffer.alloc((20 << 20) + 1, 'a');
    await page.setInputFiles('[data-testid="upload-file"]', { name: 'too-big.csv', mimeType: 'text/csv', buffer: big });
    await page.click('[data-testid="upload-submit"]');
    await page.waitForSelector('[data-testid="upload-error"]');
    expect(await text('[data-testid="upload-error"]')).toMatch(/The file is too large.*at most 20\.0 MB\. Nothing was sent or recorded/);
    expect((await apiGet<Submission[]>(`/contracts/${REF}/submissions`)).body).toHaveLength(2);
  });

  it("lets the ICB's user administrator create a user of its own organisation, and no other", async () => {
    await signOut();
    await page.goto(`${base}/users`);
    await signInAs(page, 'icb');
    await page.waitForSelector('[data-testid="page-users"]');
    await page.waitForSelector('[data-testid="user-row-icb"]');
    expect(await text('[data-testid="password-rule"]')).toMatch(/At least 10 characters/);
    // Its own organisation only, and only its side's role.
    expect(await page.getAttribute('#user-organisation', 'readonly')).not.toBeNull();
    expect(await page.$$eval('#user-role option', (os) => os.map((o) => (o as HTMLOptionElement).value))).toEqual(['commissioner']);

    await page.fill('#user-username', 'blmk-analyst');
    await page.fill('#user-display-name', 'BLMK ICB finance analyst');
    await page.fill('#user-password', 'short');
    await page.click('[data-testid="new-user-submit"]');
    await page.waitForSelector('[data-testid="field-error-password"]');
    expect(await text('[data-testid="field-error-password"]')).toBe('must be at least 10 characters');
    expect(await page.inputValue('#user-display-name')).toBe('BLMK ICB finance analyst');
    await page.fill('#user-password', 'three long words');
    await page.click('[data-testid="new-user-submit"]');
    await page.waitForSelector('[data-testid="user-created"]');
    await page.waitForSelector('[data-testid="user-row-blmk-analyst"]');
    expect(await text('[data-testid="user-row-blmk-analyst"]')).toContain('QHG');
    await shot('daily-users.png');

    // Another organisation's user is refused by the API, whatever the page offers.
    const other = await context.request.post(`${base}/api/users`, {
      data: { username: 'not-ours', displayName: 'Not ours', organisationCode: 'RC1', role: 'provider', password: 'three long words' },
    });
    expect(other.status()).toBe(403);
    expect(((await apiGet<{ username: string }[]>('/users')).body).map((u) => u.username).sort()).toEqual(['blmk-analyst', 'icb']);

    // The ICB's overview opens where its own contract is live, with the money it has paid so far.
    await page.click('[data-testid="nav-economy"]');
    await page.waitForSelector('[data-testid="economy-as-at-shown"]');
    const shown = page.locator('[data-testid="economy-as-at-shown"]');
    expect(await shown.getAttribute('data-chosen')).toBe('most_live');
    expect(await shown.getAttribute('data-as-at')).toBe('2025-04-01');
    expect(await text('[data-testid="total-contracts"]')).toBe('1');
    await page.goto(`${base}/contracts/BLMK-MKUH-2025-26/statements`);
    await page.waitForSelector('[data-testid="statement-total"]');
    expect(await text('[data-testid="statement-total"]')).toMatch(/£/);
  });

  it('shows a parent code the registry does not hold without a broken link', async () => {
    await page.goto(`${base}/organisations/RRU`);
    await page.waitForSelector('[data-testid="organisation-parent"]');
    expect(await text('[data-testid="organisation-parent"]')).toBe('QKK (not in the registry)');
    expect(await page.locator('a[href="/organisations/QKK"]').count()).toBe(0);
    await page.goto(`${base}/organisations?search=London`);
    await page.waitForSelector('[data-testid="organisation-row-RRU"]');
    expect(await text('[data-testid="organisation-row-RRU"] [data-testid="org-not-in-registry"]')).toBe('QKK (not in the registry)');
    expect(await page.locator('a[href="/organisations/QKK"]').count()).toBe(0);
  });

  it('raised no uncaught errors in the page', () => {
    expect(pageErrors).toEqual([]);
  });
});
