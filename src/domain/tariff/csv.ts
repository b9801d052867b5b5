/**
 * CSV text to rows of cell text, and a reader for simple tables with one heading row. Pure: takes
 * the text, never a path.
 */

import { parse } from 'csv-parse/sync';
import { invalid } from '../errors.ts';
import { normaliseHeading } from './cells.ts';
import type { ParseReport, RowRejection } from './types.ts';

/**
 * Splits CSV text into rows. Blank lines are kept as empty rows so that row index + 1 is the line
 * number (true unless a quoted cell spans lines). A byte order mark is ignored.
 *
 * @example csvToRows('a,b\n1,"2,5"\n') // [['a','b'],['1','2,5']]
 */
export function csvToRows(text: string): string[][] {
  try {
    return parse(text, { relax_column_count: true, bom: true, skip_empty_lines: false, relax_quotes: true }) as string[][];
  } catch (e) {
    throw invalid('csv', e instanceof Error ? e.message : String(e));
  }
}

/** Thrown by a row reader to reject the row, naming the column at fault. */
export class CellError extends Error {
  readonly column: string | null;
  constructor(column: string | null, reason: string) {
    super(reason);
    this.name = 'CellError';
    this.column = column;
  }
}

/** Reads one cell with `reader`, turning its RangeError into a CellError naming the column. */
export function cellOf<T>(column: string, text: string | undefined, reader: (t: string | undefined) => T): T {
  try {
    return reader(text);
  } catch (e) {
    throw new CellError(column, e instanceof Error ? e.message : String(e));
  }
}

/**
 * Reads a table whose first non-blank row is its heading row. `headings` maps each field to the
 * accepted heading texts (the first is the canonical one reported in rejections). Rows that throw
 * CellError or RangeError are reported; `keyOf` detects duplicates. Throws invalid when a required
 * heading is missing or no row is valid.
 */
export function readHeaderedTable<K extends string, T>(
  rows: readonly (readonly string[])[],
  what: string,
  headings: Readonly<Record<K, readonly string[]>>,
  required: readonly K[],
  readRow: (get: (field: K) => string | undefined) => T,
  keyOf: (row: T) => string,
): ParseReport<T> {
  const headerIndex = rows.findIndex((r) => r.some((c) => (c ?? '').trim() !== ''));
  if (headerIndex < 0) throw invalid(what, 'the file is empty');
  const header = rows[headerIndex].map((c) => normaliseHeading(c ?? ''));
  const columns = new Map<K, number>();
  for (const field of Object.keys(headings) as K[]) {
    const i = header.findIndex((h) => headings[field].some((alias) => normaliseHeading(alias) === h));
    if (i >= 0) columns.set(field, i);
  }
  const missing = required.filter((f) => !columns.has(f));
  if (missing.length > 0) {
    throw invalid(what, `missing column heading(s): ${missing.map((f) => headings[f][0]).join(', ')}`);
  }

  const out: T[] = [];
  const rejected: RowRejection[] = [];
  const seen = new Set<string>();
  let rowsRead = 0;
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.every((c) => (c ?? '').trim() === '')) continue;
    rowsRead++;
    const line = r + 1;
    try {
      const value = readRow((f) => {
        const i = columns.get(f);
        return i === undefined ? undefined : row[i];
      });
      const key = keyOf(value);
      if (seen.has(key)) throw new CellError(headings[required[0]][0], `duplicate ${key}`);
      seen.add(key);
      out.push(value);
    } catch (e) {
      if (e instanceof CellError) rejected.push({ line, column: e.column, reason: e.message });
      else if (e instanceof RangeError) rejected.push({ line, column: null, reason: e.message });
      else throw e;
    }
  }
  if (out.length === 0) throw invalid(what, `no valid rows (${rejected.length} rejected)`);
  return { rows: out, rejected, rowsRead };
}
