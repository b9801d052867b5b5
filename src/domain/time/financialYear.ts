/**
 * UK financial years, 1 April to 31 March, labelled '2025/26'.
 */

import { invalid } from '../errors.ts';
import { MAX_YEAR, MIN_YEAR, parseIsoDate, type IsoDate } from './date.ts';

/** A financial year: 1 April `startYear` to 31 March `startYear + 1`. */
export interface FinancialYear {
  /** Canonical label, e.g. '2025/26'. */
  readonly label: string;
  /** First day, e.g. '2025-04-01'. */
  readonly start: IsoDate;
  /** Last day (inclusive), e.g. '2026-03-31'. */
  readonly end: IsoDate;
  /** The calendar year in which it starts, e.g. 2025. */
  readonly startYear: number;
}

const LABEL = /^(\d{4})[/-](\d{2})$/;

/**
 * The financial year that starts on 1 April of `startYear`.
 *
 * @example financialYearStarting(2025) // { label: '2025/26', start: '2025-04-01', end: '2026-03-31', startYear: 2025 }
 */
export function financialYearStarting(startYear: number, field = 'startYear'): FinancialYear {
  if (!Number.isInteger(startYear) || startYear < MIN_YEAR || startYear >= MAX_YEAR) {
    throw invalid(field, `must be a whole year between ${MIN_YEAR} and ${MAX_YEAR - 1}, got ${startYear}`);
  }
  const endYear = startYear + 1;
  return {
    label: `${startYear}/${String(endYear % 100).padStart(2, '0')}`,
    start: `${startYear}-04-01`,
    end: `${endYear}-03-31`,
    startYear,
  };
}

/**
 * The financial year containing a date: January to March belong to the year that began the
 * previous April.
 *
 * @example financialYearOf('2026-03-31').label // '2025/26'
 * @example financialYearOf('2026-04-01').label // '2026/27'
 */
export function financialYearOf(date: IsoDate, field = 'date'): FinancialYear {
  const d = parseIsoDate(date, field);
  const year = d.getFullYear();
  return financialYearStarting(d.getMonth() >= 3 ? year : year - 1, field);
}

/**
 * True when `value` is a well-formed financial-year label ('2025/26' or '2025-26') whose two
 * halves are consecutive years.
 *
 * @example isFinancialYearLabel('2025-26') // true
 * @example isFinancialYearLabel('2025/27') // false
 */
export function isFinancialYearLabel(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = LABEL.exec(value);
  if (!m) return false;
  const startYear = Number(m[1]);
  return startYear >= MIN_YEAR && startYear < MAX_YEAR && Number(m[2]) === (startYear + 1) % 100;
}

/**
 * Parse a label, '2025/26' or '2025-26', into a {@link FinancialYear} whose `label` is canonical
 * ('2025/26'). Throws `invalid(field, ...)` for anything else, including '2025/27'.
 *
 * @example parseFinancialYear('2025-26').start // '2025-04-01'
 */
export function parseFinancialYear(label: unknown, field = 'financialYear'): FinancialYear {
  if (typeof label !== 'string') throw invalid(field, "must be a financial year such as '2025/26'");
  const m = LABEL.exec(label);
  if (!m) throw invalid(field, `must be a financial year such as '2025/26', got '${label}'`);
  const startYear = Number(m[1]);
  if (Number(m[2]) !== (startYear + 1) % 100) {
    throw invalid(field, `'${label}' does not name consecutive years (expected ${startYear}/${String((startYear + 1) % 100).padStart(2, '0')})`);
  }
  return financialYearStarting(startYear, field);
}

/**
 * True when `date` falls within the financial year named by `label` (inclusive at both ends).
 *
 * @example financialYearContains('2025/26', '2026-03-31') // true
 */
export function financialYearContains(label: string, date: IsoDate): boolean {
  return financialYearOf(date).startYear === parseFinancialYear(label).startYear;
}
