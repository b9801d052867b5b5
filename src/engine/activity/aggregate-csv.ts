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
  const out: string[] = [AGGREGATE_HEADER];
  for (const r of rows) {
    out.push(`${field(r.provider)},${field(r.commissioner)},${r.period},${r.rows},${r.totalPence}`);
  }
  return out.join('\n') + '\n';
}

export async function writeAggregateCsv(path: string, rows: readonly AggregateRow[]): Promise<void> {
  await writeFile(path, formatAggregateCsv(rows), 'utf8');
}
