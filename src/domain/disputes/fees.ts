/**
 * Mediators, experts, arbitrators and facilitators: who appointed them, their fees and who pays.
 * RULES.md §1.3 [S2]: a GC14 mediator or expert is provided by the regulatory bodies or appointed by
 * the parties; seed 000: a facilitator appointed by the trust for the 2014-15 negotiations was paid
 * £12,007 including expenses.
 */

import type { Side } from '../contract-management/index.ts';
import { invalid } from '../errors.ts';
import { applyRate, isPence, MICROS_PER_UNIT, type Micros, type Pence } from '../money.ts';
import { isIsoDate, type IsoDate } from '../time/index.ts';

export type AppointeeRole = 'mediator' | 'expert' | 'arbitrator' | 'facilitator';

/** Who made the appointment: one party, both together, or a regulator (NHS England, TDA, Monitor). */
export type AppointedBy = 'commissioner' | 'provider' | 'parties' | 'regulator';

export interface Appointee {
  readonly id: string;
  readonly name: string;
  readonly role: AppointeeRole;
  readonly appointedBy: AppointedBy;
  readonly appointedOn: IsoDate;
  /** e.g. 'former chief executive, Somerset Primary Care Trust' or 'CEDR'. */
  readonly description?: string;
}

/** Who bears a fee. */
export type FeePayer =
  | { readonly kind: 'paid_by'; readonly side: Side }
  /** Split between the parties: the commissioner's share in micros, the provider the rest. */
  | { readonly kind: 'shared'; readonly commissionerShareMicros: Micros }
  /** Provided by a regulator at no cost to either party. */
  | { readonly kind: 'regulator' };

export interface Fee {
  readonly appointeeId: string;
  readonly amountPence: Pence;
  /** What it covers: 'fees and expenses for the 2014-15 negotiations'. */
  readonly description: string;
  readonly recordedOn: IsoDate;
  readonly payer: FeePayer;
}

/** A fee's cost to each party (and to a regulator), adding up to the fee exactly. */
export interface FeeShares {
  readonly commissionerPence: Pence;
  readonly providerPence: Pence;
  readonly regulatorPence: Pence;
}

/**
 * How a fee falls on each party. A shared fee is split with the one rounding rule, the provider
 * taking the remainder so the parts add up exactly.
 *
 * @example feeShares({ amountPence: 1_200_701, payer: { kind: 'shared', commissionerShareMicros: 500_000 }, ... })
 * // { commissionerPence: 600_351, providerPence: 600_350, regulatorPence: 0 }
 */
export function feeShares(fee: Pick<Fee, 'amountPence' | 'payer'>): FeeShares {
  const p = fee.payer;
  switch (p.kind) {
    case 'paid_by':
      return p.side === 'commissioner'
        ? { commissionerPence: fee.amountPence, providerPence: 0, regulatorPence: 0 }
        : { commissionerPence: 0, providerPence: fee.amountPence, regulatorPence: 0 };
    case 'shared': {
      const c = applyRate(fee.amountPence, p.commissionerShareMicros);
      return { commissionerPence: c, providerPence: fee.amountPence - c, regulatorPence: 0 };
    }
    case 'regulator':
      return { commissionerPence: 0, providerPence: 0, regulatorPence: fee.amountPence };
  }
}

/** The costs of a dispute: every fee, and the totals on each party. */
export interface DisputeCosts extends FeeShares {
  readonly totalPence: Pence;
  readonly fees: readonly (Fee & { readonly appointee: Appointee; readonly shares: FeeShares })[];
}

/**
 * Totals a dispute's fees by who bears them.
 *
 * @example disputeCosts(dispute.appointees, dispute.fees).totalPence // 1_200_700 for the NEW Devon facilitator
 */
export function disputeCosts(appointees: readonly Appointee[], fees: readonly Fee[]): DisputeCosts {
  const byId = new Map(appointees.map((a) => [a.id, a]));
  let commissionerPence = 0;
  let providerPence = 0;
  let regulatorPence = 0;
  const out = fees.map((f) => {
    const shares = feeShares(f);
    commissionerPence += shares.commissionerPence;
    providerPence += shares.providerPence;
    regulatorPence += shares.regulatorPence;
    return { ...f, appointee: byId.get(f.appointeeId)!, shares };
  });
  return { totalPence: commissionerPence + providerPence + regulatorPence, commissionerPence, providerPence, regulatorPence, fees: out };
}

/**
 * Checks an appointee, naming the field, and dates the appointment.
 *
 * @example checkAppointee({ id: 'med', name: 'A. Mediator', role: 'mediator', appointedBy: 'parties', appointedOn: on }, [], on)
 */
export function checkAppointee(a: Appointee, existing: readonly Appointee[], on: IsoDate): Appointee {
  if (typeof a?.id !== 'string' || a.id.trim() === '') throw invalid('appointee.id', 'give the appointee an id');
  if (existing.some((x) => x.id === a.id)) throw invalid('appointee.id', `'${a.id}' is already appointed`);
  if (typeof a.name !== 'string' || a.name.trim() === '') throw invalid('appointee.name', 'give the name of the person or body appointed');
  if (!['mediator', 'expert', 'arbitrator', 'facilitator'].includes(a.role)) throw invalid('appointee.role', "must be 'mediator', 'expert', 'arbitrator' or 'facilitator'");
  if (!['commissioner', 'provider', 'parties', 'regulator'].includes(a.appointedBy)) throw invalid('appointee.appointedBy', "must be 'commissioner', 'provider', 'parties' or 'regulator'");
  return { ...a, appointedOn: on };
}

/**
 * Checks a fee against the appointees, naming the field, and dates it.
 *
 * @example checkFee({ appointeeId: 'med', amountPence: 450_000, description: 'Mediation day', payer: { kind: 'regulator' } }, appointees, on)
 */
export function checkFee(fee: Omit<Fee, 'recordedOn'>, appointees: readonly Appointee[], on: IsoDate): Fee {
  if (!appointees.some((a) => a.id === fee.appointeeId)) throw invalid('appointeeId', `no appointee '${String(fee.appointeeId)}' on this dispute (${appointees.map((a) => a.id).join(', ') || 'none appointed'})`);
  if (!isPence(fee.amountPence) || fee.amountPence <= 0) throw invalid('amountPence', 'must be a whole number of pence, more than 0');
  if (typeof fee.description !== 'string' || fee.description.trim() === '') throw invalid('description', 'say what the fee covers');
  const p = fee.payer;
  if (p?.kind === 'paid_by') {
    if (p.side !== 'commissioner' && p.side !== 'provider') throw invalid('payer.side', "must be 'commissioner' or 'provider'");
  } else if (p?.kind === 'shared') {
    if (!Number.isSafeInteger(p.commissionerShareMicros) || p.commissionerShareMicros < 0 || p.commissionerShareMicros > MICROS_PER_UNIT) throw invalid('payer.commissionerShareMicros', 'must be a share in micros, 0 to 1,000,000');
  } else if (p?.kind !== 'regulator') {
    throw invalid('payer.kind', "must be 'paid_by', 'shared' or 'regulator'");
  }
  if (!isIsoDate(on)) throw invalid('on', 'must be a date YYYY-MM-DD');
  return { ...fee, recordedOn: on };
}
