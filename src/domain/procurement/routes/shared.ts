/**
 * Steps every route shares: opening a procurement, naming decision-makers, conflicts of interest,
 * weighting the key criteria, assessing and scoring providers, deciding, the notice of intention and
 * standstill (reg 12), representations and review, award, award notices and abandonment. Each route
 * module picks the steps it has and the states they join.
 */

import { englandAndWales, type Calendar } from '../../calendar/index.ts';
import { invalidMany, type Issue } from '../../errors.ts';
import { isPence } from '../../money.ts';
import { isIsoDate, type IsoDate } from '../../time/date.ts';
import { unmanagedConflicts } from '../conflicts.ts';
import { allow, refuseConflict, refuseInvalid, STAY, type Deadline, type GuardResult, type Transition } from '../engine.ts';
import { checkScores, checkWeights, KEY_CRITERIA, KEY_CRITERIA_LABELS, rankBidders, type RankedBidder } from '../key-criteria.ts';
import { noticeIssues, type Notice, type NoticeKind } from '../notices.ts';
import { PSR_IN_FORCE_FROM, PSR_PARAMETERS, psrParametersOn, type PsrParameters } from '../parameters.ts';
import { selectionOutcome } from '../selection.ts';
import { awardNoticeDueBy, representationInTime, reviewWait, standstillPeriod } from '../standstill.ts';
import type { EventOf, ProcurementContext, ProcurementEvent, ProcurementEventType, ProcurementRecord } from '../types.ts';

export type ProcurementTransition = Transition<ProcurementRecord, ProcurementEvent, ProcurementContext>;

const LEAD = ['lead_commissioner'] as const;
const COMMISSIONERS = ['lead_commissioner', 'joint_commissioner'] as const;

/** Builds a transition whose guard and apply see the event's own type. */
export function on<T extends ProcurementEventType>(
  event: T,
  def: {
    readonly label: string;
    readonly from: readonly string[] | '*';
    readonly to: string | typeof STAY | ((r: ProcurementRecord, e: EventOf<T>, c: ProcurementContext) => string);
    readonly by: readonly string[];
    readonly cite?: string;
    readonly guard?: (r: ProcurementRecord, e: EventOf<T>, c: ProcurementContext) => GuardResult;
    readonly apply?: (r: ProcurementRecord, e: EventOf<T>, c: ProcurementContext) => ProcurementRecord;
  },
): ProcurementTransition {
  const narrow = <X>(f: ((r: ProcurementRecord, e: EventOf<T>, c: ProcurementContext) => X) | undefined) =>
    f && ((r: ProcurementRecord, e: ProcurementEvent, c: ProcurementContext) => f(r, e as EventOf<T>, c));
  const to = typeof def.to === 'function' ? narrow(def.to)! : def.to;
  return { event, label: def.label, from: def.from, to, by: def.by, cite: def.cite, guard: narrow(def.guard), apply: narrow(def.apply) };
}

/**
 * The default context: the England and Wales calendar and the PSR parameter table.
 *
 * @example procurementContext().parametersOn('2025-01-06').standstill.workingDays // 8
 */
export function procurementContext(options: { calendar?: Calendar; parameters?: readonly PsrParameters[] } = {}): ProcurementContext {
  const table = options.parameters ?? PSR_PARAMETERS;
  return { calendar: options.calendar ?? englandAndWales, parametersOn: (date: IsoDate) => psrParametersOn(date, table) };
}

const text = (v: unknown): v is string => typeof v === 'string' && v.trim().length > 0;

/**
 * The record a procurement starts as, from its 'opened' event, after checking what it says.
 *
 * @example openRecord(openedEvent, 'planning').state // 'planning'
 */
export function openRecord(e: EventOf<'opened'>, initial: string): ProcurementRecord {
  const p = e.procurement;
  const issues: Issue[] = [];
  if (!text(p.id)) issues.push({ path: ['procurement', 'id'], message: 'is required' });
  if (!text(p.reference)) issues.push({ path: ['procurement', 'reference'], message: 'is required' });
  if (!text(p.title)) issues.push({ path: ['procurement', 'title'], message: 'is required' });
  const leads = p.authorities.filter((a) => a.lead);
  if (leads.length !== 1) issues.push({ path: ['procurement', 'authorities'], message: 'needs exactly one lead authority' });
  if (leads[0] && (e.by.organisationCode !== leads[0].organisationCode || e.by.role !== 'lead_commissioner')) {
    issues.push({ path: ['by'], message: `only the lead authority (${leads[0].organisationCode}) opens the procurement` });
  }
  if (!isPence(p.approximateLifetimeValuePence) || p.approximateLifetimeValuePence <= 0) issues.push({ path: ['procurement', 'approximateLifetimeValuePence'], message: 'must be a whole, positive number of pence' });
  if (!isIsoDate(p.contractPeriod?.startDate) || !isIsoDate(p.contractPeriod?.endDate) || p.contractPeriod.endDate < p.contractPeriod.startDate) {
    issues.push({ path: ['procurement', 'contractPeriod'], message: 'needs a start date and an end date on or after it' });
  }
  if (!text(p.services?.description) || !/^\d{8}(-\d)?$/.test(p.services?.cpvCode ?? '')) issues.push({ path: ['procurement', 'services'], message: 'needs a description and a CPV code (8 digits)' });
  if (p.route === 'legacy') {
    if (e.on >= PSR_IN_FORCE_FROM) issues.push({ path: ['on'], message: `a procurement opened on or after ${PSR_IN_FORCE_FROM} follows the Provider Selection Regime` });
  } else {
    if (e.on < PSR_IN_FORCE_FROM) issues.push({ path: ['on'], message: `the Provider Selection Regime applies from ${PSR_IN_FORCE_FROM}; use the legacy route` });
    if (!p.routeDecision) issues.push({ path: ['procurement', 'routeDecision'], message: "records the route chooser's questions and answers" });
    else if (p.routeDecision.route !== p.route) issues.push({ path: ['procurement', 'routeDecision', 'route'], message: `chose ${p.routeDecision.route}, not ${p.route}` });
    if (p.route === 'direct_award_c' || p.route === 'direct_award_a') {
      if (!p.incumbent) issues.push({ path: ['procurement', 'incumbent'], message: 'a direct award to the existing provider names it' });
    }
  }
  if (issues.length) throw invalidMany(issues);
  return {
    ...p,
    state: initial,
    history: [{ sequence: 1, type: 'opened', on: e.on, by: e.by, from: '', to: initial }],
    openedOn: e.on,
    decisionMakers: [],
    conflicts: [],
    weights: null,
    scale: null,
    bidders: [],
    offersClosedOn: null,
    assessments: [],
    scores: [],
    decision: null,
    notices: [],
    standstill: null,
    representations: [],
    reviews: [],
    reviewWait: null,
    awards: [],
    abandonment: null,
    legacyDecision: null,
  };
}

/**
 * Checks the acting organisation holds the role it claims: the lead authority for
 * 'lead_commissioner', another named authority for 'joint_commissioner', and for 'provider' any
 * organisation that is not one of the authorities.
 */
export function authorise(r: ProcurementRecord, e: ProcurementEvent): GuardResult {
  const code = e.by.organisationCode;
  const authority = r.authorities.find((a) => a.organisationCode === code);
  if (e.by.role === 'lead_commissioner' && !authority?.lead) return refuseConflict(`${code} is not the lead authority of ${r.reference}`);
  if (e.by.role === 'joint_commissioner' && (!authority || authority.lead)) return refuseConflict(`${code} is not a joint authority of ${r.reference}`);
  if (e.by.role === 'provider' && authority) return refuseConflict(`${code} is an authority of ${r.reference}, not a provider`);
  return allow;
}

// ---- steps available in every state before the award -------------------------------------------

export function namingDecisionMakers(states: readonly string[]): ProcurementTransition {
  return on('decision_makers_named', {
    label: 'named the decision-makers',
    from: states,
    to: STAY,
    by: LEAD,
    cite: 'Schedule 3 para 6; reg 24 decision record',
    guard: (_r, e) => (e.decisionMakers.length > 0 && e.decisionMakers.every((d) => text(d.name) && text(d.role) && text(d.organisationCode)) ? allow : refuseInvalid('decisionMakers', 'name at least one decision-maker, each with a role and organisation')),
    apply: (r, e) => ({ ...r, decisionMakers: e.decisionMakers }),
  });
}

export function declaringConflicts(states: readonly string[]): ProcurementTransition[] {
  return [
    on('conflict_declared', {
      label: 'recorded a declared conflict of interest',
      from: states,
      to: STAY,
      by: COMMISSIONERS,
      cite: 'Schedule 3 para 8',
      guard: (r, e) => {
        const c = e.conflict;
        if (!text(c.id) || !text(c.personName) || !text(c.interest)) return refuseInvalid('conflict', 'needs an id, the person and the interest');
        return r.conflicts.some((x) => x.id === c.id) ? refuseConflict(`conflict ${c.id} is already recorded`) : allow;
      },
      apply: (r, e) => ({ ...r, conflicts: [...r.conflicts, e.conflict] }),
    }),
    on('conflict_managed', {
      label: 'recorded how a conflict of interest was managed',
      from: states,
      to: STAY,
      by: LEAD,
      cite: 'Schedule 3 para 9',
      guard: (r, e) => {
        if (!r.conflicts.some((x) => x.id === e.conflictId)) return refuseInvalid('conflictId', `no declared conflict ${e.conflictId}`);
        return text(e.managedHow) ? allow : refuseInvalid('managedHow', 'say how the conflict was managed');
      },
      apply: (r, e) => ({ ...r, conflicts: r.conflicts.map((x) => (x.id === e.conflictId ? { ...x, managedHow: e.managedHow.trim() } : x)) }),
    }),
  ];
}

export function weightingCriteria(states: readonly string[]): ProcurementTransition {
  return on('criteria_weighted', {
    label: 'weighted the key criteria',
    from: states,
    to: STAY,
    by: LEAD,
    cite: 'reg 5 (RULES.md §3.2 [S2]): all five considered, weights chosen by the authority',
    guard: (r, e) => {
      try {
        checkWeights(e.weights);
        if (!Number.isSafeInteger(e.scale?.max) || e.scale.max < 1) return refuseInvalid('scale.max', 'must be a whole number of at least 1');
      } catch (err) {
        return { kind: 'invalid', issues: (err as { issues: Issue[] }).issues };
      }
      return r.scores.length ? refuseConflict('bidders have already been scored against these weights') : allow;
    },
    apply: (r, e) => ({ ...r, weights: e.weights, scale: e.scale }),
  });
}

// ---- providers: offers, assessment, scores ------------------------------------------------------

export function receivingOffers(states: readonly string[], opts: { deadline: boolean }): ProcurementTransition {
  return on('offer_received', {
    label: 'recorded an offer or expression of interest',
    from: states,
    to: STAY,
    by: ['lead_commissioner', 'provider'],
    guard: (r, e) => {
      const b = e.bidder;
      if (!text(b.organisationCode) || !text(b.name) || !text(b.address)) return refuseInvalid('bidder', 'needs an organisation code, name and address');
      if (e.by.role === 'provider' && e.by.organisationCode !== b.organisationCode) return refuseConflict(`${e.by.organisationCode} may only make its own offer`);
      if (r.bidders.some((x) => x.organisationCode === b.organisationCode)) return refuseConflict(`${b.organisationCode} has already made an offer`);
      const due = r.notices.find((n) => n.kind === 'contract_notice')?.content.offersDueBy;
      if (opts.deadline && due && e.on > due) return refuseConflict(`offers closed at the end of ${due}`);
      return allow;
    },
    apply: (r, e) => ({ ...r, bidders: [...r.bidders, e.bidder] }),
  });
}

export function assessingProviders(states: readonly string[]): ProcurementTransition {
  return on('bidder_assessed', {
    label: 'assessed a provider against the basic selection criteria and exclusions',
    from: states,
    to: STAY,
    by: LEAD,
    cite: 'reg 19 / Sch 16 basic selection criteria; reg 20 exclusions (RULES.md §3.2)',
    guard: (r, e) => (r.bidders.some((b) => b.organisationCode === e.assessment.bidderCode) ? allow : refuseInvalid('assessment.bidderCode', `${e.assessment.bidderCode} has made no offer`)),
    // A re-assessment replaces the earlier one; the history keeps both events.
    apply: (r, e) => ({ ...r, assessments: [...r.assessments.filter((a) => a.bidderCode !== e.assessment.bidderCode), e.assessment] }),
  });
}

export function scoringProviders(states: readonly string[]): ProcurementTransition {
  return on('bidder_scored', {
    label: 'scored a provider against the key criteria',
    from: states,
    to: STAY,
    by: LEAD,
    cite: 'reg 5 key criteria',
    guard: (r, e) => {
      if (!r.weights || !r.scale) return refuseConflict('weight the key criteria before scoring');
      if (!r.bidders.some((b) => b.organisationCode === e.scores.bidderCode)) return refuseInvalid('scores.bidderCode', `${e.scores.bidderCode} has made no offer`);
      try {
        checkScores(e.scores, r.scale);
      } catch (err) {
        return { kind: 'invalid', issues: (err as { issues: Issue[] }).issues };
      }
      return allow;
    },
    apply: (r, e) => ({ ...r, scores: [...r.scores.filter((s) => s.bidderCode !== e.scores.bidderCode), e.scores] }),
  });
}

/** Whether the debarment list must have been checked for assessments made on `date`. */
export function debarmentRequired(c: ProcurementContext, date: IsoDate): boolean {
  return date >= PSR_IN_FORCE_FROM && c.parametersOn(date).exclusionsUseDebarmentList.value;
}

/** Eligible bidders (passing selection and exclusions), ranked by weighted score. */
export function ranking(r: ProcurementRecord, c: ProcurementContext): RankedBidder[] {
  if (!r.weights || !r.scale) return [];
  const eligible = new Set(r.assessments.filter((a) => selectionOutcome(a, debarmentRequired(c, a.assessedOn)).eligible).map((a) => a.bidderCode));
  return rankBidders(r.weights, r.scale, r.scores.filter((s) => eligible.has(s.bidderCode)));
}

// ---- the decision -------------------------------------------------------------------------------

/** What a provider decision must satisfy whatever the route. */
function decisionBasics(r: ProcurementRecord, e: EventOf<'provider_decided'>, psr: boolean): GuardResult {
  if (r.decisionMakers.length === 0) return refuseConflict('name the decision-makers before deciding (Schedule 3 para 6)');
  const unmanaged = unmanagedConflicts(r.conflicts);
  if (unmanaged.length) return refuseConflict(`record how each declared conflict was managed before deciding: ${unmanaged.map((x) => x.id).join(', ')}`);
  if (psr) {
    const missing = KEY_CRITERIA.filter((k) => !e.reasons.some((x) => x.criterion === k && text(x.reason)));
    if (missing.length) return refuseInvalid('reasons', `give reasons against every key criterion (reg 5); missing: ${missing.map((k) => KEY_CRITERIA_LABELS[k]).join(', ')}`);
  } else if (!text(e.summary)) {
    return refuseInvalid('summary', 'record the reasons for the decision');
  }
  return allow;
}

export type DecisionRule = 'incumbent' | 'top_ranked' | 'eligible';

export function decidingProvider(states: readonly string[], to: string, rule: DecisionRule, opts: { psr: boolean }): ProcurementTransition {
  return on('provider_decided', {
    label: 'decided which provider to award to',
    from: states,
    to,
    by: LEAD,
    cite: 'reg 6 process; reg 24 decision record',
    guard: (r, e, c) => {
      const basics = decisionBasics(r, e, opts.psr);
      if (basics) return basics;
      if (rule === 'incumbent') {
        return r.incumbent?.organisationCode === e.providerCode ? allow : refuseInvalid('providerCode', `this route awards to the existing provider (${r.incumbent?.organisationCode ?? 'none recorded'})`);
      }
      if (!r.bidders.some((b) => b.organisationCode === e.providerCode)) return refuseInvalid('providerCode', `${e.providerCode} made no offer`);
      const assessment = r.assessments.find((a) => a.bidderCode === e.providerCode);
      if (!assessment) return refuseConflict(`assess ${e.providerCode} against the basic selection criteria and exclusions first`);
      const outcome = selectionOutcome(assessment, debarmentRequired(c, assessment.assessedOn));
      if (!outcome.eligible) return refuseConflict(`${e.providerCode} may not be awarded: ${outcome.reasons.join('; ')}`);
      if (rule === 'eligible') return allow;
      const unassessed = r.bidders.filter((b) => !r.assessments.some((a) => a.bidderCode === b.organisationCode));
      if (unassessed.length) return refuseConflict(`assess every offer first: ${unassessed.map((b) => b.organisationCode).join(', ')}`);
      const eligible = r.assessments.filter((a) => selectionOutcome(a, debarmentRequired(c, a.assessedOn)).eligible).map((a) => a.bidderCode);
      const unscored = eligible.filter((code) => !r.scores.some((s) => s.bidderCode === code));
      if (unscored.length) return refuseConflict(`score every eligible offer first: ${unscored.join(', ')}`);
      const ranked = ranking(r, c);
      const mine = ranked.find((x) => x.bidderCode === e.providerCode);
      if (!mine || mine.rank !== 1) {
        const top = ranked.filter((x) => x.rank === 1).map((x) => x.bidderCode).join(', ');
        return refuseConflict(`${e.providerCode} is not the highest-scoring eligible offer (${top || 'none scored'})`);
      }
      if (mine.tiedWith.length && !text(e.tieBreak)) return refuseInvalid('tieBreak', `tied with ${mine.tiedWith.join(', ')}: record how the tie was broken`);
      return allow;
    },
    apply: (r, e) => ({
      ...r,
      decision: { providerCode: e.providerCode, decidedOn: e.on, reasons: e.reasons, ...(e.summary ? { summary: e.summary } : {}), ...(e.tieBreak ? { tieBreak: e.tieBreak } : {}) },
    }),
  });
}

// ---- notices ------------------------------------------------------------------------------------

function noticeGuard(r: ProcurementRecord, e: { readonly on: IsoDate; readonly notice: Notice }, kind: NoticeKind): GuardResult {
  if (e.notice.kind !== kind) return refuseInvalid('notice.kind', `must be ${kind} here, not ${e.notice.kind}`);
  if (e.notice.publishedOn !== e.on) return refuseInvalid('notice.publishedOn', `must be the day of this step (${e.on})`);
  if (r.notices.some((n) => n.id === e.notice.id)) return refuseConflict(`notice ${e.notice.id} is already published`);
  const issues = noticeIssues(kind, e.notice.content);
  return issues.length ? { kind: 'invalid', issues } : allow;
}

export function publishingContractNotice(states: readonly string[], to: string): ProcurementTransition {
  return on('contract_notice_published', {
    label: 'published the contract notice inviting offers',
    from: states,
    to,
    by: LEAD,
    cite: 'Competitive Process (contents unverified [M])',
    guard: (r, e) => (r.weights ? noticeGuard(r, e, 'contract_notice') : refuseConflict('weight the key criteria before inviting offers, so providers know how they will be assessed')),
    apply: (r, e) => ({ ...r, notices: [...r.notices, e.notice] }),
  });
}

export function closingOffers(states: readonly string[], to: string): ProcurementTransition {
  return on('offers_closed', {
    label: 'closed the offers',
    from: states,
    to,
    by: LEAD,
    guard: (r, e) => {
      const due = r.notices.find((n) => n.kind === 'contract_notice')?.content.offersDueBy;
      if (due && e.on <= due) return refuseConflict(`offers are open until the end of ${due}`);
      return r.bidders.length ? allow : refuseConflict('no offers were received: abandon or re-advertise');
    },
    apply: (r, e) => ({ ...r, offersClosedOn: e.on }),
  });
}

/** The notice of intention to award, which starts the standstill period (reg 12(2)). */
export function publishingIntention(states: readonly string[], kind: 'intention_da_c' | 'intention_msp' | 'intention_competitive'): ProcurementTransition {
  return on('intention_notice_published', {
    label: 'published the notice of intention to award',
    from: states,
    to: 'standstill',
    by: LEAD,
    cite: 'reg 12(2); Schedule 3 / Schedule 10 (RULES.md §3.3-3.4)',
    guard: (r, e) => {
      const g = noticeGuard(r, e, kind);
      if (g) return g;
      const named = e.notice.content.provider?.organisationCode;
      return named && named !== r.decision?.providerCode ? refuseInvalid('notice.content.provider', `names ${named}, but the decision was to award to ${r.decision?.providerCode}`) : allow;
    },
    apply: (r, e, c) => ({
      ...r,
      notices: [...r.notices, e.notice],
      standstill: standstillPeriod(e.on, c.parametersOn(e.on).standstill, c.calendar),
      representations: [],
      reviewWait: null,
    }),
  });
}

// ---- representations, review ------------------------------------------------------------------

export function receivingRepresentations(): ProcurementTransition {
  return on('representation_received', {
    label: 'received written representations',
    from: ['standstill', 'under_review', 'review_wait'],
    to: 'under_review',
    by: ['provider', 'lead_commissioner'],
    cite: 'reg 12(3)-(4)',
    guard: (r, e) => {
      const rep = e.representation;
      if (!text(rep.id) || !text(rep.grounds) || !text(rep.providerCode)) return refuseInvalid('representation', 'needs an id, the provider and its grounds');
      if (e.by.role === 'provider' && e.by.organisationCode !== rep.providerCode) return refuseConflict(`${e.by.organisationCode} may only make its own representations`);
      if (rep.receivedOn !== e.on) return refuseInvalid('representation.receivedOn', `must be the day of this step (${e.on})`);
      if (!r.standstill || !representationInTime(r.standstill, rep.receivedOn)) {
        return refuseConflict(`representations closed at midnight at the end of ${r.standstill?.representationsDeadline} (reg 12(3))`);
      }
      return allow;
    },
    apply: (r, e) => ({ ...r, representations: [...r.representations, { ...e.representation, inTime: true }], reviewWait: null }),
  });
}

export function decidingReview(returnTo: string): ProcurementTransition {
  return on('review_decided', {
    label: 'reviewed the decision after representations',
    from: ['under_review'],
    to: (_r, e) => (e.outcome === 'confirm' ? 'review_wait' : e.outcome === 'abandon' ? 'abandoned' : returnTo),
    by: LEAD,
    cite: 'reg 12(4); NHSE guidance: wait five working days after confirming (RULES.md §3.3)',
    guard: (_r, e) => (text(e.reasons) ? allow : refuseInvalid('reasons', 'record the reasons for the review decision')),
    apply: (r, e, c) => ({
      ...r,
      reviews: [...r.reviews, { decidedOn: e.on, outcome: e.outcome, reasons: e.reasons.trim() }],
      reviewWait: e.outcome === 'confirm' ? reviewWait(e.on, c.parametersOn(e.on).waitAfterReviewWorkingDays.value, c.calendar) : null,
      ...(e.outcome === 'return_to_step' ? { decision: null, standstill: null } : {}),
      ...(e.outcome === 'abandon' ? { abandonment: { on: e.on, reasons: e.reasons.trim() } } : {}),
    }),
  });
}

// ---- award --------------------------------------------------------------------------------------

function awardBasics(r: ProcurementRecord, e: EventOf<'contract_awarded'>): GuardResult {
  const a = e.award;
  if (a.awardedOn !== e.on) return refuseInvalid('award.awardedOn', `must be the day of this step (${e.on})`);
  if (!isPence(a.valuePence) || a.valuePence <= 0) return refuseInvalid('award.valuePence', 'must be a whole, positive number of pence');
  if (!text(a.contractReference)) return refuseInvalid('award.contractReference', 'is required');
  if (!isIsoDate(a.contractPeriod?.startDate) || !isIsoDate(a.contractPeriod?.endDate) || a.contractPeriod.endDate < a.contractPeriod.startDate) {
    return refuseInvalid('award.contractPeriod', 'needs a start date and an end date on or after it');
  }
  if (r.awards.some((x) => x.contractReference === a.contractReference)) return refuseConflict(`contract ${a.contractReference} has already been awarded`);
  return allow;
}

/** Award after standstill (DA-C, MSP, competitive): not before the standstill or the review wait ends. */
export function awardingAfterStandstill(): ProcurementTransition {
  return on('contract_awarded', {
    label: 'entered into the contract',
    from: ['standstill', 'review_wait'],
    to: 'awarded',
    by: LEAD,
    cite: 'reg 12(1): not before the end of the standstill period; NHSE: five working days after a review',
    guard: (r, e) => {
      const basics = awardBasics(r, e);
      if (basics) return basics;
      if (e.award.providerCode !== r.decision?.providerCode) return refuseInvalid('award.providerCode', `the decision was to award to ${r.decision?.providerCode}`);
      if (r.state === 'standstill' && r.standstill && e.on < r.standstill.earliestAwardOn) {
        return refuseConflict(`the standstill period runs until midnight at the end of ${r.standstill.representationsDeadline}; the contract may be entered into from ${r.standstill.earliestAwardOn}`);
      }
      if (r.state === 'review_wait' && r.reviewWait && e.on < r.reviewWait.earliestAwardOn) {
        return refuseConflict(`after the review the authority must wait until the end of ${r.reviewWait.waitEndsOn} (five working days); award from ${r.reviewWait.earliestAwardOn}`);
      }
      return allow;
    },
    apply: (r, e) => ({ ...r, awards: [...r.awards, e.award] }),
  });
}

/** Award without standstill (DA-A, DA-B, legacy): reg 12 does not apply. */
export function awardingDirectly(states: readonly string[], to: string | typeof STAY, providerCheck: (r: ProcurementRecord, code: string, c: ProcurementContext) => string | null): ProcurementTransition {
  return on('contract_awarded', {
    label: 'entered into the contract',
    from: states,
    to,
    by: LEAD,
    guard: (r, e, c) => {
      const basics = awardBasics(r, e);
      if (basics) return basics;
      const why = providerCheck(r, e.award.providerCode, c);
      return why ? refuseInvalid('award.providerCode', why) : allow;
    },
    apply: (r, e) => ({ ...r, awards: [...r.awards, e.award] }),
  });
}

export function publishingAwardNotice(states: readonly string[], to: string | typeof STAY, kind: 'award_direct' | 'award_confirmation'): ProcurementTransition {
  return on('award_notice_published', {
    label: 'published the award notice',
    from: states,
    to,
    by: LEAD,
    cite: kind === 'award_direct' ? 'DA-A/DA-B award notice, Schedule 2 (RULES.md §3.4 [S2])' : 'notice confirming the award (contents unverified [M])',
    guard: (r, e) => {
      const g = noticeGuard(r, e, kind);
      if (g) return g;
      const code = e.notice.content.provider?.organisationCode;
      return r.awards.some((a) => a.providerCode === code) ? allow : refuseInvalid('notice.content.provider', `${code ?? 'the provider'} has not been awarded a contract here`);
    },
    apply: (r, e) => ({ ...r, notices: [...r.notices, e.notice] }),
  });
}

export function abandoning(states: readonly string[]): ProcurementTransition {
  return on('abandoned', {
    label: 'abandoned the procurement',
    from: states,
    to: 'abandoned',
    by: LEAD,
    cite: 'reg 12(4)(c) (abandon); reg 24 record',
    guard: (_r, e) => (text(e.reasons) ? allow : refuseInvalid('reasons', 'record why the procurement was abandoned')),
    apply: (r, e) => ({ ...r, abandonment: { on: e.on, reasons: e.reasons.trim() } }),
  });
}

// ---- deadlines ----------------------------------------------------------------------------------

/** Standstill, review wait, offers and award-notice deadlines of a record. */
export function procurementDeadlines(r: ProcurementRecord, c: ProcurementContext, awardNotice: 'award_direct' | 'award_confirmation' | null): Deadline[] {
  const out: Deadline[] = [];
  const contractNotice = r.notices.find((n) => n.kind === 'contract_notice');
  if (contractNotice?.content.offersDueBy) {
    out.push({ key: 'offers_close', label: 'Offers close (end of day)', kind: 'window_closes', due: contractNotice.content.offersDueBy, met: r.offersClosedOn !== null, cite: 'contract notice' });
  }
  if (r.standstill) {
    out.push({ key: 'representations_close', label: 'Representations close (midnight at the end of the day)', kind: 'window_closes', due: r.standstill.representationsDeadline, met: r.state !== 'standstill', cite: r.standstill.rule.source });
    out.push({ key: 'standstill_award_from', label: 'Contract may be entered into from', kind: 'not_before', due: r.standstill.earliestAwardOn, met: r.awards.length > 0, cite: 'reg 12(1)' });
  }
  if (r.reviewWait) {
    out.push({ key: 'review_wait_award_from', label: 'After review: contract may be entered into from', kind: 'not_before', due: r.reviewWait.earliestAwardOn, met: r.awards.length > 0, cite: c.parametersOn(r.reviewWait.decidedOn).waitAfterReviewWorkingDays.source });
  }
  if (awardNotice) {
    for (const a of r.awards) {
      const p = c.parametersOn(a.awardedOn < PSR_IN_FORCE_FROM ? PSR_IN_FORCE_FROM : a.awardedOn);
      const within = awardNotice === 'award_direct' ? p.awardNoticeWithinDays : p.confirmationNoticeWithinDays;
      const met = r.notices.some((n) => n.kind === awardNotice && n.content.provider?.organisationCode === a.providerCode);
      out.push({ key: `award_notice:${a.providerCode}`, label: `Award notice for ${a.providerCode} (within ${within.value} days of award)`, kind: 'act_by', due: awardNoticeDueBy(a.awardedOn, within.value), met, cite: `${within.source} [${within.tag}]` });
    }
  }
  return out;
}

