import { describe, expect, it } from 'vitest';
import { demoEconomy } from './fixtures/synthetic-economy.ts';
import { economySpend, fragmentationIndex } from './fragmentation.ts';
import { projectScenario } from './projection.ts';
import { validateScenario } from './scenario.ts';

const scenario = (levers: unknown[], extra: Record<string, unknown> = {}) =>
  validateScenario({ name: 't', economy: 'demo', start: '2014-04', horizonMonths: 36, levers, ...extra }, demoEconomy);

describe('projection', () => {
  const multi = scenario([
    { type: 'referralShift', provider: 'RC1', service: 'MSK-ELECTIVE', change: -0.2, from: '2014-06' },
    { type: 'priceChange', change: -0.015, from: '2015-04' },
    { type: 'moveService', provider: 'RYR', service: 'MSK-ELECTIVE', to: 'ZBUPA', share: 0.3, from: '2014-07', phaseIn: { type: 'explicit', shares: [0.25, 0.5, 0.75, 1] } },
    { type: 'staffLeaving', provider: 'RX1', service: 'DERMATOLOGY', staffGroup: 'consultant', count: 2, from: '2015-01', phaseIn: { type: 'linear', months: 2 } },
  ]);
  const r = projectScenario(demoEconomy, multi);

  it('keeps every amount in whole pence', () => {
    for (const p of r.providers) {
      for (const a of [p.monthly.income, p.monthly.expenditure, p.monthly.surplus]) expect(a.every(Number.isSafeInteger)).toBe(true);
      for (const l of p.serviceLines) expect(l.monthly.income.every(Number.isSafeInteger)).toBe(true);
    }
    for (const c of r.commissioners) expect(c.monthlySpend.every(Number.isSafeInteger)).toBe(true);
  });

  it('bridges each provider exactly: the bars add up to the total change to the penny', () => {
    for (const b of r.bridges) {
      expect(b.steps.reduce((s, x) => s + x.amount, 0)).toBe(b.totalChange);
      expect(b.scenarioCumulativeSurplus - b.baselineCumulativeSurplus).toBe(b.totalChange);
      expect(b.steps.at(-1)!.label).toBe('Residual');
      expect(b.steps).toHaveLength(multi.levers.length + 1);
    }
    const rc1 = r.bridges.find((b) => b.provider === 'RC1')!;
    expect(rc1.steps[0].amount).toBeLessThan(0);
    expect(rc1.steps[1].amount).toBeLessThan(0);
    expect(rc1.steps[2].amount).toBe(0);
  });

  it('matches commissioner spend to provider income exactly', () => {
    const spend = r.commissioners.reduce((s, c) => s + c.cumulativeSpend, 0);
    const income = r.providers.reduce((s, p) => s + p.cumulative.income, 0);
    expect(spend).toBe(income);
    for (const c of r.commissioners) {
      expect(c.byService.reduce((s, x) => s + x.spend, 0)).toBe(c.cumulativeSpend);
      expect(c.byProvider.reduce((s, x) => s + x.spend, 0)).toBe(c.cumulativeSpend);
    }
    // Moved MSK work is still paid for by Coastal West Sussex CCG, now at BupaCSH.
    const cws = r.commissioners.find((c) => c.code === '09G')!;
    const bupa = cws.byService.find((x) => x.provider === 'ZBUPA')!;
    expect(bupa.spend).toBeGreaterThan(bupa.baselineSpend);
  });

  it('phases a move in by explicit monthly shares', () => {
    const bupa = r.providers.find((p) => p.code === 'ZBUPA')!.serviceLines[0].monthly.activity;
    const step = (m: number) => bupa[m] - bupa[0];
    expect(step(3) / step(6)).toBeCloseTo(0.25, 6);
    expect(step(4) / step(6)).toBeCloseTo(0.5, 6);
  });

  it('combines positions on a merger', () => {
    const m = projectScenario(demoEconomy, scenario([{ type: 'merger', provider: 'RC1', acquirer: 'RD8', from: '2015-04' }]));
    const rc1 = m.providers.find((p) => p.code === 'RC1')!;
    const rd8 = m.providers.find((p) => p.code === 'RD8')!;
    expect(rc1.mergedInto).toEqual({ provider: 'RD8', period: '2015-04' });
    expect(rc1.monthly.income[12]).toBe(0);
    expect(rc1.monthly.cash[12]).toBeNull();
    expect(rd8.monthly.income[12]).toBe(rd8.baseline.income[12] + rc1.baseline.income[12]);
    expect(rd8.monthly.cash[12]).toBe(rd8.monthly.cash[11]! + rc1.monthly.cash[11]! + rd8.monthly.surplus[12]);
  });

  it('applies a minimum income guarantee as max(activity income, floor)', () => {
    const floor = 900_000_000; // £9m a year
    const m = projectScenario(
      demoEconomy,
      scenario([
        { type: 'referralShift', provider: 'RC1', service: 'MSK-ELECTIVE', change: -0.3, from: '2014-04' },
        { type: 'minimumIncomeGuarantee', provider: 'RC1', service: 'MSK-ELECTIVE', annualFloorPence: floor, from: '2014-04', until: '2015-03' },
      ]),
    );
    const msk = m.providers.find((p) => p.code === 'RC1')!.serviceLines.find((l) => l.service === 'MSK-ELECTIVE')!;
    expect(msk.monthly.income[0]).toBe(floor / 12);
    expect(msk.monthly.income[12]).toBeLessThan(floor / 12);
  });

  it('an ICP taking 40% of a trust takes 40% of each line\'s activity', () => {
    const m = projectScenario(demoEconomy, scenario([{ type: 'newContractModel', model: 'icp', holder: 'RYK', providers: ['RNA'], share: 0.4, from: '2014-04' }]));
    const rna = m.providers.find((p) => p.code === 'RNA')!;
    for (const l of rna.serviceLines) expect(l.monthly.activity[0]).toBeCloseTo(demoEconomy.providers.find((p) => p.code === 'RNA')!.serviceLines.find((s) => s.service === l.service)!.annualActivity * 0.6 / 12, 1);
    expect(m.providers.find((p) => p.code === 'RYK')!.serviceLines.some((l) => l.created && l.service === 'A-AND-E')).toBe(true);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(projectScenario(demoEconomy, multi))).toBe(JSON.stringify(r));
  });
});

describe('fragmentation index', () => {
  it('counts the commissioners, contracts and providers HIV care crosses after the 2013 reforms', () => {
    const hiv = demoEconomy.pathways!.find((p) => p.id === 'hiv-nottingham')!;
    const f = fragmentationIndex(hiv, economySpend(demoEconomy));
    expect(f.steps.map((s) => `${s.service}:${s.commissioner}/${s.provider}`)).toEqual([
      'PRIMARY-CARE:04K/ZNGP',
      'SEXUAL-HEALTH:E06000018/RX1',
      'HIV-TREATMENT:14A/RX1',
      'PRIMARY-CARE:04K/ZNGP',
    ]);
    expect(f).toMatchObject({ commissioners: 3, contracts: 3, providers: 2, handoffs: 3 });
  });

  it('reports a service nobody provides as a gap', () => {
    const f = fragmentationIndex({ id: 'x', name: 'x', commissioners: ['04K'], steps: ['GP-OOH'] }, economySpend(demoEconomy));
    expect(f.gaps).toEqual(['GP-OOH']);
  });
});
