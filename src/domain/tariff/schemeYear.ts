/**
 * Payment-scheme years: the NHS financial year, 1 April to 31 March, labelled '2025/26'.
 * Every tariff and payment parameter is keyed by this label so an old year is re-priced by its own
 * rules (RULES.md preamble; DESIGN.md "financial years run April to March").
 */

import { invalid } from '../errors.ts';

/** A payment-scheme year label such as '2025/26'. */
export type SchemeYear = string;

const LABEL = /^(\d{4})\/(\d{2})$/;
const DATE = /^(\d{4})-(\d{2})(?:-(\d{2}))?$/;

/**
 * The calendar year in which a scheme year starts (1 April).
 *
 * @example schemeYearStart('2025/26') // 2025
 */
export function schemeYearStart(year: SchemeYear): number {
  const m = LABEL.exec(year);
  if (!m) throw invalid('year', `not a payment-scheme year label like '2025/26': "${year}"`);
  const start = Number(m[1]);
  if ((start + 1) % 100 !== Number(m[2])) {
    throw invalid('year', `"${year}" does not name two consecutive years`);
  }
  return start;
}

/**
 * True when `text` is a well-formed scheme year label.
 *
 * @example isSchemeYear('2025/26') // true; isSchemeYear('2025/27') // false
 */
export function isSchemeYear(text: string): boolean {
  const m = LABEL.exec(text);
  return m !== null && (Number(m[1]) + 1) % 100 === Number(m[2]);
}

/**
 * The label of the scheme year that starts on 1 April of `startYear`.
 *
 * @example schemeYearLabel(2025) // '2025/26'
 */
export function schemeYearLabel(startYear: number): SchemeYear {
  return `${startYear}/${String((startYear + 1) % 100).padStart(2, '0')}`;
}

/**
 * The scheme year an activity date ('YYYY-MM-DD') or reporting period ('YYYY-MM') falls in.
 * April to March: 2026-03-31 is in '2025/26', 2026-04-01 in '2026/27'.
 *
 * @example schemeYearOf('2026-03-31') // '2025/26'
 */
export function schemeYearOf(dateOrPeriod: string): SchemeYear {
  const m = DATE.exec(dateOrPeriod);
  const month = m ? Number(m[2]) : NaN;
  if (!m || month < 1 || month > 12) {
    throw invalid('date', `not a date (YYYY-MM-DD) or period (YYYY-MM): "${dateOrPeriod}"`);
  }
  const year = Number(m[1]);
  return schemeYearLabel(month >= 4 ? year : year - 1);
}

/**
 * The twelve reporting periods (YYYY-MM) of a scheme year, April first.
 *
 * @example periodsOfSchemeYear('2025/26')[11] // '2026-03'
 */
export function periodsOfSchemeYear(year: SchemeYear): string[] {
  const start = schemeYearStart(year);
  const out: string[] = [];
  for (let i = 0; i < 12; i++) {
    const month = ((3 + i) % 12) + 1;
    const y = i < 9 ? start : start + 1;
    out.push(`${y}-${String(month).padStart(2, '0')}`);
  }
  return out;
}

/**
 * Position of a period within its scheme year: April is 0, March is 11.
 *
 * @example monthIndexInSchemeYear('2026-01') // 9
 */
export function monthIndexInSchemeYear(period: string): number {
  const m = DATE.exec(period);
  if (!m) throw invalid('period', `not a period (YYYY-MM): "${period}"`);
  const month = Number(m[2]);
  if (month < 1 || month > 12) throw invalid('period', `month out of range: "${period}"`);
  return (month + 8) % 12;
}
