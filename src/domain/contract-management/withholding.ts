/**
 * GC9 withholding arithmetic (RULES.md §1.2 items 4-5 [M]): the monthly cap, when withheld sums may
 * be retained for good, and the month a repayment falls in. The numbers come from the edition's rules
 * (editions.ts), never from constants here.
 */

import { invalid } from '../errors.ts';
import { applyRate, isPence, type Micros, type Pence } from '../money.ts';
import { nextPeriod, parsePeriod, periodOf, periodStart, type IsoDate, type Period } from '../time/index.ts';
import type { Withholding } from './notice.ts';

/**
 * The most that may be withheld for a month: the cap share of that month's Actual Monthly Value,
 * rounded by the one rounding rule. Nothing may be withheld from a month with no value.
 *
 * @example withholdingCap(1_341_666_667, 20_000) // 26_833_333 (2% of £13,416,666.67)
 */
export function withholdingCap(actualMonthlyValuePence: Pence, capMicros: Micros): Pence {
  if (!isPence(actualMonthlyValuePence)) throw invalid('actualMonthlyValuePence', 'must be a whole number of pence');
  return actualMonthlyValuePence <= 0 ? 0 : applyRate(actualMonthlyValuePence, capMicros);
}

/**
 * `period` moved on by `months` (0 or more).
 *
 * @example periodPlus('2025-11', 3) // '2026-02'
 */
export function periodPlus(period: Period, months: number): Period {
  parsePeriod(period);
  if (!Number.isSafeInteger(months) || months < 0) throw invalid('months', 'must be a whole number 0 or more');
  let p = period;
  for (let i = 0; i < months; i++) p = nextPeriod(p);
  return p;
}

/**
 * The first day the held sums may be retained: once the failure has persisted `retentionAfterMonths`
 * months from the earliest month still held. Null when nothing is held.
 *
 * @example retainableFrom([{ period: '2026-02', status: 'held', ... }], 3) // '2026-05-01'
 */
export function retainableFrom(withholdings: readonly Withholding[], retentionAfterMonths: number): IsoDate | null {
  const held = withholdings.filter((w) => w.status === 'held').map((w) => w.period).sort();
  if (held.length === 0) return null;
  return periodStart(periodPlus(held[0], retentionAfterMonths));
}

/**
 * The statement month in which withheld sums are repaid after a remedy on `remedyOn`.
 *
 * @example repaymentPeriod('2026-04-20', 0) // '2026-04'
 */
export function repaymentPeriod(remedyOn: IsoDate, lagMonths: number): Period {
  return periodPlus(periodOf(remedyOn), lagMonths);
}

/**
 * Totals of a notice's withholdings by status.
 *
 * @example withholdingTotals(notice.withholdings) // { heldPence: 0, repaidPence: 26_833_333, retainedPence: 0 }
 */
export function withholdingTotals(withholdings: readonly Withholding[]): { heldPence: Pence; repaidPence: Pence; retainedPence: Pence } {
  let heldPence = 0;
  let repaidPence = 0;
  let retainedPence = 0;
  for (const w of withholdings) {
    if (w.status === 'held') heldPence += w.amountPence;
    else if (w.status === 'repaid') repaidPence += w.amountPence;
    else retainedPence += w.amountPence;
  }
  return { heldPence, repaidPence, retainedPence };
}
