/**
 * gov.uk's bank holiday feed (https://www.gov.uk/bank-holidays.json): reading it, comparing it with
 * the computed calendar, and building a calendar that defers to it. Pure: the caller fetches or
 * reads the file and passes in the parsed JSON.
 */

import { invalid } from '../errors.ts';
import { isIsoDate, type IsoDate } from '../time/date.ts';
import { Calendar, englandAndWales, type CalendarOptions } from './calendar.ts';
import type { Holiday } from './rules.ts';

/** The divisions gov.uk publishes. Only 'england-and-wales' matches the computed calendar. */
export type GovUkDivision = 'england-and-wales' | 'scotland' | 'northern-ireland';

/** One division of the feed, validated and sorted. */
export interface GovUkHolidays {
  readonly division: string;
  /** Every event in the division, sorted by date. */
  readonly holidays: readonly Holiday[];
  /** The calendar years that have at least one event, ascending: the years the feed covers. */
  readonly years: readonly number[];
}

/** Where gov.uk and the computed calendar disagree in one year. */
export interface YearDisagreement {
  readonly year: number;
  /** Holidays in gov.uk's list whose dates the computed calendar lacks. */
  readonly onlyInGovUk: readonly Holiday[];
  /** Holidays in the computed calendar whose dates gov.uk's list lacks. */
  readonly onlyInOurs: readonly Holiday[];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Read one division of gov.uk's bank-holidays.json (already parsed with `JSON.parse`). Accepts the
 * whole file (an object keyed by division) or a single division object `{ division, events }`.
 * Throws `invalid(...)` naming the offending path if the shape is wrong.
 *
 * @example
 * const feed = loadGovUkBankHolidays(JSON.parse(text));
 * feed.years // [2024, 2025, 2026, 2027]
 */
export function loadGovUkBankHolidays(json: unknown, division: GovUkDivision = 'england-and-wales'): GovUkHolidays {
  if (!isRecord(json)) throw invalid('feed', 'must be the parsed JSON object of bank-holidays.json');
  const block = json['division'] === division && 'events' in json ? json : json[division];
  const base = block === json ? [] : [division];
  if (!isRecord(block)) throw invalid([division], 'division missing from the feed');
  const events = block['events'];
  if (!Array.isArray(events)) throw invalid([...base, 'events'], 'must be an array');
  const seen = new Set<IsoDate>();
  const holidays: Holiday[] = events.map((e: unknown, i) => {
    const path = [...base, 'events', i];
    if (!isRecord(e)) throw invalid(path, 'must be an object with date and title');
    const { date, title } = e;
    if (!isIsoDate(date)) throw invalid([...path, 'date'], `must be a date YYYY-MM-DD, got '${String(date)}'`);
    if (typeof title !== 'string') throw invalid([...path, 'title'], 'must be a string');
    if (seen.has(date)) throw invalid([...path, 'date'], `duplicate date ${date}`);
    seen.add(date);
    return { date, title };
  });
  holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const years = [...new Set(holidays.map((h) => Number(h.date.slice(0, 4))))].sort((a, b) => a - b);
  return { division: String(block['division'] ?? division), holidays, years };
}

/**
 * Compare the feed with a calendar (by default the computed England and Wales one), year by year
 * over the years the feed covers, by date only (titles are ignored). Returns only the years that
 * disagree, ascending; an empty array means complete agreement.
 *
 * @example compareWithGovUk(loadGovUkBankHolidays(json)) // [] when they agree
 */
export function compareWithGovUk(feed: GovUkHolidays, calendar: Calendar = englandAndWales): YearDisagreement[] {
  const out: YearDisagreement[] = [];
  for (const year of feed.years) {
    const theirs = feed.holidays.filter((h) => h.date.startsWith(`${year}-`));
    const ours = calendar.bankHolidays(year);
    const theirDates = new Set(theirs.map((h) => h.date));
    const ourDates = new Set(ours.map((h) => h.date));
    const onlyInGovUk = theirs.filter((h) => !ourDates.has(h.date));
    const onlyInOurs = ours.filter((h) => !theirDates.has(h.date));
    if (onlyInGovUk.length > 0 || onlyInOurs.length > 0) out.push({ year, onlyInGovUk, onlyInOurs });
  }
  return out;
}

/**
 * A calendar that follows gov.uk's feed exactly for the years the feed covers and the computed
 * rules elsewhere: feed-only dates become extra holidays and computed-only dates are removed.
 * Further `options` (e.g. other proclamations) are applied before the feed is reconciled.
 *
 * @example calendarWithGovUkFeed(loadGovUkBankHolidays(json)).isOperationalDay('2027-12-28') // false
 */
export function calendarWithGovUkFeed(feed: GovUkHolidays, options: CalendarOptions = {}): Calendar {
  const base = new Calendar(options);
  const diff = compareWithGovUk(feed, base);
  return new Calendar({
    ...options,
    removedDates: [...(options.removedDates ?? []), ...diff.flatMap((d) => d.onlyInOurs.map((h) => h.date))],
    extraHolidays: [...(options.extraHolidays ?? []), ...diff.flatMap((d) => d.onlyInGovUk)],
  });
}
