import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import {
  financialYearContains,
  financialYearOf,
  financialYearStarting,
  isFinancialYearLabel,
  parseFinancialYear,
} from './financialYear.ts';

describe('financial years', () => {
  it('runs April to March', () => {
    expect(financialYearOf('2025-04-01')).toEqual({ label: '2025/26', start: '2025-04-01', end: '2026-03-31', startYear: 2025 });
    expect(financialYearOf('2026-03-31').label).toBe('2025/26');
    expect(financialYearOf('2026-04-01').label).toBe('2026/27');
    expect(financialYearOf('2025-03-31').label).toBe('2024/25');
    expect(financialYearOf('2025-01-01').label).toBe('2024/25');
    expect(financialYearOf('2025-12-31').label).toBe('2025/26');
  });

  it('pads the short year across a century', () => {
    expect(financialYearStarting(1999).label).toBe('1999/00');
    expect(financialYearStarting(2009).label).toBe('2009/10');
    expect(parseFinancialYear('1999/00').startYear).toBe(1999);
  });

  it('parses both label forms to the canonical label', () => {
    expect(parseFinancialYear('2025/26')).toEqual(financialYearStarting(2025));
    expect(parseFinancialYear('2025-26')).toEqual(financialYearStarting(2025));
    expect(parseFinancialYear('2025-26').label).toBe('2025/26');
    expect(isFinancialYearLabel('2025-26')).toBe(true);
    expect(isFinancialYearLabel('2025/26')).toBe(true);
  });

  it('rejects malformed or non-consecutive labels', () => {
    for (const bad of ['2025/27', '2025/2026', '25/26', '2025', '2025_26', '', '2025/25']) {
      expect(isFinancialYearLabel(bad)).toBe(false);
      expect(() => parseFinancialYear(bad)).toThrow(ConcordatError);
    }
    expect(() => parseFinancialYear(2025)).toThrow(ConcordatError);
    expect(() => financialYearStarting(2025.5)).toThrow(ConcordatError);
  });

  it('rejects bad dates', () => {
    expect(() => financialYearOf('2025-02-30')).toThrow(/date/);
  });

  it('tests membership inclusively', () => {
    expect(financialYearContains('2025/26', '2025-04-01')).toBe(true);
    expect(financialYearContains('2025-26', '2026-03-31')).toBe(true);
    expect(financialYearContains('2025/26', '2026-04-01')).toBe(false);
    expect(financialYearContains('2025/26', '2025-03-31')).toBe(false);
  });
});
