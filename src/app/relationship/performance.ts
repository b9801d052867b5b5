/**
 * Performance and quality: monthly returns against a contract's indicators, kept as a ledger (a
 * correction supersedes the earlier return, which stays readable as superseded), and breaches
 * computed from the current returns, never typed; what a superseded return hid is shown as such.
 * Also the breaches of a contract as OCDS implementation data (the Performance Failures extension).
 */

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { contractAsAt, type Contract } from '../../domain/contracts/contract.ts';
import { invalid, invalidMany, type Issue } from '../../domain/errors.ts';
import { divideRounded, type Pence } from '../../domain/money.ts';
import {
  assessCurrentReturns, computeBreaches, hiddenBreaches, ocdsPerformanceFailures, returnHistory, OCDS_PERFORMANCE_FAILURES_EXTENSION,
  type Assessment, type Breach, type HiddenBreach, type OcdsPerformanceFailure, type PerformanceIndicator, type PerformanceReturn, type ReturnVersion,
} from '../../domain/performance/index.ts';
import { financialYearOfPeriod, isPeriod, periodOf } from '../../domain/time/index.ts';
import { contractScope } from '../../storage/ledger/sealed.ts';
import { variationsOf } from '../../storage/repositories/contracts.ts';
import * as paymentsRepo from '../../storage/repositories/payments.ts';
import * as repo from '../../storage/repositories/relationship.ts';
import type { Database } from '../../storage/schema.ts';
import { today } from '../clock.ts';
import { monthlyPayments } from '../payments/statements.ts';
import type { Scope } from '../scope.ts';
import { termsOf } from './terms.ts';

type Db = Kysely<Database>;

/** Stored returns as the domain's, in ledger order. */
export function domainReturns(rows: readonly repo.ReturnRow[], reference: string): PerformanceReturn[] {
  return rows.map((r) => ({
    id: r.id, sequence: r.seq, contractReference: reference, period: r.period, indicatorId: r.indicatorId, numerator: r.numerator,
    ...(r.denominator === null ? {} : { denominator: r.denominator }), submittedOn: r.submittedOn, submittedBy: r.submittedByOrganisation,
    ...(r.note ? { note: r.note } : {}),
  }));
}

/**
 * The Actual Monthly Value of each month a share-of-value consequence needs: the month's payment under
 * the contract's payment terms before relationship money, or, for a year with no payment terms, 1/12
 * of the contract's value in force that month.
 */
export async function actualMonthlyValues(db: Db, contract: Contract, periods: readonly string[]): Promise<(period: string) => Pence> {
  const years = [...new Set(periods.map((p) => financialYearOfPeriod(p).label))];
  const byYear = new Map<string, Map<string, Pence> | null>();
  for (const y of years) byYear.set(y, await monthlyPayments(db, contract, y));
  const variations = await variationsOf(db, contract.id);
  return (period) => {
    const paid = byYear.get(financialYearOfPeriod(period).label);
    if (paid) return paid.get(period) ?? 0;
    return divideRounded(contractAsAt(contract, variations, `${period}-01`).valuePence, 12);
  };
}

export interface ContractPerformance {
  readonly indicators: readonly PerformanceIndicator[];
  readonly returns: readonly ReturnVersion[];
  readonly breaches: readonly Breach[];
  readonly hidden: readonly HiddenBreach[];
  readonly assessments: readonly Assessment[];
}

/** A contract's returns judged against its indicators: what statements, notices and the record use. */
export async function contractPerformance(db: Db, contract: Contract, asAt?: string): Promise<ContractPerformance> {
  const [terms, rows] = await Promise.all([termsOf(db, contract), repo.returnsOf(db, [contract.id])]);
  // As at a date: the returns submitted by then (a later correction is not yet known).
  const returns = domainReturns(asAt === undefined ? rows : rows.filter((r) => r.submittedOn <= asAt), contract.reference);
  if (returns.length === 0) return { indicators: terms.indicators, returns: [], breaches: [], hidden: [], assessments: [] };
  const needsValue = terms.indicators.some((i) => i.terms.some((t) => t.consequence.kind === 'share_of_monthly_value'));
  const amv = needsValue ? await actualMonthlyValues(db, contract, returns.map((r) => r.period)) : () => 0;
  const options = { actualMonthlyValue: (_ref: string, period: string) => amv(period) };
  return {
    indicators: terms.indicators,
    returns: returnHistory(returns),
    breaches: computeBreaches(terms.indicators, returns, options),
    hidden: hiddenBreaches(terms.indicators, returns, options),
    assessments: assessCurrentReturns(terms.indicators, returns, options),
  };
}

export interface ReturnView extends ReturnVersion {
  readonly submittedByName: string;
  readonly submittedAt: string;
}

export interface PerformanceView {
  readonly contract: { readonly id: string; readonly reference: string; readonly title: string };
  readonly indicators: readonly PerformanceIndicator[];
  /** Every return, superseded ones included, by indicator and month, then order of recording. */
  readonly returns: readonly ReturnView[];
  /** Each current return judged against its indicator's terms for the year. */
  readonly assessments: readonly Assessment[];
  readonly breaches: readonly Breach[];
  /** What a superseded return did not show and the corrected one does. */
  readonly hiddenBreaches: readonly HiddenBreach[];
  readonly sanctionsPence: Pence;
  readonly youMay: { readonly submitReturns: boolean; readonly setTerms: boolean };
}

export async function getPerformance(ctx: Scope, ref: string): Promise<PerformanceView> {
  const contract = await ctx.contract(ref);
  const [p, rows, may] = await Promise.all([
    contractPerformance(ctx.db, contract),
    repo.returnsOf(ctx.db, [contract.id]),
    ctx.mayEach(['performance.return_submit', 'management_terms.set'], contract),
  ]);
  const userIds = [...new Set(rows.map((r) => r.submittedBy))];
  const names = new Map((userIds.length ? await ctx.db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', userIds).execute() : []).map((u) => [u.id, u.display_name]));
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    contract: { id: contract.id, reference: contract.reference, title: contract.title },
    indicators: p.indicators,
    returns: p.returns.map((r) => ({ ...r, submittedAt: byId.get(r.id)!.submittedAt, submittedByName: names.get(byId.get(r.id)!.submittedBy) ?? (byId.get(r.id)!.submittedBy === 'system' ? 'Concordat (import or demo)' : byId.get(r.id)!.submittedBy) })),
    assessments: p.assessments,
    breaches: p.breaches,
    hiddenBreaches: p.hidden,
    sanctionsPence: p.breaches.reduce((s, b) => s + b.sanctionPence, 0),
    youMay: { submitReturns: may['performance.return_submit'], setTerms: may['management_terms.set'] },
  };
}

export interface ReturnInput {
  readonly period: string;
  readonly indicatorId: string;
  readonly numerator: number;
  readonly denominator?: number;
  /** Required for a correction: why the figure is restated. */
  readonly note?: string;
}

export interface SubmittedReturn {
  readonly id: string;
  readonly period: string;
  readonly indicatorId: string;
  readonly supersedes: string | null;
}

/**
 * Records a provider's monthly returns (all or none: every row at fault is named). A return for a
 * month and indicator already returned supersedes the earlier one, and must say why (`note`); the
 * earlier figure stays readable, marked superseded. Submitted on the day the clock says.
 */
export async function submitReturns(ctx: Scope, ref: string, input: { readonly returns: readonly ReturnInput[] }): Promise<SubmittedReturn[]> {
  const contract = await ctx.contract(ref, 'performance.return_submit');
  const rows = input.returns ?? [];
  if (rows.length === 0) throw invalid('returns', 'give at least one return');
  const on = today(ctx.clock);
  return ctx.write([contractScope(contract.id)], async (w) => {
    const terms = await termsOf(w.db, contract);
    const indicators = new Map(terms.indicators.map((i) => [i.id, i]));
    const variations = await variationsOf(w.db, contract.id);
    const end = contractAsAt(contract, variations, on).endDate;
    const issues: Issue[] = [];
    const seen = new Set<string>();
    const corrections = new Map<number, string>();
    for (const [i, r] of rows.entries()) {
      const at = (f: string) => ['returns', i, f];
      const ind = indicators.get(r.indicatorId);
      if (!ind) {
        issues.push({ path: at('indicatorId'), message: terms.indicators.length ? `no indicator '${r.indicatorId}' on ${contract.reference} (${[...indicators.keys()].join(', ')})` : `${contract.reference} has no performance indicators yet: the co-ordinating commissioner sets them first` });
        continue;
      }
      if (!isPeriod(r.period)) { issues.push({ path: at('period'), message: 'must be a month YYYY-MM' }); continue; }
      if (`${r.period}-31` < contract.startDate || `${r.period}-01` > end) issues.push({ path: at('period'), message: `${r.period} is outside the contract's term (${contract.startDate} to ${end})` });
      if (r.period > periodOf(on)) issues.push({ path: at('period'), message: `${r.period} has not begun (today is ${on})` });
      if (!Number.isSafeInteger(r.numerator) || r.numerator < 0) issues.push({ path: at('numerator'), message: 'must be a whole number 0 or more' });
      if (ind.measure === 'share') {
        if (r.denominator === undefined) issues.push({ path: at('denominator'), message: `${ind.id} is a share: give the ${ind.unit} in scope` });
        else if (!Number.isSafeInteger(r.denominator) || r.denominator < 0) issues.push({ path: at('denominator'), message: 'must be a whole number 0 or more' });
        else if (r.numerator > r.denominator) issues.push({ path: at('numerator'), message: `${r.numerator} is more than the ${r.denominator} ${ind.unit} in scope` });
      } else if (r.denominator !== undefined) {
        issues.push({ path: at('denominator'), message: `${ind.id} is a count of ${ind.unit}: give the count alone` });
      }
      const key = `${r.period} ${r.indicatorId}`;
      if (seen.has(key)) issues.push({ path: at('period'), message: `${r.indicatorId} for ${r.period} appears twice in this submission` });
      seen.add(key);
      const current = await repo.currentReturn(w.db, contract.id, r.period, r.indicatorId);
      if (current) {
        corrections.set(i, current.id);
        if (!r.note || r.note.trim() === '') issues.push({ path: at('note'), message: `${r.indicatorId} for ${r.period} was already returned: say why it is restated` });
      }
    }
    if (issues.length) throw invalidMany(issues);
    const now = w.clock.now().toISOString();
    const out: SubmittedReturn[] = [];
    for (const [i, r] of rows.entries()) {
      const id = randomUUID();
      const previous = corrections.get(i) ?? null;
      if (previous) await repo.markReturnSuperseded(w.db, previous, id);
      await repo.insertReturn(w.db, {
        id, contractId: contract.id, period: r.period, indicatorId: r.indicatorId, numerator: r.numerator, denominator: r.denominator ?? null,
        submittedOn: on, submittedBy: w.actor.userId, submittedByOrganisation: w.actor.organisationCode, submittedAt: now, note: (r.note ?? '').trim(),
      });
      out.push({ id, period: r.period, indicatorId: r.indicatorId, supersedes: previous });
    }
    await w.record({
      action: 'performance.return_submit', entityType: 'contract', entityId: contract.id,
      detail: { reference: contract.reference, returns: rows.map((r, i) => ({ ...r, id: out[i].id, supersedes: out[i].supersedes })) },
    }, out.map((r) => ({ kind: 'performance_return' as const, id: r.id })));
    return out;
  });
}

/** A contract's breaches as OCDS implementation data (contracts[].implementation). */
export interface OcdsImplementation {
  readonly contractId: string;
  readonly reference: string;
  readonly extensions: readonly string[];
  readonly implementation: { readonly performanceFailures: readonly OcdsPerformanceFailure[] };
}

/**
 * The UK extension's performance failures for a contract: one per indicator and month in breach, the
 * penalty paid when the sanction is a line on a payment statement (payment terms set for its year).
 */
export async function ocdsImplementation(ctx: Scope, ref: string): Promise<OcdsImplementation> {
  const contract = await ctx.contract(ref);
  const p = await contractPerformance(ctx.db, contract);
  const years = [...new Set(p.breaches.map((b) => b.year))];
  const withTerms = new Set<string>();
  for (const y of years) if (await paymentsRepo.findPaymentTerms(ctx.db, contract.id, y)) withTerms.add(y);
  const paid = (key: string) => {
    const b = p.breaches.find((x) => x.key === key);
    return b && b.sanctionPence > 0 && withTerms.has(b.year) ? true : null;
  };
  return {
    contractId: contract.id, reference: contract.reference, extensions: [OCDS_PERFORMANCE_FAILURES_EXTENSION],
    implementation: { performanceFailures: ocdsPerformanceFailures(p.breaches, paid) },
  };
}
