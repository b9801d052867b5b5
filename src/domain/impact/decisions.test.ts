import { describe, expect, it } from 'vitest';
import { buildEconomy, type EconomyInput } from './build-economy.ts';
import { impactScenario } from './decisions.ts';
import { projectScenario } from './projection.ts';
import { validateScenario } from './scenario.ts';

const M = 100_000_000;
const party = (organisationCode: string, role: 'coordinating_commissioner' | 'provider') => ({ organisationCode, role });
const input: EconomyInput = {
  id: 'beds',
  name: 'Bedfordshire',
  asAt: '2014-04-01',
  organisations: [
    { code: '06F', name: 'NHS Bedfordshire CCG', kind: 'ccg', openDate: '2013-04-01', closeDate: null },
    { code: 'RC1', name: 'Bedford Hospital NHS Trust', kind: 'nhs_trust', openDate: '1992-04-01', closeDate: '2020-03-31' },
    { code: 'RD8', name: 'Milton Keynes University Hospital NHS Foundation Trust', kind: 'foundation_trust', openDate: '1992-04-01', closeDate: null },
  ],
  contracts: [
    { id: 'a', reference: 'BEDFORD-ACUTE-2014-15', title: 't', model: 'standard_activity', status: 'live', startDate: '2014-04-01', endDate: '2015-03-31', valuePence: 112 * M, parties: [party('06F', 'coordinating_commissioner'), party('RC1', 'provider')], serviceCodes: ['ACUTE', 'TRAUMA-ORTHO'] },
    { id: 'b', reference: 'MK-TRAUMA', title: 't', model: 'standard_activity', status: 'draft', startDate: '2014-10-01', endDate: '2017-03-31', valuePence: 20 * M, parties: [party('06F', 'coordinating_commissioner'), party('RD8', 'provider')], serviceCodes: ['TRAUMA-ORTHO'] },
  ],
  planLines: [
    { contractId: 'a', service: 'TRAUMA-ORTHO', period: '2014-04', activity: 3_000, plannedPence: 8 * M },
    { contractId: 'a', service: 'ACUTE', period: '2014-04', activity: 100_000, plannedPence: 104 * M },
  ],
};
const { economy } = buildEconomy(input);
const run = (json: unknown) => projectScenario(economy, validateScenario(json, economy));
const monthsOf = (r: ReturnType<typeof run>, code: string, from: number, to: number, what: 'income' | 'baseline') => {
  const p = r.providers.find((x) => x.code === code)!;
  const series = what === 'income' ? p.monthly.income : p.baseline.income;
  return series.slice(from, to + 1).reduce((a, b) => a + b, 0);
};

describe('the impact of a decision being drafted', () => {
  it('a variation taking £3m off a contract in November takes £3m off its provider\'s income by March, and nothing after', () => {
    const json = impactScenario(economy, { kind: 'contract-variation', contract: 'BEDFORD-ACUTE-2014-15', effectiveDate: '2014-11-01', valueChangePence: -3 * M }, { start: '2014-04', horizonMonths: 24 });
    expect(json.levers!.map((l) => l.type)).toEqual(['priceChange', 'priceChange']);
    const r = run(json);
    // November (month 7) to March (month 11): £3m less. A lever's share is held to 6 decimal places,
    // so each month may be off by half a millionth of its income, plus a penny of rounding a line.
    const allowed = Math.ceil(0.5e-6 * ((112 * M) / 12) * 5) + 2 * 5;
    expect(Math.abs(monthsOf(r, 'RC1', 7, 11, 'income') - monthsOf(r, 'RC1', 7, 11, 'baseline') + 3 * M)).toBeLessThanOrEqual(allowed);
    expect(monthsOf(r, 'RC1', 0, 6, 'income')).toBe(monthsOf(r, 'RC1', 0, 6, 'baseline'));
    expect(monthsOf(r, 'RC1', 12, 23, 'income')).toBe(monthsOf(r, 'RC1', 12, 23, 'baseline'));
  });

  it('a variation removing a service loses the contract\'s share of that line', () => {
    const json = impactScenario(economy, { kind: 'contract-variation', contract: 'BEDFORD-ACUTE-2014-15', effectiveDate: '2014-10-01', valueChangePence: 0, removeServices: ['TRAUMA-ORTHO'] });
    expect(json.levers).toEqual([expect.objectContaining({ type: 'referralShift', provider: 'RC1', service: 'TRAUMA-ORTHO', change: -1, contract: 'BEDFORD-ACUTE-2014-15' })]);
  });

  it('an award moves the incumbent\'s lines of the contract\'s services to the winner', () => {
    const json = impactScenario(economy, { kind: 'procurement-award', contract: 'MK-TRAUMA', awardedTo: 'RD8', incumbents: ['RC1'], from: '2014-10', phaseInMonths: 3 });
    expect(json.levers).toEqual([expect.objectContaining({ type: 'moveService', provider: 'RC1', service: 'TRAUMA-ORTHO', to: 'RD8', share: 1, contract: 'MK-TRAUMA' })]);
    const r = run(json);
    const rc1Trauma = r.providers.find((p) => p.code === 'RC1')!.serviceLines.find((l) => l.service === 'TRAUMA-ORTHO')!;
    expect(rc1Trauma.monthly.income[12]).toBe(0);
    expect(r.providers.find((p) => p.code === 'RD8')!.serviceLines.map((l) => l.service)).toEqual(['TRAUMA-ORTHO']);
  });

  it('a decision naming a provider after it closed is refused like any scenario, with the date', () => {
    const json = impactScenario(economy, { kind: 'service-move', provider: 'RC1', service: 'TRAUMA-ORTHO', to: 'RD8', share: 0.2, from: '2020-06' });
    expect(() => validateScenario(json, economy)).toThrow('levers.0.provider: Bedford Hospital NHS Trust (RC1) closed on 2020-03-31; this lever starts 2020-06');
  });

  it('refuses a variation after the contract ends, naming the field', () => {
    expect(() => impactScenario(economy, { kind: 'contract-variation', contract: 'BEDFORD-ACUTE-2014-15', effectiveDate: '2015-05-01', valueChangePence: M })).toThrow('effectiveDate: 2015-05-01 is after BEDFORD-ACUTE-2014-15 ends (2015-03-31)');
    expect(() => impactScenario(economy, { kind: 'contract-variation', contract: 'NOPE', effectiveDate: '2014-05-01', valueChangePence: M })).toThrow('contract: no contract "NOPE" in this economy');
  });
});
