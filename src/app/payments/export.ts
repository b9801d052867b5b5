/**
 * A statement as a download: CSV (its lines and a total row) and XLSX (the lines, plan vs actual,
 * the submissions used, and the year-end reconciliation when there is one). Amounts are written from
 * integer pence, never through a float: pounds as "1234.56" text in CSV, and in XLSX as a number of
 * pounds formatted £#,##0.00 beside the exact pence.
 */

import ExcelJS from 'exceljs';
import type { Pence } from '../../domain/money.ts';
import type { StatementView } from './statements.ts';

/** 123456 -> "1234.56"; -5 -> "-0.05". */
export function poundsText(pence: Pence): string {
  const abs = Math.abs(pence);
  return `${pence < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function csvField(v: string | number): string {
  const t = String(v);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export const STATEMENT_CSV_HEADER = ['period', 'description', 'rule_id', 'rule_label', 'rule_source', 'amount_pounds', 'amount_pence'] as const;

/** The statement's lines and a TOTAL row, one header row, CRLF-free. */
export function statementCsv(v: StatementView): string {
  const rows: (string | number)[][] = [[...STATEMENT_CSV_HEADER]];
  for (const l of v.statement.lines) {
    rows.push([l.period, l.description, l.rule.id, l.rule.label, l.rule.source, poundsText(l.amountPence), l.amountPence]);
  }
  rows.push(['TOTAL', `${v.contract.reference} ${v.year} to ${v.period}`, '', '', '', poundsText(v.statement.totalPence), v.statement.totalPence]);
  return rows.map((r) => r.map(csvField).join(',')).join('\n') + '\n';
}

const MONEY = '£#,##0.00;-£#,##0.00';

export async function statementXlsx(v: StatementView): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Concordat';
  const s = wb.addWorksheet('Statement');
  s.addRow([`Payment statement: ${v.contract.reference} ${v.contract.title}`]).font = { bold: true };
  s.addRow([`Scheme year ${v.year}, through ${v.period}; payment model ${v.statement.model}; tariff ${v.tariff ? `${v.tariff.year} (${v.tariff.source})` : 'none'}`]);
  s.addRow([]);
  const header = s.addRow(['Period', 'Description', 'Rule id', 'Rule', 'Source', 'Amount (£)', 'Amount (pence)']);
  header.font = { bold: true };
  for (const l of v.statement.lines) {
    s.addRow([l.period, l.description, l.rule.id, l.rule.label, l.rule.source, l.amountPence / 100, l.amountPence]);
  }
  const total = s.addRow(['TOTAL', '', '', '', '', v.statement.totalPence / 100, v.statement.totalPence]);
  total.font = { bold: true };
  s.getColumn(6).numFmt = MONEY;
  s.columns.forEach((c, i) => { c.width = [10, 70, 30, 50, 22, 18, 18][i]; });
  if (v.statement.notes.length) {
    s.addRow([]);
    for (const n of v.statement.notes) s.addRow(['Note', n]);
  }

  const p = wb.addWorksheet('Plan vs actual');
  p.addRow(['Period', 'Plan (£)', 'Actual (£)', 'Variance (£)', 'Plan (pence)', 'Actual (pence)', 'Submission SHA-256']).font = { bold: true };
  const sha = new Map(v.months.map((m) => [m.period, m.sha256]));
  for (const r of v.statement.planVsActual) {
    p.addRow([
      r.period, r.planPence / 100, r.actualPence === null ? null : r.actualPence / 100,
      r.actualPence === null ? null : (r.actualPence - r.planPence) / 100, r.planPence, r.actualPence, sha.get(r.period) ?? '',
    ]);
  }
  for (const c of [2, 3, 4]) p.getColumn(c).numFmt = MONEY;
  p.columns.forEach((c, i) => { c.width = [10, 16, 16, 16, 16, 16, 66][i]; });

  if (v.reconciliation) {
    const r = v.reconciliation;
    const y = wb.addWorksheet('Year-end reconciliation');
    y.addRow(['Period', 'Plan (£)', 'Actual (£)', 'Earned (£)', 'Paid on account (£)', 'Cumulative balance (£)']).font = { bold: true };
    for (const m of r.months) {
      y.addRow([m.period, m.planPence / 100, m.actualPence === null ? null : m.actualPence / 100, m.earnedPence / 100, m.paidPence / 100, m.cumulativeBalancePence / 100]);
    }
    y.addRow(['TOTAL', r.planPence / 100, r.actualPence / 100, r.earnedPence / 100, r.paidPence / 100, r.balancePence / 100]).font = { bold: true };
    y.addRow([]);
    y.addRow(['Balance', r.balancePence / 100, r.direction.replace(/_/g, ' ')]);
    for (const c of [2, 3, 4, 5, 6]) y.getColumn(c).numFmt = MONEY;
    y.columns.forEach((c, i) => { c.width = [12, 18, 18, 18, 20, 22][i]; });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
