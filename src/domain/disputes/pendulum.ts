/**
 * Pendulum arbitration: on each issue the arbitrator picks one party's final offer exactly; the most
 * reasonable offer wins and nothing is split down the middle ("no 50:50s", RULES.md §1.3 [S2]).
 */

import type { Side } from '../contract-management/index.ts';
import { invalid } from '../errors.ts';
import { formatPounds, isPence, type Pence } from '../money.ts';

/** An issue in a contract-setting dispute. */
export interface DisputeIssue {
  readonly id: string;
  readonly title: string;
  /** 'amount': the offers are sums of money; 'terms': the offers are wording (a threshold, a clause). */
  readonly measure: 'amount' | 'terms';
}

/** A party's position on an issue. */
export type Offer = { readonly amountPence: Pence } | { readonly terms: string };

/** The parties' final offers on one issue. */
export interface FinalOffers {
  readonly commissioner?: Offer;
  readonly provider?: Offer;
}

function describe(o: Offer): string {
  return 'amountPence' in o ? formatPounds(o.amountPence) : `"${o.terms}"`;
}

function same(a: Offer, b: Offer): boolean {
  return 'amountPence' in a ? 'amountPence' in b && a.amountPence === b.amountPence : 'terms' in b && a.terms === b.terms;
}

/**
 * Checks that an offer fits its issue, naming the field.
 *
 * @example checkOffer({ id: 'value', title: 'Contract value', measure: 'amount' }, { amountPence: 100 }, 'offer') // ok
 */
export function checkOffer(issue: DisputeIssue, offer: Offer, field: string): Offer {
  if (issue.measure === 'amount') {
    if (!offer || !('amountPence' in offer) || !isPence(offer.amountPence)) throw invalid(`${field}.amountPence`, `issue '${issue.id}' (${issue.title}) is about money: give a whole number of pence`);
  } else if (!offer || !('terms' in offer) || typeof offer.terms !== 'string' || offer.terms.trim() === '') {
    throw invalid(`${field}.terms`, `issue '${issue.id}' (${issue.title}) is about terms: give the wording`);
  }
  return offer;
}

/**
 * Checks a pendulum determination on one issue and says whose offer it is. Refused, naming the issue,
 * when either final offer is missing or the determination is not exactly one party's offer.
 * Returns 'both' when the final offers are the same (the issue was in fact agreed).
 *
 * @example
 * const issue = { id: 'value', title: 'Contract value 2013/14', measure: 'amount' } as const;
 * checkPendulumDetermination(issue, { commissioner: { amountPence: 15_600_000_000 }, provider: { amountPence: 15_800_000_000 } }, { amountPence: 15_800_000_000 }) // 'provider'
 * checkPendulumDetermination(issue, ..., { amountPence: 15_700_000_000 }) // throws: neither party's final offer ... no 50:50s
 */
export function checkPendulumDetermination(issue: DisputeIssue, offers: FinalOffers, determined: Offer): Side | 'both' {
  const path = ['determinations', issue.id];
  const missing = (['commissioner', 'provider'] as const).filter((s) => offers[s] === undefined);
  if (missing.length > 0) throw invalid(path, `issue '${issue.id}' (${issue.title}) cannot be determined before both final offers are in; missing: ${missing.join(' and ')}`);
  checkOffer(issue, determined, 'offer');
  const c = offers.commissioner!;
  const p = offers.provider!;
  const isC = same(determined, c);
  const isP = same(determined, p);
  if (isC && isP) return 'both';
  if (isC) return 'commissioner';
  if (isP) return 'provider';
  throw invalid(
    path,
    `issue '${issue.id}' (${issue.title}): the determination ${describe(determined)} is neither the commissioner's final offer ${describe(c)} nor the provider's ${describe(p)}; pendulum arbitration awards one party's offer exactly on each issue, no 50:50s (RULES.md §1.3 [S2])`,
  );
}
