/**
 * A contract's management terms: the Standard Contract edition it runs on, its overrides of the
 * edition's GC9, GC14 and contract-setting rules (each with a reason), and its performance indicators
 * (national standards and local requirements, thresholds and consequences keyed by contract year).
 * Each change is a new numbered version, audited and sealed; the latest is in force. A contract with
 * no version recorded runs on the edition of the year it starts and has no indicators.
 */

import { randomUUID } from 'node:crypto';
import {
  relationshipRules, standardContractEdition, type ContractRuleOverrides, type RelationshipRules,
} from '../../domain/contract-management/index.ts';
import type { Contract } from '../../domain/contracts/contract.ts';
import { conflict, invalid } from '../../domain/errors.ts';
import { checkIndicator, NATIONAL_STANDARDS, type PerformanceIndicator } from '../../domain/performance/index.ts';
import { financialYearOf } from '../../domain/time/index.ts';
import { contractScope } from '../../storage/ledger/sealed.ts';
import * as repo from '../../storage/repositories/relationship.ts';
import type { Scope } from '../scope.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../storage/schema.ts';

/** A contract's terms in force. */
export interface ManagementTerms {
  readonly edition: string;
  readonly overrides: ContractRuleOverrides;
  readonly indicators: readonly PerformanceIndicator[];
  /** Null when nothing has been recorded (the defaults). */
  readonly version: number | null;
}

/**
 * The edition a contract runs on when none is recorded: the one for the financial year it starts in.
 *
 * @example defaultEdition({ startDate: '2013-04-01' }) // '2013/14'
 */
export function defaultEdition(contract: Pick<Contract, 'startDate'>): string {
  return financialYearOf(contract.startDate).label;
}

function fromRow(row: repo.ManagementTermsRow): ManagementTerms {
  return { edition: row.edition, overrides: row.overrides as ContractRuleOverrides, indicators: row.indicators as PerformanceIndicator[], version: row.version };
}

/** The terms in force for each of the given contracts. */
export async function termsOfContracts(db: Kysely<Database>, contracts: readonly Contract[]): Promise<Map<string, ManagementTerms>> {
  const rows = await repo.managementTermsOf(db, contracts.map((c) => c.id));
  const latest = new Map<string, repo.ManagementTermsRow>();
  for (const r of rows) latest.set(r.contractId, r);
  return new Map(contracts.map((c) => {
    const r = latest.get(c.id);
    return [c.id, r ? fromRow(r) : { edition: defaultEdition(c), overrides: {}, indicators: [], version: null }];
  }));
}

export async function termsOf(db: Kysely<Database>, contract: Contract): Promise<ManagementTerms> {
  return (await termsOfContracts(db, [contract])).get(contract.id)!;
}

/**
 * The rules a case on the contract runs by: the case's own edition (recorded when it began) with the
 * contract's overrides in force.
 */
export function rulesFor(terms: ManagementTerms, edition: string = terms.edition): RelationshipRules {
  return relationshipRules(edition, terms.overrides);
}

export interface ManagementTermsView {
  readonly contractId: string;
  readonly reference: string;
  readonly edition: string;
  /** 'recorded': set through Concordat; 'default': the edition of the year the contract starts. */
  readonly basis: 'recorded' | 'default';
  readonly version: number | null;
  readonly overrides: ContractRuleOverrides;
  readonly indicators: readonly PerformanceIndicator[];
  /** The rules in force, each value with its source and confidence (overrides say so). */
  readonly rules: RelationshipRules;
  readonly history: readonly { version: number; edition: string; reason: string; setBy: string; setByOrganisation: string; setAt: string; indicators: number }[];
  /** The national standards Concordat carries, to add to a contract. */
  readonly nationalStandards: readonly PerformanceIndicator[];
  /** What the signed-in user may do on this contract's relationship now (the web offers only these). */
  readonly youMay: { readonly setTerms: boolean; readonly issueNotice: boolean; readonly raiseDispute: boolean; readonly recordMoney: boolean; readonly submitReturns: boolean };
}

export async function getManagementTerms(ctx: Scope, ref: string): Promise<ManagementTermsView> {
  const contract = await ctx.contract(ref);
  const rows = await repo.managementTermsOf(ctx.db, [contract.id]);
  const terms = await termsOf(ctx.db, contract);
  const may = await ctx.mayEach(['management_terms.set', 'notice.issue', 'dispute.raise', 'money.record', 'performance.return_submit'], contract);
  return {
    contractId: contract.id, reference: contract.reference, edition: terms.edition, basis: terms.version === null ? 'default' : 'recorded',
    version: terms.version, overrides: terms.overrides, indicators: terms.indicators, rules: rulesFor(terms),
    history: rows.map((r) => ({
      version: r.version, edition: r.edition, reason: r.reason, setBy: r.setBy, setByOrganisation: r.setByOrganisation, setAt: r.setAt,
      indicators: (r.indicators as unknown[]).length,
    })),
    nationalStandards: Object.values(NATIONAL_STANDARDS),
    youMay: ctx.isSystem ? { setTerms: false, issueNotice: false, raiseDispute: false, recordMoney: false, submitReturns: false } : {
      setTerms: may['management_terms.set'], issueNotice: may['notice.issue'], raiseDispute: may['dispute.raise'], recordMoney: may['money.record'], submitReturns: may['performance.return_submit'],
    },
  };
}

export interface ManagementTermsInput {
  readonly edition?: string;
  readonly overrides?: ContractRuleOverrides;
  readonly indicators?: readonly PerformanceIndicator[];
  /** Why the terms change: kept with the version. */
  readonly reason: string;
}

/** Checks the parts of new terms, naming the field at fault. */
function checkTerms(input: ManagementTermsInput, before: ManagementTerms): Omit<ManagementTerms, 'version'> {
  const edition = input.edition ?? before.edition;
  standardContractEdition(edition);
  const overrides = input.overrides ?? before.overrides;
  // Resolving the rules checks every override (its key, value and reason).
  relationshipRules(edition, overrides);
  const indicators = input.indicators ?? before.indicators;
  const ids = new Set<string>();
  indicators.forEach((ind, i) => {
    checkIndicator(ind, ['indicators', i]);
    if (ids.has(ind.id)) throw invalid(['indicators', i, 'id'], `'${ind.id}' appears twice`);
    ids.add(ind.id);
  });
  return { edition, overrides, indicators };
}

/**
 * Records new management terms for a contract (the co-ordinating commissioner): what is left out is
 * carried from the terms in force. Refused, changing nothing, when an indicator with returns would be
 * dropped, or when a notice or dispute on the contract could no longer be replayed under the new rules
 * (`checkCases`, from the case modules).
 */
export async function setManagementTerms(
  ctx: Scope,
  ref: string,
  input: ManagementTermsInput,
  checkCases: (w: Scope, contract: Contract, terms: ManagementTerms) => Promise<void>,
): Promise<ManagementTermsView> {
  const contract = await ctx.contract(ref, 'management_terms.set');
  if (typeof input.reason !== 'string' || input.reason.trim() === '') throw invalid('reason', 'say why the terms are set or changed');
  await ctx.write([contractScope(contract.id)], async (w) => {
    const before = await termsOf(w.db, contract);
    const next = checkTerms(input, before);
    const returns = await repo.returnsOf(w.db, [contract.id]);
    const kept = new Set(next.indicators.map((i) => i.id));
    const orphan = returns.find((r) => !kept.has(r.indicatorId));
    if (orphan) throw conflict(`indicator ${orphan.indicatorId} has returns recorded (${orphan.period} and perhaps others): it stays on the contract; change its terms for later years instead`);
    await checkCases(w, contract, { ...next, version: (before.version ?? 0) + 1 });
    const id = randomUUID();
    const version = (before.version ?? 0) + 1;
    await repo.insertManagementTerms(w.db, {
      id, contractId: contract.id, version, edition: next.edition, overrides: next.overrides, indicators: next.indicators, reason: input.reason.trim(),
      setBy: w.actor.userId, setByOrganisation: w.actor.organisationCode, setAt: w.clock.now().toISOString(),
    });
    await w.record({
      action: 'management_terms.set', entityType: 'contract', entityId: contract.id,
      detail: { reference: contract.reference, version, edition: next.edition, overridden: relationshipRules(next.edition, next.overrides).overridden, indicators: next.indicators.map((i) => i.id), reason: input.reason.trim() },
    }, [{ kind: 'management_terms', id }]);
  });
  return getManagementTerms(ctx, contract.id);
}
