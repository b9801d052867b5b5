/**
 * Monthly periods, 'YYYY-MM' (e.g. '2025-04'), and their place in the financial year.
 */

import { addMonths, endOfMonth, format } from 'date-fns';
import { invalid } from '../errors.ts';
import { dateFromParts, formatIsoDate, MAX_YEAR, MIN_YEAR, parseIsoDate, type IsoDate } from './date.ts';
import { financialYearStarting, parseFinancialYear, type FinancialYear } from './financialYear.ts';

/** A calendar month as 'YYYY-MM'. */
export type Period = string;

/** A period split into its year and 1-based month (1 = January). */
export interface PeriodParts {
  readonly year: number;
  readonly month: number;
}

const PERIOD = /^(\d{4})-(\d{2})$/;

/**
 * True when `value` is a string 'YYYY-MM' with a month 01-12.
 *
 * @example isPeriod('2025-04') // true
 * @example isPeriod('2025-13') // false
 */
export function isPeriod(value: unknown): value is Period {
  if (typeof value !== 'string') return false;
  const m = PERIOD.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  return year >= MIN_YEAR && month >= 1 && month <= 12;
}

/**
 * Split 'YYYY-MM' into year and month, or throw `invalid(field, ...)`.
 *
 * @example parsePeriod('2025-04') // { year: 2025, month: 4 }
 */
export function parsePeriod(value: unknown, field = 'period'): PeriodParts {
  if (!isPeriod(value)) {
    throw invalid(field, `must be a period YYYY-MM with month 01-12, got '${String(value)}'`);
  }
  return { year: Number(value.slice(0, 4)), month: Number(value.slice(5, 7)) };
}

/**
 * Validate a period and return it unchanged (for use at input boundaries).
 *
 * @example validatePeriod('2025-04') // '2025-04'
 */
export function validatePeriod(value: unknown, field = 'period'): Period {
  parsePeriod(value, field);
  return value as Period;
}

/**
 * Build 'YYYY-MM' from a year and 1-based month.
 *
 * @example formatPeriod(2025, 4) // '2025-04'
 */
export function formatPeriod(year: number, month: number, field = 'period'): Period {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR || !Number.isInteger(month) || month < 1 || month > 12) {
    throw invalid(field, `no such period: year ${year}, month ${month}`);
  }
  return `${year}-${String(month).padStart(2, '0')}`;
}

function firstDay(period: Period, field: string): Date {
  const { year, month } = parsePeriod(period, field);
  return dateFromParts(year, month, 1, field);
}

function shift(period: Period, months: number, field: string): Period {
  const d = addMonths(firstDay(period, field), months);
  if (d.getFullYear() < MIN_YEAR || d.getFullYear() > MAX_YEAR) throw invalid(field, `period out of range after '${period}'`);
  return format(d, 'yyyy-MM');
}

/**
 * The month after `period`.
 *
 * @example nextPeriod('2025-12') // '2026-01'
 */
export function nextPeriod(period: Period, field = 'period'): Period {
  return shift(period, 1, field);
}

/**
 * The month before `period`.
 *
 * @example previousPeriod('2026-01') // '2025-12'
 */
export function previousPeriod(period: Period, field = 'period'): Period {
  return shift(period, -1, field);
}

/**
 * The period (month) containing a date.
 *
 * @example periodOf('2025-04-30') // '2025-04'
 */
export function periodOf(date: IsoDate, field = 'date'): Period {
  return format(parseIsoDate(date, field), 'yyyy-MM');
}

/**
 * First day of a period.
 *
 * @example periodStart('2025-02') // '2025-02-01'
 */
export function periodStart(period: Period, field = 'period'): IsoDate {
  return formatIsoDate(firstDay(period, field));
}

/**
 * Last day of a period (inclusive).
 *
 * @example periodEnd('2024-02') // '2024-02-29'
 */
export function periodEnd(period: Period, field = 'period'): IsoDate {
  return formatIsoDate(endOfMonth(firstDay(period, field)));
}

/**
 * The twelve periods of a financial year, April to March.
 *
 * @example periodsInFinancialYear('2025/26') // ['2025-04', '2025-05', ..., '2026-02', '2026-03']
 */
export function periodsInFinancialYear(label: string, field = 'financialYear'): Period[] {
  const { startYear } = parseFinancialYear(label, field);
  const periods: Period[] = [];
  let p = formatPeriod(startYear, 4);
  for (let i = 0; i < 12; i++) {
    periods.push(p);
    p = nextPeriod(p);
  }
  return periods;
}

/**
 * The financial year a period belongs to (January-March belong to the year begun the April before).
 *
 * @example financialYearOfPeriod('2026-03').label // '2025/26'
 */
export function financialYearOfPeriod(period: Period, field = 'period'): FinancialYear {
  const { year, month } = parsePeriod(period, field);
  return financialYearStarting(month >= 4 ? year : year - 1, field);
}

/**
 * The NHS month number of a period within its financial year, **1-based**: April is month 1
 * ("M1"), March is month 12 ("M12").
 *
 * @example monthIndexInFinancialYear('2025-04') // 1
 * @example monthIndexInFinancialYear('2026-03') // 12
 */
export function monthIndexInFinancialYear(period: Period, field = 'period'): number {
  const { month } = parsePeriod(period, field);
  return ((month + 8) % 12) + 1;
}
