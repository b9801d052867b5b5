/** Dates, financial years, monthly periods and payment-scheme years. */

export { type IsoDate, isIsoDate, parseIsoDate, formatIsoDate, dateFromParts, MIN_YEAR, MAX_YEAR } from './date.ts';
export {
  type FinancialYear,
  financialYearStarting,
  financialYearOf,
  isFinancialYearLabel,
  parseFinancialYear,
  financialYearContains,
} from './financialYear.ts';
export {
  type Period,
  type PeriodParts,
  isPeriod,
  parsePeriod,
  validatePeriod,
  formatPeriod,
  nextPeriod,
  previousPeriod,
  periodOf,
  periodStart,
  periodEnd,
  periodsInFinancialYear,
  financialYearOfPeriod,
  monthIndexInFinancialYear,
} from './period.ts';
export { paymentSchemeYear } from './paymentScheme.ts';
