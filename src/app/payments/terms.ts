/**
 * A contract's payment terms for one payment-scheme year (block, aligned payment and incentive,
 * outcomes-based...), validated with the payment engine's own schema.
 */

import { invalid, invalidMany, notFound } from '../../domain/errors.ts';
import { paymentTermsSchema, type PaymentTerms } from '../../domain/payments/index.ts';
import { contractAsAt } from '../../domain/contracts/contract.ts';
import { isSchemeYear, periodsOfSchemeYear, schemeYearOf, schemeYearStart, schemeYearLabel } from '../../domain/tariff/index.ts';
import { variationsOf } from '../../storage/repositories/contracts.ts';
import { contractScope } from '../../storage/ledger/sealed.ts';
import * as repo from '../../storage/repositories/payments.ts';
import type { UseCaseContext } from '../context.ts';
import { userNames } from '../people.ts';

export const COMMISSIONER_ROLES: ReadonlySet<string> = new Set(['coordinating_commissioner', 'associate_commissioner']);

/** Accepts '2014/15' and the path-friendly '2014-15'. */
export function normaliseYear(year: string): string {
  const y = /^\d{4}-\d{2}$/.test(year) ? year.replace('-', '/') : year;
  if (!isSchemeYear(y)) throw invalid('year', `not a payment-scheme year like 2014/15: "${year}"`);
  return y;
}

export interface PaymentTermsInput {
  readonly terms: unknown;
  /** Expected Annual Contract Value paid 1/12 a month on account (SC36); default: the plan priced by the terms. */
  readonly expectedAnnualValuePence?: number | null;
  readonly note?: string;
}

export interface PaymentTermsView {
  readonly contractId: string;
  readonly reference: string;
  readonly year: string;
  readonly terms: PaymentTerms;
  readonly expectedAnnualValuePence: number | null;
  readonly note: string;
  readonly setBy: string;
  readonly setAt: string;
}

/** One scheme year of a contract's term, with its terms when they are set. */
export interface SchemeYearTerms {
  /** '2014/15' */
  readonly year: string;
  /** '2014-15', as the year is written in a path. */
  readonly pathYear: string;
  readonly periods: readonly string[];
  readonly terms: (PaymentTermsView & { readonly setByName: string }) | null;
}

export interface ContractPaymentTerms {
  readonly contractId: string;
  readonly reference: string;
  /** Every scheme year the contract's term touches (as varied: a longer term adds years), oldest first. */
  readonly years: readonly SchemeYearTerms[];
}

/**
 * Sets (or replaces, audited and sealed again with the terms it replaced) a contract's terms for a
 * year: the co-ordinating commissioner.
 */
export async function setPaymentTerms(ctx: UseCaseContext, contractRef: string, yearText: string, input: PaymentTermsInput): Promise<PaymentTermsView> {
  const contract = await ctx.contract(contractRef, 'payment_terms.set');
  const year = normaliseYear(yearText);
  const periods = periodsOfSchemeYear(year);
  if (`${periods[11]}-31` < contract.startDate || `${periods[0]}-01` > contract.endDate) {
    throw invalid('year', `${year} is outside the contract's term (${contract.startDate} to ${contract.endDate})`);
  }
  const parsed = paymentTermsSchema.safeParse(input.terms);
  if (!parsed.success) {
    throw invalidMany(parsed.error.issues.map((i) => ({ path: ['terms', ...i.path.map((p) => (typeof p === 'number' ? p : String(p)))], message: i.message })));
  }
  const eacv = input.expectedAnnualValuePence ?? null;
  if (eacv !== null && (!Number.isSafeInteger(eacv) || eacv < 0)) throw invalid('expectedAnnualValuePence', 'must be whole pence, not negative');
  const now = ctx.clock.now().toISOString();
  const row: repo.PaymentTermsRow = {
    contractId: contract.id, schemeYear: year, terms: parsed.data, expectedAnnualValuePence: eacv, note: input.note ?? '',
    setBy: ctx.actor.userId, setAt: now,
  };
  await ctx.write([contractScope(contract.id)], async (w) => {
    const previous = await repo.findPaymentTerms(w.db, contract.id, year);
    await repo.upsertPaymentTerms(w.db, row);
    await w.record({
      action: previous ? 'payment_terms.replace' : 'payment_terms.set', entityType: 'contract', entityId: contract.id,
      detail: { year, terms: parsed.data, expectedAnnualValuePence: eacv, note: row.note, previous: previous ? { terms: previous.terms, expectedAnnualValuePence: previous.expectedAnnualValuePence } : null },
    }, [{ kind: 'payment_terms', id: `${contract.id}/${year}` }]);
  });
  return { contractId: contract.id, reference: contract.reference, year, terms: parsed.data as PaymentTerms, expectedAnnualValuePence: eacv, note: row.note, setBy: row.setBy, setAt: now };
}

export async function getPaymentTerms(ctx: UseCaseContext, contractRef: string, yearText: string): Promise<PaymentTermsView> {
  const contract = await ctx.contract(contractRef);
  const year = normaliseYear(yearText);
  const row = await repo.findPaymentTerms(ctx.db, contract.id, year);
  if (!row) throw notFound(`payment terms for ${contract.reference} in ${year}`);
  return {
    contractId: contract.id, reference: contract.reference, year, terms: row.terms as PaymentTerms,
    expectedAnnualValuePence: row.expectedAnnualValuePence, note: row.note, setBy: row.setBy, setAt: row.setAt,
  };
}

/** The most scheme years listed for one contract (the demo's longest contract runs ten years). */
const MAX_YEARS = 30;

/**
 * The scheme years of a contract's term, each with its payment terms or null: what a statements page
 * asks first, so it never asks for a year that has none.
 */
export async function listPaymentTerms(ctx: UseCaseContext, contractRef: string): Promise<ContractPaymentTerms> {
  const contract = await ctx.contract(contractRef);
  const [variations, rows] = await Promise.all([variationsOf(ctx.db, contract.id), repo.paymentTermsOf(ctx.db, contract.id)]);
  const latestEnd = contractAsAt(contract, variations, '9999-12-31').endDate;
  const end = latestEnd > contract.endDate ? latestEnd : contract.endDate;
  const first = schemeYearStart(schemeYearOf(contract.startDate));
  const last = Math.min(schemeYearStart(schemeYearOf(end)), first + MAX_YEARS - 1);
  const names = await userNames(ctx, rows.map((r) => r.setBy));
  const byYear = new Map(rows.map((r) => [r.schemeYear, r]));
  const years: SchemeYearTerms[] = [];
  for (let start = first; start <= last; start++) {
    const year = schemeYearLabel(start);
    const row = byYear.get(year);
    years.push({
      year, pathYear: year.replace('/', '-'), periods: periodsOfSchemeYear(year),
      terms: row
        ? {
          contractId: contract.id, reference: contract.reference, year, terms: row.terms as PaymentTerms,
          expectedAnnualValuePence: row.expectedAnnualValuePence, note: row.note, setBy: row.setBy, setAt: row.setAt,
          setByName: names.get(row.setBy) ?? row.setBy,
        }
        : null,
    });
  }
  return { contractId: contract.id, reference: contract.reference, years };
}
