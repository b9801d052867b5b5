/**
 * A bank holiday calendar and operational-day arithmetic (NHS Standard Contract: an Operational
 * Day is any day other than a Saturday, a Sunday or a bank holiday in England and Wales; Christmas
 * Day and Good Friday are bank holidays in this list).
 */

import { addDays, eachDayOfInterval, isWeekend, subDays } from 'date-fns';
import { invalid } from '../errors.ts';
import { formatIsoDate, parseIsoDate, type IsoDate } from '../time/date.ts';
import { ENGLAND_AND_WALES_PROCLAMATIONS, type Proclamation } from './proclamations.ts';
import { assertCalendarYear, ruleHolidays, type Holiday } from './rules.ts';

/** How to build a {@link Calendar}. Every option is optional. */
export interface CalendarOptions {
  /**
   * One-off proclamations to apply over the standing rules. Defaults to
   * {@link ENGLAND_AND_WALES_PROCLAMATIONS}; pass `[]` for the bare rules.
   */
  readonly proclamations?: readonly Proclamation[];
  /** Dates that are not bank holidays even though the rules or proclamations say so. */
  readonly removedDates?: readonly IsoDate[];
  /** Further bank holidays (e.g. from gov.uk's feed). A date already a holiday keeps its title. */
  readonly extraHolidays?: readonly Holiday[];
}

function byDate(a: Holiday, b: Holiday): number {
  return a.date < b.date ? -1 : a.date > b.date ? 1 : 0;
}

function yearOf(date: IsoDate): number {
  return Number(date.slice(0, 4));
}

function nonNegativeInteger(n: unknown, field: string): number {
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw invalid(field, `must be a whole number 0 or more, got ${String(n)}`);
  }
  return n;
}

/**
 * A bank holiday calendar: the England and Wales standing rules, plus proclamations, minus any
 * removed dates, plus any extra holidays. Immutable; holidays per year are computed on demand and
 * memoised.
 *
 * @example
 * const cal = new Calendar({ extraHolidays: [{ date: '2030-06-14', title: 'Hypothetical' }] });
 * cal.isOperationalDay('2030-06-14') // false
 */
export class Calendar {
  readonly #proclamations: readonly Proclamation[];
  readonly #removed: ReadonlySet<IsoDate>;
  readonly #extras: ReadonlyMap<number, readonly Holiday[]>;
  readonly #cache = new Map<number, { list: readonly Holiday[]; dates: ReadonlySet<IsoDate> }>();

  constructor(options: CalendarOptions = {}) {
    const proclamations = options.proclamations ?? ENGLAND_AND_WALES_PROCLAMATIONS;
    proclamations.forEach((p, i) => {
      parseIsoDate(p.date, `proclamations.${i}.date`);
      if (p.replaces !== undefined) parseIsoDate(p.replaces, `proclamations.${i}.replaces`);
    });
    (options.removedDates ?? []).forEach((d, i) => parseIsoDate(d, `removedDates.${i}`));
    const extras = new Map<number, Holiday[]>();
    (options.extraHolidays ?? []).forEach((h, i) => {
      parseIsoDate(h.date, `extraHolidays.${i}.date`);
      const list = extras.get(yearOf(h.date)) ?? [];
      list.push({ date: h.date, title: h.title });
      extras.set(yearOf(h.date), list);
    });
    this.#proclamations = [...proclamations];
    this.#removed = new Set(options.removedDates ?? []);
    this.#extras = extras;
  }

  #year(year: number): { list: readonly Holiday[]; dates: ReadonlySet<IsoDate> } {
    const hit = this.#cache.get(year);
    if (hit) return hit;
    assertCalendarYear(year);
    const byDay = new Map<IsoDate, Holiday>();
    for (const h of ruleHolidays(year)) byDay.set(h.date, h);
    const mine = this.#proclamations.filter((p) => yearOf(p.date) === year || (p.replaces !== undefined && yearOf(p.replaces) === year));
    for (const p of mine) if (p.replaces !== undefined) byDay.delete(p.replaces);
    for (const p of mine) if (yearOf(p.date) === year && !byDay.has(p.date)) byDay.set(p.date, { date: p.date, title: p.title });
    for (const d of this.#removed) byDay.delete(d);
    for (const h of this.#extras.get(year) ?? []) if (!byDay.has(h.date)) byDay.set(h.date, h);
    const list = Object.freeze([...byDay.values()].sort(byDate));
    const entry = { list, dates: new Set(byDay.keys()) };
    this.#cache.set(year, entry);
    return entry;
  }

  #isHoliday(d: Date): boolean {
    return this.#year(d.getFullYear()).dates.has(formatIsoDate(d));
  }

  #isOperational(d: Date): boolean {
    return !isWeekend(d) && !this.#isHoliday(d);
  }

  /**
   * The bank holidays of a calendar year, sorted by date.
   *
   * @example englandAndWales.bankHolidays(2025).length // 8
   */
  bankHolidays(year: number): Holiday[] {
    return [...this.#year(year).list];
  }

  /**
   * True when `date` is a bank holiday (weekends are not, by themselves, bank holidays).
   *
   * @example englandAndWales.isBankHoliday('2025-12-26') // true
   */
  isBankHoliday(date: IsoDate): boolean {
    return this.#isHoliday(parseIsoDate(date));
  }

  /**
   * True when `date` is an Operational Day: not a Saturday, Sunday or bank holiday.
   *
   * @example englandAndWales.isOperationalDay('2025-04-18') // false (Good Friday)
   */
  isOperationalDay(date: IsoDate): boolean {
    return this.#isOperational(parseIsoDate(date));
  }

  /**
   * The `n`th Operational Day strictly after `date`: "within N operational days of X" ends on
   * `nthOperationalDayAfter(X, N)`. With `n = 0` it returns `date` itself if that is an
   * Operational Day, otherwise the next Operational Day (i.e. it rolls forward).
   *
   * @example englandAndWales.nthOperationalDayAfter('2025-01-07', 8) // '2025-01-17'
   * @example englandAndWales.nthOperationalDayAfter('2025-12-23', 5) // '2026-01-02'
   */
  nthOperationalDayAfter(date: IsoDate, n: number): IsoDate {
    let d = parseIsoDate(date);
    let left = nonNegativeInteger(n, 'n');
    if (left === 0) {
      while (!this.#isOperational(d)) d = addDays(d, 1);
      return formatIsoDate(d);
    }
    while (left > 0) {
      d = addDays(d, 1);
      if (this.#isOperational(d)) left--;
    }
    return formatIsoDate(d);
  }

  /**
   * Move `n` Operational Days from `date`: for `n >= 0` exactly {@link nthOperationalDayAfter};
   * for `n < 0` the `|n|`th Operational Day strictly before `date`.
   *
   * @example englandAndWales.addOperationalDays('2025-01-17', -8) // '2025-01-07'
   */
  addOperationalDays(date: IsoDate, n: number): IsoDate {
    if (typeof n !== 'number' || !Number.isSafeInteger(n)) throw invalid('n', `must be a whole number, got ${String(n)}`);
    if (n >= 0) return this.nthOperationalDayAfter(date, n);
    let d = parseIsoDate(date);
    let left = -n;
    while (left > 0) {
      d = subDays(d, 1);
      if (this.#isOperational(d)) left--;
    }
    return formatIsoDate(d);
  }

  /**
   * The number of Operational Days strictly after `start` up to and including `end` — the half-open
   * interval (start, end], so that `operationalDaysBetween(x, nthOperationalDayAfter(x, n)) === n`
   * for n >= 1. Zero when `end === start`; negative (the count over (end, start]) when `end` is
   * before `start`.
   *
   * @example englandAndWales.operationalDaysBetween('2025-01-07', '2025-01-17') // 8
   */
  operationalDaysBetween(start: IsoDate, end: IsoDate): number {
    const s = parseIsoDate(start, 'start');
    const e = parseIsoDate(end, 'end');
    if (e.getTime() === s.getTime()) return 0;
    const [from, to, sign] = s < e ? [s, e, 1] : [e, s, -1];
    const days = eachDayOfInterval({ start: addDays(from, 1), end: to });
    return sign * days.filter((d) => this.#isOperational(d)).length;
  }
}

/** The England and Wales calendar: standing rules plus {@link ENGLAND_AND_WALES_PROCLAMATIONS}. */
export const englandAndWales: Calendar = new Calendar();

/**
 * England and Wales bank holidays in `year`, sorted by date.
 *
 * @example bankHolidays(2025).map((h) => h.date)[0] // '2025-01-01'
 */
export function bankHolidays(year: number): Holiday[] {
  return englandAndWales.bankHolidays(year);
}

/**
 * True when `date` is an England and Wales bank holiday.
 *
 * @example isBankHoliday('2022-09-19') // true (State Funeral)
 */
export function isBankHoliday(date: IsoDate): boolean {
  return englandAndWales.isBankHoliday(date);
}

/**
 * True when `date` is an Operational Day in England and Wales.
 *
 * @example isOperationalDay('2025-01-06') // true
 */
export function isOperationalDay(date: IsoDate): boolean {
  return englandAndWales.isOperationalDay(date);
}

/**
 * See {@link Calendar.nthOperationalDayAfter}; uses the England and Wales calendar.
 *
 * @example nthOperationalDayAfter('2025-01-06', 9) // '2025-01-17'
 */
export function nthOperationalDayAfter(date: IsoDate, n: number): IsoDate {
  return englandAndWales.nthOperationalDayAfter(date, n);
}

/**
 * See {@link Calendar.addOperationalDays}; uses the England and Wales calendar.
 *
 * @example addOperationalDays('2025-04-17', 1) // '2025-04-22' (over Easter)
 */
export function addOperationalDays(date: IsoDate, n: number): IsoDate {
  return englandAndWales.addOperationalDays(date, n);
}

/**
 * See {@link Calendar.operationalDaysBetween}; uses the England and Wales calendar.
 *
 * @example operationalDaysBetween('2025-12-23', '2026-01-02') // 5
 */
export function operationalDaysBetween(start: IsoDate, end: IsoDate): number {
  return englandAndWales.operationalDaysBetween(start, end);
}
