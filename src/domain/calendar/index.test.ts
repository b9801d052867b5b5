import { describe, expect, it } from 'vitest';
import * as calendar from './index.ts';
import * as time from '../time/index.ts';

describe('public API', () => {
  it('exports the calendar functions', () => {
    for (const name of ['bankHolidays', 'isBankHoliday', 'isOperationalDay', 'nthOperationalDayAfter', 'operationalDaysBetween', 'addOperationalDays', 'loadGovUkBankHolidays', 'compareWithGovUk', 'calendarWithGovUkFeed', 'easterSunday', 'ruleHolidays']) {
      expect(typeof (calendar as Record<string, unknown>)[name], name).toBe('function');
    }
    expect(calendar.englandAndWales).toBeInstanceOf(calendar.Calendar);
    expect(calendar.ENGLAND_AND_WALES_PROCLAMATIONS).toHaveLength(8);
  });

  it('exports the time functions', () => {
    for (const name of ['financialYearOf', 'parseFinancialYear', 'parsePeriod', 'nextPeriod', 'previousPeriod', 'periodOf', 'periodsInFinancialYear', 'monthIndexInFinancialYear', 'paymentSchemeYear', 'parseIsoDate']) {
      expect(typeof (time as Record<string, unknown>)[name], name).toBe('function');
    }
  });
});
