import type { Command } from 'commander';
import { CONTRACT_MODELS, CONTRACT_STATUSES, MODEL_LABELS } from '../../domain/contracts/contract.ts';
import { formatPounds } from '../../domain/money.ts';
import { withWorkspace } from '../app-session.ts';
import { printJson, printTable } from '../output.ts';

export function registerContractCommands(program: Command): void {
  program
    .command('contracts')
    .description('Contracts')
    .command('list')
    .description('List contracts with their terms as at a date (today by default)')
    .option('--status <status>', `one of: ${CONTRACT_STATUSES.join(', ')}`)
    .option('--model <model>', `one of: ${CONTRACT_MODELS.join(', ')}`)
    .option('--commissioner <code>', 'ODS code of a commissioner party')
    .option('--provider <code>', 'ODS code of a provider party')
    .option('--as-at <date>', 'read terms as at this date (YYYY-MM-DD)')
    .option('--json', 'print a JSON array')
    .action(async (opts: { status?: string; model?: string; commissioner?: string; provider?: string; asAt?: string; json?: boolean }) => {
      if (opts.status && !(CONTRACT_STATUSES as readonly string[]).includes(opts.status)) throw new Error(`--status must be one of: ${CONTRACT_STATUSES.join(', ')}`);
      if (opts.model && !(CONTRACT_MODELS as readonly string[]).includes(opts.model)) throw new Error(`--model must be one of: ${CONTRACT_MODELS.join(', ')}`);
      if (opts.asAt && !/^\d{4}-\d{2}-\d{2}$/.test(opts.asAt)) throw new Error('--as-at must be a date written YYYY-MM-DD');
      const items = await withWorkspace('contracts list', async (ws) => {
        const all = [];
        for (let offset = 0; ; offset += 500) {
          const page = await ws.listContracts({ ...opts, limit: 500, offset });
          all.push(...page.items);
          if (all.length >= page.total || page.items.length === 0) return all;
        }
      });
      if (opts.json) return printJson(items);
      printTable(
        ['reference', 'model', 'status', 'start', 'end', 'value', 'commissioner', 'provider(s)'],
        items.map((c) => [
          c.reference, MODEL_LABELS[c.model] ?? c.model, c.status, c.startDate, c.endDate, formatPounds(c.currentValuePence),
          c.parties.find((p) => p.role === 'coordinating_commissioner')?.name ?? '',
          c.parties.filter((p) => p.role === 'provider').map((p) => p.name).join('; ') || '(not yet chosen)',
        ]),
        [5],
      );
    });
}
