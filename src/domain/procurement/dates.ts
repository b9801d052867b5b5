/** Calendar-day arithmetic on ISO dates for procurement deadlines (working days are in ../calendar). */

import { addDays } from 'date-fns';
import { formatIsoDate, parseIsoDate, type IsoDate } from '../time/date.ts';

/**
 * The date `n` calendar days after `date` (negative `n` goes back).
 *
 * @example addCalendarDays('2025-01-20', 30) // '2025-02-19'
 */
export function addCalendarDays(date: IsoDate, n: number, field = 'date'): IsoDate {
  return formatIsoDate(addDays(parseIsoDate(date, field), n));
}

/**
 * The ISO date of a timestamp or date string: '2025-01-06T16:24:14Z' -> '2025-01-06'. The caller
 * converts to UK local time first where the hour matters (a notice published at 00:30 BST).
 *
 * @example isoDateOf('2025-01-06T16:24:14Z') // '2025-01-06'
 */
export function isoDateOf(value: string): IsoDate {
  return value.slice(0, 10);
}
