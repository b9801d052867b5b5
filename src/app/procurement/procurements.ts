/**
 * Running a procurement step by step (issue 9): open it with the route chooser's answers recorded,
 * then take each step its route's state machine allows. Every step is dated today in the UK (the
 * clock's date, never the caller's), appended to the procurement's event log under its lock, checked
 * by replaying the log through the domain's machine, and stored with the OCDS release it makes public,
 * the audit record and the ledger seals, in one transaction. The award creates the contract through
 * the contracts use case (the lead authority lets it; the other parties accept it) and links it back.
 *
 * Administrator back-fills (the demo's seed cases, history recorded elsewhere) go through
 * `recordProcurementHistory` on the system scope, which takes the events' own dates.
 */

import { conflict, invalid, invalidMany, notFound, type Issue } from '../../domain/errors.ts';
import { ocidFor } from '../../domain/ocds/identifiers.ts';
import { contractFromAward } from '../../domain/procurement/award-contract.ts';
import { linkImpactRun } from '../impact/decisions.ts';
import type { ConflictOfInterest } from '../../domain/procurement/conflicts.ts';
import { decisionRecord, type DecisionRecord } from '../../domain/procurement/decision-record.ts';
import { KEY_CRITERIA, KEY_CRITERIA_LABELS } from '../../domain/procurement/key-criteria.ts';
import { NOTICE_SCHEDULES, noticeIssues, noticeItems, type Notice, type NoticeContent, type NoticeKind, type NoticeReason } from '../../domain/procurement/notices.ts';
import { PSR_IN_FORCE_FROM } from '../../domain/procurement/parameters.ts';
import { assessRoute, chooseRoute, ROUTE_LABELS, type PsrRoute, type Route, type RouteAnswers, type RouteAssessment } from '../../domain/procurement/route-chooser.ts';
import {
  applyProcurementEvent, machineFor, nextSteps, openProcurement, procurementDeadlinesOf, replayProcurement,
} from '../../domain/procurement/routes/index.ts';
import { procurementContext, ranking } from '../../domain/procurement/routes/shared.ts';
import type { SelectionAssessment } from '../../domain/procurement/selection.ts';
import type {
  AwardFacts, DecisionMaker, ProcurementActor, ProcurementEvent, ProcurementOpening, ProcurementRecord,
} from '../../domain/procurement/types.ts';
import type { Capacity } from '../../domain/access/rights.ts';
import type { ContractModel } from '../../domain/contracts/contract.ts';
import type { Pence } from '../../domain/money.ts';
import { findOrganisations } from '../../storage/repositories/organisations.ts';
import { variationsOf } from '../../storage/repositories/contracts.ts';
import { contractModification } from '../../domain/procurement/modification.ts';
import * as repo from '../../storage/repositories/procurements.ts';
import { procurementScope, type SealedKind } from '../../storage/ledger/sealed.ts';
import { createContract } from '../contracts.ts';
import type { Scope } from '../scope.ts';
import { procurementCapacities, procurementRole } from './capacities.ts';
import { isModification, ocdsSettings, publishProcurementReleases, toDomainEvents } from './publication.ts';
import { ukToday } from './uk-date.ts';

// ---- inputs -----------------------------------------------------------------------------------------

export interface OpenProcurementInput {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly description?: string;
  /** A PSR route, or 'legacy' for a procurement decided before the PSR (2024). */
  readonly route: PsrRoute | 'legacy';
  /** The route chooser's questions, answered (reg 6), and why this route among those permitted (not for 'legacy'). */
  readonly answers?: RouteAnswers;
  readonly routeReason?: string;
  /** Other (joint) authorities; the caller's organisation leads. */
  readonly jointAuthorities?: readonly string[];
  readonly services: { readonly description: string; readonly cpvCode: string; readonly serviceCodes?: readonly string[] };
  readonly approximateLifetimeValuePence: Pence;
  readonly contractPeriod: { readonly startDate: string; readonly endDate: string };
  readonly incumbent?: { readonly organisationCode: string; readonly address: string; readonly contractReference?: string; readonly lifetimeValueAtEntryPence?: Pence };
  readonly contractModel?: ContractModel;
}

/** A step as a user takes it: no date (the clock's), no actor (the caller), ids made here. */
export type StepInput =
  | { readonly type: 'decision_makers_named'; readonly decisionMakers: readonly DecisionMaker[] }
  | { readonly type: 'conflict_declared'; readonly conflict: { readonly id?: string; readonly personName: string; readonly personRole: string; readonly organisationCode?: string; readonly interest: string } }
  | { readonly type: 'conflict_managed'; readonly conflictId: string; readonly managedHow: string }
  | { readonly type: 'criteria_weighted'; readonly weights: Readonly<Record<string, number>>; readonly scale: { readonly max: number } }
  | { readonly type: 'contract_notice_published'; readonly notice: { readonly content: NoticeContent } }
  | { readonly type: 'offer_received'; readonly bidder: { readonly organisationCode?: string; readonly name?: string; readonly address: string } }
  | { readonly type: 'offers_closed' }
  | { readonly type: 'bidder_assessed'; readonly assessment: Omit<SelectionAssessment, 'assessedOn'> }
  | { readonly type: 'bidder_scored'; readonly scores: { readonly bidderCode: string; readonly scores: Readonly<Record<string, number>>; readonly rationale?: Readonly<Record<string, string>> } }
  | { readonly type: 'provider_decided'; readonly providerCode: string; readonly reasons: readonly NoticeReason[]; readonly summary?: string; readonly tieBreak?: string }
  | { readonly type: 'intention_notice_published'; readonly notice: { readonly content: NoticeContent } }
  | { readonly type: 'representation_received'; readonly representation: { readonly providerCode?: string; readonly grounds: string } }
  | { readonly type: 'review_decided'; readonly outcome: 'confirm' | 'return_to_step' | 'abandon'; readonly reasons: string }
  | {
    readonly type: 'contract_awarded';
    readonly award: { readonly providerCode: string; readonly valuePence: Pence; readonly contractReference: string; readonly contractPeriod: { readonly startDate: string; readonly endDate: string } };
    /** The run "show the impact first" made of this award (POST /api/economies/{id}/impact), kept with it. */
    readonly impactRunId?: string;
  }
  | { readonly type: 'award_notice_published'; readonly notice: { readonly content: NoticeContent } }
  | { readonly type: 'abandoned'; readonly reasons: string }
  | { readonly type: 'legacy_decided'; readonly decision: 'roll_over' | 'tender'; readonly reasons: string; readonly rollOverUntil?: string; readonly adviceConsidered?: string };

// ---- loading --------------------------------------------------------------------------------------------

interface Loaded {
  readonly row: repo.ProcurementRow;
  readonly stored: repo.StoredEvent[];
  readonly events: ProcurementEvent[];
  readonly record: ProcurementRecord;
}

async function load(db: Scope['db'], idOrReference: string): Promise<Loaded | undefined> {
  const row = await repo.findProcurement(db, idOrReference);
  if (!row) return undefined;
  const stored = await repo.procurementEvents(db, row.id);
  const events = toDomainEvents(stored);
  return { row, stored, events, record: replayProcurement(events, procurementContext()) };
}

/** What the caller is to a procurement and may see of it. */
interface Access {
  readonly capacities: Set<Capacity>;
  /** The whole record (the authorities; system and administrator users). */
  readonly full: boolean;
  readonly visible: boolean;
}

function accessTo(ctx: Scope, l: Loaded): Access {
  const capacities = procurementCapacities(l.record, ctx.actor.organisationCode);
  const full = ctx.readsAcrossEconomy || capacities.has('lead_authority') || capacities.has('joint_authority');
  return { capacities, full, visible: full || l.row.noticesPublished > 0 || capacities.has('procurement_participant') };
}

/** A procurement the caller may see (404 otherwise: nobody learns another's unpublished procurement exists). */
async function visible(ctx: Scope, idOrReference: string): Promise<Loaded & { access: Access }> {
  const l = await load(ctx.db, idOrReference);
  if (!l) throw notFound(`procurement ${idOrReference}`);
  const access = accessTo(ctx, l);
  if (!access.visible) throw notFound(`procurement ${idOrReference}`);
  return { ...l, access };
}

// ---- the view ---------------------------------------------------------------------------------------------

export interface ProcurementListItem {
  readonly id: string;
  readonly reference: string;
  readonly ocid: string;
  readonly title: string;
  readonly route: string;
  readonly routeLabel: string;
  readonly state: string;
  readonly stateLabel: string;
  readonly leadOrganisationCode: string;
  readonly leadName: string;
  readonly openedOn: string;
  readonly lastStepOn: string;
  readonly noticesPublished: number;
  /** Whether the caller's organisation is named on it (an authority, or a provider that took part). */
  readonly named: boolean;
}

function stateLabel(route: string, state: string): string {
  return machineFor(route as Route).states.find((s) => s.name === state)?.label ?? state;
}

/** The procurements the caller may see: its own, and every one that has published a notice. */
export async function listProcurements(ctx: Scope): Promise<ProcurementListItem[]> {
  // Visibility is the filter: the caller's own, and every published one (anyone signed in reads those).
  const rows = await repo.listProcurements(ctx.db, ctx.readsAcrossEconomy ? null : ctx.actor.organisationCode);
  const names = await findOrganisations(ctx.db, rows.map((r) => r.leadOrganisationCode));
  return rows.map((r) => ({
    id: r.id, reference: r.reference, ocid: r.ocid, title: r.title, route: r.route, routeLabel: ROUTE_LABELS[r.route as Route] ?? r.route,
    state: r.state, stateLabel: stateLabel(r.route, r.state), leadOrganisationCode: r.leadOrganisationCode,
    leadName: names.get(r.leadOrganisationCode)?.name ?? r.leadOrganisationCode, openedOn: r.openedOn, lastStepOn: r.lastStepOn,
    noticesPublished: r.noticesPublished, named: r.named,
  }));
}

export interface BidderView {
  readonly organisationCode: string;
  readonly name: string;
  readonly address: string;
  readonly eligible: boolean | null;
  readonly selectionReasons: readonly string[];
  readonly scores: Readonly<Record<string, number>> | null;
  readonly rationale: Readonly<Record<string, string>> | null;
  readonly weightedScore: number | null;
  readonly rank: number | null;
  readonly tiedWith: readonly string[];
}

/** A variation of an awarded contract read as a reg 13 modification (assumed not materially different in character). */
export interface ModificationView {
  readonly sequence: number;
  readonly effectiveDate: string;
  readonly rationale: string;
  readonly changePence: number;
  readonly cumulativeChangePence: number;
  readonly cumulativeShare: number | null;
  readonly permitted: boolean;
  readonly transparencyNoticeRequired: boolean;
  readonly reasons: readonly string[];
}

export interface ProcurementView {
  readonly id: string;
  readonly reference: string;
  readonly ocid: string;
  readonly title: string;
  readonly description: string | null;
  readonly route: string;
  readonly routeLabel: string;
  readonly state: string;
  readonly stateLabel: string;
  readonly terminal: boolean;
  /** 'full' for the authorities, system and administrator users; 'public' otherwise (what is published, and the caller's own part). */
  readonly view: 'full' | 'public';
  /** The role the caller's organisation acts in here. */
  readonly yourRole: 'lead_commissioner' | 'joint_commissioner' | 'provider';
  readonly authorities: readonly { organisationCode: string; name: string; lead: boolean }[];
  readonly services: { readonly description: string; readonly cpvCode: string; readonly serviceCodes: readonly string[] };
  readonly approximateLifetimeValuePence: number;
  readonly contractPeriod: { readonly startDate: string; readonly endDate: string };
  readonly incumbent: { organisationCode: string; name: string; contractReference: string | null } | null;
  readonly framework: boolean;
  readonly routeDecision: ProcurementRecord['routeDecision'] | null;
  readonly decisionMakers: readonly DecisionMaker[];
  readonly conflicts: readonly ConflictOfInterest[];
  readonly keyCriteria: { readonly weights: readonly { criterion: string; label: string; weight: number }[]; readonly scaleMax: number } | null;
  readonly bidders: readonly BidderView[];
  readonly offersClosedOn: string | null;
  readonly decision: ProcurementRecord['decision'];
  readonly notices: readonly (Notice & { label: string; schedule: string | null })[];
  readonly standstill: ProcurementRecord['standstill'];
  readonly reviewWait: ProcurementRecord['reviewWait'];
  readonly representations: ProcurementRecord['representations'];
  readonly reviews: ProcurementRecord['reviews'];
  readonly awards: readonly (AwardFacts & { contract: { id: string; reference: string } | null; modifications: readonly ModificationView[] })[];
  readonly abandonment: ProcurementRecord['abandonment'];
  readonly legacyDecision: ProcurementRecord['legacyDecision'];
  readonly deadlines: readonly { key: string; label: string; kind: string; due: string; met: boolean; cite: string }[];
  readonly history: readonly { sequence: number; type: string; label: string; on: string; by: { organisationCode: string; role: string; name?: string }; from: string; to: string }[];
  /** The steps the caller may take now, as the route's machine lists them. */
  readonly nextSteps: readonly { event: string; label: string; cite?: string }[];
  readonly youMay: { readonly step: boolean; readonly respond: boolean; readonly decisionRecord: boolean };
  readonly releases: readonly { id: string; date: string; tags: readonly string[] }[];
  /** Known doubts in the rules this page applies (RULES.md), shown beside the dates. */
  readonly doubts: readonly string[];
}

const DOUBTS = [
  'Award notices due "within 30 days" are counted in calendar days [C]; the 30 days for a notice confirming an award after standstill are by analogy [M].',
  'Notice contents beyond Schedules 3 and 10 (contract notices, award and modification notices) are modelled on Schedule 3 and unverified [M].',
  'The ocid prefix ocds-cncdat is a placeholder, not registered with the Open Contracting Partnership (set CONCORDAT_OCID_PREFIX).',
  'The 25% limb of the considerable change threshold is unverified [M] (reg 6 was read truncated).',
];

const PROVIDER_STEPS = new Set(['offer_received', 'representation_received']);

async function viewOf(ctx: Scope, l: Loaded & { access: Access }): Promise<ProcurementView> {
  const { record: r, row, access } = l;
  const context = procurementContext();
  const org = ctx.actor.organisationCode;
  const role = procurementRole(access.capacities);
  const mine = (code: string) => code === org;
  const ranked = ranking(r, context);
  const dr = decisionRecord(r, context);
  const [links, releases] = await Promise.all([
    repo.contractsOfProcurement(ctx.db, row.id),
    repo.releasesOfOcid(ctx.db, row.ocid),
  ]);
  const modifications = new Map<string, ModificationView[]>();
  for (const link of links) modifications.set(link.contractReference, await modificationsOf(ctx, link.contractId, r.awards.find((a) => a.contractReference === link.contractReference)?.valuePence ?? 0));
  const names = await findOrganisations(ctx.db, [...r.authorities.map((a) => a.organisationCode), ...(r.incumbent ? [r.incumbent.organisationCode] : [])]);
  const intentionPublished = r.notices.some((n) => n.kind.startsWith('intention_'));
  const bidders: BidderView[] = r.bidders
    .filter((b) => access.full || mine(b.organisationCode))
    .map((b) => {
      const p = dr.providers.find((x) => x.organisationCode === b.organisationCode)!;
      const rk = ranked.find((x) => x.bidderCode === b.organisationCode);
      return {
        organisationCode: b.organisationCode, name: b.name, address: b.address, eligible: p.eligible, selectionReasons: p.selectionReasons,
        scores: p.scores, rationale: p.rationale as Record<string, string> | null, weightedScore: p.weightedScore, rank: p.rank, tiedWith: rk?.tiedWith ?? [],
      };
    });
  const terminal = machineFor(r.route).states.find((s) => s.name === r.state)?.terminal ?? false;
  const maySteps = role === 'provider' ? await ctx.may('procurement.respond', access.capacities) : await ctx.may('procurement.step', access.capacities);
  const steps = maySteps ? nextSteps(r, role).filter((s) => role !== 'provider' || PROVIDER_STEPS.has(s.event)) : [];
  return {
    id: r.id, reference: r.reference, ocid: row.ocid, title: r.title, description: r.description ?? null, route: r.route, routeLabel: ROUTE_LABELS[r.route],
    state: r.state, stateLabel: stateLabel(r.route, r.state), terminal, view: access.full ? 'full' : 'public', yourRole: role,
    authorities: r.authorities.map((a) => ({ organisationCode: a.organisationCode, name: names.get(a.organisationCode)?.name ?? a.name, lead: a.lead })),
    services: { description: r.services.description, cpvCode: r.services.cpvCode, serviceCodes: r.services.serviceCodes ?? [] },
    approximateLifetimeValuePence: r.approximateLifetimeValuePence,
    contractPeriod: r.contractPeriod,
    incumbent: r.incumbent ? { organisationCode: r.incumbent.organisationCode, name: r.incumbent.name, contractReference: r.incumbent.contractReference ?? null } : null,
    framework: r.framework,
    routeDecision: r.routeDecision ?? null,
    decisionMakers: r.decisionMakers,
    conflicts: access.full ? r.conflicts : [],
    keyCriteria: dr.keyCriteria,
    bidders,
    offersClosedOn: r.offersClosedOn,
    decision: access.full || intentionPublished ? r.decision : null,
    notices: r.notices.map((n) => ({ ...n, label: NOTICE_SCHEDULES[n.kind].label, schedule: NOTICE_SCHEDULES[n.kind].schedule })),
    standstill: r.standstill,
    reviewWait: r.reviewWait,
    representations: r.representations.filter((x) => access.full || mine(x.providerCode)),
    reviews: access.full ? r.reviews : [],
    awards: r.awards.map((a) => {
      const link = links.find((x) => x.contractReference === a.contractReference);
      return { ...a, contract: link ? { id: link.contractId, reference: link.contractReference } : null, modifications: modifications.get(a.contractReference) ?? [] };
    }),
    abandonment: r.abandonment,
    legacyDecision: r.legacyDecision,
    deadlines: procurementDeadlinesOf(r, context),
    history: access.full
      ? r.history.map((h) => ({ ...h, label: machineFor(r.route).transitions.find((t) => t.event === h.type)?.label ?? (h.type === 'opened' ? 'opened the procurement' : h.type) }))
      : [],
    nextSteps: steps.map((s) => ({ event: s.event, label: s.label, ...(s.cite ? { cite: s.cite } : {}) })),
    youMay: { step: maySteps && role !== 'provider', respond: maySteps && role === 'provider', decisionRecord: access.full },
    releases: releases.map((x) => ({ id: x.id, date: x.releaseDate, tags: x.tags })),
    doubts: DOUBTS,
  };
}

/**
 * Each variation of a contract an award created, read as a modification under reg 13: the cumulative
 * change since it was entered into, whether reg 13(2) permits it without a new procurement, and whether
 * it needs a transparency notice. Whether a change is materially different in character is the
 * authority's judgement, not recorded on a variation: taken here as not [C].
 */
async function modificationsOf(ctx: Scope, contractId: string, originalPence: number): Promise<ModificationView[]> {
  const variations = (await variationsOf(ctx.db, contractId)).filter(isModification);
  if (originalPence <= 0) return [];
  return variations.map((v, i) => {
    const m = contractModification({
      originalLifetimeValuePence: originalPence, earlierChangesPence: variations.slice(0, i).map((x) => x.valueChangePence),
      changePence: v.valueChangePence, materiallyDifferent: false,
    });
    return {
      sequence: v.sequence, effectiveDate: v.effectiveDate, rationale: v.rationale, changePence: v.valueChangePence, cumulativeChangePence: m.cumulativeChangePence,
      cumulativeShare: m.cumulativeShare, permitted: m.permitted, transparencyNoticeRequired: m.transparencyNoticeRequired, reasons: m.reasons,
    };
  });
}

export async function getProcurement(ctx: Scope, idOrReference: string): Promise<ProcurementView> {
  return viewOf(ctx, await visible(ctx, idOrReference));
}

/** The reg 24 decision record (the authorities, system and administrator users). */
export async function getDecisionRecord(ctx: Scope, idOrReference: string): Promise<DecisionRecord & { ocid: string; contracts: readonly { id: string; reference: string; providerCode: string }[] }> {
  const l = await visible(ctx, idOrReference);
  if (!l.access.full) await ctx.require('procurement.read', l.access.capacities);
  const links = await repo.contractsOfProcurement(ctx.db, l.row.id);
  return { ...decisionRecord(l.record, procurementContext()), ocid: l.row.ocid, contracts: links.map((x) => ({ id: x.contractId, reference: x.contractReference, providerCode: x.providerCode })) };
}

// ---- route chooser -----------------------------------------------------------------------------------------

/** Asks reg 6's questions of the answers given so far: the routes permitted, or the next question to answer. */
export function assessProcurementRoute(ctx: Scope, answers: RouteAnswers, on?: string): RouteAssessment {
  const date = on ?? ukToday(ctx.clock);
  if (date < PSR_IN_FORCE_FROM) throw invalid('on', `the Provider Selection Regime applies from ${PSR_IN_FORCE_FROM}`);
  return assessRoute(answers, date);
}

// ---- opening ------------------------------------------------------------------------------------------------

/** The registry's name for each code, refusing unknown ones (each named by its field). */
async function namesOf(ctx: Scope, codes: readonly { code: string; path: (string | number)[] }[]): Promise<Map<string, string>> {
  const orgs = await findOrganisations(ctx.db, codes.map((c) => c.code));
  const issues: Issue[] = codes.filter((c) => !orgs.has(c.code)).map((c) => ({ path: c.path, message: `unknown organisation "${c.code}"` }));
  if (issues.length) throw invalidMany(issues);
  return new Map([...orgs.values()].map((o) => [o.code, o.name]));
}

/**
 * Opens a procurement with the caller's organisation as its lead authority. The route chooser's
 * questions are asked again here from the recorded answers, so the route is one the regulation permits.
 */
export async function openNewProcurement(ctx: Scope, input: OpenProcurementInput): Promise<ProcurementView> {
  await ctx.require('procurement.open', new Set(['lead_authority']));
  const on = ukToday(ctx.clock);
  const lead = ctx.actor.organisationCode;
  const joint = [...new Set(input.jointAuthorities ?? [])];
  if (joint.includes(lead)) throw invalid('jointAuthorities', `${lead} leads the procurement; list only the other authorities`);
  const names = await namesOf(ctx, [
    { code: lead, path: ['lead'] },
    ...joint.map((code, i) => ({ code, path: ['jointAuthorities', i] })),
    ...(input.incumbent ? [{ code: input.incumbent.organisationCode, path: ['incumbent', 'organisationCode'] }] : []),
  ]);
  let routeDecision: ProcurementOpening['routeDecision'];
  if (input.route !== 'legacy') {
    if (!input.answers) throw invalid('answers', "answer the route chooser's questions (reg 6)");
    routeDecision = chooseRoute(assessProcurementRoute(ctx, input.answers, on), input.route, input.routeReason ?? '');
  }
  const opening: ProcurementOpening = {
    id: input.id,
    reference: input.reference,
    title: input.title.trim(),
    ...(input.description?.trim() ? { description: input.description.trim() } : {}),
    route: input.route,
    ...(routeDecision ? { routeDecision } : {}),
    authorities: [{ organisationCode: lead, name: names.get(lead)!, lead: true }, ...joint.map((code) => ({ organisationCode: code, name: names.get(code)!, lead: false }))],
    services: { description: input.services.description, cpvCode: input.services.cpvCode, ...(input.services.serviceCodes?.length ? { serviceCodes: input.services.serviceCodes } : {}) },
    approximateLifetimeValuePence: input.approximateLifetimeValuePence,
    contractPeriod: input.contractPeriod,
    ...(input.incumbent ? { incumbent: { ...input.incumbent, name: names.get(input.incumbent.organisationCode)! } } : {}),
    framework: input.answers?.framework ?? false,
    ...(input.contractModel ? { contractModel: input.contractModel } : {}),
  };
  const by: ProcurementActor = { organisationCode: lead, role: 'lead_commissioner', name: ctx.actor.displayName };
  const id = await recordOpening(ctx, { type: 'opened', on, by, procurement: opening });
  return getProcurement(ctx, id);
}

async function recordOpening(ctx: Scope, opened: Extract<ProcurementEvent, { type: 'opened' }>): Promise<string> {
  const record = openProcurement(opened);
  const ocid = ocidFor(record.id, ocdsSettings().ocidPrefix);
  await ctx.write([procurementScope(record.id)], async (w) => {
    const clash = await repo.procurementExists(w.db, record.id, record.reference);
    if (clash) throw conflict(`a procurement with this ${clash} already exists (${clash === 'id' ? record.id : record.reference})`);
    const now = w.clock.now().toISOString();
    const row: repo.ProcurementRow = {
      id: record.id, reference: record.reference, ocid, route: record.route, leadOrganisationCode: opened.by.organisationCode, title: record.title,
      state: record.state, lastSequence: 1, openedOn: opened.on, lastStepOn: opened.on, noticesPublished: 0, createdAt: now, updatedAt: now,
    };
    await repo.insertProcurement(w.db, row);
    await appendAndPublish(w, row, [], [opened], record);
  });
  return record.id;
}

// ---- steps ------------------------------------------------------------------------------------------------

function nextNoticeId(r: ProcurementRecord, suffix: string): string {
  const base = `${r.reference}-${suffix}`;
  let id = base;
  for (let n = 2; r.notices.some((x) => x.id === id); n++) id = `${base}-${n}`;
  return id;
}

const INTENTION_KIND: Partial<Record<Route, NoticeKind>> = {
  direct_award_c: 'intention_da_c', most_suitable_provider: 'intention_msp', competitive: 'intention_competitive',
};

function awardNoticeKind(route: Route): NoticeKind {
  return route === 'direct_award_a' || route === 'direct_award_b' ? 'award_direct' : 'award_confirmation';
}

/** The event a user's step makes: dated today, taken by the caller in its role, with ids made here. */
async function eventFor(ctx: Scope, r: ProcurementRecord, input: StepInput, on: string, by: ProcurementActor): Promise<ProcurementEvent> {
  const base = { on, by };
  switch (input.type) {
    case 'conflict_declared': {
      const c = input.conflict;
      const id = c.id?.trim() || `coi-${r.conflicts.length + 1}`;
      return { ...base, type: 'conflict_declared', conflict: { id, personName: c.personName, personRole: c.personRole, ...(c.organisationCode ? { organisationCode: c.organisationCode } : {}), interest: c.interest, declaredOn: on, managedHow: null } };
    }
    case 'contract_notice_published':
      return { ...base, type: 'contract_notice_published', notice: { id: nextNoticeId(r, 'CN'), kind: 'contract_notice', publishedOn: on, content: input.notice.content } };
    case 'intention_notice_published': {
      const kind = INTENTION_KIND[r.route];
      if (!kind) throw invalid('type', `the ${ROUTE_LABELS[r.route]} has no notice of intention`);
      return { ...base, type: 'intention_notice_published', notice: { id: nextNoticeId(r, 'INT'), kind, publishedOn: on, content: input.notice.content } };
    }
    case 'award_notice_published':
      return { ...base, type: 'award_notice_published', notice: { id: nextNoticeId(r, 'AWD'), kind: awardNoticeKind(r.route), publishedOn: on, content: input.notice.content } };
    case 'offer_received': {
      const code = by.role === 'provider' ? (input.bidder.organisationCode ?? by.organisationCode) : input.bidder.organisationCode;
      if (!code) throw invalid('bidder.organisationCode', 'name the provider making the offer');
      const names = await namesOf(ctx, [{ code, path: ['bidder', 'organisationCode'] }]);
      return { ...base, type: 'offer_received', bidder: { organisationCode: code, name: input.bidder.name?.trim() || names.get(code)!, address: input.bidder.address } };
    }
    case 'bidder_assessed':
      return { ...base, type: 'bidder_assessed', assessment: { ...input.assessment, assessedOn: on } };
    case 'representation_received': {
      const code = by.role === 'provider' ? by.organisationCode : input.representation.providerCode;
      if (!code) throw invalid('representation.providerCode', 'name the provider making the representations');
      return { ...base, type: 'representation_received', representation: { id: `rep-${r.representations.length + r.reviews.length + 1}`, providerCode: code, receivedOn: on, grounds: input.representation.grounds } };
    }
    case 'contract_awarded':
      return { ...base, type: 'contract_awarded', award: { ...input.award, awardedOn: on } };
    default:
      // The domain's machine checks the rest (all five key criteria weighted, scores on the scale...).
      return { ...base, ...input } as unknown as ProcurementEvent;
  }
}

/**
 * Takes one step on a procurement as the caller: dated today (UK), in the party role the caller's
 * organisation holds on it. The route's machine refuses a step not possible now, naming the state.
 */
export async function takeStep(ctx: Scope, idOrReference: string, input: StepInput): Promise<ProcurementView> {
  const l = await visible(ctx, idOrReference);
  const role = procurementRole(l.access.capacities);
  await ctx.require(role === 'provider' ? 'procurement.respond' : 'procurement.step', l.access.capacities);
  if (role === 'provider' && !PROVIDER_STEPS.has(input.type)) {
    throw invalid('type', `a provider makes offers and representations; "${input.type}" is for the authorities`);
  }
  const on = ukToday(ctx.clock);
  const by: ProcurementActor = { organisationCode: ctx.actor.organisationCode, role, name: ctx.actor.displayName };
  await ctx.write([procurementScope(l.row.id)], async (w) => {
    // Read again under the lock: another step may have been taken since.
    const now = (await load(w.db, l.row.id))!;
    const event = await eventFor(w, now.record, input, on, by);
    const record = applyProcurementEvent(now.record, event, procurementContext());
    await appendAndPublish(w, now.row, now.events, [event], record);
    // The impact shown before the award is kept with it (the award is the procurement's step).
    if (input.type === 'contract_awarded' && input.impactRunId) {
      await linkImpactRun(w, input.impactRunId, { kind: 'procurement_award', id: `${now.row.id}/${now.events.length + 1}`, contractId: null });
    }
  });
  return getProcurement(ctx, l.row.id);
}

/**
 * Records history that happened elsewhere (the demo's seed cases; an administrator's back-fill): the
 * events keep their own dates and actors, each checked by the route's machine as a user's step is.
 * The system only. `createContracts: false` records awards without creating their contracts (when
 * the contract is already held).
 */
export async function recordProcurementHistory(ctx: Scope, events: readonly ProcurementEvent[], options: { createContracts?: boolean } = {}): Promise<ProcurementView> {
  if (!ctx.isSystem) throw invalid('events', 'history with its own dates is recorded by an administrator\'s back-fill only');
  const [opened, ...rest] = events;
  if (!opened || opened.type !== 'opened') throw invalid('events.0.type', 'the first event of a procurement is "opened"');
  const id = await recordOpening(ctx, opened);
  for (const e of rest) {
    await ctx.write([procurementScope(id)], async (w) => {
      const now = (await load(w.db, id))!;
      const record = applyProcurementEvent(now.record, e, procurementContext());
      await appendAndPublish(w, now.row, now.events, [e], record, options);
    });
  }
  return getProcurement(ctx, id);
}

/** Event fields besides type, on and by, as stored. */
function payloadOf(e: ProcurementEvent): Record<string, unknown> {
  const { type: _t, on: _o, by: _b, ...rest } = e as unknown as Record<string, unknown>;
  return rest;
}

/**
 * Appends checked events to the log, names new parties, refreshes the cache, publishes the releases
 * they make public, creates the contract an award makes, and records the audit and the seals.
 */
async function appendAndPublish(
  w: Scope, row: repo.ProcurementRow, before: readonly ProcurementEvent[], added: readonly ProcurementEvent[], record: ProcurementRecord,
  options: { createContracts?: boolean } = {},
): Promise<void> {
  const recordedAt = w.clock.now().toISOString();
  const first = before.length + 1;
  const stored: repo.StoredEvent[] = added.map((e, i) => ({
    sequence: first + i, type: e.type, on: e.on, by: { organisationCode: e.by.organisationCode, role: e.by.role, ...(e.by.name ? { name: e.by.name } : {}) },
    userId: w.actor.userId, recordedAt, payload: payloadOf(e),
  }));
  await repo.insertProcurementEvents(w.db, row.id, stored);
  await repo.addProcurementParties(w.db, row.id, [
    ...record.authorities.map((a) => ({ organisationCode: a.organisationCode, capacity: a.lead ? 'lead_authority' : 'joint_authority' })),
    ...[...record.bidders.map((b) => b.organisationCode), ...(record.incumbent ? [record.incumbent.organisationCode] : []), ...record.representations.map((x) => x.providerCode)]
      .filter((code) => !record.authorities.some((a) => a.organisationCode === code))
      .map((code) => ({ organisationCode: code, capacity: 'procurement_participant' })),
  ]);
  const last = added[added.length - 1];
  await repo.updateProcurementCache(w.db, row.id, {
    state: record.state, title: record.title, lastSequence: first + added.length - 1, lastStepOn: last.on, noticesPublished: record.notices.length, updatedAt: recordedAt,
  });
  const all = [...before, ...added];
  const releaseIds = await publishProcurementReleases(w, row, all);
  const seals: { kind: SealedKind; id: string }[] = [
    ...stored.map((s) => ({ kind: 'procurement_event' as const, id: `${row.id}/${s.sequence}` })),
    ...releaseIds.map((id) => ({ kind: 'ocds_release' as const, id })),
  ];
  const contracts: string[] = [];
  for (const e of added) {
    if (e.type !== 'contract_awarded' || options.createContracts === false) continue;
    const { contract } = contractFromAward(record, e.award);
    // A user's award lets the contract as a draft the other parties accept; a back-fill records it as agreed.
    const { status, ...terms } = contract;
    const created = await createContract(w, w.isSystem ? { ...terms, status: status === 'not_started' ? 'agreed' : status } : terms);
    await repo.insertContractLink(w.db, {
      contractId: created.contract.id, procurementId: row.id, awardSequence: first + added.indexOf(e), providerCode: e.award.providerCode, awardedOn: e.award.awardedOn, linkedAt: recordedAt,
    });
    seals.push({ kind: 'procurement_contract', id: created.contract.id });
    contracts.push(created.contract.reference);
  }
  await w.record({
    action: added[0].type === 'opened' ? 'procurement.open' : `procurement.${added[0].type}`,
    entityType: 'procurement',
    entityId: row.id,
    detail: { reference: row.reference, steps: stored.map((s) => ({ sequence: s.sequence, type: s.type, on: s.on, by: s.by })), state: record.state, releases: releaseIds, contracts },
  }, seals);
}

// ---- notices: drafts and the Schedule checklist ----------------------------------------------------------

export interface NoticeChecklistItem {
  readonly field: string;
  readonly paragraph: string;
  readonly item: string;
  readonly tag: string;
  /** What is missing or wrong; null when the notice has it. */
  readonly problem: string | null;
}

export interface NoticeCheck {
  readonly kind: NoticeKind;
  readonly label: string;
  readonly schedule: string | null;
  readonly publishable: boolean;
  readonly items: readonly NoticeChecklistItem[];
}

/**
 * Every item the Schedule requires of a notice, with what is missing from this content.
 *
 * @example checkNotice('intention_da_c', {}).items[0].problem // 'Schedule 3 para 1: statement ... is missing'
 */
export function checkNotice(kind: NoticeKind, content: NoticeContent): NoticeCheck {
  const s = NOTICE_SCHEDULES[kind];
  const prefix = s.schedule ?? s.label;
  const issues = noticeIssues(kind, content);
  const items = noticeItems(kind).map((i) => {
    const issue = issues.find((x) => x.path[1] === i.field && x.message.startsWith(`${prefix} ${i.paragraph}:`));
    return { field: i.field, paragraph: i.paragraph, item: i.item, tag: i.tag, problem: issue?.message ?? null };
  });
  return { kind, label: s.label, schedule: s.schedule, publishable: items.every((i) => i.problem === null), items };
}

const STATEMENTS: Partial<Record<NoticeKind, string>> = {
  intention_da_c: 'The relevant authority intends to award a contract to the existing provider following Direct Award Process C.',
  intention_msp: 'The relevant authority intends to award a contract following the Most Suitable Provider Process.',
  intention_competitive: 'The relevant authorities intend to award a contract following the Competitive Process.',
};

/** The notice kinds the procurement's route publishes next, in order. */
function noticeKindsFor(r: ProcurementRecord): NoticeKind[] {
  const out: NoticeKind[] = [];
  if (r.route === 'competitive') out.push('contract_notice');
  const intention = INTENTION_KIND[r.route];
  if (intention) out.push(intention);
  out.push(awardNoticeKind(r.route));
  return out;
}

/**
 * A draft of a notice from what the procurement records (title, authorities, the provider decided or
 * awarded, services, value, decision-makers, reasons, conflicts and how they were managed), with the
 * Schedule checklist. Nothing is published.
 */
export async function draftNotice(ctx: Scope, idOrReference: string, kind?: NoticeKind): Promise<NoticeCheck & { content: NoticeContent; kinds: readonly NoticeKind[] }> {
  const l = await visible(ctx, idOrReference);
  if (!l.access.full) await ctx.require('procurement.step', l.access.capacities);
  const r = l.record;
  const kinds = noticeKindsFor(r);
  const k = kind ?? kinds.find((x) => !r.notices.some((n) => n.kind === x)) ?? kinds[kinds.length - 1];
  const award = r.awards[r.awards.length - 1];
  const providerCode = k.startsWith('award_') ? award?.providerCode : r.decision?.providerCode;
  const provider = providerCode
    ? r.bidders.find((b) => b.organisationCode === providerCode) ?? (r.incumbent?.organisationCode === providerCode ? r.incumbent : undefined)
    : undefined;
  const content: NoticeContent = {
    ...(STATEMENTS[k] ? { statementOfIntention: STATEMENTS[k] } : {}),
    title: r.title,
    reference: r.reference,
    authorities: r.authorities.map((a) => ({ name: a.name, address: a.address ?? '', organisationCode: a.organisationCode })),
    ...(provider ? { provider: { name: provider.name, address: provider.address, organisationCode: provider.organisationCode } } : {}),
    services: { description: r.services.description, cpvCode: r.services.cpvCode },
    approximateLifetimeValuePence: k.startsWith('award_') && award ? award.valuePence : r.approximateLifetimeValuePence,
    contractPeriod: r.contractPeriod,
    ...(k !== 'contract_notice' ? {
      decisionMakers: r.decisionMakers.map((d) => `${d.name}: ${d.role}`),
      reasons: r.decision?.reasons ?? [],
      declaredConflicts: r.conflicts.map((c) => ({ description: c.interest, managedHow: c.managedHow ?? '' })),
      framework: { used: r.framework },
    } : {}),
    ...(k.startsWith('award_') && award ? { awardedOn: award.awardedOn } : {}),
  };
  return { ...checkNotice(k, content), content, kinds };
}

/** The reasons against each key criterion, labelled (for pages and the CLI). */
export function criterionLabels(): { criterion: string; label: string }[] {
  return KEY_CRITERIA.map((c) => ({ criterion: c, label: KEY_CRITERIA_LABELS[c] }));
}
