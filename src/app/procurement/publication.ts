/**
 * Publishing procurements as OCDS 1.1.5: the releases each step makes public (stored in the step's
 * own transaction, validated against the official schema first), the releases a variation of an
 * awarded contract makes (contractAmendment), the public cursor feed, record packages compiled by the
 * standard's merge rules, and the public notices page. Settings: `CONCORDAT_OCID_PREFIX` (the ocid
 * prefix, default the unregistered placeholder `ocds-cncdat`) and `CONCORDAT_PUBLIC_URL` (where the
 * public notices page lives, for the notices' document links; without it they carry no link).
 */

import type { Kysely } from 'kysely';
import { invalid } from '../../domain/errors.ts';
import { DEFAULT_OCID_PREFIX } from '../../domain/ocds/identifiers.ts';
import type { JsonObject } from '../../domain/ocds/json.ts';
import { recordOf, recordPackage, releasePackage } from '../../domain/ocds/packages.ts';
import { contractAmendmentReleases, procurementReleases } from '../../domain/ocds/release-builder.ts';
import type { Variation } from '../../domain/contracts/contract.ts';
import type { Notice } from '../../domain/procurement/notices.ts';
import { publicNotices, type PublicNotice } from '../../domain/procurement/public-notices.ts';
import { replayProcurement } from '../../domain/procurement/routes/index.ts';
import type { ProcurementEvent, ProcurementRecord } from '../../domain/procurement/types.ts';
import { variationsOf } from '../../storage/repositories/contracts.ts';
import { findOrganisations } from '../../storage/repositories/organisations.ts';
import * as repo from '../../storage/repositories/procurements.ts';
import type { Database } from '../../storage/schema.ts';
import type { Scope } from '../scope.ts';
import { releaseSchemaErrors } from './ocds-schema.ts';

type Db = Kysely<Database>;

export const PUBLISHER_NAME = 'Concordat';

export interface OcdsSettings {
  readonly ocidPrefix: string;
  readonly publicUrl: string | null;
}

/** Publication settings from the environment (README "Configuration"). */
export function ocdsSettings(env: NodeJS.ProcessEnv = process.env): OcdsSettings {
  return { ocidPrefix: env.CONCORDAT_OCID_PREFIX || DEFAULT_OCID_PREFIX, publicUrl: env.CONCORDAT_PUBLIC_URL?.replace(/\/$/, '') || null };
}

/** The prefix a procurement's ocid was given when it opened (kept, whatever the setting says now). */
function prefixOf(row: repo.ProcurementRow): string {
  return row.ocid.slice(0, row.ocid.length - row.id.length - 1);
}

/** A procurement's events as the domain knows them. */
export function toDomainEvents(stored: readonly repo.StoredEvent[]): ProcurementEvent[] {
  return stored.map((e) => ({ type: e.type, on: e.on, by: e.by, ...e.payload }) as unknown as ProcurementEvent);
}

function noticeUrl(settings: OcdsSettings): ((n: Notice) => string | undefined) | undefined {
  return settings.publicUrl ? (n) => `${settings.publicUrl}/notices#${encodeURIComponent(n.id)}` : undefined;
}

/** Refuses to publish a release the official schema would reject (a fault of ours, never the user's). */
function assertValid(release: JsonObject): void {
  const errors = releaseSchemaErrors(release);
  if (errors.length) throw new Error(`OCDS release ${String(release.id)} does not validate against the release schema: ${errors.join('; ')}`);
}

/**
 * Stores the releases a procurement's log makes public that are not yet published (the step just
 * taken adds at most one), in the caller's transaction. Returns their ids for sealing.
 */
export async function publishProcurementReleases(w: Scope, row: repo.ProcurementRow, events: readonly ProcurementEvent[]): Promise<string[]> {
  const releases = procurementReleases(events, { ocidPrefix: prefixOf(row), noticeUrl: noticeUrl(ocdsSettings()) });
  const published = await repo.publishedReleaseIds(w.db, releases.map((r) => String(r.id)));
  const fresh = releases.filter((r) => !published.has(String(r.id)));
  fresh.forEach(assertValid);
  const at = w.clock.now().toISOString();
  await repo.insertReleases(w.db, fresh.map((r) => ({
    id: String(r.id), ocid: row.ocid, procurementId: row.id, releaseDate: new Date(String(r.date)).toISOString(), tags: r.tag as string[], release: r, publishedAt: at,
  })));
  return fresh.map((r) => String(r.id));
}

/** A variation that changes the value, term, title or services: a modification, not a status change alone. */
export function isModification(v: Pick<Variation, 'valueChangePence' | 'changes'>): boolean {
  return v.valueChangePence !== 0 || Object.entries(v.changes).some(([k, x]) => k !== 'status' && x !== undefined);
}

/**
 * A variation of a contract an award created publishes a contractAmendment release under its
 * procurement's ocid (nothing for other contracts). Runs in the variation's transaction; returns
 * what it sealed.
 */
export async function publishContractAmendments(w: Scope, contractId: string): Promise<{ procurementId: string; releaseIds: string[] } | null> {
  const link = await repo.procurementOfContract(w.db, contractId);
  if (!link) return null;
  const contract = await w.db.selectFrom('contracts').selectAll().where('id', '=', contractId).executeTakeFirstOrThrow();
  const parties = await w.db.selectFrom('contract_parties').selectAll().where('contract_id', '=', contractId).execute();
  const buyerCode = parties.find((p) => p.role === 'coordinating_commissioner')?.organisation_code ?? '';
  const names = await findOrganisations(w.db, [buyerCode, link.providerCode]);
  // A status change alone (the parties' acceptance, expiry) amends nothing a notice would report.
  const variations = (await variationsOf(w.db, contractId)).filter(isModification);
  if (variations.length === 0) return { procurementId: link.procurementId, releaseIds: [] };
  const releases = contractAmendmentReleases(link.ocid, {
    reference: contract.reference,
    title: contract.title,
    awardID: `${link.ocid}-award-${link.providerCode}`,
    signedValuePence: Number(contract.signed_value_pence),
    startDate: contract.start_date,
    endDate: contract.end_date,
    buyer: { organisationCode: buyerCode, name: names.get(buyerCode)?.name ?? buyerCode },
    supplier: { organisationCode: link.providerCode, name: names.get(link.providerCode)?.name ?? link.providerCode },
  }, variations.map((v) => ({
    sequence: v.sequence, effectiveDate: v.effectiveDate, rationale: v.rationale, valueChangePence: v.valueChangePence,
    ...(v.changes.endDate ? { newEndDate: v.changes.endDate } : {}),
  })));
  const published = await repo.publishedReleaseIds(w.db, releases.map((r) => String(r.id)));
  const fresh = releases.filter((r) => !published.has(String(r.id)));
  fresh.forEach(assertValid);
  const at = w.clock.now().toISOString();
  await repo.insertReleases(w.db, fresh.map((r) => ({
    id: String(r.id), ocid: link.ocid, procurementId: link.procurementId, releaseDate: new Date(String(r.date)).toISOString(), tags: r.tag as string[], release: r, publishedAt: at,
  })));
  return { procurementId: link.procurementId, releaseIds: fresh.map((r) => String(r.id)) };
}

// ---- the public feed ---------------------------------------------------------------------------------

export interface FeedQuery {
  readonly updatedFrom?: string;
  readonly updatedTo?: string;
  readonly cursor?: string;
  readonly limit: number;
}

function instant(value: string | undefined, field: string): string | undefined {
  if (value === undefined) return undefined;
  // A date alone means the start of that day (UTC) for updatedFrom, and its end for updatedTo.
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T${field === 'updatedTo' ? '23:59:59.999' : '00:00:00'}Z` : value;
  const t = Date.parse(text);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}(T.*)?$/.test(value)) throw invalid(field, `must be a date (YYYY-MM-DD) or a date-time with its offset, got '${value}'`);
  return new Date(t).toISOString();
}

function encodeCursor(r: repo.StoredRelease): string {
  return Buffer.from(JSON.stringify([r.releaseDate, r.id]), 'utf8').toString('base64url');
}

function decodeCursor(cursor: string): { date: string; id: string } {
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string' && !Number.isNaN(Date.parse(v[0]))) return { date: v[0], id: v[1] };
  } catch {
    // reported below
  }
  throw invalid('cursor', 'is not a cursor this feed gave out');
}

/**
 * One page of the public feed as an OCDS release package: releases dated within
 * [updatedFrom, updatedTo], in (date, id) order, after the cursor; `links.next` when there is more.
 *
 * @example await releaseFeedPage(db, { limit: 2 }, { self, next: (c) => `${self}&cursor=${c}` }, now)
 */
export async function releaseFeedPage(db: Db, q: FeedQuery, urls: { self: string; next: (cursor: string) => string }, now: string): Promise<JsonObject> {
  if (!Number.isSafeInteger(q.limit) || q.limit < 1 || q.limit > 1000) throw invalid('limit', 'must be a whole number from 1 to 1000');
  const from = instant(q.updatedFrom, 'updatedFrom');
  const to = instant(q.updatedTo, 'updatedTo');
  const after = q.cursor ? decodeCursor(q.cursor) : undefined;
  const rows = await repo.releaseFeed(db, { from, to, after, limit: q.limit + 1 });
  const page = rows.slice(0, q.limit);
  const latest = page.reduce((m, r) => (r.publishedAt > m ? r.publishedAt : m), '');
  const pkg = releasePackage(page.map((r) => r.release as JsonObject), {
    uri: urls.self,
    publishedDate: latest || now,
    publisherName: PUBLISHER_NAME,
  });
  return rows.length > q.limit ? { ...pkg, links: { next: urls.next(encodeCursor(page[page.length - 1])) } } : pkg;
}

/** One published release, as a release package (the stage it published). */
export async function releasePackageOf(db: Db, id: string, uri: string): Promise<JsonObject | null> {
  const r = await repo.findRelease(db, id);
  return r ? releasePackage([r.release as JsonObject], { uri, publishedDate: r.publishedAt, publisherName: PUBLISHER_NAME }) : null;
}

/**
 * The record package of one contracting process: its releases and the compiled release merged by
 * the standard's rules (and the versioned release, if asked).
 */
export async function recordPackageOf(db: Db, ocid: string, options: { versioned?: boolean; uri: string }): Promise<JsonObject | null> {
  const rows = await repo.releasesOfOcid(db, ocid);
  if (rows.length === 0) return null;
  const record = recordOf(rows.map((r) => r.release as JsonObject), { versioned: options.versioned });
  const latest = rows.reduce((m, r) => (r.publishedAt > m ? r.publishedAt : m), '');
  return recordPackage([record], { uri: options.uri, publishedDate: latest, publisherName: PUBLISHER_NAME });
}

/** Every procurement that has published a notice, as its record (for the public notices page). */
export async function publishedRecords(db: Db): Promise<{ row: repo.ProcurementRow; record: ProcurementRecord }[]> {
  const rows = (await repo.listProcurements(db, null)).filter((r) => r.noticesPublished > 0);
  const out: { row: repo.ProcurementRow; record: ProcurementRecord }[] = [];
  for (const row of rows) out.push({ row, record: replayProcurement(toDomainEvents(await repo.procurementEvents(db, row.id))) });
  return out;
}

export interface PublicNoticeView extends PublicNotice {
  readonly procurementTitle: string;
  readonly ocid: string;
  readonly route: string;
}

/** The public notices page (no sign-in): every published notice, newest first, items in Schedule order. */
export async function listPublicNotices(db: Db, f: { procurement?: string } = {}): Promise<PublicNoticeView[]> {
  const all = await publishedRecords(db);
  const chosen = f.procurement ? all.filter((x) => x.row.id === f.procurement || x.row.reference === f.procurement || x.row.ocid === f.procurement) : all;
  const byId = new Map(chosen.map((x) => [x.row.id, x]));
  return publicNotices(chosen.map((x) => x.record)).map((n) => {
    const x = byId.get(n.procurementId)!;
    return { ...n, procurementTitle: x.record.title, ocid: x.row.ocid, route: x.record.route };
  });
}
