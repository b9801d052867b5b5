import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { demoEconomy } from './fixtures/synthetic-economy.ts';
import { compileModel } from './model.ts';
import { allocateBuffers, NO_UNCERTAINTY, runKernel } from './monthly-projection.ts';
import { projectScenario, type ProjectionResult, type ProviderProjection } from './projection.ts';
import { validateScenario, type Lever } from './scenario.ts';

function load(name: string) {
  const json = JSON.parse(readFileSync(new URL(`./fixtures/scenarios/${name}.json`, import.meta.url), 'utf8'));
  return validateScenario(json, demoEconomy);
}
const provider = (r: ProjectionResult, code: string): ProviderProjection => r.providers.find((p) => p.code === code)!;
const line = (r: ProjectionResult, code: string, service: string) => provider(r, code).serviceLines.find((l) => l.service === service)!;
const POUNDS = 100;

describe('Bedfordshire MSK (seed 004): Circle prime contract and Bedford trauma', () => {
  const scenario = load('bedford-msk');
  const r = projectScenario(demoEconomy, scenario);

  it('keeps trauma viable with no lever: the baseline has no failures', () => {
    expect(line(r, 'RC1', 'TRAUMA-ORTHO').baselineFailed).toBeNull();
    expect(r.providers.every((p) => p.serviceLines.every((l) => l.baselineFailed === null))).toBe(true);
  });

  it('a 30% fall in MSK referrals makes trauma not viable, with its 7 trauma surgeons still in post', () => {
    const trauma = line(r, 'RC1', 'TRAUMA-ORTHO');
    expect(trauma.workforce).toContainEqual({ staffGroup: 'consultant', headcount: 7, minimumViable: 7 });
    expect(trauma.failed).toMatchObject({ reason: 'financial' });
    expect(trauma.failed!.monthIndex).toBeLessThan(12);
    // The elective line passes less of trauma's fixed cost once its volume falls.
    expect(trauma.monthly.recovery[11]).toBeLessThan(trauma.monthly.recovery[0]);
    // Its patients go to Milton Keynes.
    expect(r.contagion).toContainEqual(expect.objectContaining({ fromProvider: 'RC1', service: 'TRAUMA-ORTHO', toProvider: 'RD8' }));
    expect(provider(r, 'RC1').cumulative.impact).toBeLessThan(0);
  });

  it('prices the minimum income guarantee: the smallest floor, to the pound, that keeps trauma viable', () => {
    const mig = r.minimumIncomeGuarantee!;
    expect(mig.failsWithoutGuaranteeIn).toBe(trauma().failed!.period);
    expect(mig.annualFloor).not.toBeNull();
    const floor = mig.annualFloor!;
    expect(floor % POUNDS).toBe(0);
    const failsWith = (annualFloor: number) => {
      const lever: Lever = {
        type: 'minimumIncomeGuarantee',
        index: 1,
        label: 'MIG',
        from: '2014-04',
        fromMonth: 0,
        phase: [1_000_000],
        provider: 'RC1',
        service: 'MSK-ELECTIVE',
        annualFloor,
        untilMonth: scenario.horizonMonths - 1,
      };
      const model = compileModel(demoEconomy, scenario, { extraLevers: [lever] });
      const b = allocateBuffers(model);
      runKernel(model, NO_UNCERTAINTY, b);
      return b.failMonth[model.lines.findIndex((l) => l.provider === 'RC1' && l.service === 'TRAUMA-ORTHO')] >= 0;
    };
    expect(failsWith(floor)).toBe(false);
    expect(failsWith(floor - POUNDS)).toBe(true);
    // Between Bedford's ~£10m starting MSK income x 70% and the full £10m.
    expect(floor).toBeGreaterThan(7_000_000 * POUNDS);
    expect(floor).toBeLessThan(10_000_000 * POUNDS);
    expect(mig.topUpPaid!).toBeGreaterThan(0);
  });

  function trauma() {
    return line(r, 'RC1', 'TRAUMA-ORTHO');
  }
});

describe('Coastal West Sussex MSK (seed 004): BupaCSH and Western Sussex Hospitals', () => {
  const r = projectScenario(demoEconomy, load('western-sussex-msk'));
  const ryr = provider(r, 'RYR');

  it('puts the cumulative five-year impact on the trust at the order of PwC\'s £13.4m', () => {
    expect(-ryr.cumulative.impact).toBeGreaterThan(8_000_000 * POUNDS);
    expect(-ryr.cumulative.impact).toBeLessThan(20_000_000 * POUNDS);
  });

  it('shows how the impact was derived: lost income less the variable and semi-fixed costs shed', () => {
    const b = ryr.impactBreakdown;
    expect(b.income).toBeLessThan(0);
    expect(b.variableCost).toBeLessThan(0);
    expect(b.semiFixedCost).toBeLessThan(0);
    expect(b.fixedCost).toBe(0);
    expect(b.income - b.variableCost - b.semiFixedCost - b.fixedCost - b.payCost).toBe(ryr.cumulative.impact);
    // The bridge attributes it all to the one lever.
    const bridge = r.bridges.find((x) => x.provider === 'RYR')!;
    expect(bridge.steps[0].amount).toBe(ryr.cumulative.impact);
    // BupaCSH's contract reaches about £47m a year (£235m over five years).
    const bupa = provider(r, 'ZBUPA').years[1].income;
    expect(bupa).toBeGreaterThan(45_000_000 * POUNDS);
    expect(bupa).toBeLessThan(49_000_000 * POUNDS);
  });

  it('takes the trust from surplus into deficit', () => {
    expect(ryr.baselineFirstDeficitYear).toBeNull();
    expect(ryr.firstDeficitYear).not.toBeNull();
    expect(ryr.cumulative.baselineSurplus).toBeGreaterThan(0);
  });
});

describe('Nottingham dermatology (seed 004): six of eight consultants leave', () => {
  const r = projectScenario(demoEconomy, load('nottingham-dermatology'));

  it('closes dermatology in the month the consultants leave, below its minimum viable workforce', () => {
    expect(line(r, 'RX1', 'DERMATOLOGY').failed).toEqual({ period: '2015-01', monthIndex: 9, reason: 'workforce' });
    expect(r.failures[0]).toMatchObject({ provider: 'RX1', service: 'DERMATOLOGY', period: '2015-01' });
  });

  it('sends its patients to the nearest remaining provider, whose position is recomputed', () => {
    const flow = r.contagion.find((c) => c.fromProvider === 'RX1' && c.service === 'DERMATOLOGY')!;
    expect(flow).toMatchObject({ toProvider: 'RK5', firstPeriod: '2015-01' });
    expect(flow.activity).toBeGreaterThan(0);
    const rk5 = line(r, 'RK5', 'DERMATOLOGY');
    expect(rk5.monthly.activity[9]).toBeGreaterThan(rk5.monthly.activity[8]);
    expect(provider(r, 'RK5').cumulative.impact).not.toBe(0);
    // The commissioner of the closed service keeps paying for its patients at the new provider.
    const nottinghamCcg = r.commissioners.find((c) => c.code === '04K')!;
    expect(nottinghamCcg.byProvider.find((x) => x.provider === 'RK5')?.spend ?? 0).toBeGreaterThan(0);
  });

  it('reports the fragmentation of HIV care: three commissioners, three contracts, two providers', () => {
    expect(r.fragmentation[0]).toMatchObject({ pathway: 'hiv-nottingham', commissioners: 3, contracts: 3, providers: 2, gaps: [] });
  });
});

describe('Dudley integrated care provider (seed 001)', () => {
  const r = projectScenario(demoEconomy, load('dudley-icp'));
  const rna = provider(r, 'RNA');

  it('moves about 40% of the trust\'s income to the ICP, which reaches about £360m a year', () => {
    const before = rna.years[0].income;
    const after = rna.years[2].income;
    expect(after / before).toBeCloseTo(0.6, 2);
    const ryk = provider(r, 'RYK').years[2].income;
    expect(ryk).toBeGreaterThan(340_000_000 * POUNDS);
    expect(ryk).toBeLessThan(380_000_000 * POUNDS);
  });

  it('leaves the trust with stranded fixed costs and a deficit', () => {
    expect(rna.baselineFirstDeficitYear).toBeNull();
    expect(rna.firstDeficitYear).toBe('2021-04');
    // Fixed cost fell (80% transferred with the work) but by less than the income lost.
    expect(rna.impactBreakdown.fixedCost).toBeLessThan(0);
    expect(-rna.impactBreakdown.fixedCost).toBeLessThan(-rna.impactBreakdown.income);
    expect(rna.cumulative.impact).toBeLessThan(0);
  });
});
