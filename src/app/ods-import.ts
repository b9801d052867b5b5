import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { invalid } from '../domain/errors.ts';
import {
  mapOdsRow, ODS_FILE_KINDS, recogniseOdsFile, UnrecognisedOdsFile, type EFileRowResult, type OdsLayout,
} from '../domain/registry/ods-efile.ts';
import { upsertOrganisation } from '../storage/repositories/organisations.ts';
import type { UseCaseContext } from './context.ts';

export interface RejectedRow {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export interface OdsImportReport {
  readonly file: string;
  /** What the file was recognised as, e.g. "NHS trusts (etr), 24-column e-file (before 2021)". */
  readonly layout: string;
  readonly rowsRead: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly rejected: readonly RejectedRow[];
  /** Valid rows that are not organisations the registry keeps (e.g. out-of-hours cost centres in epraccur). */
  readonly skipped: readonly { readonly line: number; readonly reason: string }[];
}

/** The ODS files Concordat understands, recognised by content; their usual names, for messages. */
export const ODS_FILES: readonly { name: string; kind: string }[] = [
  { name: 'icb_names_codes.csv', kind: 'icb' },
  { name: 'eccg.csv', kind: 'eccg' },
  { name: 'etr.csv', kind: 'etr' },
  { name: 'epraccur.csv', kind: 'epraccur' },
];

interface ReadOdsFile {
  readonly layout: OdsLayout;
  readonly rows: EFileRowResult[];
}

/** Parses a CSV file into rows with their line numbers; a file that is not readable CSV throws. */
function parseCsvFile(path: string): { record: string[]; info: { lines: number } }[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw invalid('file', `cannot read ${path}: ${(e as Error).message}`);
  }
  try {
    return parse(text, { relax_column_count: true, skip_empty_lines: true, info: true, bom: true }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (e) {
    throw invalid('file', `${basename(path)} is not a readable ODS CSV file: ${(e as Error).message}`);
  }
}

/** Recognises parsed rows and maps each, or says why the file is not an ODS file. */
function recognise(path: string, records: { record: string[]; info: { lines: number } }[]): ReadOdsFile | UnrecognisedOdsFile {
  let layout: OdsLayout;
  try {
    layout = recogniseOdsFile(records.map((r) => r.record), basename(path));
  } catch (e) {
    if (e instanceof UnrecognisedOdsFile) return e;
    throw e;
  }
  return { layout, rows: records.slice(layout.headerRows).map((r) => mapOdsRow(layout, r.info.lines, r.record)) };
}

/**
 * Reads a file and recognises it by its content (which organisations, which layout: 27 or 24 column
 * e-file, or a heading row), then maps each row. A file that cannot be parsed or recognised throws
 * and changes nothing.
 */
export function readOdsFile(path: string): ReadOdsFile {
  const read = recognise(path, parseCsvFile(path));
  if (read instanceof UnrecognisedOdsFile) {
    throw invalid('file', `${basename(path)}: ${read.message} (Concordat reads ${ODS_FILES.map((f) => f.name).join(', ')} and their variants)`);
  }
  return read;
}

/**
 * Imports one ODS file in one transaction: every valid row is created or updated (matched by ODS
 * code, so a re-import updates rather than duplicates); rejected rows are reported with line and field.
 * Closed organisations are kept with their close date.
 */
export async function importOdsFile(ctx: UseCaseContext, path: string): Promise<OdsImportReport> {
  await ctx.require('registry.import');
  return importRead(ctx, path, readOdsFile(path));
}

async function importRead(ctx: UseCaseContext, path: string, read: ReadOdsFile): Promise<OdsImportReport> {
  const { layout, rows } = read;
  const report = {
    file: basename(path), layout: layout.description, rowsRead: rows.length, created: 0, updated: 0, unchanged: 0,
    rejected: [] as RejectedRow[], skipped: [] as { line: number; reason: string }[],
  };
  await ctx.write(['registry'], async (w) => {
    for (const r of rows) {
      if (r.skipped) {
        report.skipped.push({ line: r.line, reason: r.skipped.reason });
        continue;
      }
      if (r.error || !r.organisation) {
        report.rejected.push({ line: r.line, field: r.error?.field ?? 'row', message: r.error?.message ?? 'unreadable' });
        continue;
      }
      report[await upsertOrganisation(w.db, r.organisation)]++;
    }
    await w.record({
      action: 'registry.import', entityType: 'ods_file', entityId: report.file,
      detail: {
        layout: report.layout, rowsRead: report.rowsRead, created: report.created, updated: report.updated,
        unchanged: report.unchanged, rejected: report.rejected.length, skipped: report.skipped.length,
      },
    });
  });
  return report;
}

/**
 * Imports every ODS file found in a directory, whatever it is called, parents first (ICBs, then
 * commissioners, trusts, GP practices). CSV files that are not ODS files are left alone.
 */
export async function importOdsDirectory(ctx: UseCaseContext, dir: string): Promise<OdsImportReport[]> {
  await ctx.require('registry.import');
  const csvs = existsSync(dir) ? readdirSync(dir).filter((f) => /\.csv$/i.test(f) && statSync(join(dir, f)).isFile()).sort() : [];
  const found: { path: string; read: ReadOdsFile }[] = [];
  for (const f of csvs) {
    const path = join(dir, f);
    // A CSV that is not an ODS file is left alone; one that cannot be parsed at all stops the import.
    const read = recognise(path, parseCsvFile(path));
    if (!(read instanceof UnrecognisedOdsFile)) found.push({ path, read });
  }
  if (found.length === 0) {
    throw invalid('dir', `no ODS files in ${dir} (looked for files like ${ODS_FILES.map((f) => f.name).join(', ')})`);
  }
  found.sort((a, b) => ODS_FILE_KINDS.indexOf(a.read.layout.kind) - ODS_FILE_KINDS.indexOf(b.read.layout.kind) || a.path.localeCompare(b.path));
  const reports: OdsImportReport[] = [];
  for (const f of found) reports.push(await importRead(ctx, f.path, f.read));
  return reports;
}
