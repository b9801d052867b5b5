/**
 * ISO calendar dates ('YYYY-MM-DD') at the edge of the time and calendar modules.
 *
 * Internally dates become `Date` objects at local midnight so that date-fns can do the arithmetic;
 * they never leave this module pair as `Date`s. Only day precision matters, so the host time zone
 * does not change any result (date-fns day arithmetic uses calendar fields, not milliseconds).
 * Tested under UTC, Europe/London and zones with midnight DST changes. The one exception is a zone
 * that skipped a whole calendar day (Pacific/Apia has no 2011-12-30), where that date is rejected.
 */

import { format, isValid } from 'date-fns';
import { invalid } from '../errors.ts';

/** A calendar date as an ISO string, 'YYYY-MM-DD' (four-digit year, no time, no zone). */
export type IsoDate = string;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Lowest four-digit year accepted anywhere in these modules. */
export const MIN_YEAR = 1000;
/** Highest year accepted anywhere in these modules. */
export const MAX_YEAR = 9999;

/** The local-midnight `Date` for a year, 1-based month and day, or `undefined` if no such day. */
function localDate(year: number, month: number, day: number): Date | undefined {
  const d = new Date(year, month - 1, day);
  // `new Date` maps years 0-99 to 1900-1999; fix that, then reject rolled-over days (e.g. 02-30).
  d.setFullYear(year, month - 1, day);
  if (!isValid(d) || d.getFullYear() !== year || d.getMonth() !== month - 1 || d.getDate() !== day) {
    return undefined;
  }
  return d;
}

/**
 * True when `value` is a string 'YYYY-MM-DD' naming a real calendar day.
 *
 * @example isIsoDate('2024-02-29') // true
 * @example isIsoDate('2025-02-29') // false
 */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  return year >= MIN_YEAR && localDate(year, Number(m[2]), Number(m[3])) !== undefined;
}

/**
 * Parse 'YYYY-MM-DD' into a `Date` at local midnight, or throw `invalid(field, ...)`.
 *
 * @example parseIsoDate('2025-01-06').getDay() // 1 (Monday)
 */
export function parseIsoDate(value: unknown, field = 'date'): Date {
  if (typeof value !== 'string') throw invalid(field, 'must be a date string YYYY-MM-DD');
  const m = ISO_DATE.exec(value);
  if (!m) throw invalid(field, `must be a date YYYY-MM-DD, got '${value}'`);
  const year = Number(m[1]);
  if (year < MIN_YEAR) throw invalid(field, `year must be ${MIN_YEAR} or later, got '${value}'`);
  const d = localDate(year, Number(m[2]), Number(m[3]));
  if (!d) throw invalid(field, `is not a real calendar date: '${value}'`);
  return d;
}

/**
 * Format a `Date` as 'YYYY-MM-DD' using its local calendar fields.
 *
 * @example formatIsoDate(new Date(2025, 0, 6)) // '2025-01-06'
 */
export function formatIsoDate(date: Date): IsoDate {
  return format(date, 'yyyy-MM-dd');
}

/**
 * The `Date` at local midnight for a year and 1-based month and day (for callers that already hold
 * validated numbers). Throws `invalid(field, ...)` for a day that does not exist.
 *
 * @example formatIsoDate(dateFromParts(2025, 4, 1)) // '2025-04-01'
 */
export function dateFromParts(year: number, month: number, day: number, field = 'date'): Date {
  const d = Number.isInteger(year) && Number.isInteger(month) && Number.isInteger(day)
    ? localDate(year, month, day)
    : undefined;
  if (!d) throw invalid(field, `no such date: ${year}-${month}-${day}`);
  return d;
}
