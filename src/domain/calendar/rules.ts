/**
 * The standing rules for England and Wales bank holidays (Banking and Financial Dealings Act 1971
 * and the annual proclamations that follow the same pattern). One-off changes live in
 * `proclamations.ts`.
 *
 * The rules are those in force today (the early May holiday dates from 1978); results for earlier
 * years are not historically accurate.
 */

import { addDays, getDay, nextMonday, previousMonday, subDays } from 'date-fns';
import { invalid } from '../errors.ts';
import { dateFromParts, formatIsoDate, MAX_YEAR, parseIsoDate, type IsoDate } from '../time/date.ts';

/** A bank holiday: its date and a human title (gov.uk's wording where there is one). */
export interface Holiday {
  readonly date: IsoDate;
  readonly title: string;
}

/** First year for which the Gregorian Easter computus (and so these rules) are computed. */
export const MIN_CALENDAR_YEAR = 1583;

const SATURDAY = 6;
const SUNDAY = 0;

/** Throw `invalid(field, ...)` unless `year` is a whole year the rules can be applied to. */
export function assertCalendarYear(year: unknown, field = 'year'): asserts year is number {
  if (typeof year !== 'number' || !Number.isInteger(year) || year < MIN_CALENDAR_YEAR || year > MAX_YEAR) {
    throw invalid(field, `must be a whole year between ${MIN_CALENDAR_YEAR} and ${MAX_YEAR}, got ${String(year)}`);
  }
}

/**
 * Easter Sunday in the Gregorian calendar (the anonymous "Meeus/Jones/Butcher" computus).
 *
 * @example easterSunday(2025) // '2025-04-20'
 */
export function easterSunday(year: number): IsoDate {
  assertCalendarYear(year);
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatIsoDate(dateFromParts(year, month, day));
}

/** New Year's Day, moved to the following Monday when 1 January is a Saturday or Sunday. */
function newYear(year: number): Holiday {
  const jan1 = dateFromParts(year, 1, 1);
  const dow = getDay(jan1);
  const date = dow === SATURDAY || dow === SUNDAY ? nextMonday(jan1) : jan1;
  return { date: formatIsoDate(date), title: 'New Year’s Day' };
}

/**
 * Christmas Day and Boxing Day with their substitute days:
 * - 25 Dec Saturday: Mon 27 (Christmas) and Tue 28 (Boxing Day);
 * - 25 Dec Sunday: Mon 26 (Boxing Day) and Tue 27 (Christmas);
 * - 26 Dec Saturday (25 Dec Friday): Mon 28 (Boxing Day);
 * - otherwise both on the day (26 Dec Sunday cannot arise without 25 Dec Saturday, covered above,
 *   where Boxing Day's substitute is Tue 28 because Mon 27 is taken by Christmas).
 */
function christmas(year: number): Holiday[] {
  const dec25 = dateFromParts(year, 12, 25);
  const dec26 = addDays(dec25, 1);
  const at = (d: Date, title: string): Holiday => ({ date: formatIsoDate(d), title });
  switch (getDay(dec25)) {
    case SATURDAY:
      return [at(addDays(dec25, 2), 'Christmas Day'), at(addDays(dec25, 3), 'Boxing Day')];
    case SUNDAY:
      return [at(dec26, 'Boxing Day'), at(addDays(dec25, 2), 'Christmas Day')];
    case 5: // Friday: Boxing Day falls on Saturday
      return [at(dec25, 'Christmas Day'), at(addDays(dec25, 3), 'Boxing Day')];
    default:
      return [at(dec25, 'Christmas Day'), at(dec26, 'Boxing Day')];
  }
}

/**
 * The eight bank holidays the standing rules give for `year`, sorted, before any one-off
 * proclamation moves or adds a day.
 *
 * @example ruleHolidays(2025).map((h) => h.date)
 * // ['2025-01-01', '2025-04-18', '2025-04-21', '2025-05-05', '2025-05-26', '2025-08-25', '2025-12-25', '2025-12-26']
 */
export function ruleHolidays(year: number): Holiday[] {
  assertCalendarYear(year);
  const easter = parseIsoDate(easterSunday(year));
  const at = (d: Date, title: string): Holiday => ({ date: formatIsoDate(d), title });
  const holidays: Holiday[] = [
    newYear(year),
    at(subDays(easter, 2), 'Good Friday'),
    at(addDays(easter, 1), 'Easter Monday'),
    at(nextMonday(dateFromParts(year, 4, 30)), 'Early May bank holiday'),
    at(previousMonday(dateFromParts(year, 6, 1)), 'Spring bank holiday'),
    at(previousMonday(dateFromParts(year, 9, 1)), 'Summer bank holiday'),
    ...christmas(year),
  ];
  return holidays.sort((x, y) => (x.date < y.date ? -1 : x.date > y.date ? 1 : 0));
}
