import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import { Calendar, englandAndWales } from './calendar.ts';
import { calendarWithGovUkFeed, compareWithGovUk, loadGovUkBankHolidays } from './govuk.ts';

const json: unknown = JSON.parse(readFileSync('/work/shared/data/calendar/bank-holidays.json', 'utf8'));

describe("gov.uk's bank-holidays.json", () => {
  const feed = loadGovUkBankHolidays(json);

  it('loads the England and Wales division', () => {
    expect(feed.division).toBe('england-and-wales');
    expect(feed.years).toEqual([2024, 2025, 2026, 2027]);
    expect(feed.holidays.filter((h) => h.date.startsWith('2025-'))).toHaveLength(8);
    expect(feed.holidays[0]).toEqual({ date: '2024-01-01', title: 'New Year’s Day' });
  });

  it('agrees with the computed calendar for 2024-2027', () => {
    expect(compareWithGovUk(feed)).toEqual([]);
    expect(englandAndWales.bankHolidays(2025)).toHaveLength(8);
    for (const year of [2024, 2025, 2026, 2027]) {
      expect(englandAndWales.bankHolidays(year).map((h) => h.date)).toEqual(
        feed.holidays.filter((h) => h.date.startsWith(`${year}-`)).map((h) => h.date),
      );
    }
  });

  it('reports disagreements per year', () => {
    const other = new Calendar({ removedDates: ['2026-12-28'], extraHolidays: [{ date: '2026-06-01', title: 'Made up' }] });
    expect(compareWithGovUk(feed, other)).toEqual([
      {
        year: 2026,
        onlyInGovUk: [{ date: '2026-12-28', title: 'Boxing Day' }],
        onlyInOurs: [{ date: '2026-06-01', title: 'Made up' }],
      },
    ]);
  });

  it('builds a calendar that follows the feed where it differs', () => {
    const feedWithProclamation = loadGovUkBankHolidays({
      division: 'england-and-wales',
      events: [
        { title: 'Spring bank holiday', date: '2026-06-01' },
        { title: 'New Year’s Day', date: '2026-01-01' },
      ],
    });
    const cal = calendarWithGovUkFeed(feedWithProclamation);
    expect(cal.isBankHoliday('2026-06-01')).toBe(true);
    expect(cal.isBankHoliday('2026-05-25')).toBe(false); // feed authoritative for 2026
    expect(cal.isBankHoliday('2027-05-31')).toBe(true); // rules outside the feed's years
    expect(calendarWithGovUkFeed(feed).bankHolidays(2025)).toEqual(englandAndWales.bankHolidays(2025));
  });

  it('reads the other divisions too', () => {
    const scotland = loadGovUkBankHolidays(json, 'scotland');
    expect(scotland.division).toBe('scotland');
    expect(scotland.holidays.some((h) => h.date === '2025-01-02')).toBe(true);
  });

  it('rejects malformed feeds, naming the path', () => {
    expect(() => loadGovUkBankHolidays(null)).toThrow(ConcordatError);
    expect(() => loadGovUkBankHolidays({})).toThrow(/^england-and-wales: /);
    expect(() => loadGovUkBankHolidays({ 'england-and-wales': { events: {} } })).toThrow(/^england-and-wales\.events: /);
    expect(() =>
      loadGovUkBankHolidays({ 'england-and-wales': { events: [{ title: 'x', date: '2025-02-30' }] } }),
    ).toThrow(/^england-and-wales\.events\.0\.date: /);
    expect(() =>
      loadGovUkBankHolidays({ 'england-and-wales': { events: [{ date: '2025-01-01' }] } }),
    ).toThrow(/\.title: /);
    expect(() =>
      loadGovUkBankHolidays({ 'england-and-wales': { events: [{ title: 'a', date: '2025-01-01' }, { title: 'b', date: '2025-01-01' }] } }),
    ).toThrow(/duplicate/);
  });
});
