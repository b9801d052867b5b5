/**
 * What is pending on a contract performance notice, who must act and by when (RULES.md §1.2 [M]),
 * each deadline counted in operational days on the England and Wales calendar (RULES.md §6) and
 * carrying the source of its number.
 */

import { englandAndWales, type Calendar } from '../calendar/index.ts';
import { formatPounds } from '../money.ts';
import type { RelationshipRules } from './editions.ts';
import type { DueStep, DueSubject } from './due.ts';
import type { ContractPerformanceNotice } from './notice.ts';
import { otherSide } from './sides.ts';
import { NOTICE_STEPS } from './transitions.ts';
import { retainableFrom, withholdingTotals } from './withholding.ts';

function subjectOf(n: ContractPerformanceNotice): DueSubject {
  return { kind: 'contract_performance_notice', id: n.id, contractReference: n.contractReference, commissionerCode: n.commissionerCode, providerCode: n.providerCode };
}

/**
 * The date the contract management meeting is due: the Nth operational day after the notice.
 *
 * @example meetingDueDate('2025-12-19', relationshipRules('2025/26')) // '2026-01-07'
 */
export function meetingDueDate(issuedOn: string, rules: RelationshipRules, calendar: Calendar = englandAndWales): string {
  return calendar.nthOperationalDayAfter(issuedOn, rules.gc9.meetingOperationalDays.value);
}

/**
 * The steps pending on a notice now, each with who must act, its due date (or none), how the date
 * was reached and the rule's source. A closed or withdrawn notice has none.
 *
 * @example
 * noticeDueSteps(notice, relationshipRules('2025/26'))
 * // [{ step: 'hold_meeting', dueDate: '2026-01-07', basis: '10 operational days after the notice of 2025-12-19', ... }]
 */
export function noticeDueSteps(notice: ContractPerformanceNotice, rules: RelationshipRules, calendar: Calendar = englandAndWales): DueStep[] {
  const subject = subjectOf(notice);
  const recipient = otherSide(notice.issuedBy);
  const gc9 = rules.gc9;
  const out: DueStep[] = [];
  const meeting = (): void => {
    out.push({
      subject, step: 'hold_meeting', label: NOTICE_STEPS.hold_meeting.label, mustAct: 'either',
      dueDate: meetingDueDate(notice.issuedOn, rules, calendar),
      basis: `${gc9.meetingOperationalDays.value} operational days after the notice of ${notice.issuedOn}`,
      source: gc9.meetingOperationalDays.source, confidence: gc9.meetingOperationalDays.confidence,
    });
  };
  switch (notice.state) {
    case 'issued': {
      const days = gc9.responseOperationalDays.value;
      out.push({
        subject, step: 'respond', label: 'accept or dispute the contract performance notice', mustAct: recipient,
        dueDate: days === null ? null : calendar.nthOperationalDayAfter(notice.issuedOn, days),
        basis: days === null ? 'no time limit in the rules; the meeting deadline still runs' : `${days} operational days after the notice of ${notice.issuedOn}`,
        source: gc9.responseOperationalDays.source, confidence: gc9.responseOperationalDays.confidence,
      });
      meeting();
      break;
    }
    case 'meeting_pending':
      meeting();
      break;
    case 'immediate_action_plan': {
      const iap = notice.immediateActionPlan!;
      const last = iap.actions.map((a) => a.dueDate).sort().at(-1)!;
      out.push({
        subject, step: 'complete_immediate_actions', label: 'complete the immediate action plan', mustAct: recipient, dueDate: last,
        basis: `the last action date in the immediate action plan agreed on ${iap.agreedOn}`,
        source: NOTICE_STEPS.complete_immediate_actions.source, confidence: 'contract',
      });
      break;
    }
    case 'joint_investigation': {
      const ji = notice.jointInvestigation!;
      out.push({
        subject, step: 'report_joint_investigation', label: NOTICE_STEPS.report_joint_investigation.label, mustAct: 'either', dueDate: ji.reportDueDate,
        basis: `the report date in the joint investigation's terms agreed on ${ji.termsAgreedOn}`,
        source: NOTICE_STEPS.report_joint_investigation.source, confidence: 'contract',
      });
      break;
    }
    case 'rap_pending':
      out.push({
        subject, step: 'agree_rap', label: NOTICE_STEPS.agree_rap.label, mustAct: 'either',
        dueDate: calendar.nthOperationalDayAfter(notice.rapDueFrom!, gc9.rapAgreementOperationalDays.value),
        basis: `${gc9.rapAgreementOperationalDays.value} operational days after the ${notice.jointInvestigation?.reportedOn ? 'joint investigation report' : notice.meeting?.outcome === 'immediate_action_plan' ? 'decision to require a plan' : 'meeting'} of ${notice.rapDueFrom}`,
        source: gc9.rapAgreementOperationalDays.source, confidence: gc9.rapAgreementOperationalDays.confidence,
      });
      break;
    case 'rap_in_progress':
      for (const m of notice.rap!.milestones) {
        if (m.achievedOn !== null) continue;
        out.push({
          subject, step: 'achieve_milestone', label: `achieve milestone '${m.id}': ${m.description}`, mustAct: recipient, dueDate: m.dueDate,
          basis: `the remedial action plan agreed on ${notice.rap!.agreedOn}`, source: NOTICE_STEPS.achieve_milestone.source, confidence: 'contract',
        });
      }
      break;
    case 'remedy_failed': {
      const failure = notice.failure!;
      out.push({
        subject, step: failure.kind === 'rap_not_agreed' ? 'agree_rap' : 'remedy',
        label: failure.kind === 'rap_not_agreed' ? 'agree the remedial action plan (overdue)' : failure.kind === 'milestone_missed' ? `remedy the missed milestone '${failure.milestoneId}'` : 'implement the remedial action plan',
        mustAct: failure.kind === 'rap_not_agreed' ? 'either' : recipient, dueDate: null,
        basis: `failing since ${failure.since}; withholding may continue monthly until remedied`,
        source: NOTICE_STEPS.withhold.source, confidence: 'M',
      });
      const from = retainableFrom(notice.withholdings, gc9.retentionAfterMonths.value);
      if (from !== null) {
        out.push({
          subject, step: 'retain', label: `decide whether to retain ${formatPounds(withholdingTotals(notice.withholdings).heldPence)} withheld (possible from ${from})`,
          mustAct: notice.issuedBy, dueDate: null,
          basis: `${gc9.retentionAfterMonths.value} months after the earliest month still withheld`,
          source: gc9.retentionAfterMonths.source, confidence: gc9.retentionAfterMonths.confidence,
        });
      }
      break;
    }
    case 'withdrawn':
    case 'closed':
      break;
  }
  return out;
}
