/**
 * The impact model on the demo as stored: economies built from the demo's contracts, payment
 * statements and plans (the figures the contract and statement pages show) plus the entered cost
 * and workforce data in src/app/demo/impact, and the four seed scenarios' outcomes on them.
 */

import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcordatApp } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { termMonths } from '../../src/domain/contracts/contract.ts';
import {
  allocateBuffers,
  buildEconomy,
  compileModel,
  costTemplateCsv,
  parseCostCsv,
  templateContextOf,
  templateLinesOf,
  NO_UNCERTAINTY,
  projectScenario,
  runKernel,
  validateScenario,
  type BuiltEconomy,
  type Economy,
  type Lever,
  type ProjectionResult,
} from '../../src/domain/impact/index.ts';
import { shutdownSimulationWorkers } from '../../src/engine/simulation/pool.ts';
import { runStressTest } from '../../src/engine/simulation/stress.ts';
import { DEMO_IMPACT_DIR, demoEconomyAsAt, demoEntries, economyInputFromApp, loadDemoImpactData, sharedDataDir } from '../support/stored-economy.ts';

const POUNDS = 100;
const scenarioJson = (name: string) => JSON.parse(readFileSync(new URL(`scenarios/${name}.json`, DEMO_IMPACT_DIR), 'utf8'));
const provider = (r: ProjectionResult, code: string) => r.providers.find((p) => p.code === code)!;
const line = (r: ProjectionResult, code: string, service: string) => provider(r, code).serviceLines.find((l) => l.service === service)!;
const income = (e: Economy, code: string, service?: string) =>
  e.providers
    .find((p) => p.code === code)!
    .serviceLines.filter((l) => service === undefined || l.service === service)
    .reduce((s, l) => s + l.income.reduce((t, i) => t + i.annualIncome, 0), 0);

let app: ConcordatApp;
const versions: Record<string, BuiltEconomy> = {};

beforeAll(async () => {
  app = await ConcordatApp.open({ dataDir: 'memory://', clock: fixedClock('2025-06-01T09:00:00Z'), loadDemoIfEmpty: true });
  await loadDemoImpactData(app);
  for (const asAt of ['2014-04-01', '2015-04-01', '2023-04-01']) versions[asAt] = await demoEconomyAsAt(app, asAt);
});
afterAll(async () => {
  await shutdownSimulationWorkers();
  await app?.close();
});

describe('the demo economy built from stored contracts and statements', () => {
  it('uses every entered figure: no warnings', () => {
    for (const v of Object.values(versions)) expect(v.warnings).toEqual([]);
  });

  it('gives each contract with a year of statements exactly its statements\' total, and a provider paid only by statements their sum', async () => {
    const w = app.system();
    let checked = 0;
    for (const [asAt, { economy }] of Object.entries(versions)) {
      const fromContract = new Map<string, number>();
      for (const p of economy.providers) for (const l of p.serviceLines) for (const i of l.income) for (const s of i.sources!) fromContract.set(s.contract, (fromContract.get(s.contract) ?? 0) + s.amount);
      for (const c of economy.contracts!.filter((x) => x.statementPeriods.length === 12)) {
        // Independently: the statement the statements page shows, for March.
        const march = `${Number(asAt.slice(0, 4)) + 1}-03`;
        const statement = (await w.getStatement(c.reference, march)).statement;
        expect(fromContract.get(c.reference)).toBe(statement.totalPence);
        checked++;
      }
    }
    expect(checked).toBe(2); // Circle's Bedfordshire MSK 2014/15 and the Dudley Group's 2023/24
    const dudley = await w.getStatement('DUDLEY-ACUTE-2023-24', '2024-03');
    expect(income(versions['2023-04-01'].economy, 'RNA')).toBe(dudley.statement.totalPence);
  });

  it('gives providers without statements the figures the contract pages show', async () => {
    const w = app.system();
    const annual = async (ref: string, asAt: string) => {
      const d = await w.getContract(ref, asAt);
      return (d.current.valuePence * 12) / termMonths(d.contract.startDate, d.current.endDate);
    };
    // Bedford: £112m of contracts in the database is £112m of income in the model.
    expect(income(versions['2014-04-01'].economy, 'RC1')).toBe(await annual('BEDFORD-ACUTE-2014-15', '2014-04-01'));
    expect(income(versions['2014-04-01'].economy, 'RC1')).toBe(112_000_000 * POUNDS);
    // Circle's Nottingham dermatology: £36m over three years is £12m a year.
    expect(income(versions['2014-04-01'].economy, 'ZCIRC', 'DERMATOLOGY')).toBe(await annual('NOTTS-DERM-2013', '2014-04-01'));
    // £235m over 60 months does not divide into pence: the odd pence go to the first months, at most a penny a month.
    expect(Math.abs(income(versions['2015-04-01'].economy, 'ZBUPA') - (await annual('CWS-MSK-2015', '2015-04-01')))).toBeLessThanOrEqual(12);
    // Bedford's acute contract is split by its plan by service: MSK about £10m (seed 004).
    expect(income(versions['2014-04-01'].economy, 'RC1', 'MSK-ELECTIVE')).toBe(10_000_000 * POUNDS);
  });

  it('says where every cost figure came from, and that the demo\'s are illustrative', () => {
    const trauma = versions['2014-04-01'].economy.providers.find((p) => p.code === 'RC1')!.serviceLines.find((l) => l.service === 'TRAUMA-ORTHO')!;
    expect(trauma.provenance!.costs).toMatchObject({ kind: 'entry', table: 'service-lines', illustrative: true, entryId: 'demo/2014-15/service-lines.csv:3' });
    expect(trauma.provenance!.activity).toEqual({ kind: 'plan', contracts: ['BEDFORD-ACUTE-2014-15'] });
    expect(trauma.workforce.find((g) => g.staffGroup === 'consultant')).toMatchObject({ headcount: 7, minimumViable: 7, provenance: { kind: 'entry', table: 'workforce' } });
    expect(trauma.income[0].sources).toMatchObject([{ contract: 'BEDFORD-ACUTE-2014-15', basis: 'contract-value', split: 'plan-lines' }]);
  });

  it('re-runs a stored version with the same result, and a rebuild from the same data has the same digest', async () => {
    const v = versions['2014-04-01'];
    const stored: Economy = JSON.parse(JSON.stringify(v.economy));
    const s = validateScenario(scenarioJson('bedford-msk'), stored);
    expect(JSON.stringify(projectScenario(stored, s))).toBe(JSON.stringify(projectScenario(v.economy, s)));
    const again = await demoEconomyAsAt(app, '2014-04-01');
    expect(again.inputDigest).toBe(v.inputDigest);
    expect(JSON.stringify(again.economy)).toBe(JSON.stringify(v.economy));
  });
});

describe('Bedfordshire MSK (seed 004) on the stored economy', () => {
  let r: ProjectionResult;
  let economy: Economy;
  beforeAll(() => {
    economy = versions['2014-04-01'].economy;
    r = projectScenario(economy, validateScenario(scenarioJson('bedford-msk'), economy));
  });

  it('covers Bedfordshire only, though Nottingham, Devon and Cornwall contracts are in the same data', () => {
    expect([...r.coverage.providers].sort()).toEqual(['RC1', 'RD8', 'ZCIRC']);
    expect(economy.providers.map((p) => p.code)).toEqual(expect.arrayContaining(['RX1', 'RBZ', 'ZSERC']));
  });

  it('keeps trauma viable with no lever, and a 30% fall in MSK referrals makes it not viable with its 7 surgeons in post', () => {
    expect(r.providers.every((p) => p.serviceLines.every((l) => l.baselineFailed === null))).toBe(true);
    const trauma = line(r, 'RC1', 'TRAUMA-ORTHO');
    expect(trauma.workforce).toContainEqual({ staffGroup: 'consultant', headcount: 7, minimumViable: 7 });
    expect(trauma.failed).toMatchObject({ reason: 'financial' });
    expect(trauma.failed!.monthIndex).toBeLessThan(12);
    expect(r.contagion).toContainEqual(expect.objectContaining({ fromProvider: 'RC1', service: 'TRAUMA-ORTHO', toProvider: 'RD8' }));
  });

  it('prices the guarantee that keeps trauma viable: the smallest floor to the pound', () => {
    const mig = r.minimumIncomeGuarantee!;
    expect(mig.failsWithoutGuaranteeIn).toBe(line(r, 'RC1', 'TRAUMA-ORTHO').failed!.period);
    const scenario = validateScenario(scenarioJson('bedford-msk'), economy);
    const failsWith = (annualFloor: number) => {
      const lever: Lever = { type: 'minimumIncomeGuarantee', index: 1, label: 'MIG', from: '2014-04', fromMonth: 0, phase: [1_000_000], provider: 'RC1', service: 'MSK-ELECTIVE', annualFloor, untilMonth: 59 };
      const model = compileModel(economy, scenario, { extraLevers: [lever] });
      const b = allocateBuffers(model);
      runKernel(model, NO_UNCERTAINTY, b);
      return b.failMonth[model.lines.findIndex((l) => l.provider === 'RC1' && l.service === 'TRAUMA-ORTHO')] >= 0;
    };
    expect(failsWith(mig.annualFloor!)).toBe(false);
    expect(failsWith(mig.annualFloor! - POUNDS)).toBe(true);
    // Between 70% of the MSK line's income (what is left after the fall) and all of it.
    const msk = income(economy, 'RC1', 'MSK-ELECTIVE');
    expect(mig.annualFloor!).toBeGreaterThan(msk * 0.7);
    expect(mig.annualFloor!).toBeLessThan(msk);
  });

  it('names Bedford\'s trauma service first in the stress test, and nothing outside Bedfordshire', async () => {
    const s = await runStressTest(economy, validateScenario(scenarioJson('bedford-msk'), economy), { trials: 1_000, seed: 1, workers: 1 });
    expect(s.whoFailsFirst[0]).toMatchObject({ provider: 'RC1', service: 'TRAUMA-ORTHO', rank: 1 });
    expect(s.whoFailsFirst.every((x) => ['RC1', 'RD8', 'ZCIRC'].includes(x.provider))).toBe(true);
  });
});

describe('Coastal West Sussex MSK (seed 004) on the stored economy', () => {
  it('puts the five-year impact on Western Sussex at the order of PwC\'s £13.4m and takes the trust into deficit', () => {
    const economy = versions['2015-04-01'].economy;
    const r = projectScenario(economy, validateScenario(scenarioJson('western-sussex-msk'), economy));
    const ryr = provider(r, 'RYR');
    expect(-ryr.cumulative.impact).toBeGreaterThan(8_000_000 * POUNDS);
    expect(-ryr.cumulative.impact).toBeLessThan(20_000_000 * POUNDS);
    expect(ryr.baselineFirstDeficitYear).toBeNull();
    expect(ryr.cumulative.baselineSurplus).toBeGreaterThan(0);
    expect(ryr.firstDeficitYear).not.toBeNull();
    const b = ryr.impactBreakdown;
    expect(b.income).toBeLessThan(0);
    expect(b.fixedCost).toBe(0);
    expect(b.income - b.variableCost - b.semiFixedCost - b.fixedCost - b.payCost).toBe(ryr.cumulative.impact);
    expect([...r.coverage.providers].sort()).toEqual(['RYR', 'ZBUPA']);
  });
});

describe('Nottingham dermatology (seed 004) on the stored economy', () => {
  it('closes the trust\'s dermatology in the month six of eight consultants leave, its patients back to the prime contractor', () => {
    const economy = versions['2014-04-01'].economy;
    const r = projectScenario(economy, validateScenario(scenarioJson('nottingham-dermatology'), economy));
    expect(line(r, 'RX1', 'DERMATOLOGY').failed).toEqual({ period: '2015-01', monthIndex: 9, reason: 'workforce' });
    expect(r.contagion).toContainEqual(expect.objectContaining({ fromProvider: 'RX1', service: 'DERMATOLOGY', toProvider: 'ZCIRC', firstPeriod: '2015-01' }));
    expect(r.coverage.providers).not.toContain('RC1');
  });
});

describe('Dudley integrated care provider (seed 001) on the stored economy', () => {
  it('takes about 40% of the trust\'s income and leaves it in deficit with stranded cost', () => {
    const economy = versions['2023-04-01'].economy;
    const s = validateScenario(scenarioJson('dudley-icp'), economy);
    const r = projectScenario(economy, s);
    const rna = provider(r, 'RNA');
    const year3 = rna.years[2];
    const baselineYear3 = rna.baseline.income.slice(24, 36).reduce((a, b) => a + b, 0);
    expect(year3.income / baselineYear3).toBeCloseTo(0.6, 2);
    expect(rna.baselineFirstDeficitYear).toBeNull();
    expect(rna.firstDeficitYear).not.toBeNull();
    expect(rna.impactBreakdown.fixedCost).toBeLessThan(0);
    expect(-rna.impactBreakdown.fixedCost).toBeLessThan(-rna.impactBreakdown.income);
    // The ICP's trust was dissolved in 2024: the lever stands (it starts before), with a notice.
    expect(r.notices).toEqual(['Dudley Integrated Health and Care NHS Trust (RYK) closes on 2024-09-30, within the horizon (to 2028-03); the projection keeps it open']);
    expect(s.levers[0].contract).toBe('DUDLEY-ICP-2021');
  });

  it('refuses the same lever after the ICP\'s trust closed, with the date', () => {
    const economy = versions['2023-04-01'].economy;
    const json = scenarioJson('dudley-icp');
    json.levers[0].from = '2024-10';
    expect(() => validateScenario(json, economy)).toThrow(
      'levers.0.holder: Dudley Integrated Health and Care NHS Trust (RYK) closed on 2024-09-30; this lever starts 2024-10',
    );
  });
});

// Last in the file: it adds a contract to the stored demo, which the economies above were built without.
describe('a commissioner\'s own contract, a month of its activity and its costs from the template', () => {
  it('moves 20% of elective orthopaedics from the provider to another on those figures', async () => {
    const admin = app.system();
    const commissioner = app.as((await app.signIn('commissioner', 'concordat')).user);
    await admin.importOdsDirectory(`${sharedDataDir()}ods`);
    const rc9 = (await admin.getOrganisation('RC9')).organisation;
    expect(rc9.source).toBe('ods');

    await commissioner.createContract({
      reference: 'BEDS-ORTHO-RC9-2014', title: 'Elective orthopaedics at Luton and Dunstable', model: 'standard_activity',
      startDate: '2014-04-01', endDate: '2015-03-31', signedValuePence: 18_000_000 * POUNDS,
      parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'RC9', role: 'provider' }],
      serviceCodes: ['MSK-ELECTIVE', 'TRAUMA-ORTHO'],
    });
    // The provider accepts the contract it was let (a draft takes no activity until then).
    await admin.createUser({ username: 'luton-dunstable', displayName: 'Luton and Dunstable contracts', organisationCode: 'RC9', role: 'provider', password: 'a long password' });
    await app.as((await app.signIn('luton-dunstable', 'a long password')).user).decideAcceptance('BEDS-ORTHO-RC9-2014', { decision: 'accepted' });
    await commissioner.setPaymentTerms('BEDS-ORTHO-RC9-2014', '2014/15', { terms: { model: 'activity' } });
    const rows = ['provider,commissioner,period,pod,hrg,tfc,los'];
    for (let i = 0; i < 60; i++) rows.push('RC9,06F,2014-05,DC,HN45A,,0', 'RC9,06F,2014-05,EL,HN12D,,4', 'RC9,06F,2014-05,OPFA,,110,');
    const file = join(mkdtempSync(join(tmpdir(), 'concordat-impact-')), 'rc9-2014-05.csv');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const submitted = await admin.submitActivity('BEDS-ORTHO-RC9-2014', '2014-05', file);
    expect(submitted.rowsRejected).toBe(0);
    const may = (await admin.getStatement('BEDS-ORTHO-RC9-2014', '2014-05')).statement.lines.filter((l) => l.period === '2014-05').reduce((s, l) => s + l.amountPence, 0);

    // The template, pre-filled with the provider's lines from the economy, filled in and read back.
    const first = await demoEconomyAsAt(app, '2014-04-01');
    const blank = costTemplateCsv('service-lines', { lines: templateLinesOf(first.economy, 'RC9') });
    const header = blank.split('\r\n')[0].split(',');
    const filled = blank
      .split('\r\n')
      .map((row) => {
        if (!row.startsWith('RC9,MSK-ELECTIVE,')) return row;
        const cells = row.split(',');
        const fill: Record<string, string> = { annual_activity: '2000', activity_unit: 'spells', variable_cost_share: '40%', fixed_cost: '£1,500,000' };
        for (const [column, value] of Object.entries(fill)) cells[header.indexOf(column)] = value.includes(',') ? `"${value}"` : value;
        return cells.join(',');
      })
      .join('\r\n');
    const upload = parseCostCsv(filled, templateContextOf(first.economy)).serviceLines!;
    expect(upload.rejected).toEqual([]);
    expect(upload.accepted).toMatchObject([{ provider: 'RC9', service: 'MSK-ELECTIVE', annualActivity: 2_000, variableCostShare: 400_000, fixedCost: 150_000_000 }]);

    const entries = demoEntries('2014-15');
    const uploaded = upload.accepted.map((e) => ({ ...e, id: 'upload:1' }));
    const input = await economyInputFromApp(admin, { id: 'demo', name: 'demo', asAt: '2014-04-01', entries: { ...entries, serviceLineEntries: [...entries.serviceLineEntries, ...uploaded] } });
    const { economy } = buildEconomy(input);
    const msk = economy.providers.find((p) => p.code === 'RC9')!.serviceLines.find((l) => l.service === 'MSK-ELECTIVE')!;
    const fromContract = msk.income.flatMap((i) => i.sources!).filter((s) => s.contract === 'BEDS-ORTHO-RC9-2014');
    // May from the statement, the other eleven months from the contract's value, split across its two services.
    expect(fromContract.map((s) => [s.basis, s.periods.length, s.split])).toEqual([['statement', 1, 'equal-across-services'], ['contract-value', 11, 'equal-across-services']]);
    expect(fromContract[0].amount).toBe(Math.ceil(may / 2));
    expect(msk.provenance!.costs).toMatchObject({ kind: 'entry', entryId: 'upload:1' });

    const scenario = validateScenario(
      { name: 'Move 20% of elective orthopaedics', economy: 'demo', start: '2014-04', horizonMonths: 12, levers: [{ type: 'moveService', provider: 'RC9', service: 'MSK-ELECTIVE', to: 'RD8', share: 0.2, from: '2014-04', contract: 'BEDS-ORTHO-RC9-2014' }] },
      economy,
    );
    const r = projectScenario(economy, scenario);
    const lineIncome = msk.income.reduce((s, i) => s + i.annualIncome, 0);
    // Independently, from the entered figures: a fifth of the income goes, and with it its 40% variable cost.
    const expected = -0.2 * lineIncome * (1 - 0.4);
    expect(Math.abs(provider(r, 'RC9').cumulative.impact - expected)).toBeLessThanOrEqual(24);
    // Milton Keynes takes the work at Luton's price: its MSK line gains a fifth of Luton's, a penny a month either way.
    const rd8 = provider(r, 'RD8');
    const gained = rd8.cumulative.income - rd8.baseline.income.reduce((a, b) => a + b, 0);
    expect(Math.abs(gained - 0.2 * lineIncome)).toBeLessThanOrEqual(24);
  });
});
