/**
 * Who may act on a notice, a dispute, a relationship or its money: the one place where rights that
 * the rights table cannot see from the contract alone are decided. The caller's side of the case is
 * derived here (the issuer or the recipient of a notice, a party to a dispute or to the pair), handed
 * to the rights table as capacities (src/domain/access/rights.ts), and returned so the domain's
 * machine can say which side may take each step (a wrong side is refused there, naming the step).
 *
 * The system scope (the demo load, imports) belongs to no party: it says whom it records a step
 * for (`systemActsAs`), which no HTTP caller can.
 */

import { decide, type Action, type Capacity } from '../../domain/access/rights.ts';
import type { Side } from '../../domain/contract-management/index.ts';
import type { Contract } from '../../domain/contracts/contract.ts';
import { forbidden, invalid, notFound } from '../../domain/errors.ts';
import { MONEY_KINDS, type MoneyKind } from '../../domain/relationship/index.ts';
import { isIsoDate, type IsoDate } from '../../domain/time/index.ts';
import { today } from '../clock.ts';
import type { Scope } from '../scope.ts';

/** Who takes a step: a party, or (contract setting only) the regulator running the national process. */
export type Acting = Side | 'regulator';

/** The pair a case is between and, for a notice, the side that issued it. */
export interface CaseParties {
  readonly commissionerCode: string;
  readonly providerCode: string;
  readonly issuedBy?: Side;
}

export type CaseAction = 'notice.step' | 'dispute.step' | 'contract_setting.open' | 'contract_setting.step';

/** The caller's organisation's side in a commissioner-provider pair, or null. */
export function sideInPair(ctx: Scope, parties: Pick<CaseParties, 'commissionerCode' | 'providerCode'>): Side | null {
  const org = ctx.actor.organisationCode;
  if (org === parties.commissionerCode) return 'commissioner';
  if (org === parties.providerCode) return 'provider';
  return null;
}

function derived(action: CaseAction, side: Side | null, parties: CaseParties): Set<Capacity> {
  const out = new Set<Capacity>();
  if (side === null) return out;
  if (action === 'notice.step') out.add(side === parties.issuedBy ? 'notice_issuer' : 'notice_recipient');
  else if (action === 'dispute.step') out.add('dispute_party');
  else out.add('relationship_party');
  return out;
}

function systemSide(ctx: Scope, systemActsAs: Acting | undefined, what: string): Acting {
  if (!systemActsAs) throw invalid('by', `the system records ${what} for a party: say which ('commissioner', 'provider' or 'regulator')`);
  return systemActsAs;
}

function userMayNotChoose(ctx: Scope, systemActsAs: Acting | undefined): void {
  // Only imports and the demo say whom they act for; a user acts for its own organisation's side.
  if (systemActsAs !== undefined && !ctx.isSystem) throw forbidden('you act for your own organisation\'s side of the case; it cannot be chosen');
}

/**
 * The side the caller takes a step on a notice or dispute for, after the rights table has allowed
 * it (403 naming the rule otherwise).
 *
 * @example actAs(ctx, 'notice.step', { commissionerCode: '09G', providerCode: 'RYR', issuedBy: 'commissioner' }) // 'provider' for a RYR user
 */
export function actAs(ctx: Scope, action: CaseAction, parties: CaseParties, systemActsAs?: Acting): Acting {
  userMayNotChoose(ctx, systemActsAs);
  if (ctx.isSystem) return systemSide(ctx, systemActsAs, 'a step');
  const side = sideInPair(ctx, parties);
  const d = decide(action, { role: ctx.actor.role, side: ctx.actor.side }, derived(action, side, parties));
  if (!d.allowed) throw forbidden(d.reason);
  return side!;
}

/**
 * The side the caller acts for on a contract (issuing a notice, raising a dispute, recording money):
 * the co-ordinating commissioner or the provider, after the rights table has allowed the action.
 */
export async function contractSide(ctx: Scope, action: Action, contract: Contract, systemActsAs?: Side): Promise<Side> {
  userMayNotChoose(ctx, systemActsAs);
  if (ctx.isSystem) return systemSide(ctx, systemActsAs, 'this') as Side;
  await ctx.require(action, contract);
  const capacities = await ctx.capacities(contract);
  if (capacities.has('coordinating_commissioner')) return 'commissioner';
  if (capacities.has('provider')) return 'provider';
  // The rights table allowed the action without either capacity: only if it names neither.
  throw forbidden('only the co-ordinating commissioner or the provider acts here');
}

/**
 * Money is recorded by the side whose lever it is (MONEY_KINDS); sanctions and withholdings are
 * computed, never typed.
 */
export function requireMoneySide(kind: MoneyKind, side: Side): void {
  const k = MONEY_KINDS[kind];
  if (k.side !== null && k.side !== side) {
    throw forbidden(`a ${k.label.toLowerCase()} is the ${k.side}'s to record, not the ${side}'s: each party records the money on its own side`);
  }
}

/**
 * A relationship is visible to its commissioner and provider, and to system and administrator users
 * (404 otherwise, as for a contract: nobody learns that another's relationship exists).
 */
export function requirePairVisible(ctx: Scope, parties: Pick<CaseParties, 'commissionerCode' | 'providerCode'>): void {
  if (ctx.readsAcrossEconomy || sideInPair(ctx, parties) !== null) return;
  throw notFound(`relationship ${parties.commissionerCode} and ${parties.providerCode}`);
}

/** The date a record is read as at: the one asked for, checked, else today. */
export function checkAsAt(asAt: string | undefined, ctx: Scope): IsoDate {
  const date = asAt ?? today(ctx.clock);
  if (!isIsoDate(date)) throw invalid('asAt', 'must be a date YYYY-MM-DD');
  return date;
}
