import type { Clock } from '../clock.ts';

const LONDON = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit' });

/**
 * Today's date in the UK (what a procurement step's "on" is): a step taken at 00:30 BST on 1 May is
 * on 1 May, though it is still 30 April in UTC.
 *
 * @example ukToday(fixedClock('2025-04-30T23:30:00Z')) // '2025-05-01'
 */
export function ukToday(clock: Clock): string {
  return LONDON.format(clock.now());
}
