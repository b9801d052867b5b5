/**
 * KPIs and quality requirements on a contract: national standards and local requirements, each with a
 * measure, a direction, a threshold and the consequence of a breach, keyed by contract year (the
 * financial year) so that a year is judged by its own terms (RULES.md §1.2, §1.5: national-standard
 * sanctions changed by year and were suspended in 2020/21-2021/22).
 */

import type { Confidence } from '../contract-management/index.ts';
import { invalid } from '../errors.ts';
import { isPence, MICROS_PER_UNIT, type Micros, type Pence } from '../money.ts';
import { isFinancialYearLabel } from '../time/index.ts';

/** What a breach costs the provider. */
export type Consequence =
  | { readonly kind: 'none' }
  /** A fixed sum for each month the standard is not met. */
  | { readonly kind: 'per_breach'; readonly amountPence: Pence }
  /** A sum for each patient beyond the threshold, e.g. £2,500 per 52-week wait (RULES.md §1.2 [S2]). */
  | { readonly kind: 'per_patient'; readonly amountPence: Pence }
  /** A share of the month's Actual Monthly Value. */
  | { readonly kind: 'share_of_monthly_value'; readonly rateMicros: Micros };

/** An indicator's threshold and consequence from a contract year on. */
export interface IndicatorTerms {
  /** First contract year these terms apply to, e.g. '2019/20'; they run until the next entry. */
  readonly fromYear: string;
  /** A count for count measures; a share in micros for share measures (950_000 is 95%). */
  readonly threshold: number;
  readonly consequence: Consequence;
  readonly source: string;
  readonly confidence: Confidence;
}

/** A KPI or quality requirement. */
export interface PerformanceIndicator {
  /** Stable id, e.g. 'RTT-52WW'. */
  readonly id: string;
  readonly name: string;
  /** A national standard or a locally agreed requirement. */
  readonly scope: 'national' | 'local';
  /**
   * 'count': the return gives a count (patients waiting over 52 weeks).
   * 'share': the return gives those meeting the standard out of those in scope (calls triaged in time).
   */
  readonly measure: 'count' | 'share';
  /** 'at_least': met when the value is at or above the threshold; 'at_most': at or below it. */
  readonly direction: 'at_least' | 'at_most';
  /** What is counted, for people: 'patients', 'urgent calls'. */
  readonly unit: string;
  /** Oldest first. A year before the first entry has no terms: the indicator is not assessed. */
  readonly terms: readonly IndicatorTerms[];
}

/**
 * The terms in force for a contract year: the latest entry whose fromYear is on or before it.
 *
 * @example termsForYear(FIFTY_TWO_WEEK_WAITS, '2019/20')?.consequence // { kind: 'per_patient', amountPence: 250_000 }
 */
export function termsForYear(indicator: PerformanceIndicator, year: string): IndicatorTerms | null {
  let found: IndicatorTerms | null = null;
  for (const t of indicator.terms) if (t.fromYear <= year && (!found || t.fromYear > found.fromYear)) found = t;
  return found;
}

/**
 * Checks an indicator definition, naming the field at fault.
 *
 * @example checkIndicator(FIFTY_TWO_WEEK_WAITS) // returns it unchanged
 */
export function checkIndicator(indicator: PerformanceIndicator, path: readonly (string | number)[] = []): PerformanceIndicator {
  const at = (...p: (string | number)[]) => [...path, ...p];
  if (typeof indicator.id !== 'string' || indicator.id.trim() === '') throw invalid(at('id'), 'give the indicator an id');
  if (typeof indicator.name !== 'string' || indicator.name.trim() === '') throw invalid(at('name'), 'give the indicator a name');
  if (indicator.scope !== 'national' && indicator.scope !== 'local') throw invalid(at('scope'), "must be 'national' or 'local'");
  if (indicator.measure !== 'count' && indicator.measure !== 'share') throw invalid(at('measure'), "must be 'count' or 'share'");
  if (indicator.direction !== 'at_least' && indicator.direction !== 'at_most') throw invalid(at('direction'), "must be 'at_least' or 'at_most'");
  const years = new Set<string>();
  indicator.terms.forEach((t, i) => {
    if (!isFinancialYearLabel(t.fromYear) || t.fromYear.includes('-')) throw invalid(at('terms', i, 'fromYear'), `must be a contract year like '2019/20', got '${String(t.fromYear)}'`);
    if (years.has(t.fromYear)) throw invalid(at('terms', i, 'fromYear'), `${t.fromYear} appears twice`);
    years.add(t.fromYear);
    const max = indicator.measure === 'share' ? MICROS_PER_UNIT : Number.MAX_SAFE_INTEGER;
    if (!Number.isSafeInteger(t.threshold) || t.threshold < 0 || t.threshold > max) {
      throw invalid(at('terms', i, 'threshold'), indicator.measure === 'share' ? 'must be a share in micros, 0 to 1,000,000' : 'must be a whole number 0 or more');
    }
    const c = t.consequence;
    if (c.kind === 'per_breach' || c.kind === 'per_patient') {
      if (!isPence(c.amountPence) || c.amountPence < 0) throw invalid(at('terms', i, 'consequence', 'amountPence'), 'must be a whole number of pence, 0 or more');
    } else if (c.kind === 'share_of_monthly_value') {
      if (!Number.isSafeInteger(c.rateMicros) || c.rateMicros < 0 || c.rateMicros > MICROS_PER_UNIT) throw invalid(at('terms', i, 'consequence', 'rateMicros'), 'must be a share in micros, 0 to 1,000,000');
    } else if (c.kind !== 'none') {
      throw invalid(at('terms', i, 'consequence', 'kind'), "must be 'none', 'per_breach', 'per_patient' or 'share_of_monthly_value'");
    }
    if (typeof t.source !== 'string' || t.source.trim() === '') throw invalid(at('terms', i, 'source'), 'say where the threshold and consequence come from');
  });
  return indicator;
}
