/**
 * The impact model on economies as stored: the demo economy loaded through the app's use cases
 * (the demo's contracts, payment statements and plans plus the entered cost and workforce figures
 * in src/app/demo/impact), the four seed scenarios' outcomes on it, and a commissioner's own
 * economy built from a contract it let, a month of its activity and costs from the template.
 */

import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcordatApp, type Workspace } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { DEMO_VERSIONS } from '../../src/app/demo/economy.ts';
import { termMonths } from '../../src/domain/contracts/contract.ts';
import {
  allocateBuffers,
  compileModel,
  NO_UNCERTAINTY,
  projectScenario,
  runKernel,
  validateScenario,
  type Economy,
  type Lever,
  type ProjectionResult,
} from '../../src/domain/impact/index.ts';
import { shutdownSimulationWorkers } from '../../src/engine/simulation/pool.ts';
import { runStressTest } from '../../src/engine/simulation/stress.ts';
import { sharedDataDir } from '../support/shared-data.ts';

const POUNDS = 100;
const scenarioJson = (name: string) => JSON.parse(readFileSync(new URL(`../../src/app/demo/impact/scenarios/${name}.json`, import.meta.url), 'utf8'));
const provider = (r: ProjectionResult, code: string) => r.providers.find((p) => p.code === code)!;
const line = (r: ProjectionResult, code: string, service: string) => provider(r, code).serviceLines.find((l) => l.service === service)!;
const income = (e: Economy, code: string, service?: string) =>
  e.providers
    .find((p) => p.code === code)!
    .serviceLines.filter((l) => service === undefined || l.service === service)
    .reduce((s, l) => s + l.income.reduce((t, i) => t + i.annualIncome, 0), 0);

let app: ConcordatApp;
let system: Workspace;
const versions: Record<string, Economy> = {};

beforeAll(async () => {
  app = await ConcordatApp.open({ dataDir: 'memory://', clock: fixedClock('2025-06-01T09:00:00Z'), loadDemoIfEmpty: true });
  system = app.system();
  for (const asAt of DEMO_VERSIONS) versions[asAt] = (await system.economyForRun('demo', { asAt })).economy;
});
afterAll(async () => {
  await shutdownSimulationWorkers();
  await app?.close();
});

describe('the demo economy as stored: built from the demo\'s contracts and statements', () => {
  it('has a version as at each seed year, built without warnings, published by NHS England', async () => {
    const e = await system.getEconomy('demo');
    expect(e).toMatchObject({ ownerOrganisation: 'X24', sharing: 'published' });
    expect(e.versions.map((v) => v.asAt)).toEqual([...DEMO_VERSIONS]);
    for (const asAt of DEMO_VERSIONS) expect((await system.getEconomyVersion('demo', { asAt })).version.warnings).toEqual([]);
  });

  it('gives each provider paid only by statements exactly the sum of its contracts\' statements for the year, to the penny', async () => {
    let providersChecked = 0;
    let contractsChecked = 0;
    for (const [asAt, economy] of Object.entries(versions)) {
      const march = `${Number(asAt.slice(0, 4)) + 1}-03`;
      // Independently: the payment statement the statements page shows, for March (the year to date).
      const statementTotal = async (ref: string) => (await system.getStatement(ref, march)).statement.lines.reduce((s, l) => s + l.amountPence, 0);
      for (const c of economy.contracts!.filter((x) => x.statementPeriods.length > 0)) {
        let fromContract = 0;
        for (const p of economy.providers) for (const l of p.serviceLines) for (const i of l.income) for (const s of i.sources!) if (s.contractId === c.id && s.basis === 'statement') fromContract += s.amount;
        expect([c.reference, fromContract]).toEqual([c.reference, await statementTotal(c.reference)]);
        contractsChecked++;
      }
      for (const p of economy.providers) {
        const sources = p.serviceLines.flatMap((l) => l.income.flatMap((i) => i.sources!));
        if (sources.length === 0 || sources.some((s) => s.basis !== 'statement')) continue;
        const refs = [...new Set(sources.map((s) => s.contract))];
        let expected = 0;
        for (const ref of refs) expected += await statementTotal(ref);
        expect([p.code, income(economy, p.code)]).toEqual([p.code, expected]);
        providersChecked++;
      }
    }
    // Circle's Bedfordshire MSK 2014/15, Western Sussex's acute 2014/15 and 2015/16 (the arms race's
    // block terms, sanctions and charges) and the Dudley Group's 2023/24.
    expect(contractsChecked).toBe(4);
    // Western Sussex in 2014/15 and 2015/16, and the Dudley Group (Circle is also paid by its Nottingham contract's value).
    expect(providersChecked).toBe(3);
    const dudley = await system.getStatement('DUDLEY-ACUTE-2023-24', '2024-03');
    expect(income(versions['2023-04-01'], 'RNA')).toBe(dudley.statement.totalPence);
  });

  it('gives providers without statements the figures the contract pages show', async () => {
    const annual = async (ref: string, asAt: string) => {
      const d = await system.getContract(ref, asAt);
      return (d.current.valuePence * 12) / termMonths(d.contract.startDate, d.current.endDate);
    };
    expect(income(versions['2014-04-01'], 'RC1')).toBe(await annual('BEDFORD-ACUTE-2014-15', '2014-04-01'));
    expect(income(versions['2014-04-01'], 'RC1')).toBe(112_000_000 * POUNDS);
    expect(income(versions['2014-04-01'], 'ZCIRC', 'DERMATOLOGY')).toBe(await annual('NOTTS-DERM-2013', '2014-04-01'));
    expect(Math.abs(income(versions['2015-04-01'], 'ZBUPA') - (await annual('CWS-MSK-2015', '2015-04-01')))).toBeLessThanOrEqual(12);
    // Bedford's acute contract is split by the plan its commissioner submitted: MSK about £10m (seed 004).
    expect(income(versions['2014-04-01'], 'RC1', 'MSK-ELECTIVE')).toBe(10_000_000 * POUNDS);
  });

  it('says where every cost figure came from: the uploaded file and line, illustrative', async () => {
    const v = await system.getEconomyVersion('demo', { asAt: '2014-04-01' });
    const trauma = v.data.providers.find((p) => p.code === 'RC1')!.serviceLines.find((l) => l.service === 'TRAUMA-ORTHO')!;
    expect(trauma.provenance!.costs).toMatchObject({ kind: 'entry', table: 'service-lines', illustrative: true, line: 3 });
    const entryId = (trauma.provenance!.costs as { entryId: string }).entryId;
    expect(v.entries[entryId]).toMatchObject({ sourceFile: 'src/app/demo/impact/2014-15/service-lines.csv', sourceLine: 3, current: true });
    expect(trauma.provenance!.activity).toEqual({ kind: 'plan', contracts: ['BEDFORD-ACUTE-2014-15'] });
    expect(trauma.workforce.find((g) => g.staffGroup === 'consultant')).toMatchObject({ headcount: 7, minimumViable: 7, provenance: { kind: 'entry', table: 'workforce' } });
    expect(trauma.income[0].sources).toMatchObject([{ contract: 'BEDFORD-ACUTE-2014-15', basis: 'contract-value', split: 'plan-lines' }]);
  });

  it('re-runs a stored version with the same result, and building again from unchanged data gives the same version', async () => {
    const commissioner = app.as((await app.signIn('commissioner', 'concordat')).user);
    const a = await commissioner.runScenario('bedford-msk', { trials: 300, seed: 4 });
    const b = await commissioner.runScenario('bedford-msk', { trials: 300, seed: 4 });
    expect(a.run.id).not.toBe(b.run.id);
    expect(JSON.stringify(b.result)).toBe(JSON.stringify(a.result));
    expect((await commissioner.getRun(a.run.id)).result).toEqual(a.result);
    const admin = app.as((await app.signIn('admin', 'concordat')).user);
    const before = (await system.getEconomy('demo')).versions.find((v) => v.asAt === '2014-04-01')!;
    const again = await admin.buildEconomyVersion('demo', '2014-04-01');
    expect(again).toMatchObject({ created: false, version: { id: before.id, inputSha256: before.inputSha256 } });
  });
});

describe('Bedfordshire MSK (seed 004) on the stored economy', () => {
  let r: ProjectionResult;
  let economy: Economy;
  beforeAll(() => {
    economy = versions['2014-04-01'];
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
    const economy = versions['2015-04-01'];
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
    const economy = versions['2014-04-01'];
    const r = projectScenario(economy, validateScenario(scenarioJson('nottingham-dermatology'), economy));
    expect(line(r, 'RX1', 'DERMATOLOGY').failed).toEqual({ period: '2015-01', monthIndex: 9, reason: 'workforce' });
    expect(r.contagion).toContainEqual(expect.objectContaining({ fromProvider: 'RX1', service: 'DERMATOLOGY', toProvider: 'ZCIRC', firstPeriod: '2015-01' }));
    expect(r.coverage.providers).not.toContain('RC1');
  });
});

describe('Dudley integrated care provider (seed 001) on the stored economy', () => {
  it('takes about 40% of the trust\'s income and leaves it in deficit with stranded cost', () => {
    const economy = versions['2023-04-01'];
    const s = validateScenario(scenarioJson('dudley-icp'), economy);
    const r = projectScenario(economy, s);
    const rna = provider(r, 'RNA');
    const baselineYear3 = rna.baseline.income.slice(24, 36).reduce((a, b) => a + b, 0);
    expect(rna.years[2].income / baselineYear3).toBeCloseTo(0.6, 2);
    expect(rna.baselineFirstDeficitYear).toBeNull();
    expect(rna.firstDeficitYear).not.toBeNull();
    expect(rna.impactBreakdown.fixedCost).toBeLessThan(0);
    expect(-rna.impactBreakdown.fixedCost).toBeLessThan(-rna.impactBreakdown.income);
    expect(r.notices).toEqual(['Dudley Integrated Health and Care NHS Trust (RYK) closes on 2024-09-30, within the horizon (to 2028-03); the projection keeps it open']);
    expect(s.levers[0].contract).toBe('DUDLEY-ICP-2021');
  });

  it('refuses the same lever after the ICP\'s trust closed, with the date, from the API\'s use case too', async () => {
    const json = scenarioJson('dudley-icp');
    json.levers[0].from = '2024-10';
    const message = 'levers.0.holder: Dudley Integrated Health and Care NHS Trust (RYK) closed on 2024-09-30; this lever starts 2024-10';
    expect(() => validateScenario(json, versions['2023-04-01'])).toThrow(message);
    await expect(system.simulate(json, { trials: 0 })).rejects.toThrow(message);
  });
});

// Last in the file: it adds a contract, a user and an economy to the stored demo.
describe('a commissioner\'s own economy: its contract, a month of activity and its costs from the template', () => {
  it('moves 20% of elective orthopaedics from the provider to another on those figures, and on nothing it may not see', async () => {
    await system.importOdsDirectory(join(sharedDataDir(), 'ods'));
    expect((await system.getOrganisation('RC9')).organisation.source).toBe('ods');
    const commissioner = app.as((await app.signIn('commissioner', 'concordat')).user);

    await commissioner.createContract({
      reference: 'BEDS-ORTHO-RC9-2014', title: 'Elective orthopaedics at Luton and Dunstable', model: 'standard_activity',
      startDate: '2014-04-01', endDate: '2015-03-31', signedValuePence: 18_000_000 * POUNDS,
      parties: [{ organisationCode: '06F', role: 'coordinating_commissioner' }, { organisationCode: 'RC9', role: 'provider' }],
      serviceCodes: ['MSK-ELECTIVE', 'TRAUMA-ORTHO'],
    });
    await system.createUser({ username: 'luton-dunstable', displayName: 'Luton and Dunstable contracts', organisationCode: 'RC9', role: 'provider', password: 'a long password' });
    const rc9 = app.as((await app.signIn('luton-dunstable', 'a long password')).user);
    await rc9.decideAcceptance('BEDS-ORTHO-RC9-2014', { decision: 'accepted' });
    await commissioner.setPaymentTerms('BEDS-ORTHO-RC9-2014', '2014/15', { terms: { model: 'activity' } });
    const rows = ['provider,commissioner,period,pod,hrg,tfc,los'];
    for (let i = 0; i < 60; i++) rows.push('RC9,06F,2014-05,DC,HN45A,,0', 'RC9,06F,2014-05,EL,HN12D,,4', 'RC9,06F,2014-05,OPFA,,110,');
    const submitted = await rc9.submitActivity('BEDS-ORTHO-RC9-2014', '2014-05', { stream: Readable.from([`${rows.join('\n')}\n`]), fileName: 'rc9-2014-05.csv' });
    expect(submitted.rowsRejected).toBe(0);
    const may = (await commissioner.getStatement('BEDS-ORTHO-RC9-2014', '2014-05')).statement.lines.filter((l) => l.period === '2014-05').reduce((s, l) => s + l.amountPence, 0);
    expect(may).toBeGreaterThan(0);

    const created = await commissioner.createEconomy({ id: 'bedfordshire', name: 'Bedfordshire (06F)' });
    expect(created).toMatchObject({ ownerOrganisation: '06F', sharing: 'private', youMay: { build: true, enter: true, share: true } });
    const first = await commissioner.buildEconomyVersion('bedfordshire', '2014-04-01');
    expect(first.created).toBe(true);
    const v1 = await commissioner.getEconomyVersion('bedfordshire', { asAt: '2014-04-01' });
    // Only the contracts Bedfordshire CCG is party to: no Sussex, Nottingham or Dudley provider.
    const visible = new Set((await commissioner.listContracts({ asAt: '2014-04-01', limit: 500 })).items.flatMap((c) => c.parties.map((p) => p.organisationCode)));
    expect(v1.data.providers.every((p) => visible.has(p.code))).toBe(true);
    expect(v1.data.providers.map((p) => p.code)).toEqual(expect.arrayContaining(['RC1', 'RC9', 'RD8', 'ZCIRC']));
    expect(v1.data.providers.map((p) => p.code)).not.toEqual(expect.arrayContaining(['RYR']));

    // The template, pre-filled with Luton and Dunstable's lines, filled in and uploaded.
    const template = await commissioner.costTemplate('bedfordshire', { year: '2014-15', provider: 'RC9', format: 'csv', table: 'service-lines' });
    const blank = String(template.body);
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
    const report = await commissioner.uploadEconomyEntries('bedfordshire', { year: '2014-15', fileName: 'rc9-costs.csv', bytes: new TextEncoder().encode(filled) });
    expect(report.rejected).toBe(0);
    expect(report.stored).toMatchObject([{ table: 'service-lines', key: 'RC9 MSK-ELECTIVE', line: 2 }]);
    expect((await commissioner.buildEconomyVersion('bedfordshire', '2014-04-01')).created).toBe(true);

    const v2 = await commissioner.getEconomyVersion('bedfordshire', { asAt: '2014-04-01' });
    const msk = v2.data.providers.find((p) => p.code === 'RC9')!.serviceLines.find((l) => l.service === 'MSK-ELECTIVE')!;
    const fromContract = msk.income.flatMap((i) => i.sources!).filter((s) => s.contract === 'BEDS-ORTHO-RC9-2014');
    expect(fromContract.map((s) => [s.basis, s.periods.length, s.split])).toEqual([['statement', 1, 'equal-across-services'], ['contract-value', 11, 'equal-across-services']]);
    // Independently: May's statement split across the contract's two services (the odd penny to the
    // first), and the other eleven months 1/12 of £18m each, split the same way; plus the year of
    // Circle's elective subcontract with the trust (BEDS-MSK-2014-SUB-LD, which the CCG sees as the
    // prime contract's commissioner) at its value as the contract page shows it.
    const fromOrtho = Math.ceil(may / 2) + (11 * 150_000_000) / 2;
    expect(fromContract.reduce((s, x) => s + x.amount, 0)).toBe(fromOrtho);
    const sub = await commissioner.getContract('BEDS-MSK-2014-SUB-LD', '2014-04-01');
    const lineIncome = fromOrtho + (sub.current.valuePence * 12) / termMonths(sub.contract.startDate, sub.current.endDate);
    expect(msk.income.reduce((s, i) => s + i.annualIncome, 0)).toBe(lineIncome);
    const entryId = (msk.provenance!.costs as { entryId: string }).entryId;
    expect(v2.entries[entryId]).toMatchObject({ sourceFile: 'rc9-costs.csv', sourceLine: 2 });
    expect(msk).toMatchObject({ annualActivity: 2_000, variableCostShare: 400_000, fixedCost: 150_000_000 });

    // "Move 20% of elective orthopaedics to Milton Keynes", shown first and kept as a decision.
    const moved = await commissioner.assessDecision('bedfordshire', { kind: 'service-move', provider: 'RC9', service: 'MSK-ELECTIVE', to: 'RD8', share: 0.2, from: '2014-04' }, { horizonMonths: 12, trials: 0 });
    expect(moved.run).toMatchObject({ economyId: 'bedfordshire', versionId: v2.version.id, runByOrganisation: '06F', decision: { kind: 'service-move' } });
    const r = moved.result.projection;
    // A fifth of the line's income goes, and with it its 40% variable cost (a penny a month either way).
    expect(Math.abs(provider(r, 'RC9').cumulative.impact - -0.2 * lineIncome * (1 - 0.4))).toBeLessThanOrEqual(24);
    const rd8 = provider(r, 'RD8');
    expect(Math.abs(rd8.cumulative.income - rd8.baseline.income.reduce((a, b) => a + b, 0) - 0.2 * lineIncome)).toBeLessThanOrEqual(24);

    // The same as a lever in a saved scenario of its own, private to Bedfordshire CCG.
    const saved = await commissioner.createScenario({
      scenario: { name: 'Move 20% of elective orthopaedics', economy: 'bedfordshire', start: '2014-04', horizonMonths: 12, levers: [{ type: 'moveService', provider: 'RC9', service: 'MSK-ELECTIVE', to: 'RD8', share: 0.2, from: '2014-04', contract: 'BEDS-ORTHO-RC9-2014' }] },
    });
    const run = await commissioner.runScenario(saved.id, { trials: 0 });
    expect(run.result.projection.providers.find((p) => p.code === 'RC9')!.cumulative).toEqual(provider(r, 'RC9').cumulative);
    // Luton and Dunstable cannot see Bedfordshire CCG's private economy or its scenario.
    await expect(rc9.getEconomy('bedfordshire')).rejects.toMatchObject({ kind: 'not_found' });
    await expect(rc9.getScenario(saved.id)).rejects.toMatchObject({ kind: 'not_found' });
    expect((await system.verifyEverything()).ok).toBe(true);
  });
});
