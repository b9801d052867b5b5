/**
 * Who may take each GC9 step, and from which states (RULES.md §1.2 [M]). Roles are relative to the
 * notice: the issuer raised the performance concern; the recipient is the party said to be failing.
 * Withholding and exception reports are the commissioner's remedies against a provider, so they exist
 * only on a notice the commissioner issued.
 */

import type { RelationshipRules } from './editions.ts';
import { CLOSED_NOTICE_STATES, type ContractPerformanceNotice, type NoticeState, type NoticeStepType } from './notice.ts';
import { otherSide, type Side } from './sides.ts';

/** Who may take a step, relative to the notice. */
export type StepActor = 'issuer' | 'recipient' | 'either';

export interface NoticeStepRule {
  /** For people and for error messages: "hold the contract management meeting". */
  readonly label: string;
  readonly from: readonly NoticeState[];
  readonly by: StepActor;
  /** Only on a notice issued by the co-ordinating commissioner to the provider. */
  readonly commissionerIssuedOnly: boolean;
  readonly source: string;
}

const OPEN: readonly NoticeState[] = ['issued', 'meeting_pending', 'immediate_action_plan', 'joint_investigation', 'rap_pending', 'rap_in_progress', 'remedy_failed'];

const rule = (label: string, from: readonly NoticeState[], by: StepActor, source: string, commissionerIssuedOnly = false): NoticeStepRule => ({ label, from, by, commissionerIssuedOnly, source });

/** The GC9 steps after issue. The issue itself is governed by the edition's cpnIssuers rule. */
export const NOTICE_STEPS: Readonly<Record<NoticeStepType, NoticeStepRule>> = {
  accept: rule('accept the contract performance notice', ['issued'], 'recipient', 'RULES.md §1.2 item 1 [M]'),
  dispute: rule('dispute the contract performance notice', ['issued'], 'recipient', 'RULES.md §1.2 item 1 [M]'),
  withdraw: rule('withdraw the contract performance notice', OPEN, 'issuer', 'RULES.md §1.2 item 2 [M]'),
  hold_meeting: rule('hold the contract management meeting', ['issued', 'meeting_pending'], 'either', 'RULES.md §1.2 item 2 [M]'),
  complete_immediate_actions: rule('confirm the immediate action plan is complete', ['immediate_action_plan'], 'issuer', 'RULES.md §1.2 item 2 [M]'),
  require_rap: rule('require a remedial action plan', ['immediate_action_plan'], 'issuer', 'RULES.md §1.2 items 2-3 [M]'),
  report_joint_investigation: rule('report the joint investigation', ['joint_investigation'], 'either', 'RULES.md §1.2 item 2 [M]'),
  agree_rap: rule('agree the remedial action plan', ['rap_pending', 'remedy_failed'], 'either', 'RULES.md §1.2 item 3 [M]'),
  fail_to_agree_rap: rule('record that the remedial action plan was not agreed', ['rap_pending'], 'issuer', 'RULES.md §1.2 item 4 [M]'),
  achieve_milestone: rule('report a milestone achieved', ['rap_in_progress'], 'recipient', 'RULES.md §1.2 item 3 [M]'),
  miss_milestone: rule('record a milestone missed', ['rap_in_progress'], 'issuer', 'RULES.md §1.2 item 4 [M]'),
  fail_to_implement_rap: rule('record that the remedial action plan is not being implemented', ['rap_in_progress'], 'issuer', 'RULES.md §1.2 item 4 [M]'),
  withhold: rule('withhold a share of the monthly payment', ['remedy_failed'], 'issuer', 'RULES.md §1.2 item 4 [M]', true),
  exception_report: rule('send an exception report', ['remedy_failed'], 'issuer', 'RULES.md §1.2 item 4 [M]', true),
  remedy: rule('confirm the failure is remedied', ['remedy_failed'], 'issuer', 'RULES.md §1.2 item 5 [M]'),
  retain: rule('retain the withheld sums', ['remedy_failed'], 'issuer', 'RULES.md §1.2 item 5 [M]', true),
  review: rule('record a review meeting', ['rap_in_progress', 'remedy_failed'], 'either', 'RULES.md §1.2 item 3 [M]'),
  close: rule('close the notice with the failure unremedied', ['remedy_failed'], 'issuer', 'RULES.md §1.2 item 5 [M] (persistent failure may lead to GC17 termination)'),
};

/**
 * The side(s) who may take a step on a notice: 'either' or one concrete side.
 *
 * @example stepTakenBy('achieve_milestone', 'commissioner') // 'provider'
 */
export function stepTakenBy(step: NoticeStepType, issuedBy: Side): Side | 'either' {
  const by = NOTICE_STEPS[step].by;
  if (by === 'either') return by;
  return by === 'issuer' ? issuedBy : otherSide(issuedBy);
}

/**
 * Whether a side may issue a CPN under these rules.
 *
 * @example mayIssue('provider', relationshipRules('2013/14')) // false
 */
export function mayIssue(side: Side, rules: RelationshipRules): boolean {
  return rules.gc9.cpnIssuers.value === 'either' || side === 'commissioner';
}

export interface AvailableStep {
  readonly step: NoticeStepType;
  readonly label: string;
  readonly by: Side | 'either';
  readonly source: string;
}

/**
 * The steps that may be taken on a notice now, and by whom: what the API offers as actions. Guards
 * that depend on the step's own data (a date, an amount) are checked when the step is taken.
 *
 * @example availableSteps(notice).map((s) => s.step) // ['accept', 'dispute', 'withdraw', 'hold_meeting']
 */
export function availableSteps(notice: ContractPerformanceNotice): AvailableStep[] {
  if (CLOSED_NOTICE_STATES.has(notice.state)) return [];
  const out: AvailableStep[] = [];
  for (const [step, r] of Object.entries(NOTICE_STEPS) as [NoticeStepType, NoticeStepRule][]) {
    if (!r.from.includes(notice.state)) continue;
    if (r.commissionerIssuedOnly && notice.issuedBy !== 'commissioner') continue;
    if (step === 'agree_rap' && notice.state === 'remedy_failed' && notice.failure?.kind !== 'rap_not_agreed') continue;
    if (step === 'remedy' && notice.failure?.kind === 'rap_not_agreed') continue;
    out.push({ step, label: r.label, by: stepTakenBy(step, notice.issuedBy), source: r.source });
  }
  return out;
}
