/**
 * Procurements, their event logs and published OCDS releases, the contracts awards created,
 * stage-gate schemes, and imported OCDS notices. Event logs, releases, links, imports and imported
 * releases are only ever inserted (the database refuses anything else, migration 0005); the
 * `procurements`, `schemes` and `imported_procurements` rows are caches of what their logs say now.
 */

import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database>;

/** An event as stored: who, when, and the rest of it as JSON. */
export interface StoredEvent {
  readonly sequence: number;
  readonly type: string;
  readonly on: string;
  readonly by: { readonly organisationCode: string; readonly role: string; readonly name?: string };
  readonly userId: string;
  readonly recordedAt: string;
  /** The event's own fields besides type, on and by. */
  readonly payload: Record<string, unknown>;
}

export interface ProcurementRow {
  readonly id: string;
  readonly reference: string;
  readonly ocid: string;
  readonly route: string;
  readonly leadOrganisationCode: string;
  readonly title: string;
  readonly state: string;
  readonly lastSequence: number;
  readonly openedOn: string;
  readonly lastStepOn: string;
  readonly noticesPublished: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function toProcurement(r: Record<string, unknown>): ProcurementRow {
  return {
    id: r.id as string,
    reference: r.reference as string,
    ocid: r.ocid as string,
    route: r.route as string,
    leadOrganisationCode: r.lead_organisation_code as string,
    title: r.title as string,
    state: r.state as string,
    lastSequence: Number(r.last_sequence),
    openedOn: r.opened_on as string,
    lastStepOn: r.last_step_on as string,
    noticesPublished: Number(r.notices_published),
    createdAt: r.created_at as string,
    updatedAt: r.updated_at as string,
  };
}

// ---- procurements ---------------------------------------------------------------------------------

export async function procurementExists(db: Db, id: string, reference: string): Promise<'id' | 'reference' | null> {
  const row = await db.selectFrom('procurements').select(['id', 'reference'])
    .where((eb) => eb.or([eb('id', '=', id), eb('reference', '=', reference)])).executeTakeFirst();
  return !row ? null : row.id === id ? 'id' : 'reference';
}

export async function insertProcurement(db: Db, p: ProcurementRow): Promise<void> {
  await db.insertInto('procurements').values({
    id: p.id, reference: p.reference, ocid: p.ocid, route: p.route, lead_organisation_code: p.leadOrganisationCode, title: p.title,
    state: p.state, last_sequence: p.lastSequence, opened_on: p.openedOn, last_step_on: p.lastStepOn, notices_published: p.noticesPublished,
    created_at: p.createdAt, updated_at: p.updatedAt,
  }).execute();
}

/** The cache of what the log says now (state, title, last step, notices). */
export async function updateProcurementCache(db: Db, id: string, c: Pick<ProcurementRow, 'state' | 'title' | 'lastSequence' | 'lastStepOn' | 'noticesPublished' | 'updatedAt'>): Promise<void> {
  await db.updateTable('procurements').set({
    state: c.state, title: c.title, last_sequence: c.lastSequence, last_step_on: c.lastStepOn, notices_published: c.noticesPublished, updated_at: c.updatedAt,
  }).where('id', '=', id).execute();
}

export async function findProcurement(db: Db, idOrReference: string): Promise<ProcurementRow | undefined> {
  const row = await db.selectFrom('procurements').selectAll()
    .where((eb) => eb.or([eb('id', '=', idOrReference), eb('reference', '=', idOrReference), eb('ocid', '=', idOrReference)]))
    .executeTakeFirst();
  return row ? toProcurement(row) : undefined;
}

/**
 * Procurements visible to an organisation: those it is named on, and those that have published a
 * notice (public from then on). `null` is everyone's (system and administrator users).
 */
export async function listProcurements(db: Db, organisationCode: string | null): Promise<(ProcurementRow & { named: boolean })[]> {
  let q = db.selectFrom('procurements as p').selectAll('p');
  if (organisationCode !== null) {
    q = q.where((eb) => eb.or([
      eb('p.notices_published', '>', 0),
      eb.exists(eb.selectFrom('procurement_parties as pp').select('pp.procurement_id')
        .whereRef('pp.procurement_id', '=', 'p.id').where('pp.organisation_code', '=', organisationCode)),
    ]));
  }
  const rows = await q.orderBy('p.opened_on', 'desc').orderBy('p.id').execute();
  const named = organisationCode === null || rows.length === 0 ? new Set<string>() : new Set(
    (await db.selectFrom('procurement_parties').select('procurement_id').where('organisation_code', '=', organisationCode)
      .where('procurement_id', 'in', rows.map((r) => r.id)).execute()).map((r) => r.procurement_id),
  );
  return rows.map((r) => ({ ...toProcurement(r), named: named.has(r.id) }));
}

/** Names organisations on a procurement (idempotent: a capacity is recorded once). */
export async function addProcurementParties(db: Db, procurementId: string, parties: readonly { organisationCode: string; capacity: string }[]): Promise<void> {
  if (parties.length === 0) return;
  await db.insertInto('procurement_parties')
    .values(parties.map((p) => ({ procurement_id: procurementId, organisation_code: p.organisationCode, capacity: p.capacity })))
    .onConflict((oc) => oc.doNothing()).execute();
}

// ---- event logs (procurements and schemes share the shape) ---------------------------------------

function toEvent(r: { sequence: number; type: string; on_date: string; actor_organisation_code: string; actor_role: string; actor_name: string | null; user_id: string; recorded_at: string; payload: unknown }): StoredEvent {
  return {
    sequence: r.sequence, type: r.type, on: r.on_date, userId: r.user_id, recordedAt: r.recorded_at,
    by: { organisationCode: r.actor_organisation_code, role: r.actor_role, ...(r.actor_name ? { name: r.actor_name } : {}) },
    payload: r.payload as Record<string, unknown>,
  };
}

export async function procurementEvents(db: Db, procurementId: string): Promise<StoredEvent[]> {
  const rows = await db.selectFrom('procurement_events').selectAll().where('procurement_id', '=', procurementId).orderBy('sequence').execute();
  return rows.map(toEvent);
}

export async function insertProcurementEvents(db: Db, procurementId: string, events: readonly StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.insertInto('procurement_events').values(events.map((e) => ({
    procurement_id: procurementId, sequence: e.sequence, type: e.type, on_date: e.on, actor_organisation_code: e.by.organisationCode,
    actor_role: e.by.role, actor_name: e.by.name ?? null, user_id: e.userId, payload: JSON.stringify(e.payload), recorded_at: e.recordedAt,
  }))).execute();
}

// ---- OCDS releases ---------------------------------------------------------------------------------

export interface StoredRelease {
  readonly id: string;
  readonly ocid: string;
  readonly procurementId: string;
  readonly releaseDate: string;
  readonly tags: readonly string[];
  readonly release: Record<string, unknown>;
  readonly publishedAt: string;
}

function toRelease(r: { id: string; ocid: string; procurement_id: string; release_date: string; tags: unknown; release: unknown; published_at: string }): StoredRelease {
  return { id: r.id, ocid: r.ocid, procurementId: r.procurement_id, releaseDate: r.release_date, tags: r.tags as string[], release: r.release as Record<string, unknown>, publishedAt: r.published_at };
}

/** Ids of the given releases already published. */
export async function publishedReleaseIds(db: Db, ids: readonly string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('ocds_releases').select('id').where('id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => r.id));
}

export async function insertReleases(db: Db, releases: readonly StoredRelease[]): Promise<void> {
  if (releases.length === 0) return;
  await db.insertInto('ocds_releases').values(releases.map((r) => ({
    id: r.id, ocid: r.ocid, procurement_id: r.procurementId, release_date: r.releaseDate, tags: JSON.stringify(r.tags),
    release: JSON.stringify(r.release), published_at: r.publishedAt,
  }))).execute();
}

export async function findRelease(db: Db, id: string): Promise<StoredRelease | undefined> {
  const r = await db.selectFrom('ocds_releases').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toRelease(r) : undefined;
}

export async function releasesOfOcid(db: Db, ocid: string): Promise<StoredRelease[]> {
  const rows = await db.selectFrom('ocds_releases').selectAll().where('ocid', '=', ocid).orderBy('release_date').orderBy('id').execute();
  return rows.map(toRelease);
}

/**
 * One page of the public feed: releases with from <= date <= to, strictly after the (date, id)
 * cursor, ordered by (date, id). Keyset pagination on the (release_date, id) index, so a release
 * published while someone pages never shifts a page.
 */
export async function releaseFeed(db: Db, q: { from?: string; to?: string; after?: { date: string; id: string }; limit: number }): Promise<StoredRelease[]> {
  let query = db.selectFrom('ocds_releases').selectAll();
  if (q.from) query = query.where('release_date', '>=', q.from);
  if (q.to) query = query.where('release_date', '<=', q.to);
  if (q.after) {
    const after = q.after;
    query = query.where((eb) => eb.or([
      eb('release_date', '>', after.date),
      eb.and([eb('release_date', '=', after.date), eb('id', '>', after.id)]),
    ]));
  }
  const rows = await query.orderBy('release_date').orderBy('id').limit(q.limit).execute();
  return rows.map(toRelease);
}

// ---- contracts created by awards ---------------------------------------------------------------------

export interface ContractLink {
  readonly contractId: string;
  readonly contractReference: string;
  readonly procurementId: string;
  readonly procurementReference: string;
  readonly ocid: string;
  readonly awardSequence: number;
  readonly providerCode: string;
  readonly awardedOn: string;
}

export async function insertContractLink(db: Db, l: { contractId: string; procurementId: string; awardSequence: number; providerCode: string; awardedOn: string; linkedAt: string }): Promise<void> {
  await db.insertInto('procurement_contracts').values({
    contract_id: l.contractId, procurement_id: l.procurementId, award_sequence: l.awardSequence, provider_code: l.providerCode, awarded_on: l.awardedOn, linked_at: l.linkedAt,
  }).execute();
}

function linkQuery(db: Db) {
  return db.selectFrom('procurement_contracts as l')
    .innerJoin('contracts as c', 'c.id', 'l.contract_id')
    .innerJoin('procurements as p', 'p.id', 'l.procurement_id')
    .select(['l.contract_id', 'c.reference as contract_reference', 'l.procurement_id', 'p.reference as procurement_reference', 'p.ocid', 'l.award_sequence', 'l.provider_code', 'l.awarded_on']);
}

function toLink(r: { contract_id: string; contract_reference: string; procurement_id: string; procurement_reference: string; ocid: string; award_sequence: number; provider_code: string; awarded_on: string }): ContractLink {
  return {
    contractId: r.contract_id, contractReference: r.contract_reference, procurementId: r.procurement_id, procurementReference: r.procurement_reference,
    ocid: r.ocid, awardSequence: r.award_sequence, providerCode: r.provider_code, awardedOn: r.awarded_on,
  };
}

export async function contractsOfProcurement(db: Db, procurementId: string): Promise<ContractLink[]> {
  return (await linkQuery(db).where('l.procurement_id', '=', procurementId).orderBy('l.award_sequence').execute()).map(toLink);
}

export async function procurementOfContract(db: Db, contractId: string): Promise<ContractLink | undefined> {
  const r = await linkQuery(db).where('l.contract_id', '=', contractId).executeTakeFirst();
  return r ? toLink(r) : undefined;
}

// ---- stage-gate schemes ----------------------------------------------------------------------------

export interface SchemeRow {
  readonly id: string;
  readonly title: string;
  readonly leadOrganisationCode: string;
  readonly state: string;
  readonly lastSequence: number;
  readonly createdAt: string;
  readonly updatedAt: string;
}

function toScheme(r: { id: string; title: string; lead_organisation_code: string; state: string; last_sequence: number; created_at: string; updated_at: string }): SchemeRow {
  return { id: r.id, title: r.title, leadOrganisationCode: r.lead_organisation_code, state: r.state, lastSequence: r.last_sequence, createdAt: r.created_at, updatedAt: r.updated_at };
}

export async function insertScheme(db: Db, s: SchemeRow): Promise<void> {
  await db.insertInto('schemes').values({
    id: s.id, title: s.title, lead_organisation_code: s.leadOrganisationCode, state: s.state, last_sequence: s.lastSequence, created_at: s.createdAt, updated_at: s.updatedAt,
  }).execute();
}

export async function updateSchemeCache(db: Db, id: string, c: Pick<SchemeRow, 'state' | 'lastSequence' | 'updatedAt'>): Promise<void> {
  await db.updateTable('schemes').set({ state: c.state, last_sequence: c.lastSequence, updated_at: c.updatedAt }).where('id', '=', id).execute();
}

export async function findScheme(db: Db, id: string): Promise<SchemeRow | undefined> {
  const r = await db.selectFrom('schemes').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? toScheme(r) : undefined;
}

/** Schemes an organisation leads or signs for (every scheme for `null`). */
export async function listSchemes(db: Db, organisationCode: string | null): Promise<SchemeRow[]> {
  let q = db.selectFrom('schemes as s').selectAll('s');
  if (organisationCode !== null) {
    q = q.where((eb) => eb.exists(eb.selectFrom('scheme_parties as sp').select('sp.scheme_id')
      .whereRef('sp.scheme_id', '=', 's.id').where('sp.organisation_code', '=', organisationCode)));
  }
  return (await q.orderBy('s.created_at', 'desc').orderBy('s.id').execute()).map(toScheme);
}

export async function addSchemeParties(db: Db, schemeId: string, parties: readonly { organisationCode: string; capacity: string }[]): Promise<void> {
  if (parties.length === 0) return;
  await db.insertInto('scheme_parties')
    .values(parties.map((p) => ({ scheme_id: schemeId, organisation_code: p.organisationCode, capacity: p.capacity })))
    .onConflict((oc) => oc.doNothing()).execute();
}

export async function schemeEvents(db: Db, schemeId: string): Promise<StoredEvent[]> {
  const rows = await db.selectFrom('scheme_events').selectAll().where('scheme_id', '=', schemeId).orderBy('sequence').execute();
  return rows.map(toEvent);
}

export async function insertSchemeEvents(db: Db, schemeId: string, events: readonly StoredEvent[]): Promise<void> {
  if (events.length === 0) return;
  await db.insertInto('scheme_events').values(events.map((e) => ({
    scheme_id: schemeId, sequence: e.sequence, type: e.type, on_date: e.on, actor_organisation_code: e.by.organisationCode,
    actor_role: e.by.role, actor_name: e.by.name ?? null, user_id: e.userId, payload: JSON.stringify(e.payload), recorded_at: e.recordedAt,
  }))).execute();
}

// ---- imported notices ------------------------------------------------------------------------------

export interface ImportedReleaseRow {
  readonly ocid: string;
  readonly releaseId: string;
  readonly sha256: string;
  readonly releaseDate: string;
  readonly tags: readonly string[];
  readonly canonical: string;
}

/** The latest stored version of every release of the given ocids, oldest first per ocid. */
export async function importedReleasesOf(db: Db, ocids: readonly string[]): Promise<Map<string, ImportedReleaseRow[]>> {
  const out = new Map<string, ImportedReleaseRow[]>();
  if (ocids.length === 0) return out;
  const rows = await db.selectFrom('imported_releases').selectAll().where('ocid', 'in', [...ocids]).orderBy('stored_at').orderBy('release_id').execute();
  // A corrected release is a later row with the same id: the latest replaces the earlier, in place.
  for (const r of rows) {
    const list = out.get(r.ocid) ?? [];
    const row: ImportedReleaseRow = { ocid: r.ocid, releaseId: r.release_id, sha256: r.sha256, releaseDate: r.release_date, tags: r.tags as string[], canonical: r.canonical };
    const i = list.findIndex((x) => x.releaseId === r.release_id);
    if (i >= 0) list[i] = row;
    else list.push(row);
    out.set(r.ocid, list);
  }
  return out;
}

export async function insertImport(db: Db, i: { id: string; fileName: string; fileSha256: string; importedBy: string; importedByOrganisation: string; importedAt: string; counts: unknown; report: unknown }): Promise<void> {
  await db.insertInto('ocds_imports').values({
    id: i.id, file_name: i.fileName, file_sha256: i.fileSha256, imported_by: i.importedBy, imported_by_organisation: i.importedByOrganisation,
    imported_at: i.importedAt, counts: JSON.stringify(i.counts), report: JSON.stringify(i.report),
  }).execute();
}

export async function insertImportedReleases(db: Db, importId: string, storedAt: string, rows: readonly ImportedReleaseRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.insertInto('imported_releases').values(rows.map((r) => ({
    ocid: r.ocid, release_id: r.releaseId, sha256: r.sha256, release_date: r.releaseDate, tags: JSON.stringify(r.tags), canonical: r.canonical,
    import_id: importId, stored_at: storedAt,
  }))).onConflict((oc) => oc.doNothing()).execute();
}

export async function upsertImportedProcurement(db: Db, p: {
  ocid: string; title: string | null; buyerCode: string | null; buyerName: string | null; tenderStatus: string | null;
  tenderValuePence: number | null; awardedValuePence: number | null; latestReleaseDate: string; summary: unknown; importId: string; updatedAt: string;
}): Promise<void> {
  const values = {
    title: p.title, buyer_code: p.buyerCode, buyer_name: p.buyerName, tender_status: p.tenderStatus, tender_value_pence: p.tenderValuePence,
    awarded_value_pence: p.awardedValuePence, latest_release_date: p.latestReleaseDate, summary: JSON.stringify(p.summary), import_id: p.importId, updated_at: p.updatedAt,
  };
  await db.insertInto('imported_procurements').values({ ocid: p.ocid, ...values })
    .onConflict((oc) => oc.column('ocid').doUpdateSet(values)).execute();
}

export interface ImportRow {
  readonly id: string;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly importedBy: string;
  readonly importedByOrganisation: string;
  readonly importedAt: string;
  readonly counts: Record<string, number>;
}

export async function listImports(db: Db, limit = 50): Promise<ImportRow[]> {
  const rows = await db.selectFrom('ocds_imports').select(['id', 'file_name', 'file_sha256', 'imported_by', 'imported_by_organisation', 'imported_at', 'counts'])
    .orderBy('imported_at', 'desc').orderBy('id').limit(limit).execute();
  return rows.map((r) => ({
    id: r.id, fileName: r.file_name, fileSha256: r.file_sha256, importedBy: r.imported_by, importedByOrganisation: r.imported_by_organisation,
    importedAt: r.imported_at, counts: r.counts as Record<string, number>,
  }));
}

export async function findImport(db: Db, id: string): Promise<(ImportRow & { report: unknown }) | undefined> {
  const r = await db.selectFrom('ocds_imports').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? {
    id: r.id, fileName: r.file_name, fileSha256: r.file_sha256, importedBy: r.imported_by, importedByOrganisation: r.imported_by_organisation,
    importedAt: r.imported_at, counts: r.counts as Record<string, number>, report: r.report,
  } : undefined;
}

export interface ImportedProcurementRow {
  readonly ocid: string;
  readonly title: string | null;
  readonly buyerCode: string | null;
  readonly buyerName: string | null;
  readonly tenderStatus: string | null;
  readonly tenderValuePence: number | null;
  readonly awardedValuePence: number | null;
  readonly latestReleaseDate: string;
  readonly summary: Record<string, unknown>;
}

export async function listImportedProcurements(db: Db, f: { buyer?: string; search?: string; limit: number; offset: number }): Promise<{ items: ImportedProcurementRow[]; total: number }> {
  let q = db.selectFrom('imported_procurements');
  if (f.buyer) q = q.where('buyer_code', '=', f.buyer);
  if (f.search) q = q.where((eb) => eb.or([eb('title', 'ilike', `%${f.search}%`), eb('buyer_name', 'ilike', `%${f.search}%`), eb('ocid', '=', f.search!)]));
  const [rows, total] = await Promise.all([
    q.selectAll().orderBy('latest_release_date', 'desc').orderBy('ocid').limit(f.limit).offset(f.offset).execute(),
    q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(total.n),
    items: rows.map((r) => ({
      ocid: r.ocid, title: r.title, buyerCode: r.buyer_code, buyerName: r.buyer_name, tenderStatus: r.tender_status,
      tenderValuePence: r.tender_value_pence === null ? null : Number(r.tender_value_pence),
      awardedValuePence: r.awarded_value_pence === null ? null : Number(r.awarded_value_pence),
      latestReleaseDate: r.latest_release_date, summary: r.summary as Record<string, unknown>,
    })),
  };
}
