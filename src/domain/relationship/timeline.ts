/**
 * A relationship's timeline: contracts, notices and disputes as one dated list of what happened, for
 * the web page's timeline and the CLI. Built from the event logs, so nothing is typed twice.
 */

import { NOTICE_STEPS, SIDE_LABELS, type ContractPerformanceNotice, type NoticeEvent } from '../contract-management/index.ts';
import {
  CONTRACT_SETTING_STEPS,
  GC14_STEPS,
  feeShares,
  type Appointee,
  type ContractSettingDispute,
  type ContractSettingEvent,
  type Fee,
  type FeePayer,
  type Gc14Dispute,
  type Gc14Event,
  type Offer,
} from '../disputes/index.ts';
import { formatPounds, type Pence } from '../money.ts';
import type { IsoDate } from '../time/index.ts';
import type { RelationshipContract } from './contracts.ts';

export interface TimelineEvent {
  readonly date: IsoDate;
  readonly kind: 'contract' | 'contract_performance_notice' | 'gc14_dispute' | 'contract_setting_dispute';
  /** The contract reference, notice id or dispute id. */
  readonly subjectId: string;
  readonly title: string;
  readonly detail: string;
  /** A sum of money the event is about (a fee, a withholding, a determined amount). */
  readonly amountPence?: Pence;
}

const by = (s: string) => (s === 'regulator' ? 'the regulator' : `the ${SIDE_LABELS[s as 'commissioner' | 'provider']}`);
const offerText = (o: Offer) => ('amountPence' in o ? formatPounds(o.amountPence) : `"${o.terms}"`);

function payerText(p: FeePayer, amount: Pence): string {
  if (p.kind === 'paid_by') return `paid by the ${SIDE_LABELS[p.side]}`;
  if (p.kind === 'regulator') return 'provided by a regulator at no cost to the parties';
  const s = feeShares({ amountPence: amount, payer: p });
  return `shared: ${formatPounds(s.commissionerPence)} by the commissioner, ${formatPounds(s.providerPence)} by the provider`;
}

function appointeeText(a: Omit<Appointee, 'appointedOn'>): string {
  const who = a.appointedBy === 'parties' ? 'both parties' : a.appointedBy === 'regulator' ? 'a regulator' : `the ${SIDE_LABELS[a.appointedBy]}`;
  return `${a.name}${a.description ? `, ${a.description},` : ''} appointed ${a.role} by ${who}`;
}

function feeEvent(date: IsoDate, kind: TimelineEvent['kind'], id: string, fee: Omit<Fee, 'recordedOn'>, appointees: readonly Appointee[]): TimelineEvent {
  const a = appointees.find((x) => x.id === fee.appointeeId);
  return {
    date, kind, subjectId: id, amountPence: fee.amountPence,
    title: `Fee: ${a ? `${a.name} (${a.role})` : fee.appointeeId}, ${formatPounds(fee.amountPence)}`,
    detail: `${fee.description}; ${payerText(fee.payer, fee.amountPence)}`,
  };
}

function noticeEvents(n: ContractPerformanceNotice): TimelineEvent[] {
  return n.events.map((e: NoticeEvent): TimelineEvent => {
    const base = { date: e.on, kind: 'contract_performance_notice' as const, subjectId: n.id };
    switch (e.type) {
      case 'issue':
        return { ...base, title: `Contract performance notice ${n.id} issued by ${by(e.by)}`, detail: e.subject };
      case 'hold_meeting':
        return { ...base, title: 'Contract management meeting held', detail: `Outcome: ${e.outcome.replace(/_/g, ' ')}${e.note ? `; ${e.note}` : ''}` };
      case 'withhold': {
        const w = n.withholdings.find((x) => x.period === e.period);
        return { ...base, title: `Withholding for ${e.period}`, detail: `${formatPounds(w?.amountPence ?? 0)} withheld (cap ${formatPounds(w?.capPence ?? 0)})`, amountPence: w?.amountPence };
      }
      case 'dispute':
        return { ...base, title: 'Notice disputed', detail: e.reasons };
      case 'exception_report':
        return { ...base, title: `Exception report to the ${e.to === 'regulator' ? 'regulator' : "provider's Board"}`, detail: n.subject };
      default:
        return { ...base, title: NOTICE_STEPS[e.type].label.replace(/^./, (c) => c.toUpperCase()), detail: `by ${by(e.by)}${'reason' in e ? `: ${e.reason}` : 'note' in e && typeof e.note === 'string' ? `: ${e.note}` : 'milestoneId' in e ? `: milestone ${e.milestoneId}` : ''}` };
    }
  });
}

function gc14Events(d: Gc14Dispute): TimelineEvent[] {
  return d.events.map((e: Gc14Event): TimelineEvent => {
    const base = { date: e.on, kind: 'gc14_dispute' as const, subjectId: d.id };
    switch (e.type) {
      case 'raise':
        return { ...base, title: `GC14 dispute raised by ${by(e.by)}`, detail: e.subject, ...(e.amountInDisputePence !== undefined ? { amountPence: e.amountInDisputePence } : {}) };
      case 'appoint':
        return { ...base, title: `${e.appointee.role[0].toUpperCase()}${e.appointee.role.slice(1)} appointed`, detail: appointeeText(e.appointee) };
      case 'record_fee':
        return feeEvent(e.on, 'gc14_dispute', d.id, e.fee, d.appointees);
      case 'settle':
      case 'determine':
        return { ...base, title: e.type === 'settle' ? 'Settled by agreement' : 'Expert determination', detail: e.summary, ...(e.amountPence !== undefined ? { amountPence: e.amountPence } : {}) };
      default:
        return { ...base, title: GC14_STEPS[e.type].label.replace(/^./, (c) => c.toUpperCase()), detail: `by ${by(e.by)}` };
    }
  });
}

function contractSettingEvents(d: ContractSettingDispute): TimelineEvent[] {
  return d.events.map((e: ContractSettingEvent): TimelineEvent => {
    const base = { date: e.on, kind: 'contract_setting_dispute' as const, subjectId: d.id };
    switch (e.type) {
      case 'open':
        return { ...base, title: `Contract-setting dispute for ${d.contractYear} opened by ${by(e.by)}`, detail: `Issues: ${e.issues.map((i) => i.title).join('; ')}` };
      case 'appoint':
        return { ...base, title: `${e.appointee.role[0].toUpperCase()}${e.appointee.role.slice(1)} appointed`, detail: appointeeText(e.appointee) };
      case 'record_fee':
        return feeEvent(e.on, 'contract_setting_dispute', d.id, e.fee, d.appointees);
      case 'submit_final_offer':
        return { ...base, title: `Final offer from ${by(e.by)}`, detail: `${d.issues.find((i) => i.id === e.issueId)?.title ?? e.issueId}: ${offerText(e.offer)}`, ...('amountPence' in e.offer ? { amountPence: e.offer.amountPence } : {}) };
      case 'determine': {
        const det = d.determinations.find((x) => x.issueId === e.issueId);
        return {
          ...base, title: `Pendulum determination: ${d.issues.find((i) => i.id === e.issueId)?.title ?? e.issueId}`,
          detail: `${offerText(e.offer)}, the ${det?.awardedTo === 'both' ? "parties' common" : `${det?.awardedTo ?? ''}'s`} final offer; ${e.reasons}`,
          ...('amountPence' in e.offer ? { amountPence: e.offer.amountPence } : {}),
        };
      }
      case 'agree':
        return { ...base, title: `Contract for ${d.contractYear} agreed`, detail: e.summary };
      case 'withdraw':
        return { ...base, title: 'Dispute withdrawn', detail: e.reason };
      default:
        return { ...base, title: CONTRACT_SETTING_STEPS[e.type].label.replace(/^./, (c) => c.toUpperCase()), detail: `by ${by(e.by)}` };
    }
  });
}

function contractEvents(c: RelationshipContract): TimelineEvent[] {
  const base = { kind: 'contract' as const, subjectId: c.reference };
  const out: TimelineEvent[] = [{ ...base, date: c.startDate, title: `Contract ${c.reference} starts`, detail: `${c.title}; ${formatPounds(c.valuePence)}${c.illustrative ? ' (illustrative)' : ''}`, amountPence: c.valuePence }];
  if (c.refusal) out.push({ ...base, date: c.refusal.on, title: `The ${SIDE_LABELS[c.refusal.by]} refuses to sign ${c.reference}`, detail: c.refusal.reason });
  return out;
}

/**
 * Everything that happened in a relationship, oldest first (same-day events in the order recorded).
 *
 * @example relationshipTimeline({ contracts, notices, gc14Disputes, contractSettingDisputes }).map((e) => `${e.date} ${e.title}`)
 */
export function relationshipTimeline(input: {
  readonly contracts: readonly RelationshipContract[];
  readonly notices: readonly ContractPerformanceNotice[];
  readonly gc14Disputes: readonly Gc14Dispute[];
  readonly contractSettingDisputes: readonly ContractSettingDispute[];
}): TimelineEvent[] {
  const all = [
    ...input.contracts.flatMap(contractEvents),
    ...input.contractSettingDisputes.flatMap(contractSettingEvents),
    ...input.gc14Disputes.flatMap(gc14Events),
    ...input.notices.flatMap(noticeEvents),
  ];
  return all.map((e, i) => ({ e, i })).sort((a, b) => (a.e.date < b.e.date ? -1 : a.e.date > b.e.date ? 1 : a.i - b.i)).map((x) => x.e);
}
