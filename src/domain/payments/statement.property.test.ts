/**
 * Property-based tests: for random inputs to every payment model, the statement's lines add up to its
 * total to the penny, every amount is whole pence, and a full year equals the rule applied once to the
 * annual figures.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRate, isPence, type Pence, splitEvenly } from '../money.ts';
import { periodsOfSchemeYear } from '../tariff/index.ts';
import {
  computeStatement,
  type MonthActivity,
  type PaymentTerms,
  paymentsOnAccount,
  reconcileYear,
  type Statement,
  type StatementInput,
} from './index.ts';

const YEAR = '2025/26';
const PERIODS = periodsOfSchemeYear(YEAR);

const money = fc.integer({ min: 0, max: 5_000_000_000 });
const signedMoney = fc.integer({ min: -50_000_000, max: 5_000_000_000 });
const rate = fc.integer({ min: 0, max: 1_000_000 });

/** Months of activity: every period present or not, values split by EL/NEL so any scope works. */
const monthsArb: fc.Arbitrary<MonthActivity[]> = fc
  .array(fc.tuple(fc.boolean(), fc.integer({ min: -5_000_000, max: 500_000_000 }), fc.integer({ min: 0, max: 500_000_000 }), money), { minLength: 12, maxLength: 12 })
  .map((rows) =>
    rows.flatMap(([present, el, nel, plan], i) =>
      present ? [{ period: PERIODS[i], pricedPence: el + nel, pricedByPod: { EL: el, NEL: nel }, planPence: plan % 400_000_000 }] : [],
    ),
  );

const cquinArb = fc.option(fc.record({ rateMicros: fc.integer({ min: 0, max: 50_000 }), achievementMicros: rate, mode: fc.constantFrom('earned', 'shortfall') as fc.Arbitrary<'earned' | 'shortfall'> }), { nil: undefined });

const termsArb: fc.Arbitrary<PaymentTerms> = fc.oneof(
  fc.record({ model: fc.constant('block' as const), annualValuePence: money, cquin: cquinArb }),
  fc.record({ model: fc.constant('low_volume' as const), annualValuePence: money }),
  fc.record({ model: fc.constant('activity' as const), scope: fc.option(fc.constantFrom(['EL'], ['NEL'], ['EL', 'NEL']), { nil: undefined }) as fc.Arbitrary<('EL' | 'NEL')[] | undefined>, cquin: cquinArb }),
  fc.record({ model: fc.constant('aligned_payment_incentive' as const), fixedAnnualPence: money, variableRateMicros: fc.option(rate, { nil: undefined }), cquin: cquinArb }),
  fc.record({ model: fc.constant('marginal_rate' as const), baselinePence: money, rateMicros: rate, scope: fc.constant(['NEL'] as ['NEL']) }),
  fc.record({ model: fc.constant('blended' as const), fixedAnnualPence: money, rateMicros: rate }),
  fc.record({
    model: fc.constant('outcomes_based' as const),
    annualValuePence: money,
    contractYear: fc.integer({ min: 1, max: 5 }),
    atRiskShareByContractYear: fc.array(fc.integer({ min: 0, max: 300_000 }), { minLength: 5, maxLength: 5 }),
    outcomeAchievementMicros: fc.option(rate, { nil: null }),
  }),
  fc.record({ model: fc.constant('minimum_income_guarantee' as const), floorAnnualPence: money, scope: fc.option(fc.constant(['EL'] as ['EL']), { nil: undefined }) }),
);

function sum(values: readonly Pence[]): Pence {
  return values.reduce((a, b) => a + b, 0);
}

function check(s: Statement): void {
  for (const l of s.lines) {
    expect(isPence(l.amountPence)).toBe(true);
    expect(periodsOfSchemeYear(s.year)).toContain(l.period);
    expect(l.rule.id).toMatch(/^[a-z_]+\.[a-z_]+$/);
    expect(l.rule.source).toMatch(/^RULES\.md §/);
  }
  expect(sum(s.lines.map((l) => l.amountPence))).toBe(s.totalPence);
}

describe('every payment model: lines add up to the total to the penny', () => {
  it('holds for random terms, months and statement ends', () => {
    fc.assert(
      fc.property(termsArb, monthsArb, fc.integer({ min: 0, max: 11 }), (terms, months, last) => {
        const input: StatementInput = { year: YEAR, terms, months: months.filter((m) => PERIODS.indexOf(m.period) <= last), throughPeriod: PERIODS[last] };
        check(computeStatement(input));
      }),
      { numRuns: 500 },
    );
  });
});

describe('a full year equals the rule applied once to the annual figures', () => {
  it('holds for every model', () => {
    fc.assert(
      fc.property(termsArb, monthsArb, (terms, months) => {
        const s = computeStatement({ year: YEAR, terms, months });
        check(s);
        const el = sum(months.map((m) => m.pricedByPod!.EL!));
        const nel = sum(months.map((m) => m.pricedByPod!.NEL!));
        const all = el + nel;
        const plan = sum(months.map((m) => m.planPence));
        // Baselines and floors count for reported months only.
        const reported = (annual: Pence): Pence => {
          const shares = splitEvenly(annual, 12);
          return sum(months.map((m) => shares[PERIODS.indexOf(m.period)]));
        };
        const scoped = (scope?: readonly string[]): Pence => (scope === undefined ? all : (scope.includes('EL') ? el : 0) + (scope.includes('NEL') ? nel : 0));
        let expected: Pence;
        switch (terms.model) {
          case 'block':
          case 'low_volume':
            expected = terms.annualValuePence;
            break;
          case 'activity':
            expected = scoped(terms.scope);
            break;
          case 'minimum_income_guarantee':
            expected = Math.max(scoped(terms.scope), reported(terms.floorAnnualPence));
            break;
          case 'marginal_rate': {
            const a = scoped(terms.scope);
            const b = reported(terms.baselinePence);
            expected = Math.min(a, b) + applyRate(Math.max(0, a - b), terms.rateMicros!);
            break;
          }
          case 'blended':
            expected = terms.fixedAnnualPence + applyRate(all - plan, terms.rateMicros!);
            break;
          case 'aligned_payment_incentive':
            // 2025/26 is a unit-price year; variable scope defaults to DC + EL.
            expected = terms.fixedAnnualPence + applyRate(el, terms.variableRateMicros ?? 1_000_000);
            break;
          case 'outcomes_based': {
            const atRisk = applyRate(terms.annualValuePence, terms.atRiskShareByContractYear[terms.contractYear - 1]);
            expected = terms.annualValuePence - atRisk + (terms.outcomeAchievementMicros === null ? 0 : applyRate(atRisk, terms.outcomeAchievementMicros));
            break;
          }
        }
        if (terms.cquin) {
          const value = applyRate(expected, terms.cquin.rateMicros!);
          const earned = applyRate(value, terms.cquin.achievementMicros);
          expected += terms.cquin.mode === 'shortfall' ? earned - value : earned;
        }
        expect(s.totalPence).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('2022/23 API moves the rate x (actual - baseline) either side', () => {
    fc.assert(
      fc.property(money, money, monthsArb, (fixed, baseline, months) => {
        const s = computeStatement({ year: '2022/23', terms: { model: 'aligned_payment_incentive', fixedAnnualPence: fixed, baselinePence: baseline }, months: months.map((m) => ({ ...m, period: m.period.replace(/^2025/, '2022').replace(/^2026/, '2023') })) });
        check(s);
        const el = sum(months.map((m) => m.pricedByPod!.EL!));
        const shares = splitEvenly(baseline, 12);
        const b = sum(months.map((m) => shares[PERIODS.indexOf(m.period)]));
        expect(s.totalPence).toBe(fixed + applyRate(el - b, 750_000));
      }),
    );
  });
});

describe('year-end reconciliation', () => {
  it('balance is earned minus paid, and the monthly balances end there', () => {
    fc.assert(
      fc.property(termsArb, monthsArb, signedMoney, (terms, months, eacv) => {
        const s = computeStatement({ year: YEAR, terms, months });
        const r = reconcileYear(s, paymentsOnAccount(eacv, YEAR));
        expect(r.paidPence).toBe(eacv);
        expect(r.earnedPence).toBe(s.totalPence);
        expect(r.balancePence).toBe(s.totalPence - eacv);
        expect(r.months.at(-1)!.cumulativeBalancePence).toBe(r.balancePence);
        expect(sum(r.months.map((m) => m.earnedPence))).toBe(r.earnedPence);
      }),
    );
  });
});
