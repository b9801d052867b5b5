import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { addDays } from 'date-fns';
import { ConcordatError } from '../errors.ts';
import { formatIsoDate, parseIsoDate } from '../time/date.ts';
import {
  addOperationalDays,
  bankHolidays,
  Calendar,
  englandAndWales,
  isBankHoliday,
  isOperationalDay,
  nthOperationalDayAfter,
  operationalDaysBetween,
} from './calendar.ts';
import { ENGLAND_AND_WALES_PROCLAMATIONS } from './proclamations.ts';
import { ruleHolidays } from './rules.ts';

const dates = (year: number) => bankHolidays(year).map((h) => h.date.slice(5));

describe('England and Wales bank holidays', () => {
  it.each([
    [2011, ['01-03', '04-22', '04-25', '04-29', '05-02', '05-30', '08-29', '12-26', '12-27']],
    [2012, ['01-02', '04-06', '04-09', '05-07', '06-04', '06-05', '08-27', '12-25', '12-26']],
    [2020, ['01-01', '04-10', '04-13', '05-08', '05-25', '08-31', '12-25', '12-28']],
    [2022, ['01-03', '04-15', '04-18', '05-02', '06-02', '06-03', '08-29', '09-19', '12-26', '12-27']],
    [2023, ['01-02', '04-07', '04-10', '05-01', '05-08', '05-29', '08-28', '12-25', '12-26']],
    [2025, ['01-01', '04-18', '04-21', '05-05', '05-26', '08-25', '12-25', '12-26']],
  ])('%i', (year, expected) => {
    expect(dates(year)).toEqual(expected);
  });

  it('titles proclaimed days', () => {
    expect(bankHolidays(2022).find((h) => h.date === '2022-09-19')?.title).toMatch(/State Funeral/);
    expect(bankHolidays(2011).find((h) => h.date === '2011-04-29')?.title).toBe('Royal wedding');
  });

  it('every proclamation that moves a day moves a real rule day', () => {
    for (const p of ENGLAND_AND_WALES_PROCLAMATIONS) {
      if (p.replaces) expect(ruleHolidays(Number(p.replaces.slice(0, 4))).map((h) => h.date)).toContain(p.replaces);
      expect(ruleHolidays(Number(p.date.slice(0, 4))).map((h) => h.date)).not.toContain(p.date);
    }
  });

  it('isBankHoliday', () => {
    expect(isBankHoliday('2025-12-25')).toBe(true);
    expect(isBankHoliday('2022-05-30')).toBe(false); // moved to 2 June
    expect(isBankHoliday('2022-06-03')).toBe(true);
    expect(isBankHoliday('2025-01-04')).toBe(false); // a Saturday, not a bank holiday
    expect(() => isBankHoliday('2025-13-01')).toThrow(ConcordatError);
  });

  it('returns a fresh sorted copy each time', () => {
    const a = bankHolidays(2025);
    a.pop();
    expect(bankHolidays(2025)).toHaveLength(8);
    expect(() => bankHolidays(1500)).toThrow(/^year: /);
  });
});

describe('operational days', () => {
  it('excludes weekends and bank holidays only', () => {
    expect(isOperationalDay('2025-01-06')).toBe(true); // Monday
    expect(isOperationalDay('2025-01-04')).toBe(false); // Saturday
    expect(isOperationalDay('2025-01-05')).toBe(false); // Sunday
    expect(isOperationalDay('2025-04-18')).toBe(false); // Good Friday
    expect(isOperationalDay('2025-12-25')).toBe(false); // Christmas Day
    expect(isOperationalDay('2025-12-24')).toBe(true); // Christmas Eve is an ordinary day
  });

  it('the standstill worked example: notice Mon 6 Jan 2025', () => {
    expect(nthOperationalDayAfter('2025-01-06', 9)).toBe('2025-01-17');
    expect(nthOperationalDayAfter('2025-01-07', 8)).toBe('2025-01-17');
    expect(operationalDaysBetween('2025-01-07', '2025-01-17')).toBe(8);
  });

  it('over Christmas and New Year 2025/26', () => {
    // Wed 24 (1); Thu 25, Fri 26 holidays; weekend; Mon 29 (2), Tue 30 (3), Wed 31 (4); Thu 1 Jan holiday; Fri 2 (5).
    expect(nthOperationalDayAfter('2025-12-23', 1)).toBe('2025-12-24');
    expect(nthOperationalDayAfter('2025-12-23', 2)).toBe('2025-12-29');
    expect(nthOperationalDayAfter('2025-12-23', 5)).toBe('2026-01-02');
    expect(operationalDaysBetween('2025-12-23', '2026-01-02')).toBe(5);
    expect(operationalDaysBetween('2025-12-24', '2026-01-01')).toBe(3);
  });

  it('over Christmas 2026 (Boxing Day substitute on Mon 28)', () => {
    // Thu 24 Dec 2026; Fri 25 holiday; weekend; Mon 28 substitute; Tue 29 (1)
    expect(nthOperationalDayAfter('2026-12-24', 1)).toBe('2026-12-29');
  });

  it('over Easter 2025', () => {
    // Thu 17 Apr; Fri 18 Good Friday; weekend; Mon 21 Easter Monday; Tue 22 (1), Wed 23 (2), Thu 24 (3)
    expect(nthOperationalDayAfter('2025-04-17', 1)).toBe('2025-04-22');
    expect(nthOperationalDayAfter('2025-04-17', 3)).toBe('2025-04-24');
    expect(operationalDaysBetween('2025-04-17', '2025-04-22')).toBe(1);
    expect(addOperationalDays('2025-04-22', -1)).toBe('2025-04-17');
  });

  it('n = 0 returns the date if operational, else rolls forward', () => {
    expect(nthOperationalDayAfter('2025-01-06', 0)).toBe('2025-01-06');
    expect(nthOperationalDayAfter('2025-01-04', 0)).toBe('2025-01-06');
    expect(nthOperationalDayAfter('2025-12-25', 0)).toBe('2025-12-29');
    expect(addOperationalDays('2025-12-25', 0)).toBe('2025-12-29');
  });

  it('rejects bad n and bad dates', () => {
    expect(() => nthOperationalDayAfter('2025-01-06', -1)).toThrow(/^n: /);
    expect(() => nthOperationalDayAfter('2025-01-06', 1.5)).toThrow(/^n: /);
    expect(() => addOperationalDays('2025-01-06', Number.NaN)).toThrow(/^n: /);
    expect(() => operationalDaysBetween('2025-01-06', '2025-1-7')).toThrow(/^end: /);
    expect(() => nthOperationalDayAfter('06/01/2025', 1)).toThrow(ConcordatError);
  });

  it('counts over (start, end], antisymmetrically', () => {
    expect(operationalDaysBetween('2025-01-06', '2025-01-06')).toBe(0);
    expect(operationalDaysBetween('2025-01-03', '2025-01-06')).toBe(1); // Fri -> Mon
    expect(operationalDaysBetween('2025-01-06', '2025-01-03')).toBe(-1);
    expect(operationalDaysBetween('2024-12-31', '2025-12-31')).toBe(365 - 104 - 8);
  });

  const day = fc.integer({ min: 0, max: 365 * 30 }).map((i) => formatIsoDate(addDays(parseIsoDate('2010-01-01'), i)));

  it('nth / add / between agree with each other and with a day-by-day count', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 60 }), (d, n) => {
        const after = nthOperationalDayAfter(d, n);
        expect(isOperationalDay(after)).toBe(true);
        expect(operationalDaysBetween(d, after)).toBe(n);
        expect(operationalDaysBetween(d, formatIsoDate(addDays(parseIsoDate(after), -1)))).toBe(n - 1);
        expect(addOperationalDays(d, n)).toBe(after);
        if (isOperationalDay(d)) expect(addOperationalDays(after, -n)).toBe(d);
        let count = 0;
        for (let x = addDays(parseIsoDate(d), 1); formatIsoDate(x) <= after; x = addDays(x, 1)) {
          const iso = formatIsoDate(x);
          if (x.getDay() !== 0 && x.getDay() !== 6 && !isBankHoliday(iso)) count++;
        }
        expect(count).toBe(n);
      }),
      { numRuns: 300 },
    );
  });
});

describe('configurable calendars', () => {
  it('adds extra holidays and removes dates', () => {
    const cal = new Calendar({
      extraHolidays: [{ date: '2030-06-14', title: 'Hypothetical' }],
      removedDates: ['2030-12-26'],
    });
    expect(cal.isBankHoliday('2030-06-14')).toBe(true);
    expect(cal.isBankHoliday('2030-12-26')).toBe(false);
    expect(cal.bankHolidays(2030).map((h) => h.title)).toContain('Hypothetical');
    expect(englandAndWales.isBankHoliday('2030-06-14')).toBe(false);
    expect(cal.nthOperationalDayAfter('2030-06-13', 1)).toBe('2030-06-17');
  });

  it('can drop the proclamations to give the bare rules', () => {
    const bare = new Calendar({ proclamations: [] });
    expect(bare.bankHolidays(2022).map((h) => h.date)).toEqual(ruleHolidays(2022).map((h) => h.date));
    expect(bare.isBankHoliday('2022-05-30')).toBe(true);
  });

  it('keeps the rule title when an extra lands on an existing holiday', () => {
    const cal = new Calendar({ extraHolidays: [{ date: '2025-12-25', title: 'Xmas' }] });
    expect(cal.bankHolidays(2025).filter((h) => h.date === '2025-12-25')).toEqual([{ date: '2025-12-25', title: 'Christmas Day' }]);
  });

  it('validates its options', () => {
    expect(() => new Calendar({ extraHolidays: [{ date: '2030-02-30', title: 'x' }] })).toThrow(/^extraHolidays\.0\.date: /);
    expect(() => new Calendar({ removedDates: ['nope'] })).toThrow(/^removedDates\.0: /);
  });
});
