/**
 * NHS Payment Scheme years. Each scheme runs for one financial year, so the scheme year that prices
 * a piece of activity is the financial year of its activity date. Which date counts as the activity
 * date (e.g. of an admitted spell) is the caller's decision under the scheme's own rules.
 */

import type { IsoDate } from './date.ts';
import { financialYearOf } from './financialYear.ts';

/**
 * The payment-scheme year label ('2025/26') applying to activity on `activityDate`.
 *
 * @example paymentSchemeYear('2026-03-31') // '2025/26'
 * @example paymentSchemeYear('2026-04-01') // '2026/27'
 */
export function paymentSchemeYear(activityDate: IsoDate, field = 'activityDate'): string {
  return financialYearOf(activityDate, field).label;
}
