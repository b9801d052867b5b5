/**
 * The benchmark tariff: apc_tariff.csv (by HRG), op_tariff.csv (by TFC) and mff.csv (by provider).
 * These files are small, so they are read whole and parsed with csv-parse. The result is plain
 * data ({@link TariffData}) that can be posted to worker threads.
 */
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { ConcordatError, type Issue } from '../../domain/errors.ts';
import { parseMicros } from '../../domain/money.ts';

export interface TariffData {
  readonly hrg: readonly string[];
  readonly elPrice: readonly number[];
  readonly dcPrice: readonly number[];
  readonly nelPrice: readonly number[];
  readonly elTrim: readonly number[];
  readonly nelTrim: readonly number[];
  readonly xbdPrice: readonly number[];
  readonly tfc: readonly string[];
  readonly firstPrice: readonly number[];
  readonly followupPrice: readonly number[];
  readonly provider: readonly string[];
  /** MFF × 1,000,000, exact. */
  readonly mffMicro: readonly number[];
}

export interface TariffPaths {
  readonly apc: string;
  readonly op: string;
  readonly mff: string;
}

async function readTable(path: string, label: string, columns: readonly string[]): Promise<string[][]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConcordatError('not_found', `${label} file not found: ${path}`);
    throw new ConcordatError('invalid', `${label} file cannot be read: ${path} (${code ?? String(e)})`);
  }
  if (text.trim() === '') throw new ConcordatError('invalid', `${label} file is empty: ${path}`);
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false }) as string[][];
  } catch (e) {
    throw new ConcordatError('invalid', `${label} file is not valid CSV: ${path}: ${(e as Error).message}`);
  }
  const header = records[0].map((h) => h.trim());
  const index = columns.map((c) => header.indexOf(c));
  const missing = columns.filter((_, i) => index[i] < 0);
  if (missing.length) {
    throw new ConcordatError(
      'invalid',
      `${label} file ${path} has the wrong header: missing ${missing.join(', ')} (expected ${columns.join(',')})`,
    );
  }
  return records.slice(1).map((r) => index.map((i) => r[i].trim()));
}

function wholeNumber(text: string, label: string, line: number, column: string, issues: Issue[]): number {
  if (/^\d{1,15}$/.test(text)) return Number(text);
  issues.push({ path: [label, `line ${line}`, column], message: `not a non-negative whole number: "${text}"` });
  return 0;
}

/** Reads and checks the three tariff files; throws a ConcordatError listing every problem. */
export async function loadTariff(paths: TariffPaths): Promise<TariffData> {
  const [apc, op, mff] = await Promise.all([
    readTable(paths.apc, 'apc tariff', [
      'hrg',
      'el_price_pence',
      'dc_price_pence',
      'nel_price_pence',
      'el_trim_days',
      'nel_trim_days',
      'xbd_price_pence',
    ]),
    readTable(paths.op, 'op tariff', ['tfc', 'first_price_pence', 'followup_price_pence']),
    readTable(paths.mff, 'mff', ['provider', 'mff']),
  ]);
  const issues: Issue[] = [];
  const unique = (label: string, codes: string[]): void => {
    const seen = new Map<string, number>();
    codes.forEach((code, i) => {
      if (code === '') issues.push({ path: [label, `line ${i + 2}`], message: 'empty code' });
      else if (seen.has(code)) {
        issues.push({ path: [label, `line ${i + 2}`], message: `duplicate code "${code}" (first on line ${seen.get(code)! + 2})` });
      } else seen.set(code, i);
    });
  };
  const col = (rows: string[][], c: number, label: string, name: string): number[] =>
    rows.map((r, i) => wholeNumber(r[c], label, i + 2, name, issues));

  const hrg = apc.map((r) => r[0]);
  unique('apc tariff', hrg);
  const tfc = op.map((r) => r[0]);
  unique('op tariff', tfc);
  const provider = mff.map((r) => r[0]);
  unique('mff', provider);
  const mffMicro = mff.map((r, i) => {
    try {
      const m = parseMicros(r[1]);
      if (m <= 0) throw new RangeError('must be positive');
      return m;
    } catch (e) {
      issues.push({ path: ['mff', `line ${i + 2}`, 'mff'], message: `not a positive decimal with at most 6 places: "${r[1]}"` });
      return 0;
    }
  });
  const data: TariffData = {
    hrg,
    elPrice: col(apc, 1, 'apc tariff', 'el_price_pence'),
    dcPrice: col(apc, 2, 'apc tariff', 'dc_price_pence'),
    nelPrice: col(apc, 3, 'apc tariff', 'nel_price_pence'),
    elTrim: col(apc, 4, 'apc tariff', 'el_trim_days'),
    nelTrim: col(apc, 5, 'apc tariff', 'nel_trim_days'),
    xbdPrice: col(apc, 6, 'apc tariff', 'xbd_price_pence'),
    tfc,
    firstPrice: col(op, 1, 'op tariff', 'first_price_pence'),
    followupPrice: col(op, 2, 'op tariff', 'followup_price_pence'),
    provider,
    mffMicro,
  };
  for (const t of [...data.elTrim, ...data.nelTrim]) {
    if (t > 2_147_483_647) issues.push({ path: ['apc tariff'], message: `trim days out of range: ${t}` });
  }
  if (issues.length) {
    const first = issues[0];
    const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
    throw new ConcordatError('invalid', `tariff: ${first.path.join(' / ')}: ${first.message}${more}`, issues);
  }
  return data;
}
