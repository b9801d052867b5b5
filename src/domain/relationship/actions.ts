/**
 * What is due across relationships: every pending step on the notices and disputes, and the "actions
 * due" list for one organisation (the steps it must take, alone or with the other party), overdue first.
 */

import { englandAndWales, type Calendar } from '../calendar/index.ts';
import {
  noticeDueSteps,
  relationshipRules,
  stepsAsAt,
  type ContractPerformanceNotice,
  type DueStep,
  type DueStepAsAt,
  type RelationshipRules,
  type Side,
} from '../contract-management/index.ts';
import { contractSettingDueSteps, gc14DueSteps, type ContractSettingDispute, type Gc14Dispute } from '../disputes/index.ts';
import type { IsoDate } from '../time/index.ts';

/** The notices and disputes of one or more relationships. */
export interface RelationshipCases {
  readonly notices: readonly ContractPerformanceNotice[];
  readonly gc14Disputes: readonly Gc14Dispute[];
  readonly contractSettingDisputes: readonly ContractSettingDispute[];
}

/**
 * The rules a case runs by: its edition, with its contract's overrides. The default uses the edition
 * alone; the app passes one that reads the contract's overrides.
 */
export type RulesFor = (edition: string, contractReference: string | null) => RelationshipRules;

export const EDITION_RULES: RulesFor = (edition) => relationshipRules(edition);

/**
 * Every pending step on the cases.
 *
 * @example dueStepsOf({ notices: [cpn], gc14Disputes: [], contractSettingDisputes: [] })[0].step // 'hold_meeting'
 */
export function dueStepsOf(cases: RelationshipCases, rulesFor: RulesFor = EDITION_RULES, calendar: Calendar = englandAndWales): DueStep[] {
  return [
    ...cases.notices.flatMap((n) => noticeDueSteps(n, rulesFor(n.edition, n.contractReference), calendar)),
    ...cases.gc14Disputes.flatMap((d) => gc14DueSteps(d, rulesFor(d.edition, d.contractReference), calendar)),
    ...cases.contractSettingDisputes.flatMap((d) => contractSettingDueSteps(d, rulesFor(d.edition, d.contractReference))),
  ];
}

/** A step on the actions-due list of one organisation. */
export interface ActionDue extends DueStepAsAt {
  /** The organisation's side in the case. */
  readonly ourSide: Side;
  /** The other party's ODS code. */
  readonly counterpartyCode: string;
}

function order(a: DueStepAsAt, b: DueStepAsAt): number {
  const rank = (s: DueStepAsAt) => (s.status === 'overdue' ? 0 : s.status === 'due' ? 1 : 2);
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (a.dueDate !== b.dueDate) return (a.dueDate ?? '') < (b.dueDate ?? '') ? -1 : 1;
  return a.subject.id < b.subject.id ? -1 : a.subject.id > b.subject.id ? 1 : 0;
}

/**
 * The signed-in organisation's actions due across all its relationships as at a date: steps it must
 * take, or take with the other party; overdue first (oldest due date first), then by due date, then
 * those with no deadline.
 *
 * @example actionsDue('15N', cases, '2026-01-08')[0] // { step: 'hold_meeting', status: 'overdue', ... }
 */
export function actionsDue(organisationCode: string, cases: RelationshipCases, asAt: IsoDate, rulesFor: RulesFor = EDITION_RULES, calendar: Calendar = englandAndWales): ActionDue[] {
  const out: ActionDue[] = [];
  for (const s of stepsAsAt(dueStepsOf(cases, rulesFor, calendar), asAt, calendar)) {
    const ourSide: Side | null = s.subject.commissionerCode === organisationCode ? 'commissioner' : s.subject.providerCode === organisationCode ? 'provider' : null;
    if (ourSide === null) continue;
    if (s.mustAct !== 'either' && s.mustAct !== ourSide) continue;
    out.push({ ...s, ourSide, counterpartyCode: ourSide === 'commissioner' ? s.subject.providerCode : s.subject.commissionerCode });
  }
  return out.sort(order);
}
