import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ConcordatError } from '../errors.ts';
import {
  financialYearOfPeriod,
  formatPeriod,
  isPeriod,
  monthIndexInFinancialYear,
  nextPeriod,
  parsePeriod,
  periodEnd,
  periodOf,
  periodsInFinancialYear,
  periodStart,
  previousPeriod,
  validatePeriod,
} from './period.ts';

describe('periods', () => {
  it('validates and parses YYYY-MM', () => {
    expect(parsePeriod('2025-04')).toEqual({ year: 2025, month: 4 });
    expect(validatePeriod('2025-12')).toBe('2025-12');
    for (const bad of ['2025-13', '2025-00', '2025-4', '202504', '2025-04-01', '', '2025/04']) {
      expect(isPeriod(bad)).toBe(false);
      expect(() => parsePeriod(bad, 'month')).toThrow(/^month: /);
    }
    expect(() => parsePeriod(202504)).toThrow(ConcordatError);
    expect(formatPeriod(2025, 4)).toBe('2025-04');
    expect(() => formatPeriod(2025, 13)).toThrow(ConcordatError);
  });

  it('steps forward and back across year ends', () => {
    expect(nextPeriod('2025-12')).toBe('2026-01');
    expect(nextPeriod('2025-04')).toBe('2025-05');
    expect(previousPeriod('2026-01')).toBe('2025-12');
    expect(previousPeriod('2025-03')).toBe('2025-02');
  });

  it('next and previous are inverses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1001, max: 9998 }), fc.integer({ min: 1, max: 12 }), (y, m) => {
        const p = formatPeriod(y, m);
        expect(previousPeriod(nextPeriod(p))).toBe(p);
        expect(nextPeriod(previousPeriod(p))).toBe(p);
      }),
    );
  });

  it('finds the period of a date and the bounds of a period', () => {
    expect(periodOf('2025-04-30')).toBe('2025-04');
    expect(periodOf('2026-01-01')).toBe('2026-01');
    expect(() => periodOf('2025-04-31')).toThrow(ConcordatError);
    expect(periodStart('2025-02')).toBe('2025-02-01');
    expect(periodEnd('2025-02')).toBe('2025-02-28');
    expect(periodEnd('2024-02')).toBe('2024-02-29');
    expect(periodEnd('2025-12')).toBe('2025-12-31');
  });

  it('lists the twelve periods of a financial year, April to March', () => {
    expect(periodsInFinancialYear('2025/26')).toEqual([
      '2025-04', '2025-05', '2025-06', '2025-07', '2025-08', '2025-09',
      '2025-10', '2025-11', '2025-12', '2026-01', '2026-02', '2026-03',
    ]);
    expect(periodsInFinancialYear('1999-00').at(-1)).toBe('2000-03');
    expect(() => periodsInFinancialYear('2025/27')).toThrow(ConcordatError);
  });

  it('numbers months within the financial year from April = 1', () => {
    const periods = periodsInFinancialYear('2025/26');
    expect(periods.map((p) => monthIndexInFinancialYear(p))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    for (const p of periods) expect(financialYearOfPeriod(p).label).toBe('2025/26');
    expect(financialYearOfPeriod('2025-03').label).toBe('2024/25');
  });
});
