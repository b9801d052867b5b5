/**
 * Parser for the official NHS Payment Scheme Annex A admitted patient care (APC) prices sheet.
 * Input is the sheet as rows of cell text (string[][]), so a CSV export and an XLSX workbook (read by
 * readXlsxRows in xlsx.ts) share this one path. Column headings: shared/data/README.md; meaning:
 * RULES.md §2.1-2.3.
 */

import { invalid } from '../errors.ts';
import { normaliseHeading, readDays, readFlag, readPercent, readPounds } from './cells.ts';
import type { ApcPrice, ParseReport, RowRejection } from './types.ts';

/** The Annex A APC column headings this importer accepts, by the field each fills. */
export const ANNEX_A_APC_HEADINGS = {
  hrg: 'HRG code',
  name: 'HRG name',
  outpatientProcedurePence: 'Outpatient procedure tariff (£)',
  combinedElectivePence: 'Combined day case / ordinary elective spell tariff (£)',
  dayCasePence: 'Day case spell tariff (£)',
  ordinaryElectivePence: 'Ordinary elective spell tariff (£)',
  electiveTrimDays: 'Ordinary elective long stay trim point (days)',
  nonElectivePence: 'Non-elective spell tariff (£)',
  nonElectiveTrimDays: 'Non-elective long stay trim point (days)',
  longStayPerDayPence: 'Per day long stay payment (for days exceeding trim point) (£)',
  ssemApplicable: 'Reduced short stay emergency tariff applicable?',
  ssemPctMicros: '% applied in calculation of reduced short stay emergency tariff',
  ssemReducedPence: 'Reduced short stay emergency tariff (£)',
} as const;

type Field = keyof typeof ANNEX_A_APC_HEADINGS;

const PRICE_FIELDS = [
  'outpatientProcedurePence',
  'combinedElectivePence',
  'dayCasePence',
  'ordinaryElectivePence',
  'nonElectivePence',
] as const satisfies readonly Field[];

/** HRG4+ codes: two letters, two digits, one letter (HN12A, UZ01Z). */
export const HRG_CODE = /^[A-Z]{2}\d{2}[A-Z]$/;

/** Headings compared ignoring case, spacing and punctuation, so "HRG Code" and "HRG code " match. */
function headingKey(text: string): string {
  return normaliseHeading(text).replace(/[^a-z0-9%£?]/g, '');
}

const FIELD_BY_KEY = new Map<string, Field>(
  (Object.entries(ANNEX_A_APC_HEADINGS) as [Field, string][]).map(([f, h]) => [headingKey(h), f]),
);

/**
 * Parses the Annex A APC sheet. Title rows above the heading row are skipped; the heading row is the
 * first row with an "HRG code" cell. Every rejected data row is reported with its line (1-based row
 * number in the sheet), the column heading at fault and the reason. Throws ConcordatError (invalid)
 * when there is no heading row or no valid row at all.
 *
 * @example
 * const report = parseAnnexAApc([
 *   ['HRG code', 'HRG name', 'Combined day case / ordinary elective spell tariff (£)'],
 *   ['HN12A', 'Very Major Hip Procedures', '13,900'],
 * ]);
 * report.rows[0].combinedElectivePence // 1390000
 */
export function parseAnnexAApc(rows: readonly (readonly string[])[]): ParseReport<ApcPrice> {
  const headerIndex = rows.findIndex((r) => r.some((c) => headingKey(c ?? '') === headingKey('HRG code')));
  if (headerIndex < 0) throw invalid('header', 'no "HRG code" column heading found in the sheet');
  const header = rows[headerIndex];
  const columns = new Map<Field, number>();
  header.forEach((cell, i) => {
    const field = FIELD_BY_KEY.get(headingKey(cell ?? ''));
    if (field && !columns.has(field)) columns.set(field, i);
  });
  if (!PRICE_FIELDS.some((f) => columns.has(f))) {
    throw invalid('header', 'no price column found (expected Annex A APC headings, e.g. "Non-elective spell tariff (£)")');
  }

  const out: ApcPrice[] = [];
  const rejected: RowRejection[] = [];
  const seen = new Set<string>();
  let rowsRead = 0;
  for (let r = headerIndex + 1; r < rows.length; r++) {
    const row = rows[r];
    if (row.every((c) => (c ?? '').trim() === '')) continue;
    rowsRead++;
    const line = r + 1;
    const result = readRow(row, columns);
    if ('reason' in result) {
      rejected.push({ line, column: result.field ? ANNEX_A_APC_HEADINGS[result.field] : null, reason: result.reason });
      continue;
    }
    if (seen.has(result.hrg)) {
      rejected.push({ line, column: ANNEX_A_APC_HEADINGS.hrg, reason: `duplicate HRG ${result.hrg}` });
      continue;
    }
    seen.add(result.hrg);
    out.push(result);
  }
  if (out.length === 0) {
    throw invalid('rows', `no valid APC tariff rows (${rejected.length} rejected)`);
  }
  return { rows: out, rejected, rowsRead };
}

interface CellProblem {
  readonly field: Field | null;
  readonly reason: string;
}

function readRow(row: readonly string[], columns: ReadonlyMap<Field, number>): ApcPrice | CellProblem {
  const cell = (f: Field): string | undefined => {
    const i = columns.get(f);
    return i === undefined ? undefined : row[i];
  };
  const hrg = (cell('hrg') ?? '').trim().toUpperCase();
  if (hrg === '') return { field: 'hrg', reason: 'missing HRG code' };
  if (!HRG_CODE.test(hrg)) return { field: 'hrg', reason: `not an HRG code: "${hrg}"` };

  let current: Field = 'hrg';
  try {
    const read = <T>(f: Field, reader: (t: string | undefined) => T): T => {
      current = f;
      return reader(cell(f));
    };
    const name = (cell('name') ?? '').trim();
    const price: ApcPrice = {
      hrg,
      name: name === '' ? null : name,
      outpatientProcedurePence: read('outpatientProcedurePence', readPounds),
      combinedElectivePence: read('combinedElectivePence', readPounds),
      dayCasePence: read('dayCasePence', readPounds),
      ordinaryElectivePence: read('ordinaryElectivePence', readPounds),
      electiveTrimDays: read('electiveTrimDays', readDays),
      nonElectivePence: read('nonElectivePence', readPounds),
      nonElectiveTrimDays: read('nonElectiveTrimDays', readDays),
      longStayPerDayPence: read('longStayPerDayPence', readPounds),
      ssemApplicable: read('ssemApplicable', readFlag),
      ssemPctMicros: read('ssemPctMicros', readPercent),
      ssemReducedPence: read('ssemReducedPence', readPounds),
    };
    return checkApcPrice(price) ?? price;
  } catch (e) {
    return { field: current, reason: e instanceof Error ? e.message : String(e) };
  }
}

/**
 * Consistency checks shared by every APC source; returns the first problem or null.
 * A row must carry at least one price; a flagged short stay emergency HRG needs a reduced price or a
 * percentage and a non-elective price to apply it to (RULES.md §2.3, verification pass 2 §6).
 */
export function checkApcPrice(p: ApcPrice): CellProblem | null {
  if (PRICE_FIELDS.every((f) => p[f] === null)) return { field: null, reason: 'no price in any column' };
  if (p.ssemApplicable) {
    if (p.ssemReducedPence === null && p.ssemPctMicros === null) {
      return { field: 'ssemApplicable', reason: 'short stay emergency tariff flagged applicable but neither a reduced price nor a % is given' };
    }
    if (p.ssemReducedPence === null && p.nonElectivePence === null) {
      return { field: 'ssemPctMicros', reason: 'short stay emergency % given but there is no non-elective price to apply it to' };
    }
  }
  return null;
}
