/**
 * The considerable change threshold of PSR reg 6 (RULES.md §3.1 and pass 2 §5): met when the proposed
 * arrangements are materially different in character from the existing contract when it was entered
 * into, or when all of (a) the change is attributable to a decision of the authority, (b) the
 * lifetime value is at least £500,000 higher, and (c) at least 25% higher ([M], configurable).
 */

import { invalidMany, type Issue } from '../errors.ts';
import { divideRoundedBig, isPence, MICROS_PER_UNIT, type Micros, type Pence } from '../money.ts';
import { psrParametersOn, type PsrParameters } from './parameters.ts';

export interface ConsiderableChangeQuestion {
  /** Lifetime value of the existing contract when it was entered into (not its value today). */
  readonly existingLifetimeValuePence: Pence;
  /** Lifetime value of the proposed contracting arrangements. */
  readonly proposedLifetimeValuePence: Pence;
  /** The changes are attributable to a decision of the relevant authority. */
  readonly authorityDriven: boolean;
  /** The proposed arrangements are materially different in character. */
  readonly materiallyDifferent: boolean;
}

export interface ThresholdTest {
  readonly name: 'materially_different' | 'authority_driven' | 'increase_at_least_amount' | 'increase_at_least_share';
  readonly passed: boolean;
  readonly detail: string;
  readonly source: string;
}

export interface ConsiderableChangeResult {
  readonly met: boolean;
  /** Which limb met it, if any. */
  readonly limb: 'materially_different' | 'authority_driven_value_increase' | null;
  readonly increasePence: Pence;
  /** The increase as a share of the existing lifetime value, rounded to the micro; null when that is zero. */
  readonly increaseShare: Micros | null;
  readonly tests: readonly ThresholdTest[];
}

function pounds(p: Pence): string {
  return `£${(p / 100).toLocaleString('en-GB', { maximumFractionDigits: 2 })}`;
}

function percent(m: Micros): string {
  return `${(m / 10_000).toLocaleString('en-GB', { maximumFractionDigits: 2 })}%`;
}

/**
 * Whether the considerable change threshold is met. The share test compares exactly in integers
 * (increase x 1,000,000 >= existing x share), so 25.0000% passes and 24.9999% does not.
 *
 * @example
 * considerableChange({ existingLifetimeValuePence: 160_000_000, proposedLifetimeValuePence: 220_000_000,
 *   authorityDriven: true, materiallyDifferent: false }).met // true (+£600,000, +37.5%)
 */
export function considerableChange(
  q: ConsiderableChangeQuestion,
  parameters: PsrParameters['considerableChange'] = psrParametersOn('2024-01-01').considerableChange,
): ConsiderableChangeResult {
  const issues: Issue[] = [];
  if (!isPence(q.existingLifetimeValuePence) || q.existingLifetimeValuePence < 0) issues.push({ path: ['existingLifetimeValuePence'], message: 'must be a whole, non-negative number of pence' });
  if (!isPence(q.proposedLifetimeValuePence) || q.proposedLifetimeValuePence < 0) issues.push({ path: ['proposedLifetimeValuePence'], message: 'must be a whole, non-negative number of pence' });
  if (typeof q.authorityDriven !== 'boolean') issues.push({ path: ['authorityDriven'], message: 'must be answered yes or no' });
  if (typeof q.materiallyDifferent !== 'boolean') issues.push({ path: ['materiallyDifferent'], message: 'must be answered yes or no' });
  if (issues.length) throw invalidMany(issues);

  const increase = q.proposedLifetimeValuePence - q.existingLifetimeValuePence;
  const minAmount = parameters.minimumIncreasePence;
  const minShare = parameters.minimumIncreaseShare;
  const existing = q.existingLifetimeValuePence;
  // BigInt: £1bn x 1,000,000 exceeds 2^53.
  const increaseShare = existing > 0 ? Number(divideRoundedBig(BigInt(increase) * BigInt(MICROS_PER_UNIT), BigInt(existing))) : null;
  // An increase over a contract of no value is "at least 25%" of it.
  const shareOk = existing === 0 ? increase > 0 : BigInt(increase) * BigInt(MICROS_PER_UNIT) >= BigInt(existing) * BigInt(minShare.value);

  const tests: ThresholdTest[] = [
    {
      name: 'materially_different',
      passed: q.materiallyDifferent,
      detail: q.materiallyDifferent ? 'materially different in character from the existing contract' : 'not materially different in character',
      source: 'SI 2023/1348 reg 6 "Change 1" (RULES.md §3.1 [S2])',
    },
    {
      name: 'authority_driven',
      passed: q.authorityDriven,
      detail: q.authorityDriven ? 'the changes are attributable to a decision of the relevant authority' : 'the changes are not attributable to a decision of the authority',
      source: 'SI 2023/1348 reg 6 (RULES.md §3.1 [S2])',
    },
    {
      name: 'increase_at_least_amount',
      passed: increase >= minAmount.value,
      detail: `lifetime value ${increase >= 0 ? 'up' : 'down'} ${pounds(Math.abs(increase))} (threshold ${pounds(minAmount.value)})`,
      source: `${minAmount.source} [${minAmount.tag}]`,
    },
    {
      name: 'increase_at_least_share',
      passed: shareOk,
      detail: increaseShare === null ? 'existing lifetime value is zero' : `lifetime value ${increaseShare >= 0 ? 'up' : 'down'} ${percent(Math.abs(increaseShare))} (threshold ${percent(minShare.value)})`,
      source: `${minShare.source} [${minShare.tag}]`,
    },
  ];
  const valueLimb = q.authorityDriven && increase >= minAmount.value && shareOk;
  const limb = q.materiallyDifferent ? 'materially_different' : valueLimb ? 'authority_driven_value_increase' : null;
  return { met: limb !== null, limb, increasePence: increase, increaseShare, tests };
}
