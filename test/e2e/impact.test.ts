// End to end, as a commissioner would: a contract with a provider from the imported registry, a month
// of its activity submitted by the provider, then in the browser an economy of the commissioner's own
// built from it, the provider's service-line costs downloaded as the template, filled in and uploaded,
// and "move 20% of elective orthopaedics to Milton Keynes" run with its impact shown first; the
// result is checked against an independent calculation from the statement and the contract pages.
// Then a variation's impact shown first and kept with it. Screenshots go to test-artifacts/.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { termMonths } from '../../src/domain/contracts/contract.ts';
import { shutdownSimulationWorkers } from '../../src/engine/simulation/pool.ts';
import { ARTIFACTS, describeInBrowser, signInAs, startWebHarness, type WebHarness } from '../support/browser.ts';
import { sharedDataDir } from '../support/shared-data.ts';

const POUNDS = 100;

describeInBrowser('a commissioner\'s own economy in the web', () => {
  let harness: WebHarness;
  let page: Page;
  let base: string;
  const tokens = new Map<string, string>();

  const signIn = async (username: string, password = 'concordat') => {
    const res = await fetch(`${base}/api/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    expect(res.status).toBe(200);
    tokens.set(username, ((await res.json()) as { token: string }).token);
  };
  /** The HTTP API as a user (bearer token), as another system would call it. */
  const call = async (username: string, method: string, path: string, body?: unknown, type = 'application/json') => {
    const res = await fetch(`${base}/api${path}`, {
      method,
      headers: { authorization: `Bearer ${tokens.get(username)}`, ...(body !== undefined ? { 'content-type': type } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text };
  };
  const message = (testId: string, re: RegExp) =>
    page.waitForFunction(({ id, source }) => new RegExp(source).test(document.querySelector(`[data-testid="${id}"]`)?.textContent ?? ''), { id: testId, source: re.source });

  beforeAll(async () => {
    harness = await startWebHarness({ expectedStatuses: [401, 400], timeoutMs: 30_000 });
    ({ page, base } = harness);
    // The registry import is the administrator's (the CLI's `import ods`); the provider's user too.
    const system = harness.app.system();
    await system.importOdsDirectory(join(sharedDataDir(), 'ods'));
    await system.createUser({ username: 'luton-dunstable', displayName: 'Luton and Dunstable contracts', organisationCode: 'RC9', role: 'provider', password: 'a long password' });
    await signIn('commissioner');
    await signIn('luton-dunstable', 'a long password');
  });
  afterAll(async () => {
    await shutdownSimulationWorkers();
    await harness?.close();
  });

  it('lets a contract with a provider from the imported registry, which accepts it and submits a month of activity', async () => {
    const rc9 = await call('commissioner', 'GET', '/organisations/RC9');
    expect(rc9.body.organisation).toMatchObject({ code: 'RC9', source: 'ods', odsVerified: true });
    const created = await call('commissioner', 'POST', '/contracts', {
      reference: 'BEDS-ORTHO-RC9-2014', title: 'Elective orthopaedics at Luton and Dunstable', model: 'standard_activity',
      startDate: '2014-04-01', endDate: '2015-03-31', signedValuePence: 18_000_000 * POUNDS,
      parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'RC9', role: 'provider' }],
      serviceCodes: ['MSK-ELECTIVE', 'TRAUMA-ORTHO'],
    });
    expect(created.status).toBe(201);
    expect((await call('luton-dunstable', 'POST', '/contracts/BEDS-ORTHO-RC9-2014/acceptance', { decision: 'accepted' })).status).toBe(200);
    expect((await call('commissioner', 'PUT', '/contracts/BEDS-ORTHO-RC9-2014/payment-terms/2014-15', { terms: { model: 'activity' } })).status).toBe(200);
    const rows = ['provider,commissioner,period,pod,hrg,tfc,los'];
    for (let i = 0; i < 60; i++) rows.push('RC9,06F,2014-05,DC,HN45A,,0', 'RC9,06F,2014-05,EL,HN12D,,4', 'RC9,06F,2014-05,OPFA,,110,');
    const submitted = await call('luton-dunstable', 'POST', '/contracts/BEDS-ORTHO-RC9-2014/submissions?period=2014-05', `${rows.join('\n')}\n`, 'text/csv');
    expect([submitted.status, submitted.body.rowsRejected]).toEqual([201, 0]);
  });

  it('builds its own economy, uploads the provider\'s costs from the template, and moves 20% of elective orthopaedics on those figures', async () => {
    await page.goto(`${base}/scenarios`);
    await signInAs(page, 'commissioner');
    await page.waitForSelector('[data-testid="economy-bar"]');

    // An economy of Bedfordshire CCG's own, built as at 1 April 2014 from the contracts it may see.
    await page.fill('[data-testid="economy-name"]', 'Bedfordshire CCG');
    await page.click('[data-testid="economy-create-submit"]');
    await message('economy-message', /Economy "Bedfordshire CCG" created/);
    await page.fill('[data-testid="economy-as-at"]', '2014-04-01');
    await page.click('[data-testid="economy-build-submit"]');
    await message('economy-message', /Version 1 built as at 1 Apr 2014/);
    // A name entered wrongly is corrected: a blank one is refused by its field, then it is renamed.
    await page.click('[data-testid="economy-rename"]');
    await page.fill('[data-testid="economy-new-name"]', ' ');
    await page.click('[data-testid="economy-rename-submit"]');
    await page.waitForSelector('[data-testid="field-error-name"]');
    await page.fill('[data-testid="economy-new-name"]', 'Bedfordshire CCG, 2014');
    await page.click('[data-testid="economy-rename-submit"]');
    await message('economy-message', /Renamed "Bedfordshire CCG" to "Bedfordshire CCG, 2014"/);
    expect(await page.locator('[data-testid="economy"] option:checked').textContent()).toContain('Bedfordshire CCG, 2014');
    expect(await page.locator('[data-testid="economy-version"] option').count()).toBe(1);
    await page.waitForSelector('[data-testid="figure-RC9-MSK-ELECTIVE"]');
    expect(await page.textContent('[data-testid="figure-RC9-MSK-ELECTIVE"] [data-testid="figure-costs-from"]')).toContain('fully variable');
    expect(await page.locator('[data-testid^="figure-RYR-"]').count()).toBe(0); // Sussex is not Bedfordshire's to see

    // The template for Luton and Dunstable, pre-filled with its lines, filled in and uploaded.
    await page.selectOption('[data-testid="template-provider"]', 'RC9');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="template-csv-service-lines"]')]);
    const blank = readFileSync((await download.path())!, 'utf8');
    const lines = blank.split('\r\n');
    const header = lines[0].split(',');
    expect(lines.filter((l) => l.startsWith('RC9,')).map((l) => l.split(',')[1]).sort()).toEqual(['MSK-ELECTIVE', 'TRAUMA-ORTHO']);
    const filled = lines.map((row) => {
      if (!row.startsWith('RC9,MSK-ELECTIVE,')) return row;
      const cells = row.split(',');
      const fill: Record<string, string> = { annual_activity: '2000', activity_unit: 'spells', variable_cost_share: '40%', fixed_cost: '"£1,500,000"', note: 'SLR 2014/15' };
      for (const [column, value] of Object.entries(fill)) cells[header.indexOf(column)] = value;
      return cells.join(',');
    }).join('\r\n');
    const file = join(mkdtempSync(join(tmpdir(), 'concordat-e2e-')), 'rc9-costs-2014-15.csv');
    writeFileSync(file, filled);
    await page.setInputFiles('[data-testid="template-file"]', file);
    await page.click('[data-testid="template-upload-submit"]');
    await message('upload-report', /rc9-costs-2014-15\.csv: 1 row kept/);
    expect(await page.textContent('[data-testid="upload-table-service-lines"]')).toMatch(/2 rows read, 1 kept, 0 rejected, 1 left blank/);

    await page.click('[data-testid="economy-build-submit"]');
    await message('economy-message', /Version 2 built as at 1 Apr 2014/);
    await page.waitForFunction(() => (document.querySelector('[data-testid="figure-RC9-MSK-ELECTIVE"] [data-testid="figure-costs-from"]')?.textContent ?? '').includes('rc9-costs-2014-15.csv, line 2'));
    const shownIncome = Number(await page.getAttribute('[data-testid="figure-RC9-MSK-ELECTIVE"] [data-testid="figure-income"]', 'data-pence'));

    // Independently: May's statement split across the contract's two services (the odd penny to the
    // first), the other eleven months 1/12 of £18m each split the same way, and a year of Circle's
    // elective subcontract with the trust at its value as the contract page shows it.
    const may = await call('commissioner', 'GET', '/contracts/BEDS-ORTHO-RC9-2014/statements/2014-05');
    const mayPence = (may.body.statement.lines as { period: string; amountPence: number }[]).filter((l) => l.period === '2014-05').reduce((s, l) => s + l.amountPence, 0);
    const sub = await call('commissioner', 'GET', '/contracts/BEDS-MSK-2014-SUB-LD?asAt=2014-04-01');
    const lineIncome = Math.ceil(mayPence / 2) + (11 * 150_000_000) / 2 + (sub.body.current.valuePence * 12) / termMonths(sub.body.contract.startDate, sub.body.current.endDate);
    expect(shownIncome).toBe(lineIncome);

    // Move 20% of elective orthopaedics to Milton Keynes, with its impact shown first.
    await page.selectOption('[data-testid="move-provider"]', 'RC9');
    await page.selectOption('[data-testid="move-service"]', 'MSK-ELECTIVE');
    await page.selectOption('[data-testid="move-to"]', 'RD8');
    await page.fill('[data-testid="move-share"]', '20');
    await page.fill('[data-testid="move-from"]', '2014-04');
    await page.fill('[data-testid="move-horizon"]', '12');
    await page.click('[data-testid="move-run"]');
    await page.waitForSelector('[data-testid="decision-kept"]');
    await page.waitForSelector('[data-testid="impact-RC9"]');
    expect(await page.textContent('[data-testid="decision-kept"]')).toContain('Bedfordshire CCG, 2014 as at 2014-04-01 (version 2)');
    const impact = Number(await page.getAttribute('[data-testid="impact-RC9"]', 'data-pence'));
    // A fifth of the line's income goes, and with it its 40% variable cost (a penny a month either way).
    expect(Math.abs(impact - -0.2 * lineIncome * (1 - 0.4))).toBeLessThanOrEqual(24);
    expect(await page.textContent('[data-testid="outcomes"]')).toMatch(/Luton|RC9/);
    await page.locator('[data-testid="provider-impacts"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(ARTIFACTS, 'impact-commissioner-move-20-percent.png'), fullPage: true });

    // The run is kept, with the decision it shows.
    const runId = (await page.textContent('[data-testid="decision-kept"]'))!.match(/run ([0-9a-f-]{36})/)![1];
    const kept = await call('commissioner', 'GET', `/runs/${runId}`);
    expect(kept.body.run).toMatchObject({ runByOrganisation: '06F', decision: { kind: 'service-move', provider: 'RC9', service: 'MSK-ELECTIVE', to: 'RD8', share: 0.2 } });
    expect(kept.body.result.projection.providers.find((p: { code: string }) => p.code === 'RC9').cumulative.impact).toBe(impact);
    expect(harness.pageErrors).toEqual([]);
  });

  it('shows a variation\'s impact first on the contract page and keeps it with the variation', async () => {
    await page.goto(`${base}/contracts/BEDS-ORTHO-RC9-2014`);
    await page.waitForSelector('[data-testid="variation-form"]');
    await page.fill('#effectiveDate', '2014-10-01');
    await page.fill('#valueChange', '-1,000,000');
    await page.fill('#rationale', 'Activity below plan: value reduced for the second half of the year');
    await page.click('[data-testid="variation-impact"]');
    await page.waitForSelector('[data-testid="variation-impact-result"]');
    const rc9 = Number(await page.getAttribute('[data-testid="variation-impact-RC9"]', 'data-pence'));
    expect(rc9).toBeLessThan(0);
    expect(await page.textContent('[data-testid="variation-impact-result"]')).toContain('Bedfordshire CCG');
    const runId = (await page.textContent('[data-testid="variation-impact-run"]'))!.trim();
    await page.screenshot({ path: join(ARTIFACTS, 'impact-variation-shown-first.png'), fullPage: true });
    await page.click('[data-testid="variation-submit"]');
    await message('variation-success', /The impact shown first is kept with it/);
    const kept = await call('commissioner', 'GET', `/runs/${runId}`);
    expect(kept.body.run.decisions).toEqual([{ decisionKind: 'variation', decisionId: expect.any(String) }]);
    expect(harness.pageErrors).toEqual([]);
  });
});
