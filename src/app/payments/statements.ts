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
import type { Contract } from '../../domain/contracts/contract.ts';
import { relationshipAdjustments } from '../relationship/money.ts';

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

/** What a statement is computed from: the terms for the year and each month's priced activity and plan. */
interface StatementInputs {
  readonly year: string;
  readonly termsRow: repo.PaymentTermsRow;
  readonly terms: PaymentTerms;
  readonly all: readonly string[];
  readonly months: MonthActivity[];
  readonly sources: StatementMonthSource[];
  readonly plan: repo.SubmissionRow | undefined;
  readonly planMonthly: PlanMonthly;
  readonly tariffRow: repo.TariffYearRow | undefined;
}

async function statementInputs(db: UseCaseContext['db'], contract: Contract, period: string): Promise<StatementInputs | null> {
  const year = schemeYearOf(period);
  const termsRow = await repo.findPaymentTerms(db, contract.id, year);
  if (!termsRow) return null;
  const terms = termsRow.terms as PaymentTerms;
  const all = periodsOfSchemeYear(year);
  const through = all.slice(0, monthIndexInSchemeYear(period) + 1);
  const [actuals, plans, tariffRow] = await Promise.all([
    repo.currentSubmissionsIn(db, contract.id, through, 'patient_level'),
    repo.currentSubmissionsIn(db, contract.id, [all[0]], 'plan'),
    repo.findTariffYear(db, year),
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
  return { year, termsRow, terms, all, months, sources, plan, planMonthly, tariffRow };
}

/**
 * Each month's payment under a contract's terms for a scheme year, before any relationship money:
 * the Actual Monthly Value a GC9 withholding or a share-of-value sanction is taken from. Null when no
 * terms are set for the year.
 */
export async function monthlyPayments(db: UseCaseContext['db'], contract: Contract, year: string): Promise<Map<string, Pence> | null> {
  const inputs = await statementInputs(db, contract, periodsOfSchemeYear(year)[11]);
  if (!inputs) return null;
  const base = computeStatement({ year, terms: inputs.terms, months: inputs.months, throughPeriod: inputs.all[11] });
  const out = new Map<string, Pence>();
  for (const l of base.lines) if (!l.rule.id.startsWith('cquin.')) out.set(l.period, (out.get(l.period) ?? 0) + l.amountPence);
  return out;
}

export async function getStatement(ctx: UseCaseContext, contractRef: string, period: string): Promise<StatementView> {
  const contract = await ctx.contract(contractRef);
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) throw invalid('period', `must be a period YYYY-MM: "${period}"`);
  const inputs = await statementInputs(ctx.db, contract, period);
  if (!inputs) throw notFound(`payment terms for ${contract.reference} in ${schemeYearOf(period)}`);
  const { year, termsRow, terms, all, months, sources, plan, planMonthly, tariffRow } = inputs;
  // Relationship money (sanctions from the returns, GC9 withholdings and their repayment, typed
  // provider claims, CQUIN and determinations) comes in as adjustments, each a line naming its rule.
  const adjustments = await relationshipAdjustments(ctx.db, contract, year);
  const statement = computeStatement({ year, terms, months, throughPeriod: period, adjustments });

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
