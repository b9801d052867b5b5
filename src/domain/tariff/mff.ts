/**
 * Market forces factor tables (RULES.md §2.4). Two layouts are accepted:
 * the NHS Payment Scheme Annex A extract (provider_code, provider_name, mff_factor; e.g.
 * shared/data/tariff/mff_2026-27.csv) and the benchmark mff.csv (provider, mff).
 * The factor is parsed from its decimal text into exact micros, never through a float.
 */

import { parseMicros } from '../money.ts';
import { cellOf, CellError, csvToRows, readHeaderedTable } from './csv.ts';
import type { MffEntry, ParseReport } from './types.ts';

const HEADINGS = {
  provider: ['provider_code', 'provider', 'organisation code', 'org code', 'provider code'],
  name: ['provider_name', 'provider name', 'name'],
  mff: ['mff_factor', 'mff', 'mff payment index', 'payment index'],
} as const;

/**
 * Reads a market forces factor: '1.046100' -> 1_046_100. Must be positive.
 *
 * @example readMff('1.0461') // 1046100
 */
export function readMff(text: string | undefined): number {
  const t = (text ?? '').trim();
  if (t === '') throw new RangeError('missing market forces factor');
  const micros = parseMicros(t);
  if (micros <= 0) throw new RangeError(`market forces factor must be positive: "${text}"`);
  return micros;
}

/**
 * Parses an MFF table given as rows of cell text. Rejected rows are reported with line and column.
 *
 * @example parseMffRows([['provider','mff'],['RCF','1.012977']]).rows[0].mffMicros // 1012977
 */
export function parseMffRows(rows: readonly (readonly string[])[]): ParseReport<MffEntry> {
  return readHeaderedTable<keyof typeof HEADINGS, MffEntry>(
    rows,
    'mff',
    HEADINGS,
    ['provider', 'mff'],
    (get) => {
      const provider = (get('provider') ?? '').trim().toUpperCase();
      if (provider === '') throw new CellError(HEADINGS.provider[0], 'missing provider code');
      const name = (get('name') ?? '').trim();
      return {
        provider,
        name: name === '' ? null : name,
        mffMicros: cellOf(HEADINGS.mff[0], get('mff'), readMff),
      };
    },
    (e) => e.provider,
  );
}

/**
 * Parses MFF CSV text in either layout.
 *
 * @example parseMffCsv('provider_code,provider_name,mff_factor\nRCF,Airedale NHS Foundation Trust,1.012977\n')
 */
export function parseMffCsv(text: string): ParseReport<MffEntry> {
  return parseMffRows(csvToRows(text));
}
