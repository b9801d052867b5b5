import { randomUUID } from 'node:crypto';
import type {
  Contract, ContractModel, ContractParty, ContractVersion, ExtensionOption, RecordedStatus, Variation, VariationChanges,
} from '../domain/contracts/contract.ts';
import { contractAsAt } from '../domain/contracts/contract.ts';
import { checkNewContract, checkVariation, partyKindIssues } from '../domain/contracts/validation.ts';
import { conflict, forbidden, invalid, invalidMany, notFound, type Issue } from '../domain/errors.ts';
import * as repo from '../storage/repositories/contracts.ts';
import { findOrganisations } from '../storage/repositories/organisations.ts';
import { existingServiceCodes } from '../storage/repositories/services.ts';
import { contractScope } from '../storage/ledger/sealed.ts';
import { today } from './clock.ts';
import { contractHistoryNames } from './people.ts';
import { linkImpactRun } from './impact/decisions.ts';
import type { Page } from './context.ts';
import type { Scope } from './scope.ts';
import { publishContractAmendments } from './procurement/publication.ts';
import { procurementOfContract } from '../storage/repositories/procurements.ts';

export interface PartyView extends ContractParty {
  readonly name: string;
  readonly kind: string | null;
  readonly sector: string | null;
}

export type ContractListItem = Omit<repo.ContractSummary, 'parties'> & { readonly parties: readonly PartyView[] };

/** Parties with their registry names (storage reads them with the contract, in the same query). */
function withPartyNames<T extends { parties: readonly ContractParty[] }>(items: readonly T[]): (Omit<T, 'parties'> & { parties: PartyView[] })[] {
  const view = (p: ContractParty & Partial<repo.PartyWithName>): PartyView => ({
    organisationCode: p.organisationCode, role: p.role, name: p.name ?? p.organisationCode, kind: p.kind ?? null, sector: p.sector ?? null,
  });
  return items.map((i) => ({ ...i, parties: i.parties.map(view) }));
}

export async function listContracts(
  ctx: Scope,
  f: Partial<Omit<repo.ContractFilter, 'asAt'>> & { asAt?: string },
): Promise<Page<ContractListItem>> {
  const limit = f.limit ?? 50;
  const offset = f.offset ?? 0;
  const { items, total } = await repo.listContracts(ctx.db, ctx.visibility, {
    ...f, asAt: f.asAt ?? today(ctx.clock), limit, offset,
  });
  return { items: withPartyNames(items), total, limit, offset };
}

export interface VariationView extends Variation {
  /** The contract value once this variation (and every earlier one by effective date) applies. */
  readonly valueAfterPence: number;
  /** Who recorded it, by name and organisation. */
  readonly createdByName: string;
}

/** Where each party stands on a contract let through Concordat. */
export interface AcceptanceView {
  /**
   * recorded: by an import or the demo, as agreed; awaiting: some parties have not yet decided;
   * agreed: every party accepted; declined: a party declined.
   */
  readonly state: 'recorded' | 'awaiting' | 'agreed' | 'declined';
  readonly letBy: string | null;
  readonly parties: readonly {
    readonly organisationCode: string;
    readonly name: string;
    readonly role: string;
    readonly decision: 'let' | 'accepted' | 'declined' | 'pending' | 'recorded';
    readonly decidedAt: string | null;
    readonly note: string;
  }[];
  /** For a subcontract: whether the parent contract's commissioner consented. */
  readonly subcontractConsent: { readonly state: 'given' | 'refused' | 'not_given'; readonly by: string | null; readonly at: string | null; readonly note: string } | null;
}

export interface ProposalView {
  readonly id: string;
  readonly effectiveDate: string;
  readonly rationale: string;
  readonly valueChangePence: number;
  readonly changes: VariationChanges;
  readonly proposedBy: string;
  readonly proposedByOrganisation: string;
  readonly proposedAt: string;
  readonly state: 'proposed' | 'agreed' | 'rejected' | 'withdrawn';
  readonly decidedByOrganisation: string | null;
  readonly decidedAt: string | null;
  readonly note: string;
  readonly variationSequence: number | null;
}

export interface ContractDetail {
  readonly contract: Omit<Contract, 'parties'> & { readonly parties: readonly PartyView[]; readonly createdByName: string };
  readonly current: ContractVersion;
  readonly variations: readonly VariationView[];
  readonly services: readonly { code: string; name: string }[];
  readonly parent: { id: string; reference: string; title: string } | null;
  readonly subcontracts: readonly ContractListItem[];
  readonly acceptance: AcceptanceView;
  readonly proposals: readonly ProposalView[];
  /** What the signed-in user may do to this contract now (the web shows only these actions). */
  readonly youMay: Readonly<Record<'accept' | 'consent' | 'vary' | 'propose' | 'decide' | 'setPaymentTerms' | 'submitActivity' | 'submitPlan', boolean>>;
  /** The procurement whose award created this contract, if one did (issue 9). */
  readonly procurement: { readonly id: string; readonly reference: string; readonly ocid: string; readonly awardedOn: string } | null;
}

function acceptanceView(contract: Contract, decisions: readonly repo.AcceptanceRow[], names: Map<string, string>): AcceptanceView {
  const consentRow = decisions.find((d) => d.capacity === 'subcontract_consent');
  const subcontractConsent = contract.model === 'subcontract'
    ? {
      state: consentRow ? (consentRow.decision === 'accepted' ? 'given' as const : 'refused' as const) : 'not_given' as const,
      by: consentRow?.organisationCode ?? null, at: consentRow?.decidedAt ?? null, note: consentRow?.note ?? '',
    }
    : null;
  if (contract.letByOrganisation === null) {
    return {
      state: 'recorded', letBy: null, subcontractConsent,
      parties: contract.parties.map((p) => ({ organisationCode: p.organisationCode, name: names.get(p.organisationCode) ?? p.organisationCode, role: p.role, decision: 'recorded', decidedAt: null, note: '' })),
    };
  }
  const parties = contract.parties.map((p) => {
    const d = decisions.find((x) => x.organisationCode === p.organisationCode && x.capacity === p.role);
    const decision = p.organisationCode === contract.letByOrganisation ? 'let' as const : d ? d.decision : 'pending' as const;
    return {
      organisationCode: p.organisationCode, name: names.get(p.organisationCode) ?? p.organisationCode, role: p.role, decision,
      decidedAt: p.organisationCode === contract.letByOrganisation ? contract.createdAt : d?.decidedAt ?? null, note: d?.note ?? '',
    };
  });
  const state = parties.some((p) => p.decision === 'declined') ? 'declined' : parties.some((p) => p.decision === 'pending') ? 'awaiting' : 'agreed';
  return { state, letBy: contract.letByOrganisation, parties, subcontractConsent };
}

function proposalView(p: repo.ProposalRow, variations: readonly Variation[]): ProposalView {
  const body = p.proposal as NewVariationInput;
  return {
    id: p.id, effectiveDate: body.effectiveDate, rationale: body.rationale, valueChangePence: body.valueChangePence, changes: body.changes ?? {},
    proposedBy: p.proposedBy, proposedByOrganisation: p.proposedByOrganisation, proposedAt: p.proposedAt,
    state: p.decision ? p.decision.decision : 'proposed',
    decidedByOrganisation: p.decision?.decidedByOrganisation ?? null, decidedAt: p.decision?.decidedAt ?? null, note: p.decision?.note ?? '',
    variationSequence: p.decision?.variationId ? variations.find((v) => v.id === p.decision!.variationId)?.sequence ?? null : null,
  };
}

export async function getContract(ctx: Scope, idOrReference: string, asAt?: string): Promise<ContractDetail> {
  const contract = await ctx.contract(idOrReference);
  const date = asAt ?? today(ctx.clock);
  // Every read at once, given the contract: on PostgreSQL they use several connections together.
  const decisionsRead = repo.acceptancesOf(ctx.db, contract.id);
  const [variations, [withNames], services, parent, subcontracts, proposals, may, decisions, people, link] = await Promise.all([
    repo.variationsOf(ctx.db, contract.id),
    Promise.resolve(withPartyNames([contract])),
    servicesNamed(ctx, contract.serviceCodes),
    contract.parentContractId ? repo.findContract(ctx.db, ctx.visibility, contract.parentContractId) : Promise.resolve(undefined),
    listContracts(ctx, { parent: contract.id, asAt: date, limit: 500 }).then((p) => p.items),
    repo.proposalsOf(ctx.db, contract.id),
    decisionsRead.then((d) =>
      ctx.mayEach(['contract.accept', 'subcontract.consent', 'contract.vary', 'variation.propose', 'variation.decide', 'payment_terms.set', 'activity.submit', 'plan.submit'], contract, d)),
    decisionsRead,
    contractHistoryNames(ctx, contract.id, [contract.createdBy]),
    procurementOfContract(ctx.db, contract.id),
  ]);
  const names = new Map(withNames.parties.map((p) => [p.organisationCode, p.name]));
  const acceptance = acceptanceView(contract, decisions, names);
  const agreed = acceptance.state === 'recorded' || acceptance.state === 'agreed';
  return {
    contract: { ...withNames, createdByName: people.get(contract.createdBy) ?? contract.createdBy },
    current: contractAsAt(contract, variations, date),
    variations: variations.map((v) => ({
      ...v,
      valueAfterPence: contractAsAt(contract, variations.filter((x) => x.sequence <= v.sequence), '9999-12-31').valuePence,
      createdByName: people.get(v.createdBy) ?? v.createdBy,
    })),
    services: contract.serviceCodes.map((code) => ({ code, name: services.get(code) ?? code })),
    parent: parent ? { id: parent.id, reference: parent.reference, title: parent.title } : null,
    subcontracts,
    acceptance,
    proposals: proposals.map((p) => proposalView(p, variations)),
    youMay: {
      accept: may['contract.accept'],
      consent: contract.model === 'subcontract' && acceptance.subcontractConsent?.state === 'not_given' && may['subcontract.consent'],
      vary: may['contract.vary'], propose: may['variation.propose'], decide: may['variation.decide'], setPaymentTerms: may['payment_terms.set'],
      submitActivity: may['activity.submit'] && agreed, submitPlan: may['plan.submit'],
    },
    procurement: link ? { id: link.procurementId, reference: link.procurementReference, ocid: link.ocid, awardedOn: link.awardedOn } : null,
  };
}

/** The names of the given services. */
async function servicesNamed(ctx: Scope, codes: readonly string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await ctx.db.selectFrom('services').select(['code', 'name']).where('code', 'in', [...codes]).execute();
  return new Map(rows.map((r) => [r.code, r.name]));
}

export async function getContractAsAt(ctx: Scope, idOrReference: string, date: string): Promise<ContractVersion & { reference: string; id: string }> {
  const contract = await ctx.contract(idOrReference);
  const variations = await repo.variationsOf(ctx.db, contract.id);
  return { id: contract.id, reference: contract.reference, ...contractAsAt(contract, variations, date) };
}

export interface NewContractInput {
  readonly reference: string;
  readonly title: string;
  readonly description?: string;
  readonly model: ContractModel;
  readonly parentContractId?: string | null;
  readonly startDate: string;
  readonly endDate: string;
  readonly extensionOptions?: readonly ExtensionOption[];
  readonly signedValuePence: number;
  /** Only an import or the demo records a status; a contract let by a user is a draft until accepted. */
  readonly status?: RecordedStatus;
  readonly parties: readonly ContractParty[];
  readonly serviceCodes?: readonly string[];
}

/**
 * Lets a new contract (or, for the system, records one). A user's organisation must be the
 * co-ordinating commissioner (for a subcontract: the provider under the parent contract, as the
 * subcontract's co-ordinating party); the contract is a draft until every other party accepts it.
 * Every referenced organisation, service and parent contract must exist and each party must be the
 * right kind of organisation for its role; nothing is written otherwise.
 */
export async function createContract(ctx: Scope, input: NewContractInput): Promise<ContractDetail> {
  checkNewContract(input);
  if (!ctx.isSystem && (input.status ?? 'draft') !== 'draft') {
    throw invalid('status', 'a contract you let is a draft until every other party accepts it; leave the status out');
  }
  const parent = input.parentContractId ? await repo.findContract(ctx.db, ctx.visibility, input.parentContractId) : undefined;
  if (input.parentContractId && !parent) throw invalid('parentContractId', `unknown contract "${input.parentContractId}"`);
  const id = randomUUID();
  const now = ctx.clock.now().toISOString();
  const contract: Contract = {
    id,
    reference: input.reference,
    title: input.title,
    description: input.description ?? '',
    model: input.model,
    parentContractId: parent?.id ?? null,
    startDate: input.startDate,
    endDate: input.endDate,
    extensionOptions: input.extensionOptions ?? [],
    signedValuePence: input.signedValuePence,
    status: ctx.isSystem ? input.status ?? 'draft' : 'draft',
    parties: input.parties,
    serviceCodes: [...new Set(input.serviceCodes ?? [])].sort(),
    createdAt: now,
    createdBy: ctx.actor.userId,
    letByOrganisation: ctx.isSystem ? null : ctx.actor.organisationCode,
  };
  // The rights table decides on the contract as it would stand: the caller's organisation must hold
  // the letting capacity on it.
  await ctx.require(input.model === 'subcontract' ? 'subcontract.create' : 'contract.create', contract);
  if (!ctx.isSystem && !input.parties.some((p) => p.role === 'coordinating_commissioner' && p.organisationCode === ctx.actor.organisationCode)) {
    throw forbidden('name your own organisation as the co-ordinating commissioner (for a subcontract, the co-ordinating party): you cannot let a contract in another organisation\'s name');
  }
  await ctx.write([contractScope(id)], async (w) => {
    const issues: Issue[] = [];
    const orgs = await findOrganisations(w.db, input.parties.map((p) => p.organisationCode));
    input.parties.forEach((p, i) => {
      if (!orgs.has(p.organisationCode)) issues.push({ path: ['parties', i, 'organisationCode'], message: `unknown organisation "${p.organisationCode}"` });
    });
    issues.push(...partyKindIssues(input.model, input.parties, (code) => orgs.get(code)?.kind));
    const known = await existingServiceCodes(w.db, contract.serviceCodes);
    (input.serviceCodes ?? []).forEach((s, i) => {
      if (!known.has(s)) issues.push({ path: ['serviceCodes', i], message: `unknown service "${s}"` });
    });
    if (issues.length) throw invalidMany(issues);
    if (await repo.referenceExists(w.db, input.reference)) throw conflict(`a contract with reference ${input.reference} already exists`);
    await repo.insertContract(w.db, contract);
    await w.record({
      action: 'contract.create', entityType: 'contract', entityId: id,
      detail: { reference: contract.reference, signedValuePence: contract.signedValuePence, parties: contract.parties, letBy: contract.letByOrganisation },
    }, [{ kind: 'contract', id }]);
  });
  return getContract(ctx, id);
}

export interface AcceptanceInput {
  readonly decision: 'accepted' | 'declined';
  readonly note?: string;
}

/**
 * A party named on a draft contract accepts or declines it for its organisation. When the last
 * party accepts, the contract is agreed (a variation records it, so the history shows when); it
 * reads as live within its term.
 */
export async function decideAcceptance(ctx: Scope, idOrReference: string, input: AcceptanceInput): Promise<ContractDetail> {
  const contract = await ctx.contract(idOrReference);
  const decided = (await repo.acceptancesOf(ctx.db, contract.id)).find((d) => d.organisationCode === ctx.actor.organisationCode && d.capacity !== 'subcontract_consent');
  if (decided) throw conflict(`your organisation already ${decided.decision} ${contract.reference} on ${decided.decidedAt.slice(0, 10)}`);
  await ctx.require('contract.accept', contract);
  if (input.decision === 'declined' && !(input.note ?? '').trim()) throw invalid('note', 'say why your organisation declines the contract');
  await ctx.write([contractScope(contract.id)], async (w) => {
    const mine = (await w.pendingParties(contract)).filter((p) => p.organisationCode === ctx.actor.organisationCode);
    if (mine.length === 0) throw conflict('your organisation has already decided on this contract');
    const now = ctx.clock.now().toISOString();
    const ids: string[] = [];
    for (const p of mine) {
      const id = randomUUID();
      await repo.insertAcceptance(w.db, {
        id, contractId: contract.id, organisationCode: p.organisationCode, capacity: p.role, decision: input.decision,
        note: (input.note ?? '').trim(), decidedBy: ctx.actor.userId, decidedAt: now,
      });
      ids.push(id);
    }
    await w.record({
      action: input.decision === 'accepted' ? 'contract.accept' : 'contract.decline', entityType: 'contract', entityId: contract.id,
      detail: { reference: contract.reference, organisationCode: ctx.actor.organisationCode, note: input.note ?? '' },
    }, ids.map((id) => ({ kind: 'contract_acceptance' as const, id })));
    const decided = await repo.acceptancesOf(w.db, contract.id);
    const stillPending = await w.pendingParties(contract);
    if (input.decision === 'accepted' && stillPending.length === 0 && decided.every((d) => d.decision === 'accepted')) {
      const variations = await repo.variationsOf(w.db, contract.id);
      const latest = contractAsAt(contract, variations, '9999-12-31', { recordedStatusOnly: true });
      if (latest.status === 'draft') {
        const variation: Variation = {
          id: randomUUID(), contractId: contract.id, sequence: variations.length + 1,
          // Agreed before the term starts: from that day (it reads as not started until the start).
          // Agreed once the term has begun (a contract entered after the event): from the start, so
          // the term reads as live throughout; the rationale keeps the day it was agreed.
          effectiveDate: now.slice(0, 10) < contract.startDate ? now.slice(0, 10) : contract.startDate,
          rationale: `Agreed by every party (${contract.parties.map((p) => p.organisationCode).join(', ')}) on ${now.slice(0, 10)}`,
          valueChangePence: 0, changes: { status: 'agreed' }, createdAt: now, createdBy: ctx.actor.userId,
        };
        await repo.insertVariation(w.db, variation);
        await w.record({
          action: 'contract.agree', entityType: 'contract', entityId: contract.id,
          detail: { reference: contract.reference, sequence: variation.sequence },
        }, [{ kind: 'variation', id: variation.id }]);
      }
    }
  });
  return getContract(ctx, contract.id);
}

/** The parent contract's commissioner consents to a subcontract under it, or refuses. */
export async function decideSubcontractConsent(ctx: Scope, idOrReference: string, input: AcceptanceInput): Promise<ContractDetail> {
  const contract = await ctx.contract(idOrReference, 'subcontract.consent');
  if (contract.model !== 'subcontract') throw invalid('contract', `${contract.reference} is not a subcontract`);
  if (input.decision === 'declined' && !(input.note ?? '').trim()) throw invalid('note', 'say why consent is refused');
  await ctx.write([contractScope(contract.id)], async (w) => {
    const id = randomUUID();
    await repo.insertAcceptance(w.db, {
      id, contractId: contract.id, organisationCode: ctx.actor.organisationCode, capacity: 'subcontract_consent', decision: input.decision,
      note: (input.note ?? '').trim(), decidedBy: ctx.actor.userId, decidedAt: ctx.clock.now().toISOString(),
    });
    await w.record({
      action: input.decision === 'accepted' ? 'subcontract.consent' : 'subcontract.refuse', entityType: 'contract', entityId: contract.id,
      detail: { reference: contract.reference, note: input.note ?? '' },
    }, [{ kind: 'contract_acceptance', id }]);
  });
  return getContract(ctx, contract.id);
}

export interface NewVariationInput {
  readonly effectiveDate: string;
  readonly rationale: string;
  readonly valueChangePence: number;
  readonly changes?: VariationChanges;
  /** The impact run shown first ("show the impact first", impact/decisions.ts), kept with the decision. */
  readonly impactRunId?: string;
}

/** Checks a variation against the contract as it stands (in the caller's transaction). */
async function checkAgainstContract(w: Scope, contract: Contract, input: NewVariationInput): Promise<Variation[]> {
  if (input.rationale.trim() === '') throw invalid('rationale', 'say why the contract is being varied');
  const changes = input.changes ?? {};
  const variations = await repo.variationsOf(w.db, contract.id);
  const before = contractAsAt(contract, variations, input.effectiveDate);
  const latest = contractAsAt(contract, variations, '9999-12-31', { recordedStatusOnly: true });
  checkVariation({
    contractStart: contract.startDate,
    currentStatus: latest.status,
    valueBefore: Math.min(before.valuePence, latest.valuePence),
    effectiveDate: input.effectiveDate,
    valueChangePence: input.valueChangePence,
    changes,
  });
  const added = [...(changes.addServiceCodes ?? [])];
  const known = await existingServiceCodes(w.db, added);
  const unknown = added.findIndex((s) => !known.has(s));
  if (unknown >= 0) throw invalid(['changes', 'addServiceCodes', unknown], `unknown service "${added[unknown]}"`);
  return variations;
}

/** Appends a variation under the contract's lock, so numbers run 1, 2, 3 with no gap or clash. */
async function appendVariation(w: Scope, contract: Contract, input: NewVariationInput, detail: Record<string, unknown>): Promise<Variation> {
  const variations = await checkAgainstContract(w, contract, input);
  const now = w.clock.now().toISOString();
  const variation: Variation = {
    id: randomUUID(),
    contractId: contract.id,
    sequence: variations.length + 1,
    effectiveDate: input.effectiveDate,
    rationale: input.rationale.trim(),
    valueChangePence: input.valueChangePence,
    changes: input.changes ?? {},
    createdAt: now,
    createdBy: w.actor.userId,
  };
  await repo.insertVariation(w.db, variation);
  // A contract an award created publishes the variation as an OCDS contractAmendment (issue 9).
  const amendment = await publishContractAmendments(w, contract.id);
  await w.record({
    action: 'contract.vary', entityType: 'contract', entityId: contract.id,
    detail: { sequence: variation.sequence, effectiveDate: variation.effectiveDate, valueChangePence: variation.valueChangePence, changes: variation.changes, ...detail },
  }, [{ kind: 'variation', id: variation.id }, ...(amendment?.releaseIds ?? []).map((id) => ({ kind: 'ocds_release' as const, id }))]);
  return variation;
}

/** Records a variation (the co-ordinating commissioner). Earlier versions stay readable: nothing recorded is changed. */
export async function addVariation(ctx: Scope, idOrReference: string, input: NewVariationInput): Promise<ContractDetail> {
  const contract = await ctx.contract(idOrReference, 'contract.vary');
  await ctx.write([contractScope(contract.id)], async (w) => {
    const v = await appendVariation(w, contract, input, input.impactRunId ? { impactRunId: input.impactRunId } : {});
    if (input.impactRunId) await linkImpactRun(w, input.impactRunId, { kind: 'variation', id: v.id, contractId: contract.id });
  });
  return getContract(ctx, contract.id);
}

/** A provider (or associate commissioner) proposes a variation for the co-ordinating commissioner to decide. */
export async function proposeVariation(ctx: Scope, idOrReference: string, input: NewVariationInput): Promise<ContractDetail> {
  const contract = await ctx.contract(idOrReference, 'variation.propose');
  await ctx.write([contractScope(contract.id)], async (w) => {
    await checkAgainstContract(w, contract, input);
    const id = randomUUID();
    await repo.insertProposal(w.db, {
      id, contractId: contract.id, proposal: { ...input, rationale: input.rationale.trim(), changes: input.changes ?? {} },
      proposedBy: ctx.actor.userId, proposedByOrganisation: ctx.actor.organisationCode, proposedAt: ctx.clock.now().toISOString(),
    });
    await w.record({ action: 'variation.propose', entityType: 'contract', entityId: contract.id, detail: { proposalId: id, ...input } }, [{ kind: 'variation_proposal', id }]);
    if (input.impactRunId) await linkImpactRun(w, input.impactRunId, { kind: 'variation_proposal', id, contractId: contract.id });
  });
  return getContract(ctx, contract.id);
}

export interface ProposalDecisionInput {
  readonly decision: 'agreed' | 'rejected' | 'withdrawn';
  readonly note?: string;
}

/**
 * Decides a proposed variation: the co-ordinating commissioner agrees it (it is appended as the
 * next variation) or rejects it; the proposing organisation may withdraw it while it is undecided.
 */
export async function decideProposal(ctx: Scope, idOrReference: string, proposalId: string, input: ProposalDecisionInput): Promise<ContractDetail> {
  const contract = await ctx.contract(idOrReference, input.decision === 'withdrawn' ? 'variation.propose' : 'variation.decide');
  if (input.decision === 'rejected' && !(input.note ?? '').trim()) throw invalid('note', 'say why the variation is rejected');
  await ctx.write([contractScope(contract.id)], async (w) => {
    const [proposal] = await repo.proposalsOf(w.db, contract.id, proposalId);
    if (!proposal) throw notFound(`proposed variation ${proposalId}`);
    if (proposal.decision) throw conflict(`this proposed variation was already ${proposal.decision.decision}`);
    if (input.decision === 'withdrawn' && proposal.proposedByOrganisation !== ctx.actor.organisationCode) {
      throw forbidden('only the organisation that proposed a variation may withdraw it');
    }
    const proposed = proposal.proposal as NewVariationInput;
    const variation = input.decision === 'agreed'
      ? await appendVariation(w, contract, proposed, { proposalId, proposedBy: proposal.proposedByOrganisation, ...(proposed.impactRunId ? { impactRunId: proposed.impactRunId } : {}) })
      : null;
    if (variation && proposed.impactRunId) await linkImpactRun(w, proposed.impactRunId, { kind: 'variation', id: variation.id, contractId: contract.id });
    await repo.insertProposalDecision(w.db, proposalId, {
      decision: input.decision, note: (input.note ?? '').trim(), variationId: variation?.id ?? null, decidedBy: ctx.actor.userId,
      decidedByOrganisation: ctx.actor.organisationCode, decidedAt: ctx.clock.now().toISOString(),
    });
    await w.record({
      action: `variation.${input.decision === 'agreed' ? 'agree' : input.decision === 'rejected' ? 'reject' : 'withdraw'}`, entityType: 'contract', entityId: contract.id,
      detail: { proposalId, note: input.note ?? '', sequence: variation?.sequence ?? null },
    }, [{ kind: 'variation_decision', id: proposalId }]);
  });
  return getContract(ctx, contract.id);
}
