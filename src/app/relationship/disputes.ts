/**
 * Disputes: GC14 disputes under a contract (escalated negotiation, mediation, expert determination)
 * and the annual contract-setting dispute over a contract year (national process: mediation, then
 * pendulum arbitration issue by issue), with the facilitators, mediators, experts and arbitrators
 * appointed, who appointed them, their fees and who bears them. Each dispute is its event log
 * replayed by the domain's machine: an illegal step is refused naming the state (409), a step only the
 * other party may take is refused (403), and a determination that is not exactly one party's final
 * offer is refused naming the issue (400).
 */

import { randomUUID } from 'node:crypto';
import { decide, type Action } from '../../domain/access/rights.ts';
import {
  relationshipRules, stepsAsAt, type ContractRuleOverrides, type ContractSettingRules, type DueStepAsAt, type Gc14Rules, type Side,
} from '../../domain/contract-management/index.ts';
import type { Contract } from '../../domain/contracts/contract.ts';
import {
  applyContractSettingStep, applyDisputeStep, CONTRACT_SETTING_STEPS, contractSettingDueSteps, disputeCosts, GC14_STEPS, gc14DueSteps,
  openContractSettingDispute, raiseDispute, replayContractSettingDispute, replayDispute,
  type ContractSettingDispute, type ContractSettingEvent, type ContractSettingOpenEvent, type ContractSettingStepEvent, type DisputeCosts,
  type DisputeIssue, type Gc14Dispute, type Gc14Event, type Gc14RaiseEvent, type Gc14StepEvent,
} from '../../domain/disputes/index.ts';
import { conflict, invalid, notFound, ConcordatError } from '../../domain/errors.ts';
import { contractSettingSummary, gc14Summary, relationshipTimeline, type DisputeSummary, type TimelineEvent } from '../../domain/relationship/index.ts';
import type { IsoDate } from '../../domain/time/index.ts';
import { contractScope, relationshipScope } from '../../storage/ledger/sealed.ts';
import { visibleContractIds } from '../../storage/repositories/contracts.ts';
import { findOrganisations } from '../../storage/repositories/organisations.ts';
import * as repo from '../../storage/repositories/relationship.ts';
import { today } from '../clock.ts';
import type { Scope } from '../scope.ts';
import { actAs, contractSide, requirePairVisible, sideInPair, type Acting, checkAsAt } from './access.ts';
import {
  domainEvent, findContractSetting, findGc14, replayContractSetting, replayGc14, stepDate, storedParts,
  type StoredContractSetting, type StoredGc14,
} from './cases.ts';
import { pairOf } from './money.ts';
import { checkNoticesUnder } from './notices.ts';
import { rulesFor, termsOf, type ManagementTerms } from './terms.ts';

/** GC14 steps that happen outside Concordat (an appointment, a settlement meeting, the expert's determination). */
export const GC14_STEPS_DATED_ELSEWHERE: readonly string[] = ['appoint', 'settle', 'determine'];
/** Contract-setting steps that happen outside Concordat (an appointment, the arbitrator's determination, an agreement). */
export const CONTRACT_SETTING_STEPS_DATED_ELSEWHERE: readonly string[] = ['appoint', 'determine', 'agree'];

type WithoutSide<E extends { type: string }> = { readonly [K in E['type']]: Omit<Extract<E, { type: K }>, 'by' | 'on'> & { readonly on?: IsoDate } }[E['type']];
export type Gc14StepInput = WithoutSide<Gc14StepEvent>;
export type ContractSettingStepInput = WithoutSide<ContractSettingStepEvent>;

export interface DisputeStepOffer {
  readonly step: string;
  readonly label: string;
  /** Who takes it: one side, either, or (contract setting) either party or the regulator, or nobody left. */
  readonly by: Side | 'either' | 'regulator';
  readonly source: string;
  readonly youMay: boolean;
}

export interface DisputeView {
  readonly kind: 'gc14' | 'contract_setting';
  readonly summary: DisputeSummary;
  readonly gc14: Gc14Dispute | null;
  readonly contractSetting: ContractSettingDispute | null;
  readonly contract: { readonly id: string; readonly reference: string; readonly title: string } | null;
  readonly commissioner: { readonly code: string; readonly name: string };
  readonly provider: { readonly code: string; readonly name: string };
  readonly asAt: IsoDate;
  readonly rules: { readonly edition: string; readonly rulesFrom: string; readonly gc14: Gc14Rules; readonly contractSetting: ContractSettingRules };
  readonly due: readonly DueStepAsAt[];
  readonly overdue: boolean;
  readonly steps: readonly DisputeStepOffer[];
  readonly yourSide: Side | null;
  readonly timeline: readonly TimelineEvent[];
  readonly costs: DisputeCosts;
}


async function visibleContract(ctx: Scope, contractId: string, what: string): Promise<Contract> {
  try {
    return await ctx.contract(contractId);
  } catch (e) {
    if (e instanceof ConcordatError && e.kind === 'not_found') throw notFound(what);
    throw e;
  }
}

/** Whether the signed-in user may take a step the given side takes, on a case of this kind. */
function mayTake(ctx: Scope, action: Action, pair: { commissionerCode: string; providerCode: string }, by: DisputeStepOffer['by']): boolean {
  if (ctx.isSystem || by === 'regulator') return false;
  const side = sideInPair(ctx, pair);
  if (side === null) return false;
  const d = decide(action, { role: ctx.actor.role, side: ctx.actor.side }, new Set([action === 'dispute.step' ? 'dispute_party' : 'relationship_party']));
  return d.allowed && (by === 'either' || by === side);
}

function gc14Offers(ctx: Scope, d: Gc14Dispute): DisputeStepOffer[] {
  return Object.entries(GC14_STEPS)
    .filter(([, r]) => r.from.includes(d.state))
    .filter(([step]) => !(step === 'determine' && !d.appointees.some((a) => a.role === 'expert')))
    .filter(([step]) => !(step === 'refer_to_expert' && !d.appointees.some((a) => a.role === 'mediator')))
    // A fee is an appointee's: none to record before anyone is appointed.
    .filter(([step]) => !(step === 'record_fee' && d.appointees.length === 0))
    .map(([step, r]) => {
      const by = r.by === 'raiser' ? d.raisedBy : 'either';
      return { step, label: r.label, by, source: r.source, youMay: mayTake(ctx, 'dispute.step', d, by) };
    });
}

function contractSettingOffers(ctx: Scope, d: ContractSettingDispute): DisputeStepOffer[] {
  const ready = d.issues.some((i) => !d.determinations.some((x) => x.issueId === i.id) && d.finalOffers.filter((o) => o.issueId === i.id).length === 2);
  return Object.entries(CONTRACT_SETTING_STEPS)
    .filter(([, r]) => r.from.includes(d.state))
    .filter(([step]) => !(step === 'record_fee' && d.appointees.length === 0))
    // The arbitrator determines an issue once both final offers on it are in.
    .filter(([step]) => !(step === 'determine' && !ready))
    .map(([step, r]) => {
      const by: DisputeStepOffer['by'] = r.by === 'opener' ? d.openedBy : 'either';
      return { step, label: r.label, by, source: r.source, youMay: mayTake(ctx, 'contract_setting.step', d, by) };
    });
}

async function names(ctx: Scope, codes: readonly string[]) {
  const orgs = await findOrganisations(ctx.db, codes);
  return (code: string) => ({ code, name: orgs.get(code)?.name ?? code });
}

function gc14View(ctx: Scope, s: StoredGc14, contract: Contract, asAt: IsoDate, name: (c: string) => { code: string; name: string }): DisputeView {
  const d = s.value;
  const due = stepsAsAt(gc14DueSteps(d, s.rules), asAt);
  return {
    kind: 'gc14', summary: gc14Summary(d), gc14: d, contractSetting: null,
    contract: { id: contract.id, reference: contract.reference, title: contract.title },
    commissioner: name(d.commissionerCode), provider: name(d.providerCode), asAt,
    rules: { edition: s.rules.edition, rulesFrom: s.rules.rulesFrom, gc14: s.rules.gc14, contractSetting: s.rules.contractSetting },
    due, overdue: due.some((x) => x.status === 'overdue'), steps: gc14Offers(ctx, d), yourSide: ctx.isSystem ? null : sideInPair(ctx, d),
    timeline: relationshipTimeline({ contracts: [], notices: [], gc14Disputes: [d], contractSettingDisputes: [] }), costs: disputeCosts(d.appointees, d.fees),
  };
}

function contractSettingView(ctx: Scope, s: StoredContractSetting, contract: Contract | null, asAt: IsoDate, name: (c: string) => { code: string; name: string }): DisputeView {
  const d = s.value;
  const due = stepsAsAt(contractSettingDueSteps(d, s.rules), asAt);
  return {
    kind: 'contract_setting', summary: contractSettingSummary(d), gc14: null, contractSetting: d,
    contract: contract ? { id: contract.id, reference: contract.reference, title: contract.title } : null,
    commissioner: name(d.commissionerCode), provider: name(d.providerCode), asAt,
    rules: { edition: s.rules.edition, rulesFrom: s.rules.rulesFrom, gc14: s.rules.gc14, contractSetting: s.rules.contractSetting },
    due, overdue: due.some((x) => x.status === 'overdue'), steps: contractSettingOffers(ctx, d), yourSide: ctx.isSystem ? null : sideInPair(ctx, d),
    timeline: relationshipTimeline({ contracts: [], notices: [], gc14Disputes: [], contractSettingDisputes: [d] }), costs: disputeCosts(d.appointees, d.fees),
  };
}

/** A contract-setting dispute is visible to its pair, to whoever reads its contract, and to system and administrator users. */
async function visibleContractSetting(ctx: Scope, s: StoredContractSetting): Promise<Contract | null> {
  const contract = s.contractId ? await ctx.contract(s.contractId).catch(() => null) : null;
  if (!contract && !ctx.readsAcrossEconomy && sideInPair(ctx, s.value) === null) throw notFound(`dispute ${s.value.id}`);
  return contract;
}

export async function getDispute(ctx: Scope, id: string, asAtText?: string): Promise<DisputeView> {
  const asAt = checkAsAt(asAtText, ctx);
  const g = await findGc14(ctx.db, id);
  if (g) {
    const contract = await visibleContract(ctx, g.contractId!, `dispute ${id}`);
    return gc14View(ctx, g, contract, asAt, await names(ctx, [g.value.commissionerCode, g.value.providerCode]));
  }
  const c = await findContractSetting(ctx.db, id);
  if (!c) throw notFound(`dispute ${id}`);
  const contract = await visibleContractSetting(ctx, c);
  return contractSettingView(ctx, c, contract, asAt, await names(ctx, [c.value.commissionerCode, c.value.providerCode]));
}

/** Every dispute the caller may see, of both kinds, newest first. */
export async function listDisputes(ctx: Scope, f: { readonly open?: boolean; readonly asAt?: string } = {}): Promise<DisputeView[]> {
  const asAt = checkAsAt(f.asAt, ctx);
  const ids = await visibleContractIds(ctx.db, ctx.visibility);
  const gc14 = await replayGc14(ctx.db, await repo.gc14Events(ctx.db, { contractIds: [...ids] }));
  const cs = await replayContractSetting(ctx.db, await repo.contractSettingEvents(ctx.db, {}));
  const visibleCs = cs.filter((s) => ctx.readsAcrossEconomy || sideInPair(ctx, s.value) !== null || (s.contractId !== null && ids.has(s.contractId)));
  const codes = [...gc14.flatMap((g) => [g.value.commissionerCode, g.value.providerCode]), ...visibleCs.flatMap((s) => [s.value.commissionerCode, s.value.providerCode])];
  const name = await names(ctx, codes);
  const contracts = new Map<string, Contract>();
  for (const cid of new Set([...gc14.map((g) => g.contractId!), ...visibleCs.flatMap((s) => (s.contractId && ids.has(s.contractId) ? [s.contractId] : []))])) {
    contracts.set(cid, await ctx.contract(cid));
  }
  const views = [
    ...gc14.map((g) => gc14View(ctx, g, contracts.get(g.contractId!)!, asAt, name)),
    ...visibleCs.map((s) => contractSettingView(ctx, s, s.contractId ? contracts.get(s.contractId) ?? null : null, asAt, name)),
  ];
  return views
    .filter((v) => (f.open === undefined ? true : f.open === (v.summary.closedOn === null)))
    .sort((a, b) => (a.summary.openedOn < b.summary.openedOn ? 1 : a.summary.openedOn > b.summary.openedOn ? -1 : a.summary.id.localeCompare(b.summary.id)));
}

async function newCaseId(w: Scope, given: string | undefined, make: (n: number) => string): Promise<string> {
  const id = given?.trim();
  if (id) {
    if (await repo.caseIdTaken(w.db, id)) throw conflict(`a notice or dispute ${id} already exists`);
    return id;
  }
  for (let n = 1; ; n++) {
    const candidate = make(n);
    if (!(await repo.caseIdTaken(w.db, candidate))) return candidate;
  }
}

export interface RaiseInput {
  readonly subject: string;
  readonly amountInDisputePence?: number;
  /** Defaults to GC14-<contract>-<n>. */
  readonly disputeId?: string;
}

/** Raises a GC14 dispute under a contract, today, for the caller's side; it starts in escalated negotiation. */
export async function raiseGc14Dispute(ctx: Scope, ref: string, input: RaiseInput, options: { readonly actingAs?: Side } = {}): Promise<DisputeView> {
  const contract = await ctx.contract(ref);
  const by = await contractSide(ctx, 'dispute.raise', contract, options.actingAs);
  const on = today(ctx.clock);
  if (on < contract.startDate) throw conflict(`${contract.reference} starts on ${contract.startDate}: there is nothing under it to dispute yet`);
  const terms = await termsOf(ctx.db, contract);
  const pair = pairOf(contract);
  const id = await ctx.write([contractScope(contract.id)], async (w) => {
    const disputeId = await newCaseId(w, input.disputeId, (n) => `GC14-${contract.reference.replace(/\//g, '-')}-${String(n).padStart(2, '0')}`);
    const event: Gc14RaiseEvent = {
      type: 'raise', disputeId, by, on, contractReference: contract.reference, ...pair, edition: terms.edition, subject: input.subject,
      ...(input.amountInDisputePence !== undefined ? { amountInDisputePence: input.amountInDisputePence } : {}),
    };
    raiseDispute(event, rulesFor(terms));
    const rowId = randomUUID();
    await repo.insertGc14Event(w.db, {
      id: rowId, caseId: disputeId, seq: 1, contractId: contract.id, ...storedParts(event as unknown as Gc14RaiseEvent & Record<string, unknown>),
      recordedBy: w.actor.userId, recordedByOrganisation: w.actor.organisationCode, recordedAt: w.clock.now().toISOString(),
    });
    await w.record({ action: 'dispute.raise', entityType: 'dispute', entityId: disputeId, detail: { reference: contract.reference, by, on, subject: input.subject } }, [{ kind: 'gc14_event', id: rowId }]);
    return disputeId;
  });
  return getDispute(ctx, id);
}

/** Takes one GC14 step for the caller's side. */
export async function takeGc14Step(ctx: Scope, id: string, input: Gc14StepInput, options: { readonly actingAs?: Side } = {}): Promise<DisputeView> {
  const stored = await findGc14(ctx.db, id);
  if (!stored) throw notFound(`GC14 dispute ${id}`);
  const contract = await visibleContract(ctx, stored.contractId!, `GC14 dispute ${id}`);
  const by = actAs(ctx, 'dispute.step', stored.value, options.actingAs) as Side;
  if (!GC14_STEPS[input.type as keyof typeof GC14_STEPS]) throw invalid('type', `unknown GC14 step '${String(input.type)}'`);
  const event = { ...input, on: stepDate(ctx, input.type, input.on, GC14_STEPS_DATED_ELSEWHERE), by } as Gc14StepEvent;
  await ctx.write([contractScope(contract.id)], async (w) => {
    const fresh = (await findGc14(w.db, id))!;
    applyDisputeStep(fresh.value, event, fresh.rules);
    const rowId = randomUUID();
    const parts = storedParts(event as unknown as Gc14StepEvent & Record<string, unknown>);
    await repo.insertGc14Event(w.db, {
      id: rowId, caseId: id, seq: fresh.events.length + 1, contractId: contract.id, ...parts,
      recordedBy: w.actor.userId, recordedByOrganisation: w.actor.organisationCode, recordedAt: w.clock.now().toISOString(),
    });
    await w.record({ action: `dispute.${event.type}`, entityType: 'dispute', entityId: id, detail: { reference: contract.reference, ...parts } }, [{ kind: 'gc14_event', id: rowId }]);
  });
  return getDispute(ctx, id);
}

export interface ContractSettingOpenInput {
  /** The contract year in dispute, e.g. '2014/15'. */
  readonly contractYear: string;
  /** The contract it is about, when there is one (it must be between the pair). */
  readonly contractReference?: string;
  readonly issues: readonly DisputeIssue[];
  /** Defaults to CS-<commissioner>-<provider>-<year>. */
  readonly disputeId?: string;
}

/**
 * Opens a contract-setting dispute between a commissioner and a provider over a contract year, today,
 * for the caller's side. It runs on the contract's edition (its terms) or, with no contract, the
 * edition of the year.
 */
export async function openContractSetting(
  ctx: Scope, commissionerCode: string, providerCode: string, input: ContractSettingOpenInput, options: { readonly actingAs?: Acting } = {},
): Promise<DisputeView> {
  const pair = { commissionerCode, providerCode };
  requirePairVisible(ctx, pair);
  const orgs = await findOrganisations(ctx.db, [commissionerCode, providerCode]);
  if (!orgs.has(commissionerCode)) throw invalid('commissioner', `unknown organisation ${commissionerCode}`);
  if (!orgs.has(providerCode)) throw invalid('provider', `unknown organisation ${providerCode}`);
  const by = actAs(ctx, 'contract_setting.open', pair, options.actingAs);
  let contract: Contract | null = null;
  if (input.contractReference) {
    contract = await ctx.contract(input.contractReference).catch(() => null);
    const p = contract ? pairOf(contract) : null;
    if (!contract || p!.commissionerCode !== commissionerCode || p!.providerCode !== providerCode) {
      throw invalid('contractReference', `no contract ${input.contractReference} between ${commissionerCode} and ${providerCode} that you can see`);
    }
  }
  const terms = contract ? await termsOf(ctx.db, contract) : null;
  const edition = terms?.edition ?? input.contractYear.replace('-', '/');
  const rules = terms ? rulesFor(terms, edition) : relationshipRules(edition);
  const on = today(ctx.clock);
  const id = await ctx.write([relationshipScope(commissionerCode, providerCode)], async (w) => {
    const disputeId = await newCaseId(w, input.disputeId, (n) => `CS-${commissionerCode}-${providerCode}-${input.contractYear.replace('/', '-')}${n > 1 ? `-${n}` : ''}`);
    const event: ContractSettingOpenEvent = {
      type: 'open', disputeId, by, on, ...pair, contractYear: input.contractYear, edition, issues: input.issues,
      ...(contract ? { contractReference: contract.reference } : {}),
    };
    openContractSettingDispute(event, rules);
    const rowId = randomUUID();
    const parts = storedParts(event as unknown as ContractSettingOpenEvent & Record<string, unknown>);
    await repo.insertContractSettingEvent(w.db, {
      id: rowId, caseId: disputeId, seq: 1, ...pair, contractYear: input.contractYear, contractId: contract?.id ?? null, ...parts,
      recordedBy: w.actor.userId, recordedByOrganisation: w.actor.organisationCode, recordedAt: w.clock.now().toISOString(),
    });
    await w.record({ action: 'contract_setting.open', entityType: 'dispute', entityId: disputeId, detail: { ...pair, contractYear: input.contractYear, by, issues: input.issues.map((i) => i.id) } }, [{ kind: 'contract_setting_event', id: rowId }]);
    return disputeId;
  });
  return getDispute(ctx, id);
}

/**
 * Takes one contract-setting step for the caller's side. The arbitrator's determination is entered by
 * either party (or the regulator, by an import) and must be exactly one party's final offer.
 */
export async function takeContractSettingStep(ctx: Scope, id: string, input: ContractSettingStepInput, options: { readonly actingAs?: Acting } = {}): Promise<DisputeView> {
  const stored = await findContractSetting(ctx.db, id);
  if (!stored) throw notFound(`contract-setting dispute ${id}`);
  await visibleContractSetting(ctx, stored);
  const by = actAs(ctx, 'contract_setting.step', stored.value, options.actingAs);
  if (!CONTRACT_SETTING_STEPS[input.type as keyof typeof CONTRACT_SETTING_STEPS]) throw invalid('type', `unknown contract-setting step '${String(input.type)}'`);
  const event = { ...input, on: stepDate(ctx, input.type, input.on, CONTRACT_SETTING_STEPS_DATED_ELSEWHERE), by } as ContractSettingStepEvent;
  const d = stored.value;
  await ctx.write([relationshipScope(d.commissionerCode, d.providerCode)], async (w) => {
    const fresh = (await findContractSetting(w.db, id))!;
    applyContractSettingStep(fresh.value, event, fresh.rules);
    const rowId = randomUUID();
    const parts = storedParts(event as unknown as ContractSettingStepEvent & Record<string, unknown>);
    await repo.insertContractSettingEvent(w.db, {
      id: rowId, caseId: id, seq: fresh.events.length + 1, commissionerCode: d.commissionerCode, providerCode: d.providerCode, contractYear: d.contractYear,
      contractId: fresh.contractId, ...parts, recordedBy: w.actor.userId, recordedByOrganisation: w.actor.organisationCode, recordedAt: w.clock.now().toISOString(),
    });
    await w.record({ action: `contract_setting.${event.type}`, entityType: 'dispute', entityId: id, detail: parts }, [{ kind: 'contract_setting_event', id: rowId }]);
  });
  return getDispute(ctx, id);
}

/**
 * Checks that every notice and dispute on a contract still replays under new terms (refused naming
 * the case otherwise), for a change of the contract's management terms.
 */
export async function checkCasesUnder(w: Scope, contract: Contract, terms: ManagementTerms): Promise<void> {
  await checkNoticesUnder(w, contract, terms.overrides);
  const overrides: ContractRuleOverrides = terms.overrides;
  const replayAll = <E>(rows: readonly repo.EventRow[], replay: (events: E[], edition: string) => unknown, what: string) => {
    const byId = new Map<string, repo.EventRow[]>();
    for (const r of rows) byId.set(r.caseId, [...(byId.get(r.caseId) ?? []), r]);
    for (const [id, events] of byId) {
      try {
        replay(events.map((e) => domainEvent<E>(e)), String(events[0].payload.edition));
      } catch (e) {
        throw conflict(`${what} ${id} on ${contract.reference} would no longer stand under these rules (${(e as Error).message}); settle it first`);
      }
    }
  };
  replayAll<Gc14Event>(await repo.gc14Events(w.db, { contractIds: [contract.id] }), (ev, ed) => replayDispute(ev, relationshipRules(ed, overrides)), 'dispute');
  const cs = (await repo.contractSettingEvents(w.db, {})).filter((r) => r.contractId === contract.id);
  replayAll<ContractSettingEvent>(cs, (ev, ed) => replayContractSettingDispute(ev, relationshipRules(ed, overrides)), 'dispute');
}
