/**
 * Standstill (PSR reg 12), the wait after a review, and the 30-day award notices, on the England and
 * Wales working-day calendar. A PSR "working day" is a day other than a Saturday, Sunday, Christmas
 * Day, Good Friday or an England bank holiday: the calendar module's Operational Day (RULES.md §6).
 */

import { englandAndWales, type Calendar } from '../calendar/index.ts';
import { invalid } from '../errors.ts';
import { parseIsoDate, type IsoDate } from '../time/date.ts';
import { addCalendarDays } from './dates.ts';
import { PSR_STANDSTILL, type StandstillRule } from './parameters.ts';

export interface StandstillDates {
  /** The day the notice of intention was published. */
  readonly publishedOn: IsoDate;
  /** The first day of the standstill period. */
  readonly beginsOn: IsoDate;
  /**
   * Representations must be made before midnight at the end of this day; the standstill period ends
   * with it if none are made.
   */
  readonly representationsDeadline: IsoDate;
  /** The first day the contract may be entered into when no representations were made. */
  readonly earliestAwardOn: IsoDate;
  readonly rule: StandstillRule;
}

/**
 * The standstill period after a notice of intention published on `publishedOn`.
 *
 * @example standstillPeriod('2025-01-06').representationsDeadline // '2025-01-17'
 * @example standstillPeriod('2025-04-17').representationsDeadline // '2025-05-01' (over Easter)
 */
export function standstillPeriod(publishedOn: IsoDate, rule: StandstillRule = PSR_STANDSTILL, calendar: Calendar = englandAndWales): StandstillDates {
  parseIsoDate(publishedOn, 'publishedOn');
  if (!Number.isSafeInteger(rule.workingDays) || rule.workingDays < 1) throw invalid('rule.workingDays', 'must be a whole number of at least 1');
  // Reg 12(2): "begins on the day after the day" of publication, whatever kind of day that is.
  const beginsOn = rule.begins === 'day_after_publication' ? addCalendarDays(publishedOn, 1) : publishedOn;
  // Reg 12(3): "the 8th working day after the day the standstill period begins". Counting "beginning
  // with" the first day instead is the same count started from the day before.
  const countFrom = rule.count === 'after_start' ? beginsOn : addCalendarDays(beginsOn, -1);
  const representationsDeadline = calendar.nthOperationalDayAfter(countFrom, rule.workingDays);
  return { publishedOn, beginsOn, representationsDeadline, earliestAwardOn: addCalendarDays(representationsDeadline, 1), rule };
}

/**
 * True when representations received on `receivedOn` (UK local date) were made in time: before
 * midnight at the end of the deadline day.
 *
 * @example representationInTime(standstillPeriod('2025-01-06'), '2025-01-17') // true
 */
export function representationInTime(standstill: StandstillDates, receivedOn: IsoDate): boolean {
  parseIsoDate(receivedOn, 'receivedOn');
  return receivedOn >= standstill.publishedOn && receivedOn <= standstill.representationsDeadline;
}

export interface ReviewWait {
  readonly decidedOn: IsoDate;
  /** The wait ends at midnight at the end of this working day. */
  readonly waitEndsOn: IsoDate;
  readonly earliestAwardOn: IsoDate;
  readonly workingDays: number;
}

/**
 * After a review that keeps the decision the authority "must wait five working days" before closing
 * the standstill period (NHSE guidance, RULES.md §3.3 [S2]): counted from the day after the decision.
 *
 * @example reviewWait('2025-01-22').earliestAwardOn // '2025-01-30'
 */
export function reviewWait(decidedOn: IsoDate, workingDays = 5, calendar: Calendar = englandAndWales): ReviewWait {
  parseIsoDate(decidedOn, 'decidedOn');
  const waitEndsOn = calendar.nthOperationalDayAfter(decidedOn, workingDays);
  return { decidedOn, waitEndsOn, earliestAwardOn: addCalendarDays(waitEndsOn, 1), workingDays };
}

/**
 * The last day to publish an award notice due within `days` calendar days of the award.
 *
 * @example awardNoticeDueBy('2025-01-20', 30) // '2025-02-19'
 */
export function awardNoticeDueBy(awardedOn: IsoDate, days: number): IsoDate {
  return addCalendarDays(awardedOn, days, 'awardedOn');
}
