/**
 * The shape of a GC9 contract performance notice and of the steps taken on it (RULES.md §1.2 [M]).
 * A notice is an event log: each step is an event, and the notice is the events replayed (machine.ts).
 * Storage keeps the events append-only; the notice is never edited in place.
 */

import type { Pence } from '../money.ts';
import type { IsoDate, Period } from '../time/index.ts';
import type { Side } from './sides.ts';

/** Where a notice stands. */
export const NOTICE_STATES = [
  'issued',
  'meeting_pending',
  'immediate_action_plan',
  'joint_investigation',
  'rap_pending',
  'rap_in_progress',
  'remedy_failed',
  'withdrawn',
  'closed',
] as const;
export type NoticeState = (typeof NOTICE_STATES)[number];

export const NOTICE_STATE_LABELS: Readonly<Record<NoticeState, string>> = {
  issued: 'issued, awaiting acceptance or dispute',
  meeting_pending: 'awaiting the contract management meeting',
  immediate_action_plan: 'immediate action plan in progress',
  joint_investigation: 'joint investigation in progress',
  rap_pending: 'remedial action plan to be agreed',
  rap_in_progress: 'remedial action plan in progress',
  remedy_failed: 'remedial process failed (withholding may apply)',
  withdrawn: 'withdrawn',
  closed: 'closed',
};

/** States in which nothing more can happen. */
export const CLOSED_NOTICE_STATES: ReadonlySet<NoticeState> = new Set(['withdrawn', 'closed']);

/** The four outcomes of a contract management meeting (RULES.md §1.2 item 2). */
export type MeetingOutcome = 'withdraw' | 'immediate_action_plan' | 'joint_investigation' | 'remedial_action_plan';

/** Why the remedial process failed (RULES.md §1.2 item 4). */
export type FailureKind = 'rap_not_agreed' | 'rap_not_implemented' | 'milestone_missed';

export const FAILURE_LABELS: Readonly<Record<FailureKind, string>> = {
  rap_not_agreed: 'remedial action plan not agreed in time',
  rap_not_implemented: 'remedial action plan not implemented',
  milestone_missed: 'remedial action plan milestone missed',
};

export interface ImmediateAction {
  readonly description: string;
  readonly dueDate: IsoDate;
}

export interface MilestoneInput {
  readonly id: string;
  readonly description: string;
  readonly dueDate: IsoDate;
}

export interface Milestone extends MilestoneInput {
  readonly achievedOn: IsoDate | null;
  /** When the issuer recorded it missed (it may be achieved later, as the remedy). */
  readonly missedOn: IsoDate | null;
}

/**
 * A month's withholding under GC9 (RULES.md §1.2 item 4 [M]): at most the cap share of that month's
 * Actual Monthly Value; later repaid (failure remedied) or retained (failure persisted).
 */
export interface Withholding {
  /** The month whose payment is reduced. */
  readonly period: Period;
  readonly amountPence: Pence;
  readonly actualMonthlyValuePence: Pence;
  readonly capPence: Pence;
  readonly withheldOn: IsoDate;
  readonly status: 'held' | 'repaid' | 'retained';
  /** When it was repaid or retained. */
  readonly settledOn: IsoDate | null;
  /** The statement month of the repayment or retention line. */
  readonly settledPeriod: Period | null;
}

export interface ExceptionReport {
  readonly to: 'provider_board' | 'regulator';
  readonly on: IsoDate;
}

export interface Failure {
  readonly kind: FailureKind;
  readonly since: IsoDate;
  readonly milestoneId: string | null;
}

interface Step<T extends string> {
  readonly type: T;
  /** The day the step was taken. Steps are recorded in date order. */
  readonly on: IsoDate;
  /** Which side took it. */
  readonly by: Side;
}

/** The first event: a contract performance notice is issued. */
export interface IssueNotice extends Step<'issue'> {
  readonly noticeId: string;
  readonly contractReference: string;
  readonly commissionerCode: string;
  readonly providerCode: string;
  /** The contract's Standard Contract edition, e.g. '2025/26'. */
  readonly edition: string;
  /** The performance failure the notice is about, in the issuer's words. */
  readonly subject: string;
  /** Breaches the notice rests on, e.g. 'OOH-URGENT-20MIN 2013-05' (performance/breaches.ts keys). */
  readonly breachKeys?: readonly string[];
}

/** Every step after issue. */
export type NoticeStepEvent =
  | Step<'accept'>
  | (Step<'dispute'> & { readonly reasons: string })
  | (Step<'withdraw'> & { readonly reason: string })
  | (Step<'hold_meeting'> & {
      readonly outcome: MeetingOutcome;
      /** Immediate action plan: the actions and their dates. */
      readonly actions?: readonly ImmediateAction[];
      /** Joint investigation: the report date in its agreed terms. */
      readonly reportDueDate?: IsoDate;
      readonly note?: string;
    })
  | Step<'complete_immediate_actions'>
  | (Step<'require_rap'> & { readonly reason: string })
  | (Step<'report_joint_investigation'> & { readonly outcome: 'withdraw' | 'remedial_action_plan' })
  | (Step<'agree_rap'> & { readonly milestones: readonly MilestoneInput[] })
  | Step<'fail_to_agree_rap'>
  | (Step<'achieve_milestone'> & { readonly milestoneId: string })
  | (Step<'miss_milestone'> & { readonly milestoneId: string })
  | (Step<'fail_to_implement_rap'> & { readonly reason: string })
  | (Step<'withhold'> & {
      readonly period: Period;
      /** The month's Actual Monthly Value the cap is taken from. */
      readonly actualMonthlyValuePence: Pence;
      /** Defaults to the cap. */
      readonly amountPence?: Pence;
    })
  | (Step<'exception_report'> & { readonly to: 'provider_board' | 'regulator' })
  | Step<'remedy'>
  | Step<'retain'>
  | (Step<'review'> & { readonly note: string })
  | (Step<'close'> & { readonly reason: string });

export type NoticeEvent = IssueNotice | NoticeStepEvent;
export type NoticeStepType = NoticeStepEvent['type'];

/** A contract performance notice: its events replayed. */
export interface ContractPerformanceNotice {
  readonly id: string;
  readonly contractReference: string;
  readonly commissionerCode: string;
  readonly providerCode: string;
  readonly edition: string;
  readonly issuedBy: Side;
  readonly issuedOn: IsoDate;
  readonly subject: string;
  readonly breachKeys: readonly string[];
  readonly state: NoticeState;
  readonly response: { readonly accepted: boolean; readonly on: IsoDate; readonly reasons: string | null } | null;
  readonly meeting: { readonly heldOn: IsoDate; readonly outcome: MeetingOutcome } | null;
  readonly immediateActionPlan: { readonly agreedOn: IsoDate; readonly actions: readonly ImmediateAction[]; readonly completedOn: IsoDate | null } | null;
  readonly jointInvestigation: { readonly termsAgreedOn: IsoDate; readonly reportDueDate: IsoDate; readonly reportedOn: IsoDate | null } | null;
  /** The meeting or report date from which the remedial action plan's deadline counts. */
  readonly rapDueFrom: IsoDate | null;
  readonly rap: { readonly agreedOn: IsoDate; readonly milestones: readonly Milestone[] } | null;
  /** The current failure, while the state is remedy_failed. */
  readonly failure: Failure | null;
  readonly withholdings: readonly Withholding[];
  readonly exceptionReports: readonly ExceptionReport[];
  readonly closedOn: IsoDate | null;
  readonly closure: 'withdrawn' | 'remedied' | 'closed_unremedied' | null;
  /** Every step taken, in order, issue first. */
  readonly events: readonly NoticeEvent[];
}
