/**
 * Importing real notices (issue 9 item 6): a Contracts Finder or Find a Tender OCDS release package
 * into imported procurements, one per ocid, with buyers and suppliers matched to the registry where an
 * identifier or a name matches. Each release is checked against the official schema and reported
 * (imported, updated, unchanged, rejected with the reason); the valid ones are stored in one
 * transaction, every release version with its SHA-256, so re-importing the same file changes nothing.
 */

import { randomUUID } from 'node:crypto';
import { invalid, notFound } from '../../domain/errors.ts';
import { importReleasePackage, type ImportedProcurement, type ReleaseReport } from '../../domain/ocds/importer.ts';
import { isJsonObject, type JsonObject } from '../../domain/ocds/json.ts';
import { sha256Hex } from '../../storage/ledger/canonical.ts';
import { OCDS_IMPORTS_SCOPE, type SealedKind } from '../../storage/ledger/sealed.ts';
import { listOrganisations } from '../../storage/repositories/organisations.ts';
import * as repo from '../../storage/repositories/procurements.ts';
import type { Page } from '../context.ts';
import type { Scope } from '../scope.ts';
import { releaseSchemaErrors } from './ocds-schema.ts';

export interface OcdsImportResult {
  readonly importId: string;
  readonly fileName: string;
  readonly fileSha256: string;
  readonly importedAt: string;
  readonly counts: { readonly imported: number; readonly updated: number; readonly unchanged: number; readonly rejected: number };
  /** One line per release in the package's order. */
  readonly report: readonly ReleaseReport[];
  /** The procurements this import created or changed. */
  readonly changed: readonly { readonly ocid: string; readonly title: string | null; readonly buyerName: string | null; readonly buyerCode: string | null }[];
}

/** Summary as stored (everything but the release texts, which are kept one row per version). */
type Summary = Omit<ImportedProcurement, 'releases'>;

/**
 * Imports a release package (its JSON text). An administrator's, or the system's for the demo.
 *
 * @example const r = await importOcdsPackage(ctx, { fileName: 'cf.json', text }); r.counts.imported
 */
export async function importOcdsPackage(ctx: Scope, input: { readonly fileName: string; readonly text: string }): Promise<OcdsImportResult> {
  await ctx.require('procurement.import');
  let pkg: unknown;
  try {
    pkg = JSON.parse(input.text);
  } catch (e) {
    throw invalid('file', `${input.fileName} is not JSON: ${(e as Error).message}`);
  }
  if (!isJsonObject(pkg) || !Array.isArray(pkg.releases)) throw invalid('releases', `${input.fileName} is not an OCDS release package: it has no list of releases`);
  const ocids = [...new Set((pkg.releases as unknown[]).flatMap((r) => (isJsonObject(r) && typeof r.ocid === 'string' ? [r.ocid] : [])))];
  const registry = (await listOrganisations(ctx.db, { limit: 1_000_000, offset: 0 })).items;
  const fileSha256 = sha256Hex(input.text);
  const importId = randomUUID();
  return ctx.write([OCDS_IMPORTS_SCOPE], async (w) => {
    // What earlier imports stored, read under the imports' lock so two imports queue.
    const stored = await repo.importedReleasesOf(w.db, ocids);
    const summaries = ocids.length
      ? await w.db.selectFrom('imported_procurements').select(['ocid', 'summary']).where('ocid', 'in', ocids).execute()
      : [];
    const existing = new Map<string, ImportedProcurement>();
    for (const s of summaries) {
      existing.set(s.ocid, {
        ...(s.summary as Summary),
        releases: (stored.get(s.ocid) ?? []).map((r) => ({ id: r.releaseId, date: r.releaseDate, tag: r.tags, canonical: r.canonical })),
      });
    }
    const result = importReleasePackage(pkg, registry, { existing, validateRelease: (r: JsonObject) => releaseSchemaErrors(r) });
    const at = w.clock.now().toISOString();
    await repo.insertImport(w.db, {
      id: importId, fileName: input.fileName, fileSha256, importedBy: w.actor.userId, importedByOrganisation: w.actor.organisationCode,
      importedAt: at, counts: result.counts, report: result.report,
    });
    const known = new Set([...stored.values()].flat().map((r) => r.sha256));
    const fresh: repo.ImportedReleaseRow[] = [];
    for (const p of result.changed) {
      for (const r of p.releases) {
        const sha256 = sha256Hex(r.canonical);
        if (known.has(sha256)) continue;
        known.add(sha256);
        fresh.push({ ocid: p.ocid, releaseId: r.id, sha256, releaseDate: new Date(r.date).toISOString(), tags: r.tag, canonical: r.canonical });
      }
      const { releases: _omit, ...summary } = p;
      await repo.upsertImportedProcurement(w.db, {
        ocid: p.ocid, title: p.title, buyerCode: p.buyer?.organisationCode ?? null, buyerName: p.buyer?.name ?? null, tenderStatus: p.tenderStatus,
        tenderValuePence: p.tenderValuePence, awardedValuePence: p.awardedValuePence, latestReleaseDate: new Date(p.latestReleaseDate).toISOString(),
        summary, importId, updatedAt: at,
      });
    }
    await repo.insertImportedReleases(w.db, importId, at, fresh);
    const seals: { kind: SealedKind; id: string }[] = [{ kind: 'ocds_import', id: importId }, ...fresh.map((r) => ({ kind: 'imported_release' as const, id: r.sha256 }))];
    await w.record({ action: 'procurement.import', entityType: 'ocds_import', entityId: importId, detail: { fileName: input.fileName, fileSha256, counts: result.counts } }, seals);
    return {
      importId, fileName: input.fileName, fileSha256, importedAt: at, counts: result.counts, report: result.report,
      changed: result.changed.map((p) => ({ ocid: p.ocid, title: p.title, buyerName: p.buyer?.name ?? null, buyerCode: p.buyer?.organisationCode ?? null })),
    };
  });
}

/** Imports so far, newest first (their counts; who and when). */
export async function listOcdsImports(ctx: Scope): Promise<repo.ImportRow[]> {
  return repo.listImports(ctx.db);
}

/** One import with its per-release report. */
export async function getOcdsImport(ctx: Scope, id: string): Promise<repo.ImportRow & { report: unknown }> {
  const found = await repo.findImport(ctx.db, id);
  if (!found) throw notFound(`import ${id}`);
  return found;
}

export type ImportedProcurementView = Omit<repo.ImportedProcurementRow, 'summary'> & Pick<Summary, 'description' | 'procurementMethod' | 'cpvCode' | 'buyer' | 'suppliers' | 'contractPeriod' | 'noticeUrls'>;

/** Procurements known from imported notices (published data: any signed-in user). */
export async function listImportedProcurements(ctx: Scope, f: { buyer?: string; search?: string; limit?: number; offset?: number }): Promise<Page<ImportedProcurementView>> {
  const limit = f.limit ?? 50;
  const offset = f.offset ?? 0;
  const { items, total } = await repo.listImportedProcurements(ctx.db, { ...f, limit, offset });
  return {
    total, limit, offset,
    items: items.map(({ summary, ...row }) => {
      const s = summary as unknown as Summary;
      return { ...row, description: s.description, procurementMethod: s.procurementMethod, cpvCode: s.cpvCode, buyer: s.buyer, suppliers: s.suppliers, contractPeriod: s.contractPeriod, noticeUrls: s.noticeUrls };
    }),
  };
}
