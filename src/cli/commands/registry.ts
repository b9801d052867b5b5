import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { KIND_LABELS, ORGANISATION_KINDS } from '../../domain/registry/organisation.ts';
import { withWorkspace } from '../app-session.ts';
import { printJson, printTable } from '../output.ts';

export function registerRegistryCommands(program: Command): void {
  const imp = program.command('import').description('Import reference data');
  imp
    .command('ods <path>')
    .description('Import NHS Digital ODS files from a directory, or one file: trusts (etr), CCGs and sub-ICB locations (eccg), GP practices (epraccur), the ONS ICB list; 27- or 24-column e-files or exports with a heading row, known by their content. Re-importing updates; closed organisations keep their close date.')
    .option('--json', 'print the report as JSON')
    .action(async (path: string, opts: { json?: boolean }) => {
      const reports = await withWorkspace('import ods', (ws) =>
        statSync(path, { throwIfNoEntry: false })?.isDirectory() ? ws.importOdsDirectory(path) : ws.importOdsFile(path).then((r) => [r]));
      if (opts.json) return printJson(reports);
      printTable(
        ['file', 'read as', 'rows read', 'created', 'updated', 'unchanged', 'rejected', 'skipped'],
        reports.map((r) => [r.file, r.layout, r.rowsRead, r.created, r.updated, r.unchanged, r.rejected.length, r.skipped.length]),
        [2, 3, 4, 5, 6, 7],
      );
      for (const r of reports) for (const x of r.rejected) process.stdout.write(`${r.file} line ${x.line}: ${x.field}: ${x.message}\n`);
      for (const r of reports) for (const x of r.skipped.slice(0, 20)) process.stdout.write(`${r.file} line ${x.line}: skipped: ${x.reason}\n`);
    });

  program
    .command('organisations')
    .description('The registry of organisations')
    .command('list')
    .description('List organisations (all by default; filter with the options)')
    .option('--kind <kind>', `one of: ${ORGANISATION_KINDS.join(', ')}`)
    .option('--search <text>', 'part of a name or code')
    .option('--open-on <date>', 'only those open on this date (YYYY-MM-DD)')
    .option('--json', 'print a JSON array')
    .action(async (opts: { kind?: string; search?: string; openOn?: string; json?: boolean }) => {
      if (opts.kind && !(ORGANISATION_KINDS as readonly string[]).includes(opts.kind)) {
        throw new Error(`--kind must be one of: ${ORGANISATION_KINDS.join(', ')}`);
      }
      const items = await withWorkspace('organisations list', async (ws) => {
        const all = [];
        for (let offset = 0; ; offset += 500) {
          const page = await ws.listOrganisations({ kind: opts.kind, search: opts.search, openOn: opts.openOn, limit: 500, offset });
          all.push(...page.items);
          if (all.length >= page.total || page.items.length === 0) return all;
        }
      });
      if (opts.json) return printJson(items);
      printTable(
        ['code', 'name', 'kind', 'opened', 'closed'],
        items.map((o) => [o.code, o.name, KIND_LABELS[o.kind] ?? o.kind, o.openDate ?? '', o.closeDate ?? '']),
      );
    });

  program
    .command('demo')
    .description('The demo economy')
    .command('reset')
    .description('Empty the database and load the demo economy again')
    .action(async () => {
      const summary = await withWorkspace('demo reset', (ws) => ws.resetDemo());
      process.stdout.write(`Demo economy loaded: ${summary.organisations} organisations, ${summary.services} services, ${summary.contracts} contracts, ${summary.variations} variations, ${summary.users} users.\n`);
    });
}
