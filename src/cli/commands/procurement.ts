import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Command } from 'commander';
import { considerableChangeFor, standstillFor } from '../../app/procurement/public.ts';
import { invalid } from '../../domain/errors.ts';
import { formatPounds } from '../../domain/money.ts';
import { withWorkspace } from '../app-session.ts';
import { printJson, printTable } from '../output.ts';

const day = (iso: string) => new Date(`${iso}T12:00:00Z`).toLocaleDateString('en-GB', { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

function parsePence(text: string | undefined, flag: string): number {
  if (text === undefined) throw invalid(flag, 'is required (whole pence, e.g. 160000000 for £1.6m)');
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(Number(text))) throw invalid(flag, `must be a whole, non-negative number of pence, got "${text}"`);
  return Number(text);
}

/** `concordat procurement ...` (PSR calculators) and `concordat import ocds` (real notices). */
export function registerProcurementCommands(program: Command): void {
  const p = program.command('procurement').description('Provider Selection Regime: standstill dates and the considerable change test');
  p
    .command('standstill <published-date>')
    .description('The standstill after a notice of intention published on a date (reg 12): when it begins, and the last day for representations (until midnight at its end), on the England and Wales working-day calendar')
    .option('--json', 'print {publishedOn, beginsOn, representationsDeadline, earliestAwardOn, ...}')
    .action((publishedOn: string, opts: { json?: boolean }) => {
      const s = standstillFor(publishedOn);
      if (opts.json) return printJson(s);
      process.stdout.write([
        `Notice of intention published   ${day(s.publishedOn)}`,
        `Standstill begins               ${day(s.beginsOn)}`,
        `Representations until           midnight at the end of ${day(s.representationsDeadline)} (the ${s.workingDays}th working day after ${day(s.beginsOn)})`,
        `Contract may be entered into    from ${day(s.earliestAwardOn)}, if no representations are made`,
        `Rule: ${s.source}`,
        '',
      ].join('\n'));
    });
  p
    .command('considerable-change')
    .description('Whether the considerable change threshold of reg 6 is met (Direct Award Process C is then not available): materially different, or authority-driven and at least £500,000 and 25% higher ([M])')
    .requiredOption('--existing <pence>', 'lifetime value of the existing contract when it was entered into, in pence')
    .requiredOption('--proposed <pence>', 'lifetime value of the proposed arrangements, in pence')
    .option('--authority-driven', 'the changes are attributable to a decision of the relevant authority')
    .option('--materially-different', 'the proposed arrangements are materially different in character')
    .option('--json', 'print the result with each test')
    .action((opts: { existing?: string; proposed?: string; authorityDriven?: boolean; materiallyDifferent?: boolean; json?: boolean }) => {
      const q = {
        existingLifetimeValuePence: parsePence(opts.existing, '--existing'), proposedLifetimeValuePence: parsePence(opts.proposed, '--proposed'),
        authorityDriven: opts.authorityDriven === true, materiallyDifferent: opts.materiallyDifferent === true,
      };
      const r = considerableChangeFor(q);
      if (opts.json) return printJson({ ...q, ...r });
      process.stdout.write(`${formatPounds(q.existingLifetimeValuePence)} -> ${formatPounds(q.proposedLifetimeValuePence)}: the considerable change threshold is ${r.met ? 'MET' : 'NOT MET'}${r.limb ? ` (${r.limb.replace(/_/g, ' ')})` : ''}\n`);
      printTable(['test', 'passed', 'detail'], r.tests.map((t) => [t.name.replace(/_/g, ' '), t.passed ? 'yes' : 'no', t.detail]));
    });

  // `import` is created by the registry commands (import ods); add `import ocds` beside it.
  const imp = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('Import reference data');
  imp
    .command('ocds <file>')
    .description('Import a Contracts Finder / Find a Tender OCDS release package: a report line per release (imported, updated, unchanged, rejected with the reason); buyers and suppliers matched to the registry; re-importing changes nothing')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, opts: { json?: boolean }) => {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (e) {
        throw invalid('file', `cannot read ${file}: ${(e as Error).message}`);
      }
      const result = await withWorkspace('import ocds', (ws) => ws.importOcds({ fileName: basename(file), text }));
      if (opts.json) return printJson(result);
      const c = result.counts;
      process.stdout.write(`${result.fileName} (sha256 ${result.fileSha256.slice(0, 12)}…): ${c.imported} imported, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} rejected\n`);
      printTable(
        ['#', 'release', 'outcome', 'buyer', 'registry', 'reason'],
        result.report.map((r) => [r.index, r.releaseId ?? '', r.outcome, r.buyer?.name ?? '', r.buyer?.organisationCode ?? '', r.reason ?? '']),
        [0],
      );
    });
}
