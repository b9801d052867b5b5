/**
 * FHIR R4 exports (issue 9 item 7; DESIGN.md C9): the registry as Organization resources (published
 * reference data, open without signing in) and a contract the caller may read as a Contract, carrying
 * the ocid of the procurement that awarded it.
 */

import type { Kysely } from 'kysely';
import { contractAsAt } from '../domain/contracts/contract.ts';
import { notFound } from '../domain/errors.ts';
import { organisationBundle, toFhirOrganization, type FhirBundle, type FhirOrganization } from '../domain/fhir/organization.ts';
import { toFhirContract, type FhirContract } from '../domain/fhir/contract.ts';
import * as contractsRepo from '../storage/repositories/contracts.ts';
import { findOrganisation, listOrganisations } from '../storage/repositories/organisations.ts';
import { procurementOfContract } from '../storage/repositories/procurements.ts';
import type { Database } from '../storage/schema.ts';
import type { Clock } from './clock.ts';
import { ukToday } from './procurement/uk-date.ts';
import type { Scope } from './scope.ts';

type Db = Kysely<Database>;

/** The registry (or part of it) as a FHIR collection Bundle of Organizations, `active` as at a date. */
export async function fhirOrganisations(db: Db, clock: Clock, f: { asAt?: string; kind?: string; search?: string; baseUrl?: string }): Promise<FhirBundle<FhirOrganization>> {
  const { items } = await listOrganisations(db, { kind: f.kind, search: f.search, limit: 1_000_000, offset: 0 });
  return { ...organisationBundle(items, f.asAt ?? ukToday(clock), f.baseUrl), timestamp: clock.now().toISOString() };
}

/** One registry organisation as a FHIR Organization. */
export async function fhirOrganisation(db: Db, clock: Clock, code: string, asAt?: string): Promise<FhirOrganization> {
  const org = await findOrganisation(db, code);
  if (!org) throw notFound(`organisation ${code}`);
  return toFhirOrganization(org, asAt ?? ukToday(clock));
}

/** A contract the caller may read, as a FHIR Contract (value and status as at today). */
export async function fhirContract(ctx: Scope, idOrReference: string): Promise<FhirContract> {
  const contract = await ctx.contract(idOrReference);
  const variations = await contractsRepo.variationsOf(ctx.db, contract.id);
  const now = contractAsAt(contract, variations, ukToday(ctx.clock));
  const link = await procurementOfContract(ctx.db, contract.id);
  return toFhirContract({
    id: contract.id, reference: contract.reference, title: now.title, status: now.status, startDate: contract.startDate, endDate: now.endDate,
    valuePence: now.valuePence, parties: contract.parties, ...(link ? { ocid: link.ocid } : {}),
  });
}
