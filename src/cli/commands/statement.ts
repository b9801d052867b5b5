import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { statementCsv, statementXlsx } from '../../app/payments/export.ts';
import type { StatementView } from '../../app/payments/statements.ts';
import type { SubmissionView } from '../../app/payments/submissions.ts';
import { formatPounds } from '../../domain/money.ts';
import { withWorkspace } from '../app-session.ts';
import { printJson, printTable } from '../output.ts';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

function printStatement(v: StatementView): void {
  const s = v.statement;
  const out = process.stdout;
  out.write(`${v.contract.reference}: ${v.contract.title}\n`);
  out.write(`Payment statement ${v.year}, April to ${v.period} (${s.model}); tariff ${v.tariff ? v.tariff.year : 'none loaded'}\n\n`);
  printTable(
    ['period', 'amount', 'rule', 'description'],
    [...s.lines.map((l) => [l.period, formatPounds(l.amountPence), l.rule.id, l.description]), ['TOTAL', formatPounds(s.totalPence), '', `${s.lines.length} lines`]],
    [1],
  );
  for (const n of s.notes) out.write(`note: ${n}\n`);
  out.write('\nPlan vs actual\n');
  const sha = new Map(v.months.map((m) => [m.period, m.sha256.slice(0, 12)]));
  printTable(
    ['period', 'plan', 'actual', 'variance', 'submission'],
    s.planVsActual.map((r) => [
      r.period, formatPounds(r.planPence), r.actualPence === null ? 'not reported' : formatPounds(r.actualPence),
      r.actualPence === null ? '' : formatPounds(r.actualPence - r.planPence), sha.get(r.period) ?? '',
    ]),
    [1, 2, 3],
  );
  if (v.reconciliation) {
    const r = v.reconciliation;
    out.write(`\nYear-end reconciliation (on account: 1/12 of ${formatPounds(v.expectedAnnualValuePence)}, ${v.expectedAnnualValueBasis})\n`);
    out.write(`  earned ${formatPounds(r.earnedPence)}, paid on account ${formatPounds(r.paidPence)}, balance ${formatPounds(r.balancePence)}: ${r.direction.replace(/_/g, ' ')}\n`);
  }
}

/** The submission report for people: counts, hash, each rejected row (first 50), hints. */
function printReport(s: SubmissionView): void {
  const out = process.stdout;
  out.write(`${s.kind === 'plan' ? 'plan' : 'activity'} for ${s.reference} ${s.period} recorded as ${s.id}\n`);
  out.write(`  file ${s.fileName} (${s.bytes} bytes), sha256 ${s.sha256}\n`);
  out.write(`  rows read ${s.rowsRead}, priced ${s.rowsPriced}, rejected ${s.rowsRejected}; total ${formatPounds(s.totalPence)}${s.tariffYear ? ` at the ${s.tariffYear} tariff` : ''}\n`);
  if (s.supersedes) out.write(`  supersedes ${s.supersedes} (kept, readable)\n`);
  const detailed = s.rejections.detailed;
  if (s.rowsRejected > 0) {
    const reasons = Object.entries(s.rejections.byReason).filter(([, n]) => (n ?? 0) > 0).map(([k, n]) => `${k} ${n}`).join(', ');
    out.write(`rejected rows (${reasons}):\n`);
    for (const r of detailed.slice(0, 50)) out.write(`  line ${r.line}: ${r.field}: ${r.reason}: ${r.message}${r.value ? ` ("${r.value}")` : ''}\n`);
    if (s.rowsRejected > 50) out.write(`  ... and ${s.rowsRejected - 50} more\n`);
  }
  for (const h of s.hints) out.write(`hint: ${h.count} x ${h.message} (line${h.firstLines.length > 1 ? 's' : ''} ${h.firstLines.join(', ')}${h.count > h.firstLines.length ? ', ...' : ''})\n`);
}

export function registerStatementCommands(program: Command): void {
  program
    .command('statement <contract> <period>')
    .description('Payment statement for a contract: the scheme year up to a period (YYYY-MM), each line with its rule; plan vs actual; year-end reconciliation for March')
    .option('--json', 'print the statement as JSON (nothing else on stdout)')
    .option('--csv <file>', 'also write the statement lines and total as CSV')
    .option('--xlsx <file>', 'also write an XLSX workbook (lines, plan vs actual, reconciliation)')
    .action(async (contract: string, period: string, opts: { json?: boolean; csv?: string; xlsx?: string }) => {
      if (!PERIOD.test(period)) throw new Error('period must be written YYYY-MM, e.g. 2014-09');
      const v = await withWorkspace('statement', (ws) => ws.getStatement(contract, period));
      if (opts.csv) await writeFile(opts.csv, statementCsv(v));
      if (opts.xlsx) await writeFile(opts.xlsx, await statementXlsx(v));
      if (opts.json) return printJson(v);
      printStatement(v);
      for (const f of [opts.csv, opts.xlsx].filter(Boolean)) process.stdout.write(`wrote ${f}\n`);
    });

  program
    .command('submit <contract> <period> <file>')
    .description('Submit a month of patient-level activity (Concordat activity CSV v1) for a contract, or with --plan the plan lines (service,pod,hrg,period,activity,planned_pence) for the scheme year of the period')
    .option('--plan', 'the file holds aggregated plan lines')
    .option('--json', 'print the report as JSON')
    .action(async (contract: string, period: string, file: string, opts: { plan?: boolean; json?: boolean }) => {
      const s = await withWorkspace('submit', (ws) => (opts.plan ? ws.submitPlan(contract, period, file) : ws.submitActivity(contract, period, file)));
      if (opts.json) return printJson(s);
      printReport(s);
    });

  program
    .command('submissions <contract>')
    .description("A contract's activity and plan submissions, superseded ones included")
    .option('--json', 'print JSON')
    .action(async (contract: string, opts: { json?: boolean }) => {
      const list = await withWorkspace('submissions', (ws) => ws.listSubmissions(contract));
      if (opts.json) return printJson(list);
      printTable(
        ['period', 'kind', 'read', 'priced', 'rejected', 'total', 'sha256', 'submitted', 'status'],
        list.map((s) => [
          s.period, s.kind, s.rowsRead, s.rowsPriced, s.rowsRejected, formatPounds(s.totalPence), s.sha256.slice(0, 16),
          `${s.submittedAt.slice(0, 16)} by ${s.submittedByName}`, s.current ? 'current' : `superseded by ${s.supersededBy?.slice(0, 8)}`,
        ]),
        [2, 3, 4, 5],
      );
    });

  const tariff = program.command('tariff').description('Tariff years (payment-scheme years as data)');
  tariff
    .command('load')
    .description('Load or replace a tariff year from files: Annex A APC (.xlsx or .csv) or apc_tariff.csv, op_tariff.csv, an MFF CSV. Parts not given are kept from the year already loaded.')
    .requiredOption('--year <year>', 'payment-scheme year, e.g. 2025/26')
    .option('--apc <file>', 'Annex A APC workbook (.xlsx) or CSV, or the benchmark apc_tariff.csv')
    .option('--op <file>', 'op_tariff.csv (tfc, first_price_pence, followup_price_pence)')
    .option('--mff <file>', 'MFF CSV (provider_code, provider_name, mff_factor) or the benchmark mff.csv')
    .option('--source <text>', 'where the prices come from (default: the file names)')
    .option('--allow-rejected', 'load the valid rows even if some are rejected (without it, any rejected row changes nothing)')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { year: string; apc?: string; op?: string; mff?: string; source?: string; allowRejected?: boolean; json?: boolean }) => {
      const r = await withWorkspace('tariff load', (ws) => ws.loadTariff({
        year: opts.year.replace(/^(\d{4})-(\d{2})$/, '$1/$2'), apc: opts.apc, op: opts.op, mff: opts.mff, source: opts.source, allowRejected: opts.allowRejected,
      }));
      if (opts.json) return printJson(r);
      process.stdout.write(`${r.replaced ? 'replaced' : 'loaded'} tariff ${r.year}: ${r.apcPrices} APC prices, ${r.outpatientPrices} outpatient prices, ${r.mffEntries} MFF entries\n`);
      if (r.previousSource) process.stdout.write(`  previously: ${r.previousSource}\n`);
      for (const f of r.files) {
        process.stdout.write(`  ${f.file} (${f.layout}): ${f.rowsLoaded} of ${f.rowsRead} rows loaded\n`);
        for (const x of f.rejected.slice(0, 20)) process.stdout.write(`    line ${x.line}: ${x.column ?? 'row'}: ${x.reason}\n`);
        if (f.rejected.length > 20) process.stdout.write(`    ... and ${f.rejected.length - 20} more\n`);
      }
    });
  tariff
    .command('list')
    .description('Tariff years loaded')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await withWorkspace('tariff list', (ws) => ws.listTariffs());
      if (opts.json) return printJson(list);
      printTable(['year', 'APC', 'OP', 'MFF', 'loaded', 'source'], list.map((t) => [t.year, t.apcPrices, t.outpatientPrices, t.mffEntries, t.loadedAt.slice(0, 16), t.source.slice(0, 100)]), [1, 2, 3]);
    });
}
