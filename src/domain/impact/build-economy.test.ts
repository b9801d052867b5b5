import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import { periodsOfSchemeYear } from '../tariff/index.ts';
import { buildEconomy, type ContractAsAt, type EconomyInput, type StatementIncome } from './build-economy.ts';
import type { ServiceLineEntry, WorkforceEntry } from './entries.ts';
import { checkEconomy } from './model.ts';
import { projectScenario } from './projection.ts';
import { validateScenario } from './scenario.ts';
import type { Economy } from './types.ts';

const M = 100_000_000; // £1m
const YEAR = periodsOfSchemeYear('2014/15');

const organisations: EconomyInput['organisations'] = [
  { code: '06F', name: 'NHS Bedfordshire CCG', kind: 'ccg', openDate: '2013-04-01', closeDate: '2021-03-31', odsVerified: true },
  { code: '04K', name: 'NHS Nottingham City CCG', kind: 'ccg', openDate: '2013-04-01', closeDate: null, odsVerified: true },
  { code: 'RC1', name: 'Bedford Hospital NHS Trust', kind: 'nhs_trust', openDate: '1992-04-01', closeDate: '2020-03-31', odsVerified: true },
  { code: 'RD8', name: 'Milton Keynes University Hospital NHS Foundation Trust', kind: 'foundation_trust', openDate: '1992-04-01', closeDate: null, odsVerified: true },
  { code: 'RC9', name: 'Luton and Dunstable University Hospital NHS Foundation Trust', kind: 'foundation_trust', openDate: '1992-04-01', closeDate: null, odsVerified: true },
  { code: 'ZCIRC', name: 'Circle Health', kind: 'independent_provider', openDate: '2010-01-01', closeDate: null, odsVerified: false },
];

const contract = (over: Partial<ContractAsAt> & Pick<ContractAsAt, 'id' | 'parties'>): ContractAsAt => ({
  reference: over.id,
  title: over.id,
  model: 'standard_activity',
  status: 'live',
  startDate: '2014-04-01',
  endDate: '2015-03-31',
  valuePence: 12 * M,
  serviceCodes: ['ACUTE'],
  ...over,
});
const cc = (code: string) => ({ organisationCode: code, role: 'coordinating_commissioner' as const });
const ac = (code: string) => ({ organisationCode: code, role: 'associate_commissioner' as const });
const pr = (code: string) => ({ organisationCode: code, role: 'provider' as const });

const ACUTE = contract({ id: 'BEDFORD-ACUTE', parties: [cc('06F'), pr('RC1')], valuePence: 112 * M, serviceCodes: ['ACUTE', 'TRAUMA-ORTHO', 'A-AND-E'] });
const PRIME = contract({ id: 'BEDS-MSK', model: 'prime_contractor', parties: [cc('06F'), pr('ZCIRC')], startDate: '2014-04-01', endDate: '2019-03-31', valuePence: 120 * M, serviceCodes: ['MSK-ELECTIVE'] });
const SUB = contract({ id: 'BEDS-MSK-SUB', model: 'subcontract', parties: [cc('ZCIRC'), pr('RC9')], startDate: '2014-04-01', endDate: '2019-03-31', valuePence: 15 * M, serviceCodes: ['MSK-ELECTIVE'] });
const DRAFT = contract({ id: 'MK-DRAFT', status: 'draft', parties: [cc('06F'), pr('RD8')], serviceCodes: ['TRAUMA-ORTHO'] });

const base: EconomyInput = { id: 'beds', name: 'Bedfordshire', asAt: '2014-04-01', organisations, contracts: [ACUTE, PRIME, SUB, DRAFT] };

const provider = (e: Economy, code: string) => e.providers.find((p) => p.code === code)!;
const line = (e: Economy, code: string, service: string) => provider(e, code).serviceLines.find((l) => l.service === service)!;
const lineIncome = (e: Economy, code: string, service: string) => line(e, code, service).income.reduce((s, i) => s + i.annualIncome, 0);
const providerIncome = (e: Economy, code: string) => provider(e, code).serviceLines.reduce((s, l) => s + l.income.reduce((t, i) => t + i.annualIncome, 0), 0);

function refused(input: EconomyInput): string[] {
  try {
    buildEconomy(input);
  } catch (e) {
    if (e instanceof ConcordatError) return e.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw e;
  }
  throw new Error('the input was accepted');
}

describe('income from contract values, as at the economy date', () => {
  const { economy } = buildEconomy(base);

  it('counts a one-year contract whole and a five-year contract one fifth, to the penny', () => {
    expect(providerIncome(economy, 'RC1')).toBe(112 * M);
    expect(providerIncome(economy, 'ZCIRC')).toBe(24 * M);
    const source = line(economy, 'ZCIRC', 'MSK-ELECTIVE').income[0].sources![0];
    expect(source).toMatchObject({ contract: 'BEDS-MSK', basis: 'contract-value', split: 'whole', amount: 24 * M });
    expect(source.periods).toEqual(YEAR);
  });

  it('spreads an uneven value so the term adds up exactly, the odd pence in the first months', () => {
    const odd = contract({ id: 'ODD', parties: [cc('06F'), pr('RD8')], startDate: '2014-01-01', endDate: '2014-06-30', valuePence: 1_000_003 });
    const { economy: e } = buildEconomy({ ...base, contracts: [odd] });
    // Six months of 166,667.17: the first three carry a penny more; the year (from April) has the last three.
    expect(providerIncome(e, 'RD8')).toBe(3 * 166_667);
  });

  it('splits a contract without a plan equally across its services, and says so', () => {
    expect(['A-AND-E', 'ACUTE', 'TRAUMA-ORTHO'].map((s) => lineIncome(economy, 'RC1', s))).toEqual([37_333_333_34, 37_333_333_33, 37_333_333_33]);
    expect(line(economy, 'RC1', 'ACUTE').income[0].sources![0].split).toBe('equal-across-services');
  });

  it('splits by the plan lines by service when the contract has a plan for the year', () => {
    const planLines = [
      { contractId: 'BEDFORD-ACUTE', service: 'MSK-ELECTIVE', period: '2014-04', activity: 400, plannedPence: 10 * M },
      { contractId: 'BEDFORD-ACUTE', service: 'TRAUMA-ORTHO', period: '2014-04', activity: 300, plannedPence: 8 * M },
      { contractId: 'BEDFORD-ACUTE', service: 'ACUTE', period: '2014-04', activity: 9_000, plannedPence: 94 * M },
    ];
    const { economy: e } = buildEconomy({ ...base, planLines });
    expect(lineIncome(e, 'RC1', 'MSK-ELECTIVE')).toBe(10 * M);
    expect(lineIncome(e, 'RC1', 'TRAUMA-ORTHO')).toBe(8 * M);
    expect(line(e, 'RC1', 'MSK-ELECTIVE').income[0].sources![0].split).toBe('plan-lines');
    // The plan's activity becomes the line's activity.
    expect(line(e, 'RC1', 'MSK-ELECTIVE').annualActivity).toBe(400);
    expect(line(e, 'RC1', 'MSK-ELECTIVE').provenance!.activity).toEqual({ kind: 'plan', contracts: ['BEDFORD-ACUTE'] });
  });

  it('pays a subcontractor from its prime contractor, a commissioner of kind prime-contractor', () => {
    expect(line(economy, 'RC9', 'MSK-ELECTIVE').income).toMatchObject([{ commissioner: 'ZCIRC', annualIncome: 3 * M }]);
    expect(economy.commissioners.find((c) => c.code === 'ZCIRC')).toMatchObject({ kind: 'prime-contractor', illustrative: true });
  });

  it('puts the parties of a draft contract in the economy without income', () => {
    expect(provider(economy, 'RD8').serviceLines).toEqual([]);
    expect(economy.contracts!.find((c) => c.reference === 'MK-DRAFT')).toMatchObject({ status: 'draft', incomeInYear: 0, statementPeriods: [] });
  });

  it('carries the registry\'s dates, successors and kinds', () => {
    const { economy: e } = buildEconomy({ ...base, successors: [{ predecessorCode: 'RC1', successorCode: 'RC9', effectiveDate: '2020-04-01' }] });
    expect(provider(e, 'RC1')).toMatchObject({ kind: 'nhs-trust', closeDate: '2020-03-31', successor: { code: 'RC9', effectiveDate: '2020-04-01' } });
    expect(provider(e, 'ZCIRC')).toMatchObject({ kind: 'independent', illustrative: true });
    expect(e.commissioners.find((c) => c.code === '06F')).toMatchObject({ kind: 'ccg', closeDate: '2021-03-31' });
  });
});

describe('income from payment statements', () => {
  it('uses the statement for the months it covers and the contract value for the rest', () => {
    const statements: StatementIncome[] = YEAR.slice(0, 6).map((period, i) => ({ contractId: 'BEDS-MSK', period, amountPence: 1_900_000_00 + i, submissions: [`sub-${i}`] }));
    const { economy: e } = buildEconomy({ ...base, statements });
    const sources = line(e, 'ZCIRC', 'MSK-ELECTIVE').income[0].sources!;
    expect(sources.map((s) => [s.basis, s.periods.length])).toEqual([['statement', 6], ['contract-value', 6]]);
    expect(sources[0].amount).toBe(6 * 1_900_000_00 + 15);
    expect(sources[0].submissions).toEqual(['sub-0', 'sub-1', 'sub-2', 'sub-3', 'sub-4', 'sub-5']);
    expect(sources[1].amount).toBe(12 * M);
    expect(e.contracts!.find((c) => c.reference === 'BEDS-MSK')!.statementPeriods).toEqual(YEAR.slice(0, 6));
  });

  it('uses the service line and commissioner a statement row names', () => {
    const statements: StatementIncome[] = [
      { contractId: 'BEDFORD-ACUTE', period: '2014-04', amountPence: 5 * M, service: 'TRAUMA-ORTHO' },
      { contractId: 'BEDFORD-ACUTE', period: '2014-04', amountPence: 1 * M, service: 'TRAUMA-ORTHO', commissioner: '04K' },
    ];
    const { economy: e } = buildEconomy({ ...base, contracts: [{ ...ACUTE, parties: [...ACUTE.parties, ac('04K')] }], statements });
    const trauma = line(e, 'RC1', 'TRAUMA-ORTHO').income;
    expect(trauma.map((i) => [i.commissioner, i.sources!.filter((s) => s.basis === 'statement').map((s) => [s.amount, s.split])])).toEqual([
      ['04K', [[1 * M, 'statement']]],
      ['06F', [[5 * M, 'statement']]],
    ]);
  });

  // The economy's income for a provider-year against an independent sum of the statements, for
  // random statements: whole or in parts, with and without service detail, for every provider.
  it('gives every provider whose contracts all have statements exactly the sum of its statements', () => {
    const arbitraryRow = fc.record({
      contract: fc.constantFrom('BEDFORD-ACUTE', 'BEDS-MSK', 'BEDS-MSK-SUB'),
      month: fc.integer({ min: 0, max: 11 }),
      amountPence: fc.integer({ min: -50_000_000, max: 3_000_000_000 }),
      service: fc.option(fc.constantFrom('ACUTE', 'TRAUMA-ORTHO', 'A-AND-E', 'MSK-ELECTIVE'), { nil: undefined }),
    });
    fc.assert(
      fc.property(fc.array(arbitraryRow, { minLength: 1, maxLength: 60 }), (rows) => {
        const statements: StatementIncome[] = rows.map((r) => ({ contractId: r.contract, period: YEAR[r.month], amountPence: r.amountPence, service: r.service }));
        // Every month of every contract stated, so no income comes from contract values.
        for (const c of ['BEDFORD-ACUTE', 'BEDS-MSK', 'BEDS-MSK-SUB']) for (const period of YEAR) statements.push({ contractId: c, period, amountPence: 1_000_000_00 });
        const { economy: e, warnings } = buildEconomy({ ...base, statements });
        const providerOf: Record<string, string> = { 'BEDFORD-ACUTE': 'RC1', 'BEDS-MSK': 'ZCIRC', 'BEDS-MSK-SUB': 'RC9' };
        for (const code of ['RC1', 'ZCIRC', 'RC9']) {
          const independent = statements.filter((s) => providerOf[s.contractId] === code).reduce((sum, s) => sum + s.amountPence, 0);
          const built = provider(e, code).serviceLines.flatMap((l) => l.income).flatMap((i) => i.sources!).reduce((sum, s) => sum + s.amount, 0);
          // To the penny, unless a line's refunds exceed its payments: then it is left out and the warnings say so.
          const leftOut = warnings.filter((w) => w.message.startsWith(`${code} `) && w.message.includes('refunds exceed payments'));
          if (leftOut.length === 0) expect(built).toBe(independent);
          else expect(built).toBeGreaterThan(independent);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('refuses statements for a contract it was not given and for a month outside the year', () => {
    expect(
      refused({
        ...base,
        statements: [
          { contractId: 'NOPE', period: '2014-05', amountPence: 1 },
          { contractId: 'BEDS-MSK', period: '2015-04', amountPence: 1 },
          { contractId: 'BEDS-MSK', period: '2014-04', amountPence: 1.5 },
        ],
      }),
    ).toEqual([
      'statements.0.contractId: no contract "NOPE" in the input',
      'statements.1.period: 2015-04 is not a month of 2014/15',
      'statements.2.amountPence: must be whole pence',
    ]);
  });
});

describe('entered costs and workforce', () => {
  const entry = (over: Partial<ServiceLineEntry> = {}): ServiceLineEntry => ({
    id: 'e1',
    provider: 'RC1',
    service: 'TRAUMA-ORTHO',
    annualActivity: 3_000,
    variableCostShare: 250_000,
    semiFixed: { annualVolumePerStep: 1_100, annualCostPerStep: 50 * M / 100 },
    fixedCost: 3 * M,
    minimumViableVolume: 1_800,
    maxAnnualLoss: 250_000_00,
    supportedBy: { service: 'ACUTE', share: 500_000 },
    nearestProviders: ['RD8'],
    illustrative: true,
    note: 'board papers, 2014',
    line: 2,
    ...over,
  });
  const surgeons: WorkforceEntry = { id: 'w1', provider: 'RC1', service: 'TRAUMA-ORTHO', staffGroup: 'consultant', headcount: 7, annualUnitCost: 150_000_00, minimumViable: 7, illustrative: false, line: 2 };

  it('takes the cost figures and staff from the entries and names the entry behind each', () => {
    const { economy: e, warnings } = buildEconomy({ ...base, serviceLineEntries: [entry()], workforceEntries: [surgeons] });
    expect(warnings).toEqual([]);
    const trauma = line(e, 'RC1', 'TRAUMA-ORTHO');
    expect(trauma).toMatchObject({ annualActivity: 3_000, variableCostShare: 250_000, fixedCost: 3 * M, minimumViableVolume: 1_800, maxAnnualLoss: 250_000_00, nearestProviders: ['RD8'] });
    expect(trauma.provenance!.costs).toEqual({ kind: 'entry', table: 'service-lines', entryId: 'e1', line: 2, illustrative: true, note: 'board papers, 2014' });
    expect(trauma.workforce).toEqual([{ staffGroup: 'consultant', headcount: 7, annualUnitCost: 150_000_00, minimumViable: 7, provenance: { kind: 'entry', table: 'workforce', entryId: 'w1', line: 2, illustrative: false } }]);
    expect(e.dependencies).toEqual([{ provider: 'RC1', service: 'TRAUMA-ORTHO', supportedBy: 'ACUTE', share: 500_000, note: 'board papers, 2014', provenance: trauma.provenance!.costs }]);
    expect(() => checkEconomy(e)).not.toThrow();
  });

  it('costs a line nobody entered as fully variable, and counts such lines in the notes', () => {
    const { economy: e } = buildEconomy({ ...base, serviceLineEntries: [entry()] });
    const aande = line(e, 'RC1', 'A-AND-E');
    expect(aande).toMatchObject({ variableCostShare: 1_000_000, fixedCost: 0, minimumViableVolume: 0 });
    expect(aande.provenance!.costs.kind).toBe('default');
    // No plan and no entry: one unit per £1,000 of income.
    expect(aande.annualActivity).toBe(37_333);
    expect(aande.provenance!.activity.kind).toBe('derived');
    expect(e.notes).toContain('1 of 5 service lines have entered costs (1 marked illustrative); the others are costed as fully variable, so they break even and cannot fail.');
  });

  it('warns about entries it cannot use, and uses the rest', () => {
    const { economy: e, warnings } = buildEconomy({
      ...base,
      serviceLineEntries: [
        entry({ nearestProviders: ['RD8', 'XYZ', 'RC1'], supportedBy: { service: 'MSK-ELECTIVE', share: 500_000 } }),
        entry({ id: 'e2', service: 'CANCER' }),
      ],
      workforceEntries: [{ ...surgeons, id: 'w2', service: 'CANCER' }],
    });
    expect(warnings.map((w) => `${w.path.join('.')}: ${w.message}`)).toEqual([
      'serviceLineEntries.1: no contract gives RC1 income for CANCER in 2014/15, so the entry is not used',
      'workforceEntries.0: RC1 has no CANCER service line in 2014/15, so the staff group is not used',
      'serviceLineEntries.0.nearestProviders.1: XYZ is not another provider in the economy, so it is left out of RC1 TRAUMA-ORTHO\'s nearest providers',
      'serviceLineEntries.0.nearestProviders.2: RC1 is not another provider in the economy, so it is left out of RC1 TRAUMA-ORTHO\'s nearest providers',
      'serviceLineEntries.0.supportedBy: RC1 has no MSK-ELECTIVE service line in 2014/15 to carry TRAUMA-ORTHO\'s fixed cost, so the dependency is left out',
    ]);
    expect(line(e, 'RC1', 'TRAUMA-ORTHO').nearestProviders).toEqual(['RD8']);
    expect(e.dependencies).toEqual([]);
  });

  it('refuses two entries for one service line, naming the first', () => {
    expect(refused({ ...base, serviceLineEntries: [entry(), entry({ id: 'e2' })] })).toEqual([
      'serviceLineEntries.1: a second entry for RC1 TRAUMA-ORTHO (the first is serviceLineEntries.0)',
    ]);
  });

  it('runs: a scenario on the built economy moves money between real contracts\' providers', () => {
    const { economy: e } = buildEconomy({ ...base, serviceLineEntries: [entry({ supportedBy: undefined })], workforceEntries: [surgeons] });
    const s = validateScenario(
      { name: 'move', economy: 'beds', start: '2014-04', horizonMonths: 12, levers: [{ type: 'moveService', provider: 'RC1', service: 'TRAUMA-ORTHO', to: 'RD8', share: 0.2, from: '2014-04' }] },
      e,
    );
    const r = projectScenario(e, s);
    const rd8 = r.providers.find((p) => p.code === 'RD8')!;
    expect(rd8.serviceLines.map((l) => [l.service, l.created])).toEqual([['TRAUMA-ORTHO', true]]);
    // A fifth of trauma's income moves: the year's income at RD8 is a fifth of RC1's trauma line, within a penny a month.
    expect(Math.abs(rd8.cumulative.income - lineIncome(e, 'RC1', 'TRAUMA-ORTHO') / 5)).toBeLessThanOrEqual(12);
  });
});

describe('versions', () => {
  it('builds the same economy, with the same digest, from the same input in any order', () => {
    const statements: StatementIncome[] = YEAR.map((period, i) => ({ contractId: 'BEDS-MSK', period, amountPence: 2 * M + i }));
    const a = buildEconomy({ ...base, statements });
    const b = buildEconomy({
      ...base,
      organisations: [...organisations].reverse(),
      contracts: [...base.contracts].reverse().map((c) => ({ ...c, parties: [...c.parties].reverse() })),
      statements: [...statements].reverse(),
    });
    expect(JSON.stringify(b.economy)).toBe(JSON.stringify(a.economy));
    expect(b.inputDigest).toBe(a.inputDigest);
    expect(a.inputDigest).toMatch(/^[0-9a-f]{64}$/);
    const c = buildEconomy({ ...base, statements: statements.map((s, i) => (i === 3 ? { ...s, amountPence: s.amountPence + 1 } : s)) });
    expect(c.inputDigest).not.toBe(a.inputDigest);
  });
});
