import { randomUUID } from 'node:crypto';
import type {
  Contract, ContractModel, ContractParty, ContractStatus, ContractVersion, ExtensionOption, Variation, VariationChanges,
} from '../domain/contracts/contract.ts';
import { contractAsAt } from '../domain/contracts/contract.ts';
import { checkNewContract, checkVariation } from '../domain/contracts/validation.ts';
import { conflict, forbidden, invalid, invalidMany, notFound, type Issue } from '../domain/errors.ts';
import type { Organisation } from '../domain/registry/organisation.ts';
import { appendAudit } from '../storage/repositories/audit.ts';
import * as repo from '../storage/repositories/contracts.ts';
import { findOrganisations } from '../storage/repositories/organisations.ts';
import { existingServiceCodes, listServices } from '../storage/repositories/services.ts';
import { readsAcrossEconomy, requireWriter, type Actor } from './actor.ts';
import { today } from './clock.ts';
import type { Page, UseCaseContext } from './context.ts';

export function visibilityOf(actor: Actor): repo.Visibility {
  return readsAcrossEconomy(actor) ? null : { organisationCode: actor.organisationCode };
}

export interface PartyView extends ContractParty {
  readonly name: string;
  readonly kind: string | null;
  readonly sector: string | null;
}

export type ContractListItem = Omit<repo.ContractSummary, 'parties'> & { readonly parties: readonly PartyView[] };

async function withPartyNames<T extends { parties: readonly ContractParty[] }>(
  ctx: UseCaseContext,
  items: readonly T[],
): Promise<(Omit<T, 'parties'> & { parties: PartyView[] })[]> {
  const orgs = await findOrganisations(ctx.db, items.flatMap((i) => i.parties.map((p) => p.organisationCode)));
  const view = (p: ContractParty): PartyView => {
    const o: Organisation | undefined = orgs.get(p.organisationCode);
    return { ...p, name: o?.name ?? p.organisationCode, kind: o?.kind ?? null, sector: o?.sector ?? null };
  };
  return items.map((i) => ({ ...i, parties: i.parties.map(view) }));
}

export async function listContracts(
  ctx: UseCaseContext,
  f: Partial<Omit<repo.ContractFilter, 'asAt'>> & { asAt?: string },
): Promise<Page<ContractListItem>> {
  const limit = f.limit ?? 50;
  const offset = f.offset ?? 0;
  const { items, total } = await repo.listContracts(ctx.db, visibilityOf(ctx.actor), {
    ...f, asAt: f.asAt ?? today(ctx.clock), limit, offset,
  });
  return { items: await withPartyNames(ctx, items), total, limit, offset };
}

export interface VariationView extends Variation {
  /** The contract value once this variation (and every earlier one by effective date) applies. */
  readonly valueAfterPence: number;
}

export interface ContractDetail {
  readonly contract: Omit<Contract, 'parties'> & { readonly parties: readonly PartyView[] };
  readonly current: ContractVersion;
  readonly variations: readonly VariationView[];
  readonly services: readonly { code: string; name: string }[];
  readonly parent: { id: string; reference: string; title: string } | null;
  readonly subcontracts: readonly ContractListItem[];
}

async function loadVisible(ctx: UseCaseContext, idOrReference: string): Promise<Contract> {
  const c = await repo.findContract(ctx.db, visibilityOf(ctx.actor), idOrReference);
  // Not visible and not there look the same: a provider must not learn that another's contract exists.
  if (!c) throw notFound(`contract ${idOrReference}`);
  return c;
}

export async function getContract(ctx: UseCaseContext, idOrReference: string, asAt?: string): Promise<ContractDetail> {
  const contract = await loadVisible(ctx, idOrReference);
  const variations = await repo.variationsOf(ctx.db, contract.id);
  const date = asAt ?? today(ctx.clock);
  const [withNames] = await withPartyNames(ctx, [contract]);
  const allServices = await listServices(ctx.db);
  const serviceName = new Map(allServices.map((s) => [s.code, s.name]));
  const parent = contract.parentContractId
    ? await repo.findContract(ctx.db, visibilityOf(ctx.actor), contract.parentContractId)
    : undefined;
  const subcontracts = (await listContracts(ctx, { parent: contract.id, asAt: date, limit: 500 })).items;
  return {
    contract: withNames,
    current: contractAsAt(contract, variations, date),
    variations: variations.map((v) => ({
      ...v,
      valueAfterPence: contractAsAt(contract, variations.filter((x) => x.sequence <= v.sequence), '9999-12-31').valuePence,
    })),
    services: contract.serviceCodes.map((code) => ({ code, name: serviceName.get(code) ?? code })),
    parent: parent ? { id: parent.id, reference: parent.reference, title: parent.title } : null,
    subcontracts,
  };
}

export async function getContractAsAt(ctx: UseCaseContext, idOrReference: string, date: string): Promise<ContractVersion & { reference: string; id: string }> {
  const contract = await loadVisible(ctx, idOrReference);
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
  readonly status?: ContractStatus;
  readonly parties: readonly ContractParty[];
  readonly serviceCodes?: readonly string[];
}

const COMMISSIONING: ReadonlySet<string> = new Set(['coordinating_commissioner', 'associate_commissioner']);

/** Who may let a contract: its commissioners (or, for a subcontract, the prime as its co-ordinating party). */
function assertMayWrite(actor: Actor, parties: readonly ContractParty[]): void {
  requireWriter(actor);
  if (actor.role === 'admin') return;
  const mine = parties.some((p) => p.organisationCode === actor.organisationCode && COMMISSIONING.has(p.role));
  if (!mine) throw forbidden('only a commissioner party to the contract may let or vary it');
}

/**
 * Records a new contract with its parties and services, in one transaction with its audit record.
 * Every referenced organisation, service and parent contract must exist; nothing is written otherwise.
 */
export async function createContract(ctx: UseCaseContext, input: NewContractInput): Promise<ContractDetail> {
  checkNewContract(input);
  assertMayWrite(ctx.actor, input.parties);
  const id = randomUUID();
  await ctx.db.transaction().execute(async (trx) => {
    const issues: Issue[] = [];
    const orgs = await findOrganisations(trx, input.parties.map((p) => p.organisationCode));
    input.parties.forEach((p, i) => {
      if (!orgs.has(p.organisationCode)) {
        issues.push({ path: ['parties', i, 'organisationCode'], message: `unknown organisation "${p.organisationCode}"` });
      }
    });
    const services = input.serviceCodes ?? [];
    const known = await existingServiceCodes(trx, services);
    services.forEach((s, i) => {
      if (!known.has(s)) issues.push({ path: ['serviceCodes', i], message: `unknown service "${s}"` });
    });
    if (input.parentContractId) {
      const parent = await repo.findContract(trx, visibilityOf(ctx.actor), input.parentContractId);
      if (!parent) issues.push({ path: ['parentContractId'], message: `unknown contract "${input.parentContractId}"` });
      else if (ctx.actor.role !== 'admin' && !parent.parties.some((p) => p.role === 'provider' && p.organisationCode === ctx.actor.organisationCode)
        && !input.parties.some((p) => p.organisationCode === ctx.actor.organisationCode)) {
        issues.push({ path: ['parentContractId'], message: 'you are not the provider under that contract' });
      }
    }
    if (issues.length) throw invalidMany(issues);
    if (await repo.referenceExists(trx, input.reference)) throw conflict(`a contract with reference ${input.reference} already exists`);
    const now = ctx.clock.now().toISOString();
    const contract: Contract = {
      id,
      reference: input.reference,
      title: input.title,
      description: input.description ?? '',
      model: input.model,
      parentContractId: input.parentContractId ? (await repo.findContract(trx, null, input.parentContractId))!.id : null,
      startDate: input.startDate,
      endDate: input.endDate,
      extensionOptions: input.extensionOptions ?? [],
      signedValuePence: input.signedValuePence,
      status: input.status ?? 'draft',
      parties: input.parties,
      serviceCodes: [...new Set(services)].sort(),
      createdAt: now,
      createdBy: ctx.actor.userId,
    };
    await repo.insertContract(trx, contract);
    await appendAudit(trx, {
      at: now, userId: ctx.actor.userId, organisationCode: ctx.actor.organisationCode,
      action: 'contract.create', entityType: 'contract', entityId: id,
      detail: { reference: contract.reference, signedValuePence: contract.signedValuePence, parties: contract.parties },
    });
  });
  return getContract(ctx, id);
}

export interface NewVariationInput {
  readonly effectiveDate: string;
  readonly rationale: string;
  readonly valueChangePence: number;
  readonly changes?: VariationChanges;
}

/** Appends a variation. Earlier versions stay readable: nothing already recorded is changed. */
export async function addVariation(ctx: UseCaseContext, idOrReference: string, input: NewVariationInput): Promise<ContractDetail> {
  const contract = await loadVisible(ctx, idOrReference);
  assertMayWrite(ctx.actor, contract.parties);
  if (input.rationale.trim() === '') throw invalid('rationale', 'say why the contract is being varied');
  const changes = input.changes ?? {};
  await ctx.db.transaction().execute(async (trx) => {
    const variations = await repo.variationsOf(trx, contract.id);
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
    const known = await existingServiceCodes(trx, added);
    const unknown = added.findIndex((s) => !known.has(s));
    if (unknown >= 0) throw invalid(['changes', 'addServiceCodes', unknown], `unknown service "${added[unknown]}"`);
    const now = ctx.clock.now().toISOString();
    const variation: Variation = {
      id: randomUUID(),
      contractId: contract.id,
      sequence: variations.length + 1,
      effectiveDate: input.effectiveDate,
      rationale: input.rationale.trim(),
      valueChangePence: input.valueChangePence,
      changes,
      createdAt: now,
      createdBy: ctx.actor.userId,
    };
    await repo.insertVariation(trx, variation);
    await appendAudit(trx, {
      at: now, userId: ctx.actor.userId, organisationCode: ctx.actor.organisationCode,
      action: 'contract.vary', entityType: 'contract', entityId: contract.id,
      detail: { sequence: variation.sequence, effectiveDate: variation.effectiveDate, valueChangePence: variation.valueChangePence, changes },
    });
  });
  return getContract(ctx, contract.id);
}
