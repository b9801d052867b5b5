/** England and Wales bank holidays and NHS Standard Contract operational days. */

export { type Holiday, easterSunday, ruleHolidays, MIN_CALENDAR_YEAR } from './rules.ts';
export { type Proclamation, ENGLAND_AND_WALES_PROCLAMATIONS } from './proclamations.ts';
export {
  type CalendarOptions,
  Calendar,
  englandAndWales,
  bankHolidays,
  isBankHoliday,
  isOperationalDay,
  nthOperationalDayAfter,
  addOperationalDays,
  operationalDaysBetween,
} from './calendar.ts';
export {
  type GovUkDivision,
  type GovUkHolidays,
  type YearDisagreement,
  loadGovUkBankHolidays,
  compareWithGovUk,
  calendarWithGovUkFeed,
} from './govuk.ts';
