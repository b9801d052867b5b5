/**
 * A contract's payment statement for a period: the scheme year up to that period, from the stored
 * terms, the current (not superseded) monthly submissions and the current plan; with the year-end
 * reconciliation when the period is March.
 */

import { invalid, notFound } from '../../domain/errors.ts';
import type { Pence } from '../../domain/money.ts';
import {
  computeStatement, paymentsOnAccount, reconcileYear,
  type MonthActivity, type PaymentTerms, type Statement, type YearEndReconciliation,
} from '../../domain/payments/index.ts';
import type { PointOfDelivery } from '../../domain/pricing/index.ts';
import { monthIndexInSchemeYear, periodsOfSchemeYear, schemeYearOf } from '../../domain/tariff/index.ts';
import * as repo from '../../storage/repositories/payments.ts';
import type { UseCaseContext } from '../context.ts';
import type { MonthFigures } from './engine-ingest.ts';

export interface StatementMonthSource {
  readonly period: string;
  readonly submissionId: string;
  readonly sha256: string;
  readonly rowsPriced: number;
  readonly rowsRejected: number;
  readonly pricedPence: Pence;
  readonly pricedByPod: Partial<Record<PointOfDelivery, Pence>>;
  readonly volumes: Partial<Record<PointOfDelivery, number>>;
}

export interface StatementView {
  readonly contract: { readonly id: string; readonly reference: string; readonly title: string; readonly model: string };
  readonly year: string;
  readonly period: string;
  readonly terms: PaymentTerms;
  readonly tariff: { readonly year: string; readonly source: string } | null;
  /** The Expected Annual Contract Value paid on account (SC36), and where it came from. */
  readonly expectedAnnualValuePence: Pence;
  readonly expectedAnnualValueBasis: 'terms' | 'plan priced by the terms';
  readonly statement: Statement;
  /** The submissions each month's actual comes from. */
  readonly months: readonly StatementMonthSource[];
  readonly plan: { readonly submissionId: string; readonly sha256: string; readonly totalPence: Pence } | null;
  /** Present when the period is March (the year end). */
  readonly reconciliation: YearEndReconciliation | null;
}

type PlanMonthly = Record<string, { planPence: Pence; activity: number; byPod: Partial<Record<PointOfDelivery, Pence>> }>;

export async function getStatement(ctx: UseCaseContext, contractRef: string, period: string): Promise<StatementView> {
  const contract = await ctx.contract(contractRef);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw invalid('period', `must be a period YYYY-MM: "${period}"`);
  const year = schemeYearOf(period);
  const termsRow = await repo.findPaymentTerms(ctx.db, contract.id, year);
  if (!termsRow) throw notFound(`payment terms for ${contract.reference} in ${year}`);
  const terms = termsRow.terms as PaymentTerms;
  const all = periodsOfSchemeYear(year);
  const through = all.slice(0, monthIndexInSchemeYear(period) + 1);
  const [actuals, plans, tariffRow] = await Promise.all([
    repo.currentSubmissionsIn(ctx.db, contract.id, through, 'patient_level'),
    repo.currentSubmissionsIn(ctx.db, contract.id, [all[0]], 'plan'),
    repo.findTariffYear(ctx.db, year),
  ]);
  const plan = plans[0];
  const planMonthly = (plan?.monthly ?? {}) as PlanMonthly;
  const sources: StatementMonthSource[] = actuals.map((s) => {
    const m = (s.monthly as Record<string, MonthFigures>)[s.period];
    return {
      period: s.period, submissionId: s.id, sha256: s.sha256, rowsPriced: s.rowsPriced, rowsRejected: s.rowsRejected,
      pricedPence: m?.pricedPence ?? 0, pricedByPod: m?.pricedByPod ?? {}, volumes: m?.volumes ?? {},
    };
  });
  const byPeriod = new Map(sources.map((s) => [s.period, s]));
  const months: MonthActivity[] = [];
  for (const p of through) {
    const a = byPeriod.get(p);
    const planPence = planMonthly[p]?.planPence;
    if (!a && planPence === undefined) continue;
    months.push({
      period: p,
      pricedPence: a ? a.pricedPence : null,
      pricedByPod: a?.pricedByPod ?? {},
      volumes: a?.volumes ?? {},
      planPence: planPence ?? 0,
    });
  }
  const statement = computeStatement({ year, terms, months, throughPeriod: period });

  // SC36: 1/12 of the Expected Annual Contract Value on account. When the terms do not state it,
  // it is what the full-year plan earns under the terms.
  let eacv = termsRow.expectedAnnualValuePence;
  const basis: StatementView['expectedAnnualValueBasis'] = eacv === null ? 'plan priced by the terms' : 'terms';
  if (eacv === null) {
    const planned = all.map((p) => ({
      period: p, pricedPence: planMonthly[p]?.planPence ?? 0, pricedByPod: planMonthly[p]?.byPod ?? {}, planPence: planMonthly[p]?.planPence ?? 0,
    }));
    eacv = computeStatement({ year, terms, months: planned }).totalPence;
  }
  const reconciliation = monthIndexInSchemeYear(period) === 11 ? reconcileYear(statement, paymentsOnAccount(eacv, year)) : null;
  return {
    contract: { id: contract.id, reference: contract.reference, title: contract.title, model: contract.model },
    year, period, terms,
    tariff: tariffRow ? { year: tariffRow.year, source: tariffRow.source } : null,
    expectedAnnualValuePence: eacv,
    expectedAnnualValueBasis: basis,
    statement,
    months: sources,
    plan: plan ? { submissionId: plan.id, sha256: plan.sha256, totalPence: plan.totalPence } : null,
    reconciliation,
  };
}
