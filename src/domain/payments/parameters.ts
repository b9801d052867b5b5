/**
 * Payment parameters keyed by payment-scheme year. Every value cites RULES.md with its confidence
 * tag; none is a hidden constant: pass your own table (or override per contract in the terms) where
 * a primary source differs. A year without a value for a rule has no default: using that rule for
 * that year without an override in the terms is an error, never a guess.
 */

import type { Micros, Pence } from '../money.ts';
import type { SchemeYear } from '../tariff/index.ts';
import { schemeYearLabel } from '../tariff/index.ts';

export interface AlignedPaymentParameters {
  /**
   * 'baseline_delta' (2022/23): variable = rate x (actual - baseline), either side of the baseline.
   * 'unit_price' (2023/24 on): variable = rate x activity at unit prices.
   */
  readonly mode: 'baseline_delta' | 'unit_price';
  readonly variableRateMicros: Micros;
  /**
   * baseline_delta only: whether under-delivery is deducted. RULES.md §2.7 [S2]: nominally 75% either
   * side, but "clawback for under-delivery was not applied in practice".
   */
  readonly underDeliveryApplied: boolean;
}

export interface LowVolumeParameters {
  /** Annual value threshold for the low volume activity block. */
  readonly thresholdPence: Pence;
  /** True when a value equal to the threshold qualifies ("£1.5m or less"); false for "below £0.5m". */
  readonly inclusive: boolean;
}

export interface SchemeYearPaymentParameters {
  readonly year: SchemeYear;
  /** Emergency marginal rate paid above the baseline (MRET). */
  readonly marginalRateMicros?: Micros;
  /** Blended payment: share of unit price paid or refunded either side of plan. */
  readonly blendedVariableRateMicros?: Micros;
  readonly alignedPayment?: AlignedPaymentParameters;
  /** CQUIN as a share of Actual Annual Value. */
  readonly cquinRateMicros?: Micros;
  readonly lowVolume?: LowVolumeParameters;
  /** Where each value comes from (RULES.md section and tag). */
  readonly sources: readonly string[];
}

export type PaymentParameterTable = Readonly<Record<SchemeYear, SchemeYearPaymentParameters>>;

const table: Record<SchemeYear, SchemeYearPaymentParameters> = {};
function put(p: SchemeYearPaymentParameters): void {
  table[p.year] = p;
}

// MRET: 30% from 2010/11 (RULES.md §2.6 [S2], HFMA 2013; HSJ). The 2015/16 50% was a proposal only.
for (let y = 2010; y <= 2016; y++) {
  put({ year: schemeYearLabel(y), marginalRateMicros: 300_000, sources: ['MRET 30%: RULES.md §2.6 [S2]'] });
}
// MRET 70% "by 2017-18" (RULES.md §2.6 [S2], HFMA 2017, HSJ 2018).
for (let y = 2017; y <= 2018; y++) {
  put({ year: schemeYearLabel(y), marginalRateMicros: 700_000, sources: ['MRET 70%: RULES.md §2.6 [S2]'] });
}
// CQUIN 2.5% of AAV in 2016/17 (RULES.md §1.5 [S2], HFMA Jun 2016).
table['2016/17'] = { ...table['2016/17'], cquinRateMicros: 25_000, sources: [...table['2016/17'].sources, 'CQUIN 2.5% of AAV: RULES.md §1.5 [S2]'] };
// 2019/20: blended payment 20% either side of plan replaced MRET (RULES.md §2.6 [S2]); CQUIN 1.25% (RULES.md §1.5 [S]).
put({
  year: '2019/20',
  blendedVariableRateMicros: 200_000,
  cquinRateMicros: 12_500,
  sources: ['Blended payment 20%: RULES.md §2.6 [S2]', 'CQUIN 1.25%: RULES.md §1.5 [S]'],
});
// CQUIN suspended 2020/21-2021/22 (RULES.md §1.5 [S], CQUIN 2022/23).
put({ year: '2020/21', cquinRateMicros: 0, sources: ['CQUIN suspended: RULES.md §1.5 [S]'] });
put({ year: '2021/22', cquinRateMicros: 0, sources: ['CQUIN suspended: RULES.md §1.5 [S]'] });
// API 2022/23: 75% of unit price either side of the baseline (RULES.md §2.7 [S2], HFMA 2022-23).
put({
  year: '2022/23',
  alignedPayment: { mode: 'baseline_delta', variableRateMicros: 750_000, underDeliveryApplied: true },
  sources: ['API variable 75% either side of baseline: RULES.md §2.7 [S2]'],
});
// 2023/25 NHSPS: API variable at 100% of unit prices; LVA below £0.5m (RULES.md §2.7 [S]).
for (const year of ['2023/24', '2024/25']) {
  put({
    year,
    alignedPayment: { mode: 'unit_price', variableRateMicros: 1_000_000, underDeliveryApplied: true },
    lowVolume: { thresholdPence: 50_000_000, inclusive: false },
    sources: ['API variable 100% of unit prices: RULES.md §2.7 [S]', 'LVA below £0.5m: RULES.md §2.7 [S]'],
  });
}
// 2025/26: LVA "£1.5m or less" (RULES.md §2.7 [S], NHSE provider payment mechanisms). API rate carried
// forward from 2023/25 [M]: the 2025/26 API variable rate is not separately sourced in RULES.md.
put({
  year: '2025/26',
  alignedPayment: { mode: 'unit_price', variableRateMicros: 1_000_000, underDeliveryApplied: true },
  lowVolume: { thresholdPence: 150_000_000, inclusive: true },
  sources: ['API variable 100% carried forward from 2023/25 [M]: RULES.md §2.7', 'LVA £1.5m or less: RULES.md §2.7 [S]'],
});

/** The default year-keyed payment parameters (see the comments in parameters.ts for each source). */
export const DEFAULT_PAYMENT_PARAMETERS: PaymentParameterTable = table;

/**
 * Outcomes-based contract: share of contract value at risk by contract year 1-5, UnitingCare
 * (RULES.md §5 and §7 example 11 [S2]): 0%, 10%, 10%, 15%, 15%. An example schedule, not a rule:
 * each outcomes-based contract states its own.
 */
export const UNITINGCARE_AT_RISK_BY_CONTRACT_YEAR: readonly Micros[] = [0, 100_000, 100_000, 150_000, 150_000];
