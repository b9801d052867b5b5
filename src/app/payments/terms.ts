/**
 * A contract's payment terms for one payment-scheme year (block, aligned payment and incentive,
 * outcomes-based...), validated with the payment engine's own schema.
 */

import { forbidden, invalid, invalidMany, notFound } from '../../domain/errors.ts';
import type { Contract } from '../../domain/contracts/contract.ts';
import { paymentTermsSchema, type PaymentTerms } from '../../domain/payments/index.ts';
import { isSchemeYear, periodsOfSchemeYear } from '../../domain/tariff/index.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import * as contractsRepo from '../../storage/repositories/contracts.ts';
import * as repo from '../../storage/repositories/payments.ts';
import { requireWriter, type Actor } from '../actor.ts';
import type { UseCaseContext } from '../context.ts';
import { visibilityOf } from '../contracts.ts';

export const COMMISSIONER_ROLES: ReadonlySet<string> = new Set(['coordinating_commissioner', 'associate_commissioner']);

/** The contract if the caller may see it; not visible and not there look the same. */
export async function visibleContract(ctx: UseCaseContext, idOrReference: string): Promise<Contract> {
  const c = await contractsRepo.findContract(ctx.db, visibilityOf(ctx.actor), idOrReference);
  if (!c) throw notFound(`contract ${idOrReference}`);
  return c;
}

export function isParty(actor: Actor, contract: Contract, roles: ReadonlySet<string> | null): boolean {
  return contract.parties.some((p) => p.organisationCode === actor.organisationCode && (roles === null || roles.has(p.role)));
}

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

/** Sets (or replaces, audited with the terms it replaced) a contract's terms for a year. Commissioner party or admin. */
export async function setPaymentTerms(ctx: UseCaseContext, contractRef: string, yearText: string, input: PaymentTermsInput): Promise<PaymentTermsView> {
  const contract = await visibleContract(ctx, contractRef);
  requireWriter(ctx.actor);
  if (ctx.actor.role !== 'admin' && !isParty(ctx.actor, contract, COMMISSIONER_ROLES)) {
    throw forbidden('only a commissioner party to the contract may set its payment terms');
  }
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
  await ctx.db.transaction().execute(async (trx) => {
    const previous = await repo.findPaymentTerms(trx, contract.id, year);
    await repo.upsertPaymentTerms(trx, row);
    await appendAudit(trx, {
      at: now, userId: ctx.actor.userId, organisationCode: ctx.actor.organisationCode,
      action: previous ? 'payment_terms.replace' : 'payment_terms.set', entityType: 'contract', entityId: contract.id,
      detail: { year, terms: parsed.data, expectedAnnualValuePence: eacv, note: row.note, previous: previous ? { terms: previous.terms, expectedAnnualValuePence: previous.expectedAnnualValuePence } : null },
    });
  });
  return { contractId: contract.id, reference: contract.reference, year, terms: parsed.data as PaymentTerms, expectedAnnualValuePence: eacv, note: row.note, setBy: row.setBy, setAt: now };
}

export async function getPaymentTerms(ctx: UseCaseContext, contractRef: string, yearText: string): Promise<PaymentTermsView> {
  const contract = await visibleContract(ctx, contractRef);
  const year = normaliseYear(yearText);
  const row = await repo.findPaymentTerms(ctx.db, contract.id, year);
  if (!row) throw notFound(`payment terms for ${contract.reference} in ${year}`);
  return {
    contractId: contract.id, reference: contract.reference, year, terms: row.terms as PaymentTerms,
    expectedAnnualValuePence: row.expectedAnnualValuePence, note: row.note, setBy: row.setBy, setAt: row.setAt,
  };
}
