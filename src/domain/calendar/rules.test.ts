import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import { parseIsoDate } from '../time/date.ts';
import { easterSunday, ruleHolidays } from './rules.ts';

describe('Easter computus', () => {
  it('matches published Easter Sundays', () => {
    const known: Record<number, string> = {
      1818: '1818-03-22', // earliest possible
      1943: '1943-04-25', // latest possible
      2000: '2000-04-23',
      2008: '2008-03-23',
      2011: '2011-04-24',
      2019: '2019-04-21',
      2024: '2024-03-31',
      2025: '2025-04-20',
      2026: '2026-04-05',
      2027: '2027-03-28',
      2038: '2038-04-25',
      2285: '2285-03-22',
    };
    for (const [year, date] of Object.entries(known)) expect(easterSunday(Number(year))).toBe(date);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    for (let y = 1900; y <= 2200; y++) {
      const e = easterSunday(y);
      expect(parseIsoDate(e).getDay()).toBe(0);
      expect(e.slice(5) >= '03-22' && e.slice(5) <= '04-25').toBe(true);
    }
  });

  it('rejects years it cannot compute', () => {
    expect(() => easterSunday(1582)).toThrow(ConcordatError);
    expect(() => easterSunday(2025.5)).toThrow(/^year: /);
  });
});

describe('standing rules', () => {
  it('always give eight weekday holidays, three of them fixed Mondays', () => {
    for (let y = 1980; y <= 2100; y++) {
      const hs = ruleHolidays(y);
      expect(hs).toHaveLength(8);
      for (const h of hs) {
        const dow = parseIsoDate(h.date).getDay();
        expect(dow, h.date).not.toBe(0);
        expect(dow, h.date).not.toBe(6);
      }
      expect(new Set(hs.map((h) => h.date)).size).toBe(8);
    }
  });

  it('substitute New Year and Christmas days', () => {
    const dates = (y: number) => ruleHolidays(y).map((h) => h.date);
    expect(dates(2022)).toContain('2022-01-03'); // 1 Jan Saturday
    expect(dates(2023)).toContain('2023-01-02'); // 1 Jan Sunday
    expect(dates(2021).slice(-2)).toEqual(['2021-12-27', '2021-12-28']); // 25 Dec Saturday
    expect(dates(2022).slice(-2)).toEqual(['2022-12-26', '2022-12-27']); // 25 Dec Sunday
    expect(dates(2020).slice(-2)).toEqual(['2020-12-25', '2020-12-28']); // 26 Dec Saturday
    expect(dates(2025).slice(-2)).toEqual(['2025-12-25', '2025-12-26']);
  });

  it('titles the substitutes as the day they stand for', () => {
    const h2022 = ruleHolidays(2022);
    expect(h2022.find((h) => h.date === '2022-12-27')?.title).toBe('Christmas Day');
    expect(h2022.find((h) => h.date === '2022-12-26')?.title).toBe('Boxing Day');
  });
});
