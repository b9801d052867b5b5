/**
 * `concordat economies ...` and `concordat scenarios list`: stored economies from the command line
 * (which acts as the system, like the other administrative commands): list them, create one for an
 * organisation, build a version as at a date, show a version with where each figure came from,
 * download the cost and workforce template and upload it filled in. --json prints only JSON.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { invalid } from '../../domain/errors.ts';
import type { Provenance } from '../../domain/impact/index.ts';
import { formatPounds } from '../../domain/money.ts';
import { withWorkspace } from '../app-session.ts';
import { printJson, printTable } from '../output.ts';

const date = (text: string | undefined, flag: string) => {
  if (text !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(text)) throw invalid(flag, 'must be a date written YYYY-MM-DD');
  return text;
};
const year = (text: string) => {
  if (!/^\d{4}[-/]\d{2}$/.test(text)) throw invalid('--year', 'must be a financial year such as 2014-15');
  return text;
};

function source(p: Provenance | undefined, entries: Record<string, { sourceFile: string | null; sourceLine: number | null }>): string {
  if (!p) return '';
  if (p.kind === 'entry') {
    const e = entries[p.entryId];
    return `${e?.sourceFile ?? 'entered'}${e?.sourceLine ? `:${e.sourceLine}` : ''}${p.illustrative ? ' (illustrative)' : ''}`;
  }
  if (p.kind === 'plan') return `plan ${p.contracts.join(', ')}`;
  if (p.kind === 'registry') return 'registry';
  return p.kind;
}

export function registerEconomyCommands(program: Command): void {
  const economies = program.command('economies').description('Stored economies for impact scenarios: versions as at a date, entered costs and workforce');
  economies
    .command('list')
    .description('Every stored economy with its versions')
    .option('--json', 'print a JSON array')
    .action(async (opts: { json?: boolean }) => {
      const list = await withWorkspace('economies list', (ws) => ws.listEconomies());
      if (opts.json) return printJson(list);
      printTable(
        ['id', 'name', 'owner', 'sharing', 'versions (as at)'],
        list.map((e) => [e.id, e.name, e.ownerOrganisation, e.sharing, e.versions.map((v) => `${v.seq}: ${v.asAt}`).join(', ') || '(none yet)']),
      );
    });
  economies
    .command('create <id>')
    .description('Create an economy owned by an organisation (empty until a version is built)')
    .requiredOption('--name <name>', 'its name')
    .requiredOption('--owner <code>', 'ODS code of the owning organisation')
    .option('--sharing <sharing>', 'private, economy (shared with the organisations in it) or published', 'private')
    .option('--json', 'print the economy as JSON')
    .action(async (id: string, opts: { name: string; owner: string; sharing: string; json?: boolean }) => {
      const e = await withWorkspace('economies create', (ws) => ws.createEconomy({ id, name: opts.name, ownerOrganisation: opts.owner, sharing: opts.sharing as 'private' }));
      if (opts.json) return printJson(e);
      process.stdout.write(`created economy ${e.id} (${e.name}), owned by ${e.ownerOrganisation}, ${e.sharing}\n`);
    });
  economies
    .command('build <id>')
    .description('Build a version as at a date from the contracts, statements, plans and entered figures (the existing version when nothing changed)')
    .requiredOption('--as-at <date>', 'contracts as at this date; statements and entries for its financial year')
    .option('--json', 'print {version, created, warnings} as JSON')
    .action(async (id: string, opts: { asAt: string; json?: boolean }) => {
      const r = await withWorkspace('economies build', (ws) => ws.buildEconomyVersion(id, date(opts.asAt, '--as-at')!));
      if (opts.json) return printJson(r);
      process.stdout.write(
        `${r.created ? 'built' : 'unchanged:'} version ${r.version.seq} of ${id} as at ${r.version.asAt} (${r.version.year}), input ${r.version.inputSha256.slice(0, 12)}; ${r.warnings.length} warning(s)\n`,
      );
      for (const w of r.warnings) process.stdout.write(`  ${w.path}: ${w.message}\n`);
    });
  economies
    .command('show <id>')
    .description('A version\'s providers and service lines: income and the contracts it came from, costs and where they came from')
    .option('--as-at <date>', 'the version as at this date (default: the latest)')
    .option('--version <v>', 'the version by id or number')
    .option('--json', 'print {economy, version, data, entries} as JSON')
    .action(async (id: string, opts: { asAt?: string; version?: string; json?: boolean }) => {
      const v = await withWorkspace('economies show', (ws) => ws.getEconomyVersion(id, { asAt: date(opts.asAt, '--as-at'), version: opts.version }));
      if (opts.json) return printJson(v);
      process.stdout.write(`${v.economy.name} (${v.economy.id}) version ${v.version.seq} as at ${v.version.asAt}, income ${v.version.year}, input ${v.version.inputSha256.slice(0, 12)}\n`);
      printTable(
        ['provider', 'line', 'income', 'income from', 'costs from'],
        v.data.providers.flatMap((p) => p.serviceLines.map((l) => [
          p.code, l.service, formatPounds(l.income.reduce((s, i) => s + i.annualIncome, 0)),
          l.income.flatMap((i) => (i.sources ?? []).map((s) => `${s.contract} ${s.basis === 'statement' ? 'statement' : 'value'} x${s.periods.length}`)).join('; '),
          source(l.provenance?.costs, v.entries) || 'not entered (fully variable)',
        ])),
        [2],
      );
    });
  economies
    .command('template <id>')
    .description('Write the cost and workforce template, pre-filled from the latest version of the year (.xlsx: every sheet; .csv: one table)')
    .requiredOption('--year <year>', 'financial year, e.g. 2014-15')
    .requiredOption('--out <file>', 'where to write it (.xlsx or .csv)')
    .option('--provider <code>', 'one provider\'s lines only')
    .option('--table <table>', 'for CSV: service-lines, workforce or providers', 'service-lines')
    .action(async (id: string, opts: { year: string; out: string; provider?: string; table: string }) => {
      const format = opts.out.toLowerCase().endsWith('.xlsx') ? 'xlsx' : 'csv';
      const file = await withWorkspace('economies template', (ws) => ws.costTemplate(id, { year: year(opts.year), format, provider: opts.provider, table: opts.table as 'service-lines' }));
      writeFileSync(opts.out, file.body);
      process.stderr.write(`wrote ${opts.out}\n`);
    });
  economies
    .command('upload <id> <file>')
    .description('Upload a filled-in template: every valid row kept (one transaction), every rejected row reported with its line and field')
    .requiredOption('--year <year>', 'financial year, e.g. 2014-15')
    .option('--json', 'print the report as JSON')
    .action(async (id: string, file: string, opts: { year: string; json?: boolean }) => {
      const bytes = new Uint8Array(readFileSync(file));
      const r = await withWorkspace('economies upload', (ws) => ws.uploadEconomyEntries(id, { year: year(opts.year), fileName: basename(file), bytes }));
      if (opts.json) return printJson(r);
      process.stdout.write(`${r.fileName}: ${r.stored.length} row(s) kept, ${r.rejected} rejected\n`);
      for (const t of r.tables) for (const x of t.rejected) for (const i of x.issues) process.stdout.write(`  ${t.table} ${x.sheet ? `${x.sheet} ` : ''}line ${x.line} ${x.row}: ${i.field}: ${i.message}\n`);
      if (r.rejected > 0) process.exitCode = 1;
    });

  program
    .command('scenarios')
    .description('Stored impact scenarios')
    .command('list')
    .description('Every stored scenario (run one with `concordat simulate <id>`)')
    .option('--economy <id>', 'only those on this economy')
    .option('--json', 'print a JSON array')
    .action(async (opts: { economy?: string; json?: boolean }) => {
      const list = await withWorkspace('scenarios list', (ws) => ws.listScenarios({ economy: opts.economy }));
      if (opts.json) return printJson(list);
      printTable(['id', 'economy', 'owner', 'sharing', 'start', 'name'], list.map((s) => [s.id, s.economy, s.ownerOrganisation, s.sharing, s.start, s.name]));
    });
}
