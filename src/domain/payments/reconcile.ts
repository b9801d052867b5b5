/**
 * Year-end reconciliation (RULES.md §1.4 SC36 [M]: 1/12 of the Expected Annual Contract Value paid
 * each month on account, then reconciled against what was earned; the balance is paid or refunded).
 */

import { invalid } from '../errors.ts';
import { isPence, type Pence, splitEvenly } from '../money.ts';
import { periodsOfSchemeYear, type SchemeYear } from '../tariff/index.ts';
import type { Statement } from './types.ts';

/** A payment made on account in a period. */
export interface PaymentOnAccount {
  readonly period: string;
  readonly amountPence: Pence;
  readonly description?: string;
}

export interface ReconciliationMonth {
  readonly period: string;
  readonly planPence: Pence;
  readonly actualPence: Pence | null;
  readonly earnedPence: Pence;
  readonly paidPence: Pence;
  /** Earned minus paid, year to date: positive means the commissioner owes the provider. */
  readonly cumulativeBalancePence: Pence;
}

export interface YearEndReconciliation {
  readonly year: SchemeYear;
  readonly earnedPence: Pence;
  readonly paidPence: Pence;
  /** Earned minus paid: positive, the commissioner pays the provider; negative, the provider refunds. */
  readonly balancePence: Pence;
  readonly direction: 'commissioner_pays_provider' | 'provider_refunds_commissioner' | 'settled';
  readonly planPence: Pence;
  readonly actualPence: Pence;
  /** Actual minus plan over the reported months. */
  readonly activityVariancePence: Pence;
  readonly months: readonly ReconciliationMonth[];
}

/**
 * The SC36 on-account schedule: 1/12 of the Expected Annual Contract Value each month, the pennies
 * distributed so the twelve add up exactly (RULES.md §1.4 [M]).
 *
 * @example paymentsOnAccount(1_200_000_001, '2025/26')[0].amountPence // 100_000_001
 */
export function paymentsOnAccount(expectedAnnualValuePence: Pence, year: SchemeYear): PaymentOnAccount[] {
  if (!isPence(expectedAnnualValuePence)) throw invalid('expectedAnnualValuePence', 'must be a whole number of pence');
  const shares = splitEvenly(expectedAnnualValuePence, 12);
  return periodsOfSchemeYear(year).map((period, i) => ({ period, amountPence: shares[i], description: '1/12 of the Expected Annual Contract Value' }));
}

/**
 * Reconciles a year's statement (what was earned) against the payments made on account.
 *
 * @example
 * const r = reconcileYear(statement, paymentsOnAccount(eacv, statement.year));
 * r.balancePence // > 0: the commissioner pays the balance; < 0: the provider refunds it
 */
export function reconcileYear(statement: Statement, payments: readonly PaymentOnAccount[]): YearEndReconciliation {
  const periods = periodsOfSchemeYear(statement.year);
  const paidBy = new Map<string, Pence>();
  payments.forEach((p, i) => {
    if (!periods.includes(p.period)) throw invalid(['payments', i, 'period'], `${p.period} is not in ${statement.year}`);
    if (!isPence(p.amountPence)) throw invalid(['payments', i, 'amountPence'], 'must be a whole number of pence');
    paidBy.set(p.period, (paidBy.get(p.period) ?? 0) + p.amountPence);
  });
  const earnedBy = new Map<string, Pence>();
  for (const l of statement.lines) earnedBy.set(l.period, (earnedBy.get(l.period) ?? 0) + l.amountPence);
  const pva = new Map(statement.planVsActual.map((r) => [r.period, r]));

  let balance = 0;
  let earned = 0;
  let paid = 0;
  let plan = 0;
  let actual = 0;
  let planReported = 0;
  const months: ReconciliationMonth[] = periods.map((period) => {
    const e = earnedBy.get(period) ?? 0;
    const p = paidBy.get(period) ?? 0;
    const row = pva.get(period);
    earned += e;
    paid += p;
    balance += e - p;
    plan += row?.planPence ?? 0;
    if (row && row.actualPence !== null) {
      actual += row.actualPence;
      planReported += row.planPence;
    }
    return { period, planPence: row?.planPence ?? 0, actualPence: row?.actualPence ?? null, earnedPence: e, paidPence: p, cumulativeBalancePence: balance };
  });
  const balancePence = earned - paid;
  return {
    year: statement.year,
    earnedPence: earned,
    paidPence: paid,
    balancePence,
    direction: balancePence > 0 ? 'commissioner_pays_provider' : balancePence < 0 ? 'provider_refunds_commissioner' : 'settled',
    planPence: plan,
    actualPence: actual,
    activityVariancePence: actual - planReported,
    months,
  };
}
