/**
 * Low volume activity (LVA) helpers (RULES.md §2.7 (2) [S]): relationships below the year's threshold
 * are paid a nationally set fixed value "based on a three-year rolling average, with no other
 * transactions in-year".
 */

import { invalid } from '../errors.ts';
import { divideRounded, isPence, type Pence } from '../money.ts';
import type { SchemeYear } from '../tariff/index.ts';
import { DEFAULT_PAYMENT_PARAMETERS, type PaymentParameterTable } from './parameters.ts';

/**
 * The LVA value from the last three years' activity values: their mean, rounded by the one rule.
 *
 * @example lowVolumeValue([40_000_000, 41_000_000, 39_500_001]) // 40_166_667
 */
export function lowVolumeValue(lastThreeYearsPence: readonly Pence[]): Pence {
  if (lastThreeYearsPence.length !== 3) throw invalid('lastThreeYearsPence', 'give exactly three years of activity value');
  lastThreeYearsPence.forEach((v, i) => {
    if (!isPence(v)) throw invalid(['lastThreeYearsPence', i], 'must be a whole number of pence');
  });
  return divideRounded(lastThreeYearsPence[0] + lastThreeYearsPence[1] + lastThreeYearsPence[2], 3);
}

/**
 * Whether an annual value falls under the year's LVA threshold: true/false, or null when the year
 * has no LVA threshold in the parameters.
 *
 * @example qualifiesForLowVolume(40_000_000, '2023/24') // true (below £0.5m)
 */
export function qualifiesForLowVolume(
  annualValuePence: Pence,
  year: SchemeYear,
  parameters: PaymentParameterTable = DEFAULT_PAYMENT_PARAMETERS,
): boolean | null {
  const lva = Object.hasOwn(parameters, year) ? parameters[year].lowVolume : undefined;
  if (!lva) return null;
  return lva.inclusive ? annualValuePence <= lva.thresholdPence : annualValuePence < lva.thresholdPence;
}
