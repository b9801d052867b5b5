/**
 * The benchmark's tariff files (shared/bench/README.md: apc_tariff.csv, op_tariff.csv, mff.csv), read
 * with the domain's parsers into a tariff year, so the `price` command prices by the same rules as
 * every submission.
 */
import { readFile } from 'node:fs/promises';
import { ConcordatError, type Issue } from '../../domain/errors.ts';
// The tariff modules themselves, not the tariff index: it also loads the XLSX reader (exceljs), which
// the price command does not need and which takes longer to load than a benchmark tariff to parse.
import { parseBenchmarkApcCsv, parseBenchmarkOpCsv } from '../../domain/tariff/benchmarkCsv.ts';
import { parseMffCsv } from '../../domain/tariff/mff.ts';
import { buildTariff } from '../../domain/tariff/tariff.ts';
import type { ParseReport, Tariff } from '../../domain/tariff/types.ts';

export interface BenchmarkTariffPaths {
  readonly apc: string;
  readonly op: string;
  readonly mff: string;
}

async function readText(path: string, label: string): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    if (text.trim() === '') throw new ConcordatError('invalid', `${label} file is empty: ${path}`);
    return text;
  } catch (e) {
    if (e instanceof ConcordatError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConcordatError('not_found', `${label} file not found: ${path}`);
    throw new ConcordatError('invalid', `${label} file cannot be read: ${path} (${code ?? String(e)})`);
  }
}

function parsed<T>(label: string, path: string, parse: () => ParseReport<T>): ParseReport<T> {
  try {
    return parse();
  } catch (e) {
    if (e instanceof ConcordatError) throw new ConcordatError(e.kind, `${label} file ${path}: ${e.message}`, e.issues);
    throw e;
  }
}

/**
 * Reads the benchmark's three tariff files (shared/bench/README.md) with the domain's parsers into a
 * tariff year. A benchmark tariff must be whole: any rejected row is an error (the peer would price
 * it), reported with its file, line and column.
 *
 * @example const tariff = await readBenchmarkTariff({ apc: 'apc_tariff.csv', op: 'op_tariff.csv', mff: 'mff.csv' });
 */
export async function readBenchmarkTariff(paths: BenchmarkTariffPaths, year = '2025/26'): Promise<Tariff> {
  const [apcText, opText, mffText] = await Promise.all([
    readText(paths.apc, 'apc tariff'),
    readText(paths.op, 'op tariff'),
    readText(paths.mff, 'mff'),
  ]);
  const apc = parsed('apc tariff', paths.apc, () => parseBenchmarkApcCsv(apcText));
  const op = parsed('op tariff', paths.op, () => parseBenchmarkOpCsv(opText));
  const mff = parsed('mff', paths.mff, () => parseMffCsv(mffText));
  const issues: Issue[] = [];
  for (const [label, report] of [['apc tariff', apc], ['op tariff', op], ['mff', mff]] as const) {
    for (const r of report.rejected) issues.push({ path: [label, `line ${r.line}`, r.column ?? 'row'], message: r.reason });
  }
  if (issues.length) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new ConcordatError('invalid', `tariff: ${first.path.join(' / ')}: ${first.message}${more}`, issues);
  }
  return buildTariff({ year, source: `benchmark tariff files ${paths.apc}, ${paths.op}, ${paths.mff}`, apc: apc.rows, outpatient: op.rows, mff: mff.rows });
}
