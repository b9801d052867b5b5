import { describe, expect, it } from 'vitest';
import { splitEvenly } from '../money.ts';
import { priceUnit } from '../pricing/index.ts';
import { buildTariff, periodsOfSchemeYear } from '../tariff/index.ts';
import {
  computeStatement,
  lowVolumeValue,
  type MonthActivity,
  type PaymentTerms,
  paymentsOnAccount,
  qualifiesForLowVolume,
  reconcileYear,
  type Statement,
  summariseMonths,
  UNITINGCARE_AT_RISK_BY_CONTRACT_YEAR,
} from './index.ts';

const M = 100_000_000; // £1m in pence

/** A year of months whose priced values add up to `annual` exactly, plan spread the same way. */
function year(label: string, annual: number, plan = annual, byPod?: 'EL' | 'NEL'): MonthActivity[] {
  const a = splitEvenly(annual, 12);
  const p = splitEvenly(plan, 12);
  return periodsOfSchemeYear(label).map((period, i) => ({
    period,
    pricedPence: a[i],
    pricedByPod: byPod ? { [byPod]: a[i] } : undefined,
    planPence: p[i],
  }));
}

function sumLines(s: Statement, rule?: string): number {
  return s.lines.filter((l) => rule === undefined || l.rule.id === rule).reduce((t, l) => t + l.amountPence, 0);
}

describe('block', () => {
  it('pays 1/12 a month with the remainder pennies so the year adds up exactly', () => {
    const s = computeStatement({ year: '2025/26', terms: { model: 'block', annualValuePence: 1_200_000_005 }, months: [] });
    expect(s.lines).toHaveLength(12);
    expect(s.lines.slice(0, 6).map((l) => l.amountPence)).toEqual([100_000_001, 100_000_001, 100_000_001, 100_000_001, 100_000_001, 100_000_000]);
    expect(s.totalPence).toBe(1_200_000_005);
    expect(s.lines[0]).toMatchObject({ period: '2025-04', rule: { id: 'block.monthly', source: 'RULES.md §1.4, §5' } });
    expect(s.lines[11].period).toBe('2026-03');
  });

  it('shows plan against actual each month, null for months not reported', () => {
    const s = computeStatement({
      year: '2025/26',
      terms: { model: 'block', annualValuePence: 12 * M },
      months: [{ period: '2025-04', pricedPence: 90_000, planPence: 100_000 }, { period: '2025-05', pricedPence: null, planPence: 100_000 }],
    });
    expect(s.planVsActual.slice(0, 3)).toEqual([
      { period: '2025-04', planPence: 100_000, actualPence: 90_000 },
      { period: '2025-05', planPence: 100_000, actualPence: null },
      { period: '2025-06', planPence: 0, actualPence: null },
    ]);
  });

  it('stops at throughPeriod for an in-year statement', () => {
    const s = computeStatement({ year: '2025/26', terms: { model: 'block', annualValuePence: 12 * M }, months: [], throughPeriod: '2025-06' });
    expect(s.totalPence).toBe(3 * M);
    expect(s.planVsActual).toHaveLength(3);
  });
});

describe('marginal rate (RULES.md §7 example 3)', () => {
  it('pays £10.3m on a £10m baseline and £11m actual at the 30% MRET, the commissioner keeping £0.7m', () => {
    const s = computeStatement({ year: '2012/13', terms: { model: 'marginal_rate', baselinePence: 10 * M }, months: year('2012/13', 11 * M) });
    expect(s.totalPence).toBe(1_030_000_000);
    expect(sumLines(s, 'marginal_rate.within_baseline')).toBe(10 * M);
    expect(sumLines(s, 'marginal_rate.above_baseline')).toBe(30_000_000);
    expect(s.notes.join(' ')).toContain('retained by the commissioner £700,000.00');
  });

  it('uses the year\'s rate: 70% in 2017/18', () => {
    const s = computeStatement({ year: '2017/18', terms: { model: 'marginal_rate', baselinePence: 10 * M }, months: year('2017/18', 11 * M) });
    expect(s.totalPence).toBe(1_070_000_000);
  });

  it('pays actual below the baseline in full', () => {
    const s = computeStatement({ year: '2012/13', terms: { model: 'marginal_rate', baselinePence: 10 * M }, months: year('2012/13', 9 * M) });
    expect(s.totalPence).toBe(9 * M);
  });

  it('applies to the scoped points of delivery only', () => {
    const months = year('2012/13', 11 * M, 0, 'NEL');
    const s = computeStatement({ year: '2012/13', terms: { model: 'marginal_rate', baselinePence: 10 * M, scope: ['NEL'] }, months });
    expect(s.totalPence).toBe(1_030_000_000);
  });

  it('is an error for a year with no marginal rate unless the terms give one', () => {
    expect(() => computeStatement({ year: '2025/26', terms: { model: 'marginal_rate', baselinePence: M }, months: [] })).toThrowError(/no marginal rate for 2025\/26/);
    const s = computeStatement({ year: '2025/26', terms: { model: 'marginal_rate', baselinePence: 10 * M, rateMicros: 500_000 }, months: year('2025/26', 11 * M) });
    expect(s.totalPence).toBe(1_050_000_000);
  });
});

describe('blended payment (RULES.md §7 example 4)', () => {
  it('pays £50.4m on a £50m fixed element when actual is £52m, £49.6m when £48m', () => {
    const over = computeStatement({ year: '2019/20', terms: { model: 'blended', fixedAnnualPence: 50 * M }, months: year('2019/20', 52 * M, 50 * M) });
    expect(over.totalPence).toBe(5_040_000_000);
    expect(sumLines(over, 'blended.fixed')).toBe(50 * M);
    expect(sumLines(over, 'blended.variable')).toBe(40_000_000);
    const under = computeStatement({ year: '2019/20', terms: { model: 'blended', fixedAnnualPence: 50 * M }, months: year('2019/20', 48 * M, 50 * M) });
    expect(under.totalPence).toBe(4_960_000_000);
  });
});

describe('aligned payment and incentive', () => {
  it('2022/23: moves 75% either side of the baseline (RULES.md §7 example 5)', () => {
    const terms: PaymentTerms = { model: 'aligned_payment_incentive', fixedAnnualPence: 100 * M, baselinePence: 20 * M };
    const over = computeStatement({ year: '2022/23', terms, months: year('2022/23', 21 * M, 0, 'EL') });
    expect(sumLines(over, 'api.variable_vs_baseline')).toBe(75_000_000);
    expect(over.totalPence).toBe(10_075_000_000);
    const under = computeStatement({ year: '2022/23', terms, months: year('2022/23', 19 * M, 0, 'EL') });
    expect(sumLines(under, 'api.variable_vs_baseline')).toBe(-75_000_000);
  });

  it('2022/23 without a baseline is an error', () => {
    expect(() => computeStatement({ year: '2022/23', terms: { model: 'aligned_payment_incentive', fixedAnnualPence: M }, months: [] })).toThrowError(/baselinePence/);
  });

  it('2023/24: pays 100 spells x £3,000 x MFF 1.05 = £315,000 as the variable element (RULES.md §7 example 6)', () => {
    const tariff = buildTariff({
      year: '2023/24',
      source: 'RULES.md §7 example 6 [C]',
      apc: [{ hrg: 'HN22C', name: null, outpatientProcedurePence: null, combinedElectivePence: 300_000, dayCasePence: null, ordinaryElectivePence: null, electiveTrimDays: null, nonElectivePence: null, nonElectiveTrimDays: null, longStayPerDayPence: null, ssemApplicable: false, ssemPctMicros: null, ssemReducedPence: null }],
      mff: [{ provider: 'RA1', name: null, mffMicros: 1_050_000 }],
    });
    const items = Array.from({ length: 100 }, (_, i) => {
      const r = priceUnit(tariff, { pod: 'EL', provider: 'RA1', hrg: 'HN22C', losDays: 3 });
      if (!r.ok) throw new Error(r.message);
      return { period: periodsOfSchemeYear('2023/24')[i % 12], pod: 'EL' as const, pence: r.pence };
    });
    const months = summariseMonths('2023/24', items);
    const s = computeStatement({ year: '2023/24', terms: { model: 'aligned_payment_incentive', fixedAnnualPence: 12 * M }, months });
    expect(sumLines(s, 'api.variable')).toBe(31_500_000);
    expect(sumLines(s, 'api.fixed')).toBe(12 * M);
    expect(s.totalPence).toBe(12 * M + 31_500_000);
  });

  it('only counts the variable scope (default: day case and elective spells)', () => {
    const months: MonthActivity[] = [{ period: '2024-04', pricedPence: 1_000, pricedByPod: { EL: 600, NEL: 400 }, planPence: 0 }];
    const s = computeStatement({ year: '2024/25', terms: { model: 'aligned_payment_incentive', fixedAnnualPence: 0 }, months });
    expect(sumLines(s, 'api.variable')).toBe(600);
    expect(() => computeStatement({ year: '2024/25', terms: { model: 'aligned_payment_incentive', fixedAnnualPence: 0 }, months: [{ period: '2024-04', pricedPence: 1, planPence: 0 }] })).toThrowError(/by point of delivery/);
  });
});

describe('outcomes-based withhold (RULES.md §5, §7 example 11)', () => {
  const base = { model: 'outcomes_based' as const, annualValuePence: 160 * M, atRiskShareByContractYear: UNITINGCARE_AT_RISK_BY_CONTRACT_YEAR };

  it('puts 0%, 10%, 10%, 15%, 15% at risk in contract years 1-5', () => {
    const fixed = [1, 2, 3, 4, 5].map((contractYear) =>
      sumLines(computeStatement({ year: '2025/26', terms: { ...base, contractYear, outcomeAchievementMicros: 0 }, months: [] }), 'outcome.fixed'),
    );
    expect(fixed).toEqual([160 * M, 144 * M, 144 * M, 136 * M, 136 * M]);
  });

  it('releases the value at risk in proportion to outcome achievement at year end', () => {
    const s = computeStatement({ year: '2025/26', terms: { ...base, contractYear: 4, outcomeAchievementMicros: 600_000 }, months: [] });
    expect(sumLines(s, 'outcome.release')).toBe(1_440_000_000);
    expect(s.totalPence).toBe(136 * M + 1_440_000_000);
    expect(s.lines.at(-1)).toMatchObject({ period: '2026-03', rule: { id: 'outcome.release' } });
  });

  it('releases nothing before outcomes are measured, and says so', () => {
    const s = computeStatement({ year: '2025/26', terms: { ...base, contractYear: 2, outcomeAchievementMicros: null }, months: [] });
    expect(s.totalPence).toBe(144 * M);
    expect(s.notes[0]).toContain('not yet measured');
  });
});

describe('CQUIN (RULES.md §1.5)', () => {
  it('is 2.5% of Actual Annual Value in 2016/17 and 1.25% in 2019/20', () => {
    const s16 = computeStatement({ year: '2016/17', terms: { model: 'block', annualValuePence: 100 * M, cquin: { achievementMicros: 1_000_000 } }, months: [] });
    expect(sumLines(s16, 'cquin.earned')).toBe(250_000_000);
    expect(s16.totalPence).toBe(10_250_000_000);
    const s19 = computeStatement({ year: '2019/20', terms: { model: 'block', annualValuePence: 100 * M, cquin: { achievementMicros: 500_000 } }, months: [] });
    expect(sumLines(s19, 'cquin.earned')).toBe(62_500_000);
  });

  it('is suspended (0%) in 2020/21, and under API deducts the shortfall from the fixed element', () => {
    const s20 = computeStatement({ year: '2020/21', terms: { model: 'block', annualValuePence: 100 * M, cquin: { achievementMicros: 1_000_000 } }, months: [] });
    expect(sumLines(s20, 'cquin.earned')).toBe(0);
    const api = computeStatement({
      year: '2023/24',
      terms: { model: 'aligned_payment_incentive', fixedAnnualPence: 100 * M, cquin: { rateMicros: 12_500, achievementMicros: 600_000 } },
      months: [],
    });
    expect(sumLines(api, 'cquin.shortfall')).toBe(-50_000_000);
  });

  it('is an error for a year whose CQUIN rate is unknown unless the terms give it', () => {
    expect(() => computeStatement({ year: '2025/26', terms: { model: 'block', annualValuePence: M, cquin: { achievementMicros: 1 } }, months: [] })).toThrowError(/CQUIN rate/);
  });
});

describe('minimum income guarantee (RULES.md §5)', () => {
  it('tops activity income up to the floor as its own line', () => {
    const s = computeStatement({ year: '2014/15', terms: { model: 'minimum_income_guarantee', floorAnnualPence: 10 * M }, months: year('2014/15', 7 * M) });
    expect(sumLines(s, 'mig.activity')).toBe(7 * M);
    expect(s.lines.at(-1)).toMatchObject({ period: '2015-03', rule: { id: 'mig.top_up' }, amountPence: 3 * M });
    expect(s.totalPence).toBe(10 * M);
  });

  it('pays activity above the floor with a zero top-up', () => {
    const s = computeStatement({ year: '2014/15', terms: { model: 'minimum_income_guarantee', floorAnnualPence: 10 * M }, months: year('2014/15', 12 * M) });
    expect(s.totalPence).toBe(12 * M);
    expect(sumLines(s, 'mig.top_up')).toBe(0);
  });
});

describe('low volume activity block (RULES.md §2.7, §7 example 10)', () => {
  it('pays a £0.4m LVA 1/12 a month in 2023/24, based on a three-year rolling average', () => {
    const value = lowVolumeValue([38_000_000, 40_000_000, 42_000_000]);
    expect(value).toBe(40_000_000);
    expect(qualifiesForLowVolume(value, '2023/24')).toBe(true);
    const s = computeStatement({ year: '2023/24', terms: { model: 'low_volume', annualValuePence: value }, months: [] });
    expect(s.totalPence).toBe(40_000_000);
    expect(s.lines.every((l) => l.rule.id === 'lva.monthly')).toBe(true);
    expect(s.notes).toEqual([]);
  });

  it('uses each year\'s threshold: below £0.5m in 2023/25, £1.5m or less in 2025/26', () => {
    expect(qualifiesForLowVolume(50_000_000, '2024/25')).toBe(false);
    expect(qualifiesForLowVolume(150_000_000, '2025/26')).toBe(true);
    expect(qualifiesForLowVolume(150_000_001, '2025/26')).toBe(false);
    expect(qualifiesForLowVolume(1, '2019/20')).toBeNull();
    const s = computeStatement({ year: '2024/25', terms: { model: 'low_volume', annualValuePence: 60_000_000 }, months: [] });
    expect(s.notes[0]).toContain('above the 2024/25 low volume threshold');
  });
});

describe('activity-based', () => {
  it('pays priced activity month by month', () => {
    const s = computeStatement({ year: '2025/26', terms: { model: 'activity' }, months: year('2025/26', 1_234_567) });
    expect(s.totalPence).toBe(1_234_567);
    expect(s.lines).toHaveLength(12);
  });
});

describe('input checks', () => {
  it('names the field at fault', () => {
    expect(() => computeStatement({ year: '2025/26', terms: { model: 'block', annualValuePence: 1.5 }, months: [] })).toThrowError(/terms.annualValuePence/);
    expect(() => computeStatement({ year: '2025/26', terms: { model: 'activity' }, months: [{ period: '2025-03', pricedPence: 1, planPence: 0 }] })).toThrowError(/months.0.period/);
    expect(() => computeStatement({ year: '2025/26', terms: { model: 'activity' }, months: [{ period: '2025-04', pricedPence: 1, planPence: 0 }, { period: '2025-04', pricedPence: 1, planPence: 0 }] })).toThrowError(/appears twice/);
    expect(() => computeStatement({ year: '2025/26', terms: { model: 'block', annualValuePence: 1 }, months: [], throughPeriod: '2026-04' })).toThrowError(/throughPeriod/);
  });
});

describe('year-end reconciliation', () => {
  it('compares payments on account (1/12 of the EACV) with what was earned', () => {
    const s = computeStatement({ year: '2025/26', terms: { model: 'activity' }, months: year('2025/26', 13 * M, 12 * M) });
    const r = reconcileYear(s, paymentsOnAccount(12 * M, '2025/26'));
    expect(r).toMatchObject({ earnedPence: 13 * M, paidPence: 12 * M, balancePence: M, direction: 'commissioner_pays_provider', planPence: 12 * M, actualPence: 13 * M, activityVariancePence: M });
    expect(r.months.at(-1)?.cumulativeBalancePence).toBe(M);
    const refund = reconcileYear(computeStatement({ year: '2025/26', terms: { model: 'activity' }, months: year('2025/26', 11 * M) }), paymentsOnAccount(12 * M, '2025/26'));
    expect(refund).toMatchObject({ balancePence: -M, direction: 'provider_refunds_commissioner' });
    const block = computeStatement({ year: '2025/26', terms: { model: 'block', annualValuePence: 12 * M }, months: [] });
    expect(reconcileYear(block, paymentsOnAccount(12 * M, '2025/26')).direction).toBe('settled');
  });
});

describe('months not yet reported', () => {
  it('do not count against a baseline or a floor', () => {
    const months = year('2012/13', 12 * M).slice(0, 6); // £1m a month reported for April-September
    const mret = computeStatement({ year: '2012/13', terms: { model: 'marginal_rate', baselinePence: 6 * M }, months, throughPeriod: '2013-03' });
    expect(mret.totalPence).toBe(3 * M + 90_000_000); // £3m baseline to date + 30% of £3m above it
    const mig = computeStatement({ year: '2012/13', terms: { model: 'minimum_income_guarantee', floorAnnualPence: 24 * M }, months });
    expect(sumLines(mig, 'mig.top_up')).toBe(6 * M); // floor to date £12m less £6m income
  });
});
