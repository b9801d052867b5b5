/**
 * Breaches are computed from the returns, never typed in: each current return is judged against its
 * indicator's terms for the contract year, and the consequence priced in pence. The same judgement of
 * a superseded return shows what it hid: the breaches the corrected figures reveal.
 */

import { invalid } from '../errors.ts';
import { applyRate, divideRounded, formatPounds, MICROS_PER_UNIT, type Pence } from '../money.ts';
import { financialYearOfPeriod, type Period } from '../time/index.ts';
import { checkIndicator, termsForYear, type IndicatorTerms, type PerformanceIndicator } from './indicators.ts';
import { currentReturns, returnHistory, returnKey, type PerformanceReturn, type ReturnVersion } from './returns.ts';

/** A return judged against its indicator. */
export interface Assessment {
  readonly key: string;
  readonly return: ReturnVersion;
  readonly indicator: PerformanceIndicator;
  /** The contract year of the month, e.g. '2013/14'. */
  readonly year: string;
  readonly terms: IndicatorTerms;
  /** For people: '91.2% (912 of 1,000 urgent calls)' or '14 patients waiting over 52 weeks'. */
  readonly valueText: string;
  readonly met: boolean;
  /** Cases beyond the threshold: patients over it, or short of it for an 'at least' standard. */
  readonly casesBeyondThreshold: number;
  readonly sanctionPence: Pence;
  /** How the sanction was reached: '14 patients x £2,500.00'. */
  readonly sanctionBasis: string;
}

/** An assessment that is not met. */
export type Breach = Assessment & { readonly met: false };

export interface AssessmentOptions {
  /** The Actual Monthly Value for a contract's month, needed by share-of-value consequences. */
  readonly actualMonthlyValue?: (contractReference: string, period: Period) => Pence | undefined;
}

function pct(micros: number): string {
  return `${(micros / 10_000).toFixed(1)}%`;
}

function ceilDiv(n: number, d: number): number {
  return Math.floor((n + d - 1) / d);
}

/** Cases beyond the threshold, in whole cases: the basis of a per-patient consequence. */
function beyond(ind: PerformanceIndicator, t: IndicatorTerms, r: PerformanceReturn): number {
  if (ind.measure === 'count') return ind.direction === 'at_most' ? Math.max(0, r.numerator - t.threshold) : Math.max(0, t.threshold - r.numerator);
  const d = r.denominator!;
  if (ind.direction === 'at_least') return Math.max(0, ceilDiv(t.threshold * d, MICROS_PER_UNIT) - r.numerator);
  return Math.max(0, r.numerator - Math.floor((t.threshold * d) / MICROS_PER_UNIT));
}

function isMet(ind: PerformanceIndicator, t: IndicatorTerms, r: PerformanceReturn): boolean {
  if (ind.measure === 'count') return ind.direction === 'at_most' ? r.numerator <= t.threshold : r.numerator >= t.threshold;
  const d = r.denominator!;
  // With nothing in scope there is nothing to fail.
  if (d === 0) return true;
  // Compared exactly in integers: numerator / denominator against threshold / 1,000,000.
  const lhs = r.numerator * MICROS_PER_UNIT;
  const rhs = t.threshold * d;
  return ind.direction === 'at_least' ? lhs >= rhs : lhs <= rhs;
}

function sanction(ind: PerformanceIndicator, t: IndicatorTerms, r: PerformanceReturn, cases: number, options: AssessmentOptions): { pence: Pence; basis: string } {
  const c = t.consequence;
  switch (c.kind) {
    case 'none':
      return { pence: 0, basis: `no sanction for ${r.period} (${t.source})` };
    case 'per_breach':
      return { pence: c.amountPence, basis: `${formatPounds(c.amountPence)} for the month in breach` };
    case 'per_patient':
      return { pence: cases * c.amountPence, basis: `${cases} ${ind.unit} beyond the threshold x ${formatPounds(c.amountPence)}` };
    case 'share_of_monthly_value': {
      const value = options.actualMonthlyValue?.(r.contractReference, r.period);
      if (value === undefined) {
        throw invalid(['actualMonthlyValue', r.contractReference, r.period], `the sanction on ${ind.id} is ${pct(c.rateMicros)} of the Actual Monthly Value, which is not given for ${r.contractReference} ${r.period}`);
      }
      return { pence: applyRate(value, c.rateMicros), basis: `${pct(c.rateMicros)} of the Actual Monthly Value ${formatPounds(value)}` };
    }
  }
}

/**
 * Judges one return against its indicator's terms for the return's contract year. Null when the
 * indicator has no terms for that year (it was not in force).
 *
 * @example assessReturn(FIFTY_TWO_WEEK_WAITS, ret)?.sanctionPence // 14 x 250_000 for 14 patients in 2019/20
 */
export function assessReturn(indicator: PerformanceIndicator, ret: ReturnVersion, options: AssessmentOptions = {}): Assessment | null {
  if (ret.indicatorId !== indicator.id) throw invalid('indicatorId', `return ${ret.id} is for ${ret.indicatorId}, not ${indicator.id}`);
  const year = financialYearOfPeriod(ret.period).label;
  const terms = termsForYear(indicator, year);
  if (!terms) return null;
  if (indicator.measure === 'share' && ret.denominator === undefined) throw invalid(['returns', ret.id, 'denominator'], `${indicator.id} is a share: give the ${indicator.unit} in scope`);
  const met = isMet(indicator, terms, ret);
  const cases = met ? 0 : beyond(indicator, terms, ret);
  const s = met ? { pence: 0, basis: 'standard met' } : sanction(indicator, terms, ret, cases, options);
  const valueText = indicator.measure === 'count'
    ? `${ret.numerator} ${indicator.unit}`
    : ret.denominator === 0 ? `no ${indicator.unit} in scope` : `${pct(divideRounded(ret.numerator * MICROS_PER_UNIT, ret.denominator!))} (${ret.numerator} of ${ret.denominator} ${indicator.unit})`;
  return { key: returnKey(ret), return: ret, indicator, year, terms, valueText, met, casesBeyondThreshold: cases, sanctionPence: s.pence, sanctionBasis: s.basis };
}

function indicatorMap(indicators: readonly PerformanceIndicator[]): Map<string, PerformanceIndicator> {
  const m = new Map<string, PerformanceIndicator>();
  indicators.forEach((ind, i) => {
    checkIndicator(ind, ['indicators', i]);
    if (m.has(ind.id)) throw invalid(['indicators', i, 'id'], `'${ind.id}' appears twice`);
    m.set(ind.id, ind);
  });
  return m;
}

function assessAll(indicators: readonly PerformanceIndicator[], versions: readonly ReturnVersion[], options: AssessmentOptions): Assessment[] {
  const byId = indicatorMap(indicators);
  const out: Assessment[] = [];
  for (const r of versions) {
    const ind = byId.get(r.indicatorId);
    if (!ind) throw invalid(['returns', r.id, 'indicatorId'], `no indicator '${r.indicatorId}' on the contract (${[...byId.keys()].join(', ')})`);
    const a = assessReturn(ind, r, options);
    if (a) out.push(a);
  }
  return out;
}

/**
 * Every current return judged against its indicator (superseded returns are not): the performance
 * page's table.
 *
 * @example assessCurrentReturns(indicators, returns).filter((a) => !a.met).length
 */
export function assessCurrentReturns(indicators: readonly PerformanceIndicator[], returns: readonly PerformanceReturn[], options: AssessmentOptions = {}): Assessment[] {
  return assessAll(indicators, currentReturns(returns), options);
}

/**
 * The breaches in the current returns, with their sanctions. Computed, never typed.
 *
 * @example computeBreaches([FIFTY_TWO_WEEK_WAITS], returns).map((b) => b.sanctionPence)
 */
export function computeBreaches(indicators: readonly PerformanceIndicator[], returns: readonly PerformanceReturn[], options: AssessmentOptions = {}): Breach[] {
  return assessCurrentReturns(indicators, returns, options).filter((a): a is Breach => !a.met);
}

/** What a superseded return hid: the current figures show a breach (or a bigger one) it did not. */
export interface HiddenBreach {
  readonly key: string;
  readonly superseded: Assessment;
  readonly current: Breach;
  /** The sanction the superseded return would have avoided. */
  readonly sanctionHiddenPence: Pence;
}

/**
 * Breaches that a superseded return did not show and the current one does (a falsified figure later
 * corrected), one per superseded return, oldest first.
 *
 * @example hiddenBreaches(indicators, returns)[0].superseded.valueText // the figure first reported
 */
export function hiddenBreaches(indicators: readonly PerformanceIndicator[], returns: readonly PerformanceReturn[], options: AssessmentOptions = {}): HiddenBreach[] {
  const all = assessAll(indicators, returnHistory(returns), options);
  const current = new Map(all.filter((a) => a.return.status === 'current').map((a) => [a.key, a]));
  const out: HiddenBreach[] = [];
  for (const a of all) {
    if (a.return.status !== 'superseded') continue;
    const now = current.get(a.key);
    if (!now || now.met) continue;
    if (a.met || a.sanctionPence < now.sanctionPence) {
      out.push({ key: a.key, superseded: a, current: now as Breach, sanctionHiddenPence: now.sanctionPence - a.sanctionPence });
    }
  }
  return out;
}
