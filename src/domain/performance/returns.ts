/**
 * Monthly performance returns. Like activity submissions (DESIGN.md C3), returns are a ledger: a
 * later return for the same contract, month and indicator supersedes the earlier one, and both are
 * kept, so a correction is visible as such and a falsified figure stays readable as superseded.
 */

import { invalid } from '../errors.ts';
import { isIsoDate, isPeriod, type IsoDate, type Period } from '../time/index.ts';

/** One indicator's figure for one month of one contract. */
export interface PerformanceReturn {
  readonly id: string;
  /** Order of recording in the contract's ledger: the highest for a month and indicator is current. */
  readonly sequence: number;
  readonly contractReference: string;
  readonly period: Period;
  readonly indicatorId: string;
  /** Count measures: the count. Share measures: the cases that met the standard. */
  readonly numerator: number;
  /** Share measures: the cases in scope. */
  readonly denominator?: number;
  readonly submittedOn: IsoDate;
  /** ODS code of the organisation that submitted it. */
  readonly submittedBy: string;
  /** Why it was resubmitted, for a correction. */
  readonly note?: string;
}

/** A return with its place in the history of its month and indicator. */
export interface ReturnVersion extends PerformanceReturn {
  readonly status: 'current' | 'superseded';
  /** The return that replaced this one (the next in sequence). */
  readonly supersededBy: string | null;
}

/**
 * The key of a contract's month for an indicator: returns with the same key supersede each other.
 *
 * @example returnKey({ contractReference: 'CORNWALL-OOH-2013', indicatorId: 'OOH-URGENT-20', period: '2013-05' }) // 'CORNWALL-OOH-2013 OOH-URGENT-20 2013-05'
 */
export function returnKey(r: Pick<PerformanceReturn, 'contractReference' | 'indicatorId' | 'period'>): string {
  return `${r.contractReference} ${r.indicatorId} ${r.period}`;
}

/**
 * Checks a list of returns, naming the field at fault: well-formed fields, unique ids and sequences.
 *
 * @example checkReturns(returns) // returns them unchanged
 */
export function checkReturns(returns: readonly PerformanceReturn[]): readonly PerformanceReturn[] {
  const ids = new Set<string>();
  const seqs = new Set<number>();
  returns.forEach((r, i) => {
    if (typeof r.id !== 'string' || r.id === '') throw invalid(['returns', i, 'id'], 'give the return an id');
    if (ids.has(r.id)) throw invalid(['returns', i, 'id'], `'${r.id}' appears twice`);
    ids.add(r.id);
    if (!Number.isSafeInteger(r.sequence) || r.sequence < 0) throw invalid(['returns', i, 'sequence'], 'must be a whole number 0 or more');
    if (seqs.has(r.sequence)) throw invalid(['returns', i, 'sequence'], `${r.sequence} appears twice: the ledger orders returns one by one`);
    seqs.add(r.sequence);
    if (!isPeriod(r.period)) throw invalid(['returns', i, 'period'], `must be a month YYYY-MM, got '${String(r.period)}'`);
    if (!isIsoDate(r.submittedOn)) throw invalid(['returns', i, 'submittedOn'], 'must be a date YYYY-MM-DD');
    if (!Number.isSafeInteger(r.numerator) || r.numerator < 0) throw invalid(['returns', i, 'numerator'], 'must be a whole number 0 or more');
    if (r.denominator !== undefined) {
      if (!Number.isSafeInteger(r.denominator) || r.denominator < 0) throw invalid(['returns', i, 'denominator'], 'must be a whole number 0 or more');
      if (r.numerator > r.denominator) throw invalid(['returns', i, 'numerator'], `${r.numerator} is more than the ${r.denominator} cases in scope`);
    }
  });
  return returns;
}

/**
 * Every return with its status: per contract, month and indicator, the highest sequence is current and
 * each earlier one is superseded by the next. Sorted by key, then sequence.
 *
 * @example returnHistory(returns).filter((r) => r.status === 'superseded')
 */
export function returnHistory(returns: readonly PerformanceReturn[]): ReturnVersion[] {
  checkReturns(returns);
  const byKey = new Map<string, PerformanceReturn[]>();
  for (const r of returns) {
    const k = returnKey(r);
    byKey.set(k, [...(byKey.get(k) ?? []), r]);
  }
  const out: ReturnVersion[] = [];
  for (const k of [...byKey.keys()].sort()) {
    const versions = byKey.get(k)!.slice().sort((a, b) => a.sequence - b.sequence);
    versions.forEach((r, i) => {
      const next = versions[i + 1];
      out.push({ ...r, status: next ? 'superseded' : 'current', supersededBy: next ? next.id : null });
    });
  }
  return out;
}

/**
 * The current return for each contract, month and indicator.
 *
 * @example currentReturns(returns).length // one per contract, month and indicator
 */
export function currentReturns(returns: readonly PerformanceReturn[]): ReturnVersion[] {
  return returnHistory(returns).filter((r) => r.status === 'current');
}
