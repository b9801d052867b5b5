/**
 * Money both ways in a relationship. Typed entries are what a party records (provider claims, CQUIN
 * shortfalls and releases, determination adjustments); a correction supersedes an entry under the same
 * reference. Sanctions are computed from the current returns and withholdings from the notices' event
 * logs whenever they are needed, never typed. Everything reaches the payment statement as adjustments,
 * one line each naming its rule.
 */

import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Side } from '../../domain/contract-management/index.ts';
import type { Contract } from '../../domain/contracts/contract.ts';
import { conflict, invalid, notFound } from '../../domain/errors.ts';
import { isPence } from '../../domain/money.ts';
import { isAdjustmentRuleId, type AdjustmentRuleId, type PaymentTerms, type StatementAdjustment } from '../../domain/payments/index.ts';
import {
  checkMoneyEntries, MONEY_KINDS, noticeMoneyEntries, sanctionEntries, statementAdjustments, type MoneyKind, type MoneyOrigin, type RelationshipMoneyEntry,
} from '../../domain/relationship/index.ts';
import { financialYearOfPeriod, isPeriod, periodOf } from '../../domain/time/index.ts';
import { contractScope } from '../../storage/ledger/sealed.ts';
import * as paymentsRepo from '../../storage/repositories/payments.ts';
import * as repo from '../../storage/repositories/relationship.ts';
import type { Database } from '../../storage/schema.ts';
import { today } from '../clock.ts';
import type { Scope } from '../scope.ts';
import { contractSide, requireMoneySide } from './access.ts';
import { replayNotices } from './cases.ts';
import { contractPerformance } from './performance.ts';

type Db = Kysely<Database>;

/** The kinds a party types in; the rest are computed. */
export const TYPED_KINDS = ['cquin_shortfall', 'cquin_release', 'challenge', 'counting_coding_query', 'charge_outside_contract', 'determination_adjustment'] as const satisfies readonly MoneyKind[];
export type TypedKind = (typeof TYPED_KINDS)[number];

/** The co-ordinating commissioner and (first) provider of a contract: the pair its money is between. */
export function pairOf(contract: Contract): { commissionerCode: string; providerCode: string } {
  const c = contract.parties.find((p) => p.role === 'coordinating_commissioner')?.organisationCode ?? '';
  const p = contract.parties.find((x) => x.role === 'provider')?.organisationCode ?? '';
  return { commissionerCode: c, providerCode: p };
}

function typedEntry(r: repo.MoneyRow, reference: string): RelationshipMoneyEntry {
  return {
    id: r.reference, commissionerCode: r.commissionerCode, providerCode: r.providerCode, contractReference: reference, period: r.period,
    kind: r.kind as MoneyKind, ruleId: r.ruleId as AdjustmentRuleId, amountPence: r.amountPence, description: r.description,
    ...(Object.keys(r.origin).length ? { origin: r.origin as MoneyOrigin } : {}), ...(r.illustrative ? { illustrative: true } : {}),
  };
}

/** A relationship money entry with where it came from. */
export type SourcedEntry = RelationshipMoneyEntry & { readonly source: 'typed' | 'sanction' | 'notice' };

/**
 * Every current entry of the given contracts: typed ones, sanctions from the breaches in the current
 * returns, and the money of each contract's notices (withholdings, their repayment or retention).
 */
export async function moneyOfContracts(db: Db, contracts: readonly Contract[], asAt?: string): Promise<SourcedEntry[]> {
  const ids = contracts.map((c) => c.id);
  const refs = new Map(contracts.map((c) => [c.id, c.reference]));
  const [typed, allNoticeRows] = await Promise.all([repo.moneyEntriesOf(db, ids), repo.noticeEvents(db, { contractIds: ids })]);
  // As at a date: the notices' steps taken by then; entries for months up to it (the record filters those).
  const noticeRows = asAt === undefined ? allNoticeRows : allNoticeRows.filter((e) => e.on <= asAt);
  const out: SourcedEntry[] = typed.filter((r) => r.supersededBy === null).map((r) => ({ ...typedEntry(r, refs.get(r.contractId)!), source: 'typed' as const }));
  for (const c of contracts) {
    const p = await contractPerformance(db, c, asAt);
    out.push(...sanctionEntries(p.breaches, { contractReference: c.reference, ...pairOf(c) }).map((e) => ({ ...e, source: 'sanction' as const })));
  }
  for (const n of await replayNotices(db, noticeRows)) out.push(...noticeMoneyEntries(n.value).map((e) => ({ ...e, source: 'notice' as const })));
  checkMoneyEntries(out);
  return out;
}

/** A contract's relationship money for a payment-scheme year, as statement adjustments. */
export async function relationshipAdjustments(db: Db, contract: Contract, year: string): Promise<StatementAdjustment[]> {
  const entries = (await moneyOfContracts(db, [contract])).map((e) => (e.illustrative ? { ...e, description: `${e.description} (illustrative)` } : e));
  return statementAdjustments(entries, contract.reference, year);
}

export interface MoneyInput {
  readonly kind: TypedKind;
  readonly period: string;
  /** Signed effect on what the commissioner pays: negative for a deduction (a CQUIN shortfall). */
  readonly amountPence: number;
  readonly description: string;
  /** Defaults to the kind's rule (a determination names 'determination.pendulum' or 'determination.gc14'). */
  readonly ruleId?: string;
  /** Defaults to `<contract>/M<n>`. */
  readonly reference?: string;
  /** The reference of the entry this one corrects: it is superseded, and this one takes its reference. */
  readonly corrects?: string;
  readonly note?: string;
  readonly origin?: MoneyOrigin;
}

export interface MoneyEntryView extends RelationshipMoneyEntry {
  readonly supersedes: string | null;
  readonly recordedAt: string;
}

/**
 * Records a typed entry in the relationship's money: by the side whose lever the kind is (the
 * commissioner's CQUIN, the provider's claims; a determination by either). Sanctions and withholdings
 * are refused: they are computed. A correction names the entry it corrects.
 */
export async function recordMoney(
  ctx: Scope, ref: string, input: MoneyInput,
  // The demo and imports say whom they act for, and mark figures the seeds do not give as illustrative.
  options: { readonly actingAs?: Side; readonly illustrative?: boolean } = {},
): Promise<MoneyEntryView> {
  const contract = await ctx.contract(ref);
  const kind = input.kind as MoneyKind;
  if (!(TYPED_KINDS as readonly string[]).includes(kind)) {
    throw invalid('kind', MONEY_KINDS[kind]
      ? `${MONEY_KINDS[kind].label.toLowerCase()} is computed (from the returns, or from the contract performance notice), never typed`
      : `must be one of: ${TYPED_KINDS.join(', ')}`);
  }
  const side = await contractSide(ctx, 'money.record', contract, options.actingAs);
  requireMoneySide(kind, side);
  const illustrative = options.illustrative ?? false;
  if (!isPeriod(input.period)) throw invalid('period', 'must be a month YYYY-MM');
  const now = today(ctx.clock);
  if (input.period > periodOf(now)) throw invalid('period', `${input.period} has not begun (today is ${now})`);
  if (`${input.period}-31` < contract.startDate || `${input.period}-01` > contract.endDate) throw invalid('period', `${input.period} is outside the contract's term (${contract.startDate} to ${contract.endDate})`);
  const ruleId = input.ruleId ?? MONEY_KINDS[kind].rules[0];
  if (!isAdjustmentRuleId(ruleId)) throw invalid('ruleId', `'${ruleId}' is not a rule a statement adjustment may name`);
  if (!isPence(input.amountPence)) throw invalid('amountPence', 'must be a whole number of pence');
  const year = financialYearOfPeriod(input.period).label;
  const terms = await paymentsRepo.findPaymentTerms(ctx.db, contract.id, year);
  if (terms && (terms.terms as PaymentTerms).cquin && kind.startsWith('cquin_')) {
    throw conflict(`the ${year} payment terms of ${contract.reference} already compute CQUIN; record CQUIN in the terms or as entries, not both`);
  }
  return ctx.write([contractScope(contract.id)], async (w) => {
    let supersedes: string | null = null;
    let reference = input.reference?.trim() || '';
    if (input.corrects) {
      const current = await repo.currentMoneyEntry(w.db, input.corrects);
      if (!current || current.contractId !== contract.id) throw notFound(`money entry ${input.corrects} on ${contract.reference}`);
      if (reference && reference !== input.corrects) throw invalid('reference', 'a correction keeps the reference of the entry it corrects');
      if (!input.note?.trim()) throw invalid('note', 'say why the entry is corrected');
      supersedes = current.id;
      reference = input.corrects;
    } else if (!reference) {
      reference = `${contract.reference}/M${(await repo.countMoneyEntries(w.db, contract.id)) + 1}`;
    } else if (await repo.currentMoneyEntry(w.db, reference)) {
      throw conflict(`an entry ${reference} already exists; to correct it, say which entry it corrects`);
    }
    const pair = pairOf(contract);
    const entry: RelationshipMoneyEntry = {
      id: reference, ...pair, contractReference: contract.reference, period: input.period, kind, ruleId, amountPence: input.amountPence,
      description: input.description, ...(input.origin ? { origin: input.origin } : {}), ...(illustrative ? { illustrative: true } : {}),
    };
    // The ledger's own rules: the kind's sign, its rule.
    checkMoneyEntries([entry]);
    const id = randomUUID();
    if (supersedes) await repo.markMoneySuperseded(w.db, supersedes, id);
    const recordedAt = w.clock.now().toISOString();
    await repo.insertMoneyEntry(w.db, {
      id, reference, contractId: contract.id, ...pair, period: input.period, kind, ruleId, amountPence: input.amountPence,
      description: input.description.trim(), origin: (input.origin ?? {}) as Record<string, string>, illustrative,
      note: (input.note ?? '').trim(), recordedBy: w.actor.userId, recordedByOrganisation: w.actor.organisationCode, recordedAt,
    });
    await w.record({
      action: 'money.record', entityType: 'contract', entityId: contract.id,
      detail: { reference: contract.reference, entry: reference, kind, ruleId, period: input.period, amountPence: input.amountPence, side, supersedes },
    }, [{ kind: 'money_entry', id }]);
    return { ...entry, supersedes, recordedAt };
  });
}
