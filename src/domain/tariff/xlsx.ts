/**
 * The one non-pure helper of the tariff folder: reads a worksheet of an XLSX workbook (a Buffer,
 * never a path) into rows of cell text for parseAnnexAApc, with exceljs.
 */

import ExcelJS from 'exceljs';
import { invalid } from '../errors.ts';

/** Text of one cell as a person sees it: numbers without float noise, formulas by their result. */
function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    // Workbook doubles such as 1304.5500000000002 are shown as 1304.55.
    return String(Number(value.toFixed(6)));
  }
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('result' in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
    if ('text' in value) return String(value.text);
    if ('error' in value) return '';
  }
  return String(value);
}

/**
 * Reads one worksheet into string[][] (row 1 of the sheet is index 0, so index + 1 is the line the
 * spreadsheet shows). `sheet` is a name or a 1-based position; the default is the first sheet whose
 * name mentions APC, else the first sheet.
 *
 * @example
 * const rows = await readXlsxRows(buffer, 'APC & OPROC');
 * const report = parseAnnexAApc(rows);
 */
export async function readXlsxRows(data: Buffer | ArrayBuffer | Uint8Array, sheet?: string | number): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    const bytes = data instanceof ArrayBuffer ? Buffer.from(new Uint8Array(data)) : Buffer.from(data);
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw invalid('workbook', `not a readable XLSX workbook: ${e instanceof Error ? e.message : String(e)}`);
  }
  const ws =
    sheet === undefined
      ? workbook.worksheets.find((w) => /apc/i.test(w.name)) ?? workbook.worksheets[0]
      : typeof sheet === 'number'
        ? workbook.worksheets[sheet - 1]
        : workbook.getWorksheet(sheet);
  if (!ws) throw invalid('sheet', `worksheet ${String(sheet ?? 1)} not found`);
  const rows: string[][] = [];
  ws.eachRow({ includeEmpty: true }, (row, rowNumber) => {
    const cells: string[] = [];
    row.eachCell({ includeEmpty: true }, (cell, col) => {
      cells[col - 1] = cellText(cell.value);
    });
    for (let i = 0; i < cells.length; i++) cells[i] ??= '';
    rows[rowNumber - 1] = cells;
  });
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}
