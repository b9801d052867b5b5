/**
 * Contract modifications during the term (PSR reg 13). RULES.md (pass 2 §5, [S] legislation.gov.uk)
 * gives reg 13(2): a modification is permitted where it does not render the contract materially
 * different in character and the cumulative change in lifetime value since the contract was entered
 * into is below £500,000 or less than 25% of the original lifetime value. A modification of £500,000
 * or more needs a transparency notice (NHSE long read [S]). Other grounds in reg 13 are not in
 * RULES.md, so an authority relying on one records it as an asserted, unverified ground.
 */

import { invalidMany, type Issue } from '../errors.ts';
import { divideRoundedBig, isPence, MICROS_PER_UNIT, type Micros, type Pence } from '../money.ts';
import { psrParametersOn, type PsrParameters } from './parameters.ts';

export interface ModificationQuestion {
  /** Lifetime value of the contract when it was entered into. */
  readonly originalLifetimeValuePence: Pence;
  /** Net value changes of the modifications already made, oldest first. */
  readonly earlierChangesPence: readonly Pence[];
  /** The change in lifetime value this modification makes (negative for a reduction). */
  readonly changePence: Pence;
  readonly materiallyDifferent: boolean;
  /**
   * A ground other than reg 13(2) the authority relies on, in its own words with the citation
   * (e.g. "reg 13(1)(a): provided for in the original contract"): recorded as unverified [M].
   */
  readonly otherGround?: string;
}

export interface ModificationResult {
  readonly permitted: boolean;
  readonly ground: 'reg_13_2_de_minimis' | 'other_ground_asserted' | null;
  /** Net change since the contract was entered into, this modification included. */
  readonly cumulativeChangePence: Pence;
  readonly cumulativeShare: Micros | null;
  readonly transparencyNoticeRequired: boolean;
  readonly reasons: readonly string[];
}

/**
 * Whether a modification may be made without a new procurement, and whether it needs a notice.
 * The cumulative change is the net change (increases less reductions), compared by its size [C].
 *
 * @example
 * contractModification({ originalLifetimeValuePence: 400_000_000, earlierChangesPence: [],
 *   changePence: 60_000_000, materiallyDifferent: false }).permitted // true: +15%, under 25%
 */
export function contractModification(
  q: ModificationQuestion,
  parameters: PsrParameters['modification'] = psrParametersOn('2024-01-01').modification,
): ModificationResult {
  const issues: Issue[] = [];
  if (!isPence(q.originalLifetimeValuePence) || q.originalLifetimeValuePence <= 0) issues.push({ path: ['originalLifetimeValuePence'], message: 'must be a whole, positive number of pence' });
  if (!isPence(q.changePence)) issues.push({ path: ['changePence'], message: 'must be a whole number of pence' });
  q.earlierChangesPence.forEach((c, i) => {
    if (!isPence(c)) issues.push({ path: ['earlierChangesPence', i], message: 'must be a whole number of pence' });
  });
  if (issues.length) throw invalidMany(issues);

  const cumulative = q.earlierChangesPence.reduce((a, b) => a + b, 0) + q.changePence;
  const size = Math.abs(cumulative);
  const share = Number(divideRoundedBig(BigInt(cumulative) * BigInt(MICROS_PER_UNIT), BigInt(q.originalLifetimeValuePence)));
  const belowAmount = size < parameters.cumulativeBelowPence.value;
  const belowShare = BigInt(size) * BigInt(MICROS_PER_UNIT) < BigInt(q.originalLifetimeValuePence) * BigInt(parameters.cumulativeBelowShare.value);
  const reasons: string[] = [];
  let ground: ModificationResult['ground'] = null;
  if (!q.materiallyDifferent && (belowAmount || belowShare)) {
    ground = 'reg_13_2_de_minimis';
    reasons.push(belowAmount
      ? `cumulative change below £${parameters.cumulativeBelowPence.value / 100} (${parameters.cumulativeBelowPence.source})`
      : `cumulative change below ${parameters.cumulativeBelowShare.value / 10_000}% of the original lifetime value (${parameters.cumulativeBelowShare.source})`);
  } else if (q.otherGround && q.otherGround.trim()) {
    ground = 'other_ground_asserted';
    reasons.push(`authority relies on: ${q.otherGround.trim()} [M: not verified against reg 13]`);
  } else {
    reasons.push(q.materiallyDifferent
      ? 'renders the contract materially different in character (reg 13(2)(a))'
      : 'cumulative change is £500,000 or more and 25% or more of the original lifetime value (reg 13(2)(b))');
  }
  return {
    permitted: ground !== null,
    ground,
    cumulativeChangePence: cumulative,
    cumulativeShare: share,
    transparencyNoticeRequired: Math.abs(q.changePence) >= parameters.transparencyNoticeFromPence.value,
    reasons,
  };
}
