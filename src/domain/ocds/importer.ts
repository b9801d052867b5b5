/**
 * Importing real notices: an OCDS release package (Contracts Finder, Find a Tender) into imported
 * procurements, one per ocid, with buyers and suppliers matched to the registry. Pure: the caller
 * passes the package, the registry and what an earlier import stored, and gets back what to store
 * and a per-release report (imported, updated, unchanged, rejected with reason). Re-importing the
 * same file changes nothing and reports every release unchanged. A bad release is rejected alone;
 * the others are still imported (the app commits the valid ones and shows the rejections).
 */

import type { Pence } from '../money.ts';
import type { Organisation } from '../registry/organisation.ts';
import { invalid } from '../errors.ts';
import { canonicalJson, cloneJson, isJsonObject, type Json, type JsonObject } from './json.ts';
import { compileReleases, type MergeRules } from './merge.ts';
import { OCDS_MERGE_RULES } from './merge-rules.ts';
import { indexRegistry, matchParty, type PartyMatch } from './party-matching.ts';
import { penceFromAmount } from './identifiers.ts';

/** One release as stored: its id, date, tags and canonical text (to tell a correction from a repeat). */
export interface StoredRelease {
  readonly id: string;
  readonly date: string;
  readonly tag: readonly string[];
  readonly canonical: string;
}

/** A procurement known from published notices. */
export interface ImportedProcurement {
  readonly ocid: string;
  readonly title: string | null;
  readonly description: string | null;
  readonly tenderStatus: string | null;
  readonly procurementMethod: string | null;
  readonly cpvCode: string | null;
  readonly buyer: PartyMatch | null;
  readonly suppliers: readonly PartyMatch[];
  /** Tender value (estimated), in pence. */
  readonly tenderValuePence: Pence | null;
  /** Sum of the active awards' values, in pence. */
  readonly awardedValuePence: Pence | null;
  readonly contractPeriod: { readonly startDate: string | null; readonly endDate: string | null } | null;
  readonly noticeUrls: readonly string[];
  readonly releases: readonly StoredRelease[];
  readonly latestReleaseDate: string;
  readonly compiledRelease: JsonObject;
}

export type ReleaseOutcome = 'imported' | 'updated' | 'unchanged' | 'rejected';

export interface ReleaseReport {
  /** Position in the package's releases array. */
  readonly index: number;
  readonly releaseId: string | null;
  readonly ocid: string | null;
  readonly outcome: ReleaseOutcome;
  /** Why it was rejected, naming the field; or what changed. */
  readonly reason: string | null;
  readonly buyer: PartyMatch | null;
}

export interface ImportResult {
  readonly report: readonly ReleaseReport[];
  /** The procurements this import created or changed (store these; others are untouched). */
  readonly changed: readonly ImportedProcurement[];
  readonly counts: Readonly<Record<ReleaseOutcome, number>>;
}

export interface ImportOptions {
  /** What earlier imports stored, by ocid. */
  readonly existing?: ReadonlyMap<string, ImportedProcurement>;
  /** Extra checks of a release (e.g. the official schema with ajv); each string is a rejection reason. */
  readonly validateRelease?: (release: JsonObject) => readonly string[];
  readonly rules?: MergeRules;
}

const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/** Why a release cannot be imported, or null. */
function structuralProblem(r: unknown): string | null {
  if (!isJsonObject(r)) return 'is not an object';
  if (typeof r.ocid !== 'string' || !r.ocid.trim()) return 'ocid: is missing';
  if (typeof r.id !== 'string' && typeof r.id !== 'number') return 'id: is missing';
  if (typeof r.date !== 'string' || !DATE_TIME.test(r.date) || Number.isNaN(Date.parse(r.date))) return `date: must be a date-time, got ${JSON.stringify(r.date ?? null)}`;
  if (!Array.isArray(r.tag) || r.tag.length === 0 || !r.tag.every((t) => typeof t === 'string')) return 'tag: must list at least one release tag';
  if (r.parties !== undefined && !Array.isArray(r.parties)) return 'parties: must be a list';
  if (r.awards !== undefined && !Array.isArray(r.awards)) return 'awards: must be a list';
  return null;
}

function str(v: Json | undefined): string | null {
  return typeof v === 'string' && v.trim() ? v : null;
}

function summarise(ocid: string, releases: readonly StoredRelease[], registry: ReturnType<typeof indexRegistry>, rules: MergeRules): ImportedProcurement {
  const compiled = compileReleases(releases.map((r) => JSON.parse(r.canonical) as JsonObject), rules);
  const tender = isJsonObject(compiled.tender) ? compiled.tender : {};
  const parties = (Array.isArray(compiled.parties) ? compiled.parties : []).filter(isJsonObject);
  const on = String(compiled.date).slice(0, 10);
  const partyById = (id: Json | undefined) => parties.find((p) => p.id === id);
  const buyerRef = isJsonObject(compiled.buyer) ? compiled.buyer : null;
  const buyerParty = (buyerRef && partyById(buyerRef.id)) ?? parties.find((p) => Array.isArray(p.roles) && p.roles.includes('buyer')) ?? buyerRef;
  const awards = (Array.isArray(compiled.awards) ? compiled.awards : []).filter(isJsonObject);
  const supplierIds = new Set<string>();
  for (const a of awards) for (const s of Array.isArray(a.suppliers) ? a.suppliers.filter(isJsonObject) : []) supplierIds.add(String(s.id));
  for (const p of parties) if (Array.isArray(p.roles) && p.roles.includes('supplier')) supplierIds.add(String(p.id));
  const suppliers = [...supplierIds].map((id) => matchParty(partyById(id) ?? { id }, registry, on));
  const active = awards.filter((a) => a.status === 'active' || a.status === undefined);
  const awardValues = active.map((a) => (isJsonObject(a.value) && a.value.currency === 'GBP' ? penceFromAmount(a.value.amount) : null));
  const value = isJsonObject(tender.value) && tender.value.currency === 'GBP' ? penceFromAmount(tender.value.amount) : null;
  const classification = isJsonObject(tender.classification) ? tender.classification : null;
  const firstItem = Array.isArray(tender.items) && isJsonObject(tender.items[0]) ? tender.items[0] : null;
  const cpv = classification?.scheme === 'CPV' ? str(classification.id) : isJsonObject(firstItem?.classification) && firstItem.classification.scheme === 'CPV' ? str(firstItem.classification.id) : null;
  const period = isJsonObject(tender.contractPeriod) ? tender.contractPeriod : awards.map((a) => a.contractPeriod).find(isJsonObject) ?? null;
  const urls = new Set<string>();
  const collect = (docs: Json | undefined) => {
    if (Array.isArray(docs)) for (const d of docs) if (isJsonObject(d) && typeof d.url === 'string') urls.add(d.url);
  };
  collect(tender.documents);
  awards.forEach((a) => collect(a.documents));
  return {
    ocid,
    title: str(tender.title),
    description: str(tender.description),
    tenderStatus: str(tender.status),
    procurementMethod: str(tender.procurementMethod),
    cpvCode: cpv,
    buyer: buyerParty ? matchParty(buyerParty, registry, on) : null,
    suppliers,
    tenderValuePence: value,
    awardedValuePence: awardValues.length && awardValues.every((v) => v !== null) ? awardValues.reduce((a, b) => a! + b!, 0) : null,
    contractPeriod: period ? { startDate: str(period.startDate), endDate: str(period.endDate) } : null,
    noticeUrls: [...urls].sort(),
    releases,
    latestReleaseDate: String(compiled.date),
    compiledRelease: compiled,
  };
}

/**
 * Imports a release package. Releases are taken in the package's order; each is reported.
 *
 * @example
 * const first = importReleasePackage(pkg, registry);
 * importReleasePackage(pkg, registry, { existing: byOcid(first.changed) }).counts.unchanged // every release
 */
export function importReleasePackage(pkg: unknown, registry: readonly Organisation[], options: ImportOptions = {}): ImportResult {
  if (!isJsonObject(pkg) || !Array.isArray(pkg.releases)) throw invalid('releases', 'a release package has a list of releases');
  const rules = options.rules ?? OCDS_MERGE_RULES;
  const index = indexRegistry(registry);
  const working = new Map<string, StoredRelease[]>();
  const touched = new Set<string>();
  const report: ReleaseReport[] = [];
  const releasesOf = (ocid: string): StoredRelease[] => {
    if (!working.has(ocid)) working.set(ocid, [...(options.existing?.get(ocid)?.releases ?? [])]);
    return working.get(ocid)!;
  };

  pkg.releases.forEach((raw, i) => {
    const problem = structuralProblem(raw);
    const r = isJsonObject(raw) ? raw : null;
    const ids = { releaseId: r && (typeof r.id === 'string' || typeof r.id === 'number') ? String(r.id) : null, ocid: r && typeof r.ocid === 'string' ? r.ocid : null };
    const reject = (reason: string) => report.push({ index: i, ...ids, outcome: 'rejected', reason, buyer: null });
    if (problem) return reject(problem);
    const extra = options.validateRelease?.(r!) ?? [];
    if (extra.length) return reject(extra.join('; '));

    const release = cloneJson(r!);
    const ocid = release.ocid as string;
    const stored: StoredRelease = { id: String(release.id), date: release.date as string, tag: release.tag as string[], canonical: canonicalJson(release) };
    const list = releasesOf(ocid);
    const before = [...list];
    const known = options.existing?.has(ocid) || list.length > 0;
    const same = list.findIndex((x) => x.id === stored.id);
    let outcome: ReleaseOutcome;
    let reason: string | null = null;
    if (same >= 0 && list[same].canonical === stored.canonical) {
      outcome = 'unchanged';
    } else if (same >= 0) {
      list[same] = stored;
      outcome = 'updated';
      reason = `release ${stored.id} corrected`;
    } else {
      list.push(stored);
      outcome = known ? 'updated' : 'imported';
      if (known) reason = `new release ${stored.id} (${stored.tag.join(', ')})`;
    }
    try {
      const summary = summarise(ocid, list, index, rules);
      if (outcome !== 'unchanged') touched.add(ocid);
      report.push({ index: i, ...ids, outcome, reason, buyer: summary.buyer });
    } catch (e) {
      // A release that cannot be merged with the others of its ocid is rejected alone.
      list.splice(0, list.length, ...before);
      reject(e instanceof Error ? e.message : String(e));
    }
  });

  const changed = [...touched].map((ocid) => summarise(ocid, working.get(ocid)!, index, rules));
  const counts: Record<ReleaseOutcome, number> = { imported: 0, updated: 0, unchanged: 0, rejected: 0 };
  for (const x of report) counts[x.outcome]++;
  return { report, changed, counts };
}

/**
 * What an import stored, keyed by ocid, for the next import's `existing`.
 *
 * @example byOcid(result.changed).get('ocds-b5fd17-...')?.title
 */
export function byOcid(procurements: readonly ImportedProcurement[]): Map<string, ImportedProcurement> {
  return new Map(procurements.map((p) => [p.ocid, p]));
}
