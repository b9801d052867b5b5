/**
 * Property tests for relationship money on the statement: for random terms, activity, adjustments and
 * statement ends, the statement moves by exactly the adjustments in its months, each appears once as a
 * line naming its rule, and the lines still add up to the total. Expected values are worked out here
 * from the inputs (plain sums and the one rounding rule), not by the engine's own line book.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { applyRate, isPence, type Pence, splitEvenly } from '../money.ts';
import { periodsOfSchemeYear } from '../tariff/index.ts';
import { ADJUSTMENT_RULE_IDS, computeStatement, type MonthActivity, type PaymentTerms, type StatementAdjustment } from './index.ts';

const YEAR = '2025/26';
const PERIODS = periodsOfSchemeYear(YEAR);
const money = fc.integer({ min: 0, max: 5_000_000_000 });

const monthsArb: fc.Arbitrary<MonthActivity[]> = fc
  .array(fc.tuple(fc.boolean(), fc.integer({ min: 0, max: 500_000_000 }), fc.integer({ min: 0, max: 500_000_000 })), { minLength: 12, maxLength: 12 })
  .map((rows) => rows.flatMap(([present, el, plan], i) => (present ? [{ period: PERIODS[i], pricedPence: el, pricedByPod: { EL: el }, planPence: plan }] : [])));

/** Terms without CQUIN, so the adjustments are the only thing added. */
const termsArb: fc.Arbitrary<PaymentTerms> = fc.oneof(
  fc.record({ model: fc.constant('block' as const), annualValuePence: money }),
  fc.record({ model: fc.constant('activity' as const) }),
  fc.record({ model: fc.constant('blended' as const), fixedAnnualPence: money, rateMicros: fc.integer({ min: 0, max: 1_000_000 }) }),
  fc.record({ model: fc.constant('aligned_payment_incentive' as const), fixedAnnualPence: money }),
  fc.record({ model: fc.constant('minimum_income_guarantee' as const), floorAnnualPence: money }),
);

const adjustmentsArb: fc.Arbitrary<StatementAdjustment[]> = fc.array(
  fc.record({
    index: fc.integer({ min: 0, max: 11 }),
    ruleId: fc.constantFrom(...ADJUSTMENT_RULE_IDS),
    amountPence: fc.integer({ min: -100_000_000, max: 100_000_000 }),
  }),
  { maxLength: 20 },
).map((xs) => xs.map((x, i) => ({ period: PERIODS[x.index], ruleId: x.ruleId, amountPence: x.amountPence, description: `adjustment ${i}`, reference: `entry-${i}` })));

function sum(values: readonly Pence[]): Pence {
  return values.reduce((a, b) => a + b, 0);
}

describe('relationship adjustments on the statement', () => {
  it('move the total by exactly their sum in the statement\'s months, each as one line naming its rule', () => {
    fc.assert(
      fc.property(termsArb, monthsArb, adjustmentsArb, fc.integer({ min: 0, max: 11 }), (terms, allMonths, adjustments, last) => {
        const through = PERIODS[last];
        const months = allMonths.filter((m) => PERIODS.indexOf(m.period) <= last);
        const without = computeStatement({ year: YEAR, terms, months, throughPeriod: through });
        const withAdj = computeStatement({ year: YEAR, terms, months, throughPeriod: through, adjustments });
        const inScope = adjustments.filter((a) => PERIODS.indexOf(a.period) <= last);

        // Lines add up to the total, all whole pence.
        expect(sum(withAdj.lines.map((l) => l.amountPence))).toBe(withAdj.totalPence);
        for (const l of withAdj.lines) expect(isPence(l.amountPence)).toBe(true);
        // The total moves by the independent sum of the adjustments in scope.
        expect(withAdj.totalPence).toBe(without.totalPence + sum(inScope.map((a) => a.amountPence)));
        // Month by month too.
        for (const p of PERIODS.slice(0, last + 1)) {
          const moved = sum(withAdj.lines.filter((l) => l.period === p).map((l) => l.amountPence)) - sum(without.lines.filter((l) => l.period === p).map((l) => l.amountPence));
          expect(moved).toBe(sum(inScope.filter((a) => a.period === p).map((a) => a.amountPence)));
        }
        // Each adjustment in scope is exactly one line with its rule, amount and reference; none later.
        const adjLines = withAdj.lines.filter((l) => l.reference !== undefined);
        expect(adjLines).toHaveLength(inScope.length);
        for (const a of inScope) {
          const hits = adjLines.filter((l) => l.reference === a.reference);
          expect(hits).toHaveLength(1);
          expect(hits[0]).toMatchObject({ period: a.period, amountPence: a.amountPence, rule: { id: a.ruleId } });
          expect(hits[0].rule.source).toMatch(/^RULES\.md §/);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('with CQUIN, equal the annual value plus the adjustments plus CQUIN on both, worked out by hand', () => {
    fc.assert(
      fc.property(
        money,
        adjustmentsArb.map((xs) => xs.filter((x) => !x.ruleId.startsWith('cquin.'))),
        fc.integer({ min: 0, max: 50_000 }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.constantFrom('earned' as const, 'shortfall' as const),
        (annual, adjustments, rate, achievement, mode) => {
          const s = computeStatement({ year: YEAR, terms: { model: 'block', annualValuePence: annual, cquin: { rateMicros: rate, achievementMicros: achievement, mode } }, months: [], adjustments });
          const aav = annual + sum(adjustments.map((a) => a.amountPence));
          const value = applyRate(aav, rate);
          const earned = applyRate(value, achievement);
          expect(s.totalPence).toBe(aav + (mode === 'earned' ? earned : earned - value));
          expect(sum(s.lines.map((l) => l.amountPence))).toBe(s.totalPence);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a withholding and its later repayment: both appear, the year nets to the statement without them', () => {
    fc.assert(
      fc.property(money, fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 11 }), fc.integer({ min: 1, max: 50_000_000 }), (annual, wi, gap, amount) => {
        const ri = Math.min(11, wi + gap);
        fc.pre(ri > wi);
        const adjustments: StatementAdjustment[] = [
          { period: PERIODS[wi], ruleId: 'gc9.withhold', description: 'withheld', amountPence: -amount, reference: 'w' },
          { period: PERIODS[ri], ruleId: 'gc9.withhold_repayment', description: 'repaid', amountPence: amount, reference: 'r' },
        ];
        const monthly = splitEvenly(annual, 12);
        const before = computeStatement({ year: YEAR, terms: { model: 'block', annualValuePence: annual }, months: [], adjustments, throughPeriod: PERIODS[ri - 1] });
        expect(before.lines.map((l) => l.reference).filter(Boolean)).toEqual(['w']);
        expect(before.totalPence).toBe(sum(monthly.slice(0, ri)) - amount);
        const after = computeStatement({ year: YEAR, terms: { model: 'block', annualValuePence: annual }, months: [], adjustments });
        expect(after.lines.map((l) => l.reference).filter(Boolean)).toEqual(['w', 'r']);
        expect(after.totalPence).toBe(annual);
      }),
      { numRuns: 200 },
    );
  });
});
