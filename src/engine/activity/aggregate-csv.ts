/**
 * The aggregate as CSV, byte for byte what the DuckDB peer's
 * `copy (... order by all) to 'x.csv' (header, delimiter ',')` writes: a header line, '\n' line
 * endings, a trailing newline, integers in plain decimal, and a field quoted (with quotes doubled)
 * only when it contains the delimiter, a quote or a line break, or is the empty string.
 */
import { writeFile } from 'node:fs/promises';
import type { AggregateRow } from './types.ts';

export const AGGREGATE_HEADER = 'provider,commissioner,period,rows,total_pence';

function field(text: string): string {
  if (text === '' || /[",\r\n]/.test(text)) return `"${text.replace(/"/g, '""')}"`;
  return text;
}

export function formatAggregateCsv(rows: readonly AggregateRow[]): string {
  // Codes repeat on many rows: each is written once and its text reused.
  const written = new Map<string, string>();
  const code = (text: string): string => {
    let out = written.get(text);
    if (out === undefined) written.set(text, (out = field(text)));
    return out;
  };
  let csv = `${AGGREGATE_HEADER}\n`;
  for (const r of rows) csv += `${code(r.provider)},${code(r.commissioner)},${r.period},${r.rows},${r.totalPence}\n`;
  return csv;
}

export async function writeAggregateCsv(path: string, rows: readonly AggregateRow[]): Promise<void> {
  await writeFile(path, formatAggregateCsv(rows), 'utf8');
}
