/**
 * The GC9 contract management state machine (RULES.md §1.2 [M]). A notice is its events replayed:
 * `issueNotice` starts one, `applyNoticeStep` takes one step and returns the new notice, and
 * `replayNotice` rebuilds a stored notice from its event log. A step that the state does not allow is
 * refused as a conflict naming the state; a step by the wrong side is forbidden; a step whose own
 * data fails a guard (a date, an amount) is invalid, naming the field.
 */

import { englandAndWales, type Calendar } from '../calendar/index.ts';
import { conflict, forbidden, invalid } from '../errors.ts';
import { formatPounds, isPence, type Pence } from '../money.ts';
import { isIsoDate, isPeriod, periodOf, type IsoDate } from '../time/index.ts';
import type { RelationshipRules } from './editions.ts';
import {
  FAILURE_LABELS,
  NOTICE_STATE_LABELS,
  type ContractPerformanceNotice,
  type FailureKind,
  type IssueNotice,
  type Milestone,
  type MilestoneInput,
  type NoticeEvent,
  type NoticeStepEvent,
  type Withholding,
} from './notice.ts';
import { SIDE_LABELS, isSide, type Side } from './sides.ts';
import { mayIssue, NOTICE_STEPS, stepTakenBy } from './transitions.ts';
import { repaymentPeriod, retainableFrom, withholdingCap } from './withholding.ts';

function requireDate(value: unknown, field: string): IsoDate {
  if (!isIsoDate(value)) throw invalid(field, `must be a date YYYY-MM-DD, got '${String(value)}'`);
  return value;
}

function requireText(value: unknown, field: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(field, `give ${what}`);
  return value;
}

/**
 * Starts a notice. The issuer must be allowed to issue under the contract's edition (RULES.md §1.2
 * item 1: the co-ordinating commissioner; in later editions either party).
 *
 * @example
 * const notice = issueNotice({ type: 'issue', noticeId: 'CPN-1', by: 'commissioner', on: '2025-12-19',
 *   contractReference: 'X-2025', commissionerCode: '15N', providerCode: 'RH8', edition: '2025/26',
 *   subject: 'Cancer 62-day standard missed three months running' }, relationshipRules('2025/26'));
 * notice.state // 'issued'
 */
export function issueNotice(event: IssueNotice, rules: RelationshipRules): ContractPerformanceNotice {
  if (event.type !== 'issue') throw invalid('type', `a notice starts with 'issue', got '${String(event.type)}'`);
  requireText(event.noticeId, 'noticeId', 'the notice an id');
  requireText(event.contractReference, 'contractReference', 'the contract reference');
  requireText(event.commissionerCode, 'commissionerCode', "the co-ordinating commissioner's ODS code");
  requireText(event.providerCode, 'providerCode', "the provider's ODS code");
  requireText(event.subject, 'subject', 'the performance failure the notice is about');
  requireDate(event.on, 'on');
  if (!isSide(event.by)) throw invalid('by', "must be 'commissioner' or 'provider'");
  if (event.edition !== rules.edition) throw invalid('edition', `the notice names edition ${event.edition} but the rules given are for ${rules.edition}`);
  if (!mayIssue(event.by, rules)) {
    throw forbidden(`under the ${rules.edition} edition only the ${SIDE_LABELS.commissioner} may issue a contract performance notice (${rules.gc9.cpnIssuers.source})`);
  }
  return {
    id: event.noticeId,
    contractReference: event.contractReference,
    commissionerCode: event.commissionerCode,
    providerCode: event.providerCode,
    edition: event.edition,
    issuedBy: event.by,
    issuedOn: event.on,
    subject: event.subject,
    breachKeys: [...(event.breachKeys ?? [])],
    state: 'issued',
    response: null,
    meeting: null,
    immediateActionPlan: null,
    jointInvestigation: null,
    rapDueFrom: null,
    rap: null,
    failure: null,
    withholdings: [],
    exceptionReports: [],
    closedOn: null,
    closure: null,
    events: [event],
  };
}

function lastDate(n: ContractPerformanceNotice): IsoDate {
  return n.events[n.events.length - 1].on;
}

/** Repays every withholding still held (remedy or withdrawal: RULES.md §1.2 item 5 [M]). */
function repayHeld(ws: readonly Withholding[], on: IsoDate, rules: RelationshipRules): Withholding[] {
  const period = repaymentPeriod(on, rules.gc9.repaymentLagMonths.value);
  return ws.map((w) => (w.status === 'held' ? { ...w, status: 'repaid', settledOn: on, settledPeriod: period } : w));
}

function fail(kind: FailureKind, on: IsoDate, milestoneId: string | null = null): Partial<ContractPerformanceNotice> {
  return { state: 'remedy_failed', failure: { kind, since: on, milestoneId } };
}

function checkMilestones(ms: unknown, on: IsoDate): Milestone[] {
  if (!Array.isArray(ms) || ms.length === 0) throw invalid('milestones', 'a remedial action plan sets at least one milestone');
  const seen = new Set<string>();
  return (ms as MilestoneInput[]).map((m, i) => {
    const id = requireText(m?.id, `milestones.${i}.id`, 'the milestone an id');
    if (seen.has(id)) throw invalid(['milestones', i, 'id'], `milestone '${id}' appears twice`);
    seen.add(id);
    requireText(m.description, `milestones.${i}.description`, 'what the milestone is');
    const due = requireDate(m.dueDate, `milestones.${i}.dueDate`);
    if (due < on) throw invalid(['milestones', i, 'dueDate'], `is before the plan is agreed (${on})`);
    return { id, description: m.description, dueDate: due, achievedOn: null, missedOn: null };
  });
}

function nextAfterRemedy(milestones: readonly Milestone[] | undefined): Pick<ContractPerformanceNotice, 'state' | 'closure'> {
  const outstanding = (milestones ?? []).some((m) => m.achievedOn === null);
  return outstanding ? { state: 'rap_in_progress', closure: null } : { state: 'closed', closure: 'remedied' };
}

/**
 * Takes one GC9 step on a notice and returns the notice after it. Refuses, changing nothing:
 * - a step the current state does not allow (conflict, naming the state),
 * - a step by a side that may not take it (forbidden),
 * - a step whose data fails its guard (invalid, naming the field).
 *
 * @example
 * const met = applyNoticeStep(notice, { type: 'hold_meeting', by: 'commissioner', on: '2026-01-07', outcome: 'remedial_action_plan' }, rules);
 * met.state // 'rap_pending'
 */
export function applyNoticeStep(notice: ContractPerformanceNotice, event: NoticeStepEvent, rules: RelationshipRules, calendar: Calendar = englandAndWales): ContractPerformanceNotice {
  const step = NOTICE_STEPS[event.type as keyof typeof NOTICE_STEPS];
  if (!step) throw invalid('type', `unknown contract management step '${String(event.type)}'`);
  if (rules.edition !== notice.edition) throw invalid('edition', `notice ${notice.id} runs on edition ${notice.edition} but the rules given are for ${rules.edition}`);
  if (!step.from.includes(notice.state)) {
    throw conflict(`cannot ${step.label}: notice ${notice.id} is ${NOTICE_STATE_LABELS[notice.state]} (state '${notice.state}')`);
  }
  if (step.commissionerIssuedOnly && notice.issuedBy !== 'commissioner') {
    throw conflict(`cannot ${step.label}: notice ${notice.id} was issued by the provider, and only a ${SIDE_LABELS.commissioner} may ${step.label} (${step.source})`);
  }
  if (!isSide(event.by)) throw invalid('by', "must be 'commissioner' or 'provider'");
  const allowed = stepTakenBy(event.type, notice.issuedBy);
  if (allowed !== 'either' && allowed !== event.by) {
    throw forbidden(`only the ${SIDE_LABELS[allowed]} may ${step.label} on notice ${notice.id} (issued by the ${SIDE_LABELS[notice.issuedBy]})`);
  }
  const on = requireDate(event.on, 'on');
  if (on < lastDate(notice)) throw invalid('on', `is before the notice's last step (${lastDate(notice)}); steps are recorded in date order`);

  const next = (changes: Partial<ContractPerformanceNotice>): ContractPerformanceNotice => ({ ...notice, ...changes, events: [...notice.events, event] });
  const close = (closure: 'withdrawn' | 'remedied' | 'closed_unremedied', extra: Partial<ContractPerformanceNotice> = {}) =>
    next({ state: closure === 'withdrawn' ? 'withdrawn' : 'closed', closure, closedOn: on, failure: null, ...extra });

  switch (event.type) {
    case 'accept':
      return next({ state: 'meeting_pending', response: { accepted: true, on, reasons: null } });
    case 'dispute':
      return next({ state: 'meeting_pending', response: { accepted: false, on, reasons: requireText(event.reasons, 'reasons', 'the reasons for disputing the notice') } });
    case 'withdraw':
      requireText(event.reason, 'reason', 'the reason for withdrawing');
      // A withdrawn notice gives back anything still withheld under it.
      return close('withdrawn', { withholdings: repayHeld(notice.withholdings, on, rules) });
    case 'hold_meeting': {
      switch (event.outcome) {
        case 'withdraw':
          return close('withdrawn', { meeting: { heldOn: on, outcome: event.outcome } });
        case 'immediate_action_plan': {
          const actions = event.actions ?? [];
          if (actions.length === 0) throw invalid('actions', 'an immediate action plan lists at least one action');
          actions.forEach((a, i) => {
            requireText(a.description, `actions.${i}.description`, 'what the action is');
            if (requireDate(a.dueDate, `actions.${i}.dueDate`) < on) throw invalid(['actions', i, 'dueDate'], `is before the meeting (${on})`);
          });
          return next({ state: 'immediate_action_plan', meeting: { heldOn: on, outcome: event.outcome }, immediateActionPlan: { agreedOn: on, actions: [...actions], completedOn: null } });
        }
        case 'joint_investigation': {
          const due = requireDate(event.reportDueDate, 'reportDueDate');
          if (due < on) throw invalid('reportDueDate', `is before the meeting (${on})`);
          return next({ state: 'joint_investigation', meeting: { heldOn: on, outcome: event.outcome }, jointInvestigation: { termsAgreedOn: on, reportDueDate: due, reportedOn: null } });
        }
        case 'remedial_action_plan':
          return next({ state: 'rap_pending', meeting: { heldOn: on, outcome: event.outcome }, rapDueFrom: on });
        default:
          throw invalid('outcome', "must be 'withdraw', 'immediate_action_plan', 'joint_investigation' or 'remedial_action_plan'");
      }
    }
    case 'complete_immediate_actions':
      return close('remedied', { immediateActionPlan: { ...notice.immediateActionPlan!, completedOn: on } });
    case 'require_rap':
      requireText(event.reason, 'reason', 'why the immediate action plan was not enough');
      return next({ state: 'rap_pending', rapDueFrom: on });
    case 'report_joint_investigation': {
      const ji = { ...notice.jointInvestigation!, reportedOn: on };
      if (event.outcome === 'withdraw') return close('withdrawn', { jointInvestigation: ji });
      if (event.outcome !== 'remedial_action_plan') throw invalid('outcome', "must be 'withdraw' or 'remedial_action_plan'");
      return next({ state: 'rap_pending', jointInvestigation: ji, rapDueFrom: on });
    }
    case 'agree_rap': {
      const milestones = checkMilestones(event.milestones, on);
      // Agreeing the plan late is the remedy for failing to agree it: anything withheld is repaid.
      const withholdings = notice.state === 'remedy_failed' ? repayHeld(notice.withholdings, on, rules) : notice.withholdings;
      return next({ state: 'rap_in_progress', rap: { agreedOn: on, milestones }, failure: null, withholdings });
    }
    case 'fail_to_agree_rap': {
      // The plan is not "not agreed" until its deadline has passed.
      const due = calendar.nthOperationalDayAfter(notice.rapDueFrom!, rules.gc9.rapAgreementOperationalDays.value);
      if (on <= due) throw invalid('on', `the remedial action plan is due by ${due} (${rules.gc9.rapAgreementOperationalDays.value} operational days after ${notice.rapDueFrom}: ${rules.gc9.rapAgreementOperationalDays.source}); it is not overdue until after that day`);
      return next(fail('rap_not_agreed', on));
    }
    case 'achieve_milestone': {
      const ms = notice.rap!.milestones;
      const i = ms.findIndex((m) => m.id === event.milestoneId);
      if (i < 0) throw invalid('milestoneId', `no milestone '${String(event.milestoneId)}' in the remedial action plan (${ms.map((m) => m.id).join(', ')})`);
      if (ms[i].achievedOn !== null) throw conflict(`milestone '${ms[i].id}' was already achieved on ${ms[i].achievedOn}`);
      const milestones = ms.map((m, j) => (j === i ? { ...m, achievedOn: on } : m));
      return next({ rap: { ...notice.rap!, milestones }, ...nextAfterRemedy(milestones), closedOn: milestones.every((m) => m.achievedOn) ? on : null });
    }
    case 'miss_milestone': {
      const m = notice.rap!.milestones.find((x) => x.id === event.milestoneId);
      if (!m) throw invalid('milestoneId', `no milestone '${String(event.milestoneId)}' in the remedial action plan (${notice.rap!.milestones.map((x) => x.id).join(', ')})`);
      if (m.achievedOn !== null) throw conflict(`milestone '${m.id}' was achieved on ${m.achievedOn}`);
      if (on <= m.dueDate) throw invalid('on', `milestone '${m.id}' is due on ${m.dueDate}; it is not missed until after that day`);
      const milestones = notice.rap!.milestones.map((x) => (x.id === m.id ? { ...x, missedOn: on } : x));
      return next({ rap: { ...notice.rap!, milestones }, ...fail('milestone_missed', on, m.id) });
    }
    case 'fail_to_implement_rap':
      requireText(event.reason, 'reason', 'how the plan is not being implemented');
      return next(fail('rap_not_implemented', on));
    case 'withhold':
      return next({ withholdings: [...notice.withholdings, checkWithholding(notice, event, on, rules)] });
    case 'exception_report': {
      if (event.to !== 'provider_board' && event.to !== 'regulator') throw invalid('to', "must be 'provider_board' or 'regulator'");
      // RULES.md §1.2 item 4 [M]: the report goes to the provider's Board and then the regulator.
      if (event.to === 'regulator' && !notice.exceptionReports.some((r) => r.to === 'provider_board')) {
        throw conflict(`send the exception report to the provider's Board before the regulator (${NOTICE_STEPS.exception_report.source})`);
      }
      return next({ exceptionReports: [...notice.exceptionReports, { to: event.to, on }] });
    }
    case 'remedy': {
      const failure = notice.failure!;
      if (failure.kind === 'rap_not_agreed') throw conflict(`cannot confirm a remedy: the failure is that the ${FAILURE_LABELS.rap_not_agreed.replace(' in time', '')}; agree the remedial action plan instead`);
      // A missed milestone is remedied by achieving it, late.
      const milestones = notice.rap?.milestones.map((m) => (m.id === failure.milestoneId && m.achievedOn === null ? { ...m, achievedOn: on } : m));
      const after = nextAfterRemedy(milestones);
      return next({
        failure: null,
        withholdings: repayHeld(notice.withholdings, on, rules),
        rap: notice.rap && milestones ? { ...notice.rap, milestones } : notice.rap,
        ...after,
        closedOn: after.state === 'closed' ? on : null,
      });
    }
    case 'retain': {
      const from = retainableFrom(notice.withholdings, rules.gc9.retentionAfterMonths.value);
      if (from === null) throw conflict(`cannot retain: nothing is withheld under notice ${notice.id}`);
      if (on < from) throw invalid('on', `withheld sums may be retained from ${from}, after the failure has persisted ${rules.gc9.retentionAfterMonths.value} months (${rules.gc9.retentionAfterMonths.source})`);
      const withholdings = notice.withholdings.map((w): Withholding => (w.status === 'held' ? { ...w, status: 'retained', settledOn: on, settledPeriod: periodOf(on) } : w));
      return next({ withholdings });
    }
    case 'review':
      requireText(event.note, 'note', 'what the review found');
      return next({});
    case 'close': {
      requireText(event.reason, 'reason', 'why the notice closes unremedied');
      const held = notice.withholdings.filter((w) => w.status === 'held');
      if (held.length > 0) throw conflict(`cannot close notice ${notice.id} while ${formatPounds(held.reduce((s, w) => s + w.amountPence, 0))} is still withheld: retain or repay it first`);
      return close('closed_unremedied');
    }
    default: {
      const never: never = event;
      throw invalid('type', `unknown contract management step '${String((never as { type: unknown }).type)}'`);
    }
  }
}

function checkWithholding(notice: ContractPerformanceNotice, event: Extract<NoticeStepEvent, { type: 'withhold' }>, on: IsoDate, rules: RelationshipRules): Withholding {
  const failure = notice.failure!;
  if (failure.kind === 'rap_not_agreed' && !rules.gc9.withholdOnFailureToAgreeRap.value) {
    throw conflict(`the ${rules.edition} edition does not allow withholding for failure to agree a remedial action plan (${rules.gc9.withholdOnFailureToAgreeRap.source})`);
  }
  if (!isPeriod(event.period)) throw invalid('period', `must be a month YYYY-MM, got '${String(event.period)}'`);
  if (event.period < periodOf(failure.since)) throw invalid('period', `is before the failure began (${failure.since})`);
  if (notice.withholdings.some((w) => w.period === event.period)) throw conflict(`a withholding for ${event.period} is already recorded on notice ${notice.id}: one a month`);
  if (!isPence(event.actualMonthlyValuePence) || event.actualMonthlyValuePence < 0) throw invalid('actualMonthlyValuePence', 'must be a whole number of pence, 0 or more');
  const cap: Pence = withholdingCap(event.actualMonthlyValuePence, rules.gc9.withholdingCapMicros.value);
  const amount = event.amountPence ?? cap;
  if (!isPence(amount) || amount <= 0) throw invalid('amountPence', 'must be a whole number of pence, more than 0');
  if (amount > cap) {
    throw invalid('amountPence', `${formatPounds(amount)} is more than the cap of ${formatPounds(cap)}: ${rules.gc9.withholdingCapMicros.value / 10_000}% of the Actual Monthly Value ${formatPounds(event.actualMonthlyValuePence)} (${rules.gc9.withholdingCapMicros.source})`);
  }
  return { period: event.period, amountPence: amount, actualMonthlyValuePence: event.actualMonthlyValuePence, capPence: cap, withheldOn: on, status: 'held', settledOn: null, settledPeriod: null };
}

/**
 * Rebuilds a notice from its stored event log (issue first). Throws as the failing step would, naming
 * its position.
 *
 * @example replayNotice(events, relationshipRules('2025/26')).state
 */
export function replayNotice(events: readonly NoticeEvent[], rules: RelationshipRules, calendar: Calendar = englandAndWales): ContractPerformanceNotice {
  if (events.length === 0 || events[0].type !== 'issue') throw invalid(['events', 0], "a notice's log starts with its issue");
  let notice = issueNotice(events[0], rules);
  for (let i = 1; i < events.length; i++) {
    const e = events[i];
    if (e.type === 'issue') throw invalid(['events', i], 'a notice is issued once');
    notice = applyNoticeStep(notice, e, rules, calendar);
  }
  return notice;
}

/**
 * The side that is said to be failing: the party the notice was issued to.
 *
 * @example recipientOf(notice) // 'provider' for a notice the commissioner issued
 */
export function recipientOf(notice: ContractPerformanceNotice): Side {
  return notice.issuedBy === 'commissioner' ? 'provider' : 'commissioner';
}
