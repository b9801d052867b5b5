/**
 * Tariff years as data: loaded from the official Annex A files (APC XLSX or CSV) or the plain
 * benchmark CSVs, kept one document per payment-scheme year, replaced (and audited) by a re-load.
 */

import { readFile } from 'node:fs/promises';
import { extname, basename } from 'node:path';
import { ConcordatError, invalid, notFound } from '../../domain/errors.ts';
import {
  buildTariff, csvToRows, isSchemeYear, parseAnnexAApc, parseBenchmarkApcCsv, parseBenchmarkOpCsv, parseMffCsv, readXlsxRows,
  type ApcPrice, type MffEntry, type OutpatientPrice, type ParseReport, type RowRejection, type Tariff,
} from '../../domain/tariff/index.ts';
import { tariffScope } from '../../storage/ledger/sealed.ts';
import * as repo from '../../storage/repositories/payments.ts';
import type { UseCaseContext } from '../context.ts';

export interface TariffFileReport {
  readonly file: string;
  readonly layout: string;
  readonly rowsRead: number;
  readonly rowsLoaded: number;
  readonly rejected: readonly RowRejection[];
}

export interface TariffLoadReport {
  readonly year: string;
  readonly source: string;
  /** True when an earlier document for the year was replaced. */
  readonly replaced: boolean;
  readonly previousSource: string | null;
  readonly apcPrices: number;
  readonly outpatientPrices: number;
  readonly mffEntries: number;
  readonly files: readonly TariffFileReport[];
}

export interface TariffSummary {
  readonly year: string;
  readonly source: string;
  readonly loadedBy: string;
  readonly loadedAt: string;
  readonly apcPrices: number;
  readonly outpatientPrices: number;
  readonly mffEntries: number;
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    const b = await readFile(path);
    if (b.length === 0) throw invalid('file', `the file is empty: ${path}`);
    return b;
  } catch (e) {
    if (e instanceof ConcordatError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw notFound(`file ${path}`);
    throw invalid('file', `cannot be read: ${path} (${code ?? String(e)})`);
  }
}

/** Prefixes a parser's error with the file it came from, so the person knows which one is wrong. */
async function inFile<T>(file: string, fn: () => Promise<T> | T): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof ConcordatError) throw new ConcordatError(e.kind, `${basename(file)}: ${e.message}`, e.issues);
    throw e;
  }
}

function fileReport<T>(file: string, layout: string, r: ParseReport<T>): TariffFileReport {
  return { file: basename(file), layout, rowsRead: r.rowsRead, rowsLoaded: r.rows.length, rejected: r.rejected };
}

/** APC prices from an Annex A workbook (.xlsx), an Annex A CSV export, or the benchmark apc_tariff.csv. */
export async function readApcFile(path: string): Promise<{ rows: readonly ApcPrice[]; report: TariffFileReport }> {
  const bytes = await readBytes(path);
  return inFile(path, async () => {
    if (extname(path).toLowerCase() === '.xlsx') {
      const r = parseAnnexAApc(await readXlsxRows(bytes));
      return { rows: r.rows, report: fileReport(path, 'Annex A APC (XLSX)', r) };
    }
    const text = bytes.toString('utf8');
    const rows = csvToRows(text);
    const annexA = rows.slice(0, 20).some((row) => row.some((c) => /^\s*hrg code\s*$/i.test(c ?? '')));
    const r = annexA ? parseAnnexAApc(rows) : parseBenchmarkApcCsv(text);
    return { rows: r.rows, report: fileReport(path, annexA ? 'Annex A APC (CSV)' : 'apc_tariff.csv', r) };
  });
}

export async function readOpFile(path: string): Promise<{ rows: readonly OutpatientPrice[]; report: TariffFileReport }> {
  const bytes = await readBytes(path);
  return inFile(path, () => {
    const r = parseBenchmarkOpCsv(bytes.toString('utf8'));
    return { rows: r.rows, report: fileReport(path, 'op_tariff.csv', r) };
  });
}

export async function readMffFile(path: string): Promise<{ rows: readonly MffEntry[]; report: TariffFileReport }> {
  const bytes = await readBytes(path);
  return inFile(path, () => {
    const r = parseMffCsv(bytes.toString('utf8'));
    return { rows: r.rows, report: fileReport(path, 'MFF CSV', r) };
  });
}

export interface LoadTariffInput {
  readonly year: string;
  readonly apc?: string;
  readonly op?: string;
  readonly mff?: string;
  /** Where the prices came from; default the file names. */
  readonly source?: string;
  /**
   * Load the valid rows even when some were rejected. Without it a file with any rejected row
   * changes nothing: a tariff missing prices would reject that activity later, quietly.
   */
  readonly allowRejected?: boolean;
}

/**
 * Loads a tariff year from files (administrators only). Parts not given are kept from the year's
 * current document, so `--mff` alone replaces only the market forces factors. A file with a rejected
 * row, with no valid row, or unreadable, changes nothing and names each rejected row; with
 * `allowRejected` the valid rows are loaded and the rejections reported.
 */
export async function loadTariff(ctx: UseCaseContext, input: LoadTariffInput): Promise<TariffLoadReport> {
  await ctx.require('tariff.load');
  if (!isSchemeYear(input.year)) throw invalid('year', `not a payment-scheme year like 2025/26: "${input.year}"`);
  if (!input.apc && !input.op && !input.mff) throw invalid('files', 'give at least one of --apc, --op, --mff');
  const apc = input.apc ? await readApcFile(input.apc) : null;
  const op = input.op ? await readOpFile(input.op) : null;
  const mff = input.mff ? await readMffFile(input.mff) : null;
  const existing = await repo.findTariffYear(ctx.db, input.year);
  const prior = existing?.document as Tariff | undefined;
  const files = [apc?.report, op?.report, mff?.report].filter((f): f is TariffFileReport => f !== undefined);
  const rejected = files.flatMap((f) => f.rejected.map((r) => ({ file: f.file, ...r })));
  if (rejected.length && !input.allowRejected) {
    throw new ConcordatError(
      'invalid',
      `${rejected.length} row(s) rejected, so the ${input.year} tariff was not changed (load anyway with the valid rows only: --allow-rejected)`,
      rejected.slice(0, 100).map((r) => ({ path: [r.file, `line ${r.line}`, ...(r.column ? [r.column] : [])], message: r.reason })),
    );
  }
  const source = input.source ?? [
    ...files.map((f) => (f.layout === f.file ? f.file : `${f.file} (${f.layout})`)),
    ...(prior ? [`kept from earlier load: ${[!apc && 'APC', !op && 'OP', !mff && 'MFF'].filter(Boolean).join(', ')}`] : []),
  ].join('; ');
  const tariff = buildTariff({
    year: input.year,
    source,
    apc: apc?.rows ?? Object.values(prior?.apc ?? {}),
    outpatient: op?.rows ?? Object.values(prior?.outpatient ?? {}),
    mff: mff?.rows ?? Object.values(prior?.mff ?? {}),
    hipFractureBpt: prior?.bestPractice.hipFracture ?? null,
    rules: prior?.rules,
  });
  await saveTariff(ctx, tariff, { files });
  return summaryOfLoad(tariff, existing, files);
}

function summaryOfLoad(tariff: Tariff, existing: repo.TariffYearRow | undefined, files: readonly TariffFileReport[]): TariffLoadReport {
  return {
    year: tariff.year, source: tariff.source, replaced: existing !== undefined, previousSource: existing?.source ?? null,
    apcPrices: Object.keys(tariff.apc).length, outpatientPrices: Object.keys(tariff.outpatient).length, mffEntries: Object.keys(tariff.mff).length,
    files,
  };
}

/** Registers (or replaces) a tariff year already built as data, with its audit record. Admin only. */
export async function registerTariff(ctx: UseCaseContext, tariff: Tariff): Promise<TariffLoadReport> {
  await ctx.require('tariff.load');
  const existing = await repo.findTariffYear(ctx.db, tariff.year);
  await saveTariff(ctx, tariff, { files: [] });
  return summaryOfLoad(tariff, existing, []);
}

async function saveTariff(ctx: UseCaseContext, tariff: Tariff, detail: { files: readonly TariffFileReport[] }): Promise<void> {
  const now = ctx.clock.now().toISOString();
  await ctx.write([tariffScope(tariff.year)], async (w) => {
    const existing = await repo.findTariffYear(w.db, tariff.year);
    await repo.upsertTariffYear(w.db, { year: tariff.year, source: tariff.source, document: tariff, loadedBy: ctx.actor.userId, loadedAt: now });
    await w.record({
      action: existing ? 'tariff.replace' : 'tariff.load', entityType: 'tariff_year', entityId: tariff.year,
      detail: {
        source: tariff.source, previousSource: existing?.source ?? null, previousLoadedAt: existing?.loadedAt ?? null,
        apcPrices: Object.keys(tariff.apc).length, outpatientPrices: Object.keys(tariff.outpatient).length, mffEntries: Object.keys(tariff.mff).length,
        files: detail.files.map((f) => ({ file: f.file, layout: f.layout, rowsRead: f.rowsRead, rowsLoaded: f.rowsLoaded, rejected: f.rejected.length })),
      },
    }, [{ kind: 'tariff_year', id: tariff.year }]);
  });
}

export async function listTariffs(ctx: UseCaseContext): Promise<TariffSummary[]> {
  const rows = await repo.listTariffYears(ctx.db);
  return rows.map((r) => {
    const t = r.document as Tariff;
    return {
      year: r.year, source: r.source, loadedBy: r.loadedBy, loadedAt: r.loadedAt,
      apcPrices: Object.keys(t.apc).length, outpatientPrices: Object.keys(t.outpatient).length, mffEntries: Object.keys(t.mff).length,
    };
  });
}

export async function getTariff(ctx: UseCaseContext, year: string): Promise<Tariff> {
  const row = await repo.findTariffYear(ctx.db, year);
  if (!row) throw notFound(`tariff for ${year}`);
  return row.document as Tariff;
}
