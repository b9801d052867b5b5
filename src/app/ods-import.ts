import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { ConcordatError, invalid } from '../domain/errors.ts';
import { mapEFileRow, mapIcbRow, type EFileKind, type EFileRowResult } from '../domain/registry/ods-efile.ts';
import { upsertOrganisation } from '../storage/repositories/organisations.ts';
import type { UseCaseContext } from './context.ts';

export interface RejectedRow {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export interface OdsImportReport {
  readonly file: string;
  readonly rowsRead: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: readonly RejectedRow[];
}

/** The ODS files Concordat understands, in the order they are imported (parents first). */
export const ODS_FILES: readonly { name: string; kind: EFileKind | 'icb' }[] = [
  { name: 'icb_names_codes.csv', kind: 'icb' },
  { name: 'eccg.csv', kind: 'eccg' },
  { name: 'etr.csv', kind: 'etr' },
];

function kindOfFile(path: string): EFileKind | 'icb' {
  const name = basename(path).toLowerCase();
  const known = ODS_FILES.find((f) => f.name === name);
  if (!known) throw invalid('file', `"${basename(path)}" is not an ODS file Concordat reads (${ODS_FILES.map((f) => f.name).join(', ')})`);
  return known.kind;
}

/** Parses the file into per-row results; a file that cannot be parsed at all throws and changes nothing. */
export function readOdsFile(path: string): EFileRowResult[] {
  const kind = kindOfFile(path);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw invalid('file', `cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    if (kind === 'icb') {
      const records = parse(text, { columns: true, skip_empty_lines: true, info: true, bom: true }) as unknown as { record: Record<string, string>; info: { lines: number } }[];
      return records.map((r) => mapIcbRow(r.info.lines, r.record));
    }
    const records = parse(text, { relax_column_count: true, skip_empty_lines: true, info: true, bom: true }) as unknown as { record: string[]; info: { lines: number } }[];
    return records.map((r) => mapEFileRow(kind, r.info.lines, r.record));
  } catch (e) {
    if (e instanceof ConcordatError) throw e;
    throw invalid('file', `${basename(path)} is not a readable ODS CSV file: ${(e as Error).message}`);
  }
}

/**
 * Imports one ODS file in one transaction: every valid row is created or updated (matched by ODS
 * code, so a re-import updates rather than duplicates); rejected rows are reported with line and field.
 * Closed organisations are kept with their close date.
 */
export async function importOdsFile(ctx: UseCaseContext, path: string): Promise<OdsImportReport> {
  await ctx.require('registry.import');
  const rows = readOdsFile(path);
  const report = { file: basename(path), rowsRead: rows.length, created: 0, updated: 0, unchanged: 0, rejected: [] as RejectedRow[] };
  await ctx.write(['registry'], async (w) => {
    for (const r of rows) {
      if (r.error || !r.organisation) {
        report.rejected.push({ line: r.line, field: r.error?.field ?? 'row', message: r.error?.message ?? 'unreadable' });
        continue;
      }
      report[await upsertOrganisation(w.db, r.organisation)]++;
    }
    await w.record({
      action: 'registry.import', entityType: 'ods_file', entityId: report.file,
      detail: { rowsRead: report.rowsRead, created: report.created, updated: report.updated, unchanged: report.unchanged, rejected: report.rejected.length },
    });
  });
  return report;
}

/** Imports every known ODS file found in a directory, parents first. */
export async function importOdsDirectory(ctx: UseCaseContext, dir: string): Promise<OdsImportReport[]> {
  const present = ODS_FILES.map((f) => join(dir, f.name)).filter((p) => existsSync(p));
  if (present.length === 0) {
    throw invalid('dir', `no ODS files in ${dir} (looked for ${ODS_FILES.map((f) => f.name).join(', ')})`);
  }
  const reports: OdsImportReport[] = [];
  for (const p of present) reports.push(await importOdsFile(ctx, p));
  return reports;
}
