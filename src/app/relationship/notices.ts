/**
 * Contract management under GC9: contract performance notices issued, each step taken on them by the
 * side the rules give it, every deadline counted in operational days with its source, and what is
 * overdue. A notice is its event log replayed by the domain's machine; a step the notice's state does
 * not allow is refused naming the state (409), a step by the wrong side is refused (403).
 */

import { randomUUID } from 'node:crypto';
import { decide } from '../../domain/access/rights.ts';
import {
  applyNoticeStep, availableSteps, issueNotice, noticeDueSteps, NOTICE_STATE_LABELS, NOTICE_STEPS, relationshipRules, replayNotice, stepsAsAt,
  type AvailableStep, type ContractRuleOverrides, type ContractPerformanceNotice, type DueStepAsAt, type Gc9Rules, type IssueNotice, type NoticeEvent, type NoticeStepEvent, type Side,
} from '../../domain/contract-management/index.ts';
import { contractAsAt, type Contract } from '../../domain/contracts/contract.ts';
import { conflict, invalid, notFound, ConcordatError } from '../../domain/errors.ts';
import { noticeMoneyEntries, relationshipTimeline, type RelationshipMoneyEntry, type TimelineEvent } from '../../domain/relationship/index.ts';
import type { IsoDate } from '../../domain/time/index.ts';
import { contractScope } from '../../storage/ledger/sealed.ts';
import { variationsOf, visibleContractIds } from '../../storage/repositories/contracts.ts';
import { findOrganisations } from '../../storage/repositories/organisations.ts';
import * as repo from '../../storage/repositories/relationship.ts';
import { today } from '../clock.ts';
import type { Scope } from '../scope.ts';
import { actAs, contractSide, sideInPair, checkAsAt } from './access.ts';
import { domainEvent, findNotice, replayNotices, stepDate, storedParts, type StoredNotice } from './cases.ts';
import { pairOf } from './money.ts';
import { actualMonthlyValues, contractPerformance } from './performance.ts';
import { rulesFor, termsOf } from './terms.ts';

/** Steps that happen outside Concordat (a meeting, a report, an agreement): they may carry the day they happened. */
export const NOTICE_STEPS_DATED_ELSEWHERE: readonly string[] = ['hold_meeting', 'report_joint_investigation', 'agree_rap', 'achieve_milestone', 'review'];

export interface NoticeInput {
  /** The performance failure the notice is about, in the issuer's words. */
  readonly subject: string;
  /** Computed breaches it rests on ('contract indicator period' keys, from the contract's performance). */
  readonly breachKeys?: readonly string[];
  /** Defaults to CPN-<contract>-<n>. */
  readonly noticeId?: string;
  /** For a contract with several providers: the one the notice concerns. */
  readonly providerCode?: string;
}

type StepFields<K extends NoticeStepEvent['type']> = Omit<Extract<NoticeStepEvent, { type: K }>, 'by' | 'on'>;
/**
 * A step as requested: the machine's step without its side (the caller's own) and usually without its
 * date (today); a withholding's Actual Monthly Value may be left to the payment terms.
 */
export type NoticeStepInput = {
  readonly [K in NoticeStepEvent['type']]: (K extends 'withhold' ? Omit<StepFields<K>, 'actualMonthlyValuePence'> & { readonly actualMonthlyValuePence?: number } : StepFields<K>)
    & { readonly on?: IsoDate };
}[NoticeStepEvent['type']];

export interface NoticeView {
  readonly notice: ContractPerformanceNotice;
  readonly stateLabel: string;
  readonly contract: { readonly id: string; readonly reference: string; readonly title: string };
  readonly commissioner: { readonly code: string; readonly name: string };
  readonly provider: { readonly code: string; readonly name: string };
  readonly asAt: IsoDate;
  /** The GC9 rules it runs by, each value with its source (the contract's overrides say so). */
  readonly rules: { readonly edition: string; readonly rulesFrom: string; readonly gc9: Gc9Rules; readonly overridden: readonly string[] };
  /** What is pending, who must act, by when and on what authority, as at `asAt`. */
  readonly due: readonly DueStepAsAt[];
  readonly overdue: boolean;
  /** The steps the notice's state allows now, who takes each, and whether the signed-in user may. */
  readonly steps: readonly (AvailableStep & { readonly youMay: boolean })[];
  readonly yourSide: Side | null;
  readonly events: readonly { readonly seq: number; readonly type: string; readonly on: IsoDate; readonly by: string; readonly recordedByOrganisation: string; readonly recordedAt: string }[];
  readonly timeline: readonly TimelineEvent[];
  /** The money the notice moved: withholdings, and their repayment or retention. */
  readonly money: readonly RelationshipMoneyEntry[];
}

export interface NoticeSummaryView {
  readonly id: string;
  readonly contractReference: string;
  readonly commissionerCode: string;
  readonly commissionerName: string;
  readonly providerCode: string;
  readonly providerName: string;
  readonly issuedBy: Side;
  readonly issuedOn: IsoDate;
  readonly subject: string;
  readonly state: string;
  readonly stateLabel: string;
  readonly closedOn: IsoDate | null;
  readonly due: readonly DueStepAsAt[];
  readonly overdue: boolean;
}


/** A notice whose contract the caller cannot see does not exist for them. */
async function visibleNotice(ctx: Scope, id: string): Promise<{ stored: StoredNotice; contract: Contract }> {
  const stored = await findNotice(ctx.db, id);
  if (!stored) throw notFound(`contract performance notice ${id}`);
  try {
    return { stored, contract: await ctx.contract(stored.contractId!) };
  } catch (e) {
    if (e instanceof ConcordatError && e.kind === 'not_found') throw notFound(`contract performance notice ${id}`);
    throw e;
  }
}

/** Whether the signed-in user may take a step that `by` takes (the rights table, then the step's side). */
function mayTake(ctx: Scope, notice: ContractPerformanceNotice, by: Side | 'either'): boolean {
  if (ctx.isSystem) return false;
  const side = sideInPair(ctx, notice);
  if (side === null) return false;
  const d = decide('notice.step', { role: ctx.actor.role, side: ctx.actor.side }, new Set([side === notice.issuedBy ? 'notice_issuer' : 'notice_recipient']));
  return d.allowed && (by === 'either' || by === side);
}

export async function getNotice(ctx: Scope, id: string, asAtText?: string): Promise<NoticeView> {
  const asAt = checkAsAt(asAtText, ctx);
  const { stored, contract } = await visibleNotice(ctx, id);
  const n = stored.value;
  const orgs = await findOrganisations(ctx.db, [n.commissionerCode, n.providerCode]);
  const due = stepsAsAt(noticeDueSteps(n, stored.rules), asAt);
  return {
    notice: n,
    stateLabel: NOTICE_STATE_LABELS[n.state],
    contract: { id: contract.id, reference: contract.reference, title: contract.title },
    commissioner: { code: n.commissionerCode, name: orgs.get(n.commissionerCode)?.name ?? n.commissionerCode },
    provider: { code: n.providerCode, name: orgs.get(n.providerCode)?.name ?? n.providerCode },
    asAt,
    rules: { edition: stored.rules.edition, rulesFrom: stored.rules.rulesFrom, gc9: stored.rules.gc9, overridden: stored.rules.overridden },
    due,
    overdue: due.some((s) => s.status === 'overdue'),
    steps: availableSteps(n).map((s) => ({ ...s, youMay: mayTake(ctx, n, s.by) })),
    yourSide: ctx.isSystem ? null : sideInPair(ctx, n),
    events: stored.events.map((e) => ({ seq: e.seq, type: e.type, on: e.on, by: e.by, recordedByOrganisation: e.recordedByOrganisation, recordedAt: e.recordedAt })),
    timeline: relationshipTimeline({ contracts: [], notices: [n], gc14Disputes: [], contractSettingDisputes: [] }),
    money: noticeMoneyEntries(n),
  };
}

/**
 * Issues a contract performance notice on a contract, today: the co-ordinating commissioner to the
 * provider, or (where the contract's edition allows) the provider to the commissioner. Any breach it
 * cites must be one the contract's current returns show.
 */
export async function issueContractNotice(ctx: Scope, ref: string, input: NoticeInput, options: { readonly actingAs?: Side } = {}): Promise<NoticeView> {
  const contract = await ctx.contract(ref);
  const by = await contractSide(ctx, 'notice.issue', contract, options.actingAs);
  const on = today(ctx.clock);
  const end = contractAsAt(contract, await variationsOf(ctx.db, contract.id), on).endDate;
  if (on < contract.startDate || on > end) throw conflict(`a contract performance notice is issued during the contract's term (${contract.startDate} to ${end}); today is ${on}`);
  const pair = pairOf(contract);
  const providers = contract.parties.filter((p) => p.role === 'provider').map((p) => p.organisationCode);
  let providerCode = pair.providerCode;
  if (providers.length > 1) {
    if (by === 'provider') providerCode = ctx.actor.organisationCode;
    else if (!input.providerCode || !providers.includes(input.providerCode)) throw invalid('providerCode', `${contract.reference} has several providers: name the one the notice concerns (${providers.join(', ')})`);
    else providerCode = input.providerCode;
  }
  const breachKeys = [...(input.breachKeys ?? [])];
  if (breachKeys.length) {
    const breaches = new Set((await contractPerformance(ctx.db, contract)).breaches.map((b) => b.key));
    breachKeys.forEach((k, i) => {
      if (!breaches.has(k)) throw invalid(['breachKeys', i], `'${k}' is not a breach in ${contract.reference}'s current returns (the breaches are computed from them)`);
    });
  }
  const terms = await termsOf(ctx.db, contract);
  const rules = rulesFor(terms);
  const noticeId = await ctx.write([contractScope(contract.id)], async (w) => {
    let noticeId = input.noticeId?.trim();
    if (noticeId) {
      if (await repo.caseIdTaken(w.db, noticeId)) throw conflict(`a notice or dispute ${noticeId} already exists`);
    } else {
      const existing = new Set((await repo.noticeEvents(w.db, { contractIds: [contract.id] })).map((e) => e.caseId));
      let n = existing.size + 1;
      do noticeId = `CPN-${contract.reference.replace(/\//g, '-')}-${String(n++).padStart(2, '0')}`; while (await repo.caseIdTaken(w.db, noticeId));
    }
    const event: IssueNotice = {
      type: 'issue', noticeId, by, on, contractReference: contract.reference, commissionerCode: pair.commissionerCode, providerCode,
      edition: terms.edition, subject: input.subject, ...(breachKeys.length ? { breachKeys } : {}),
    };
    // The machine checks the notice (and who may issue under the edition) before anything is written.
    issueNotice(event, rules);
    const id = randomUUID();
    const parts = storedParts(event as unknown as IssueNotice & Record<string, unknown>);
    await repo.insertNoticeEvent(w.db, {
      id, caseId: noticeId, seq: 1, contractId: contract.id, ...parts,
      recordedBy: w.actor.userId, recordedByOrganisation: w.actor.organisationCode, recordedAt: w.clock.now().toISOString(),
    });
    await w.record({
      action: 'notice.issue', entityType: 'notice', entityId: noticeId,
      detail: { reference: contract.reference, by, on, subject: input.subject, breachKeys, edition: terms.edition },
    }, [{ kind: 'notice_event', id }]);
    return noticeId;
  });
  return getNotice(ctx, noticeId);
}

/**
 * Takes one GC9 step on a notice for the caller's side, dated today (or, for a step that happened
 * elsewhere, the day it happened). A withholding's Actual Monthly Value, when not given, is the
 * month's payment under the contract's payment terms.
 */
export async function takeNoticeStep(ctx: Scope, id: string, input: NoticeStepInput, options: { readonly actingAs?: Side } = {}): Promise<NoticeView> {
  const { stored, contract } = await visibleNotice(ctx, id);
  const by = actAs(ctx, 'notice.step', stored.value, options.actingAs) as Side;
  if (!NOTICE_STEPS[input.type as keyof typeof NOTICE_STEPS]) throw invalid('type', `unknown contract management step '${String(input.type)}'`);
  const on = stepDate(ctx, input.type, input.on, NOTICE_STEPS_DATED_ELSEWHERE);
  let event = { ...input, on, by } as NoticeStepEvent;
  if (event.type === 'withhold' && (event as { actualMonthlyValuePence?: number }).actualMonthlyValuePence === undefined) {
    const amv = await actualMonthlyValues(ctx.db, contract, [event.period]);
    event = { ...event, actualMonthlyValuePence: amv(event.period) };
  }
  await ctx.write([contractScope(contract.id)], async (w) => {
    const fresh = (await findNotice(w.db, id))!;
    applyNoticeStep(fresh.value, event, fresh.rules);
    const rowId = randomUUID();
    await repo.insertNoticeEvent(w.db, {
      id: rowId, caseId: id, seq: fresh.events.length + 1, contractId: contract.id, ...storedParts(event as unknown as NoticeEvent & Record<string, unknown>),
      recordedBy: w.actor.userId, recordedByOrganisation: w.actor.organisationCode, recordedAt: w.clock.now().toISOString(),
    });
    await w.record({
      action: `notice.${event.type}`, entityType: 'notice', entityId: id,
      detail: { reference: contract.reference, ...storedParts(event as unknown as NoticeEvent & Record<string, unknown>) },
    }, [{ kind: 'notice_event', id: rowId }]);
  });
  return getNotice(ctx, id);
}

export interface NoticeFilter {
  readonly contract?: string;
  /** Only notices with a step overdue as at the date. */
  readonly overdue?: boolean;
  readonly state?: 'open' | 'closed';
  readonly asAt?: string;
}

/** The notices on every contract the caller may see, newest first, each with what is due. */
export async function listNotices(ctx: Scope, f: NoticeFilter = {}): Promise<NoticeSummaryView[]> {
  const asAt = checkAsAt(f.asAt, ctx);
  let ids = await visibleContractIds(ctx.db, ctx.visibility);
  if (f.contract) {
    const c = await ctx.contract(f.contract);
    ids = new Set([c.id].filter((x) => ids.has(x)));
  }
  const stored = await replayNotices(ctx.db, await repo.noticeEvents(ctx.db, { contractIds: [...ids] }));
  const orgs = await findOrganisations(ctx.db, stored.flatMap((s) => [s.value.commissionerCode, s.value.providerCode]));
  return stored
    .map((s): NoticeSummaryView => {
      const n = s.value;
      const due = stepsAsAt(noticeDueSteps(n, s.rules), asAt);
      return {
        id: n.id, contractReference: n.contractReference, commissionerCode: n.commissionerCode, commissionerName: orgs.get(n.commissionerCode)?.name ?? n.commissionerCode,
        providerCode: n.providerCode, providerName: orgs.get(n.providerCode)?.name ?? n.providerCode, issuedBy: n.issuedBy, issuedOn: n.issuedOn,
        subject: n.subject, state: n.state, stateLabel: NOTICE_STATE_LABELS[n.state], closedOn: n.closedOn, due, overdue: due.some((d) => d.status === 'overdue'),
      };
    })
    .filter((n) => (f.overdue ? n.overdue : true))
    .filter((n) => (f.state === 'open' ? n.closedOn === null && n.state !== 'withdrawn' : f.state === 'closed' ? n.state === 'closed' || n.state === 'withdrawn' : true))
    .sort((a, b) => (a.issuedOn < b.issuedOn ? 1 : a.issuedOn > b.issuedOn ? -1 : a.id.localeCompare(b.id)));
}

/**
 * Checks that every notice on a contract still replays under new terms (a change of overrides may
 * not break a notice in progress): refused naming the notice and its step.
 */
export async function checkNoticesUnder(w: Scope, contract: Contract, overrides: ContractRuleOverrides): Promise<void> {
  const rows = await repo.noticeEvents(w.db, { contractIds: [contract.id] });
  const byId = new Map<string, repo.EventRow[]>();
  for (const r of rows) byId.set(r.caseId, [...(byId.get(r.caseId) ?? []), r]);
  for (const [id, events] of byId) {
    try {
      replayNotice(events.map((e) => domainEvent<NoticeEvent>(e)), relationshipRules(String(events[0].payload.edition), overrides));
    } catch (e) {
      throw conflict(`notice ${id} on ${contract.reference} would no longer stand under these rules (${(e as Error).message}); settle it first`);
    }
  }
}
