import type { Command } from 'commander';
import { withWorkspace } from '../app-session.ts';
import { printJson, printTable } from '../output.ts';

/**
 * `concordat verify`: recomputes every ledger's hash chain and the audit log's, compares each sealed
 * record as stored with its seal, and lists every break (exit code 1 if there is any).
 */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify')
    .description('Check that nothing recorded was altered, removed or added outside Concordat: every contract ledger, tariff year and the audit chain (exit 1 on any break)')
    .option('--contract <ref>', 'check one contract\'s ledger only')
    .option('--json', 'print the report as JSON')
    .action(async (opts: { contract?: string; json?: boolean }) => {
      const report = await withWorkspace('verify', (ws) => (opts.contract ? ws.verifyContractLedger(opts.contract) : ws.verifyEverything()));
      if (opts.json) printJson(report);
      else {
        process.stdout.write(
          `${report.ok ? 'verified' : 'BROKEN'}: ${report.ledgerEntries} ledger entries in ${report.scopes} ledgers, ${report.sealedRecords} sealed records` +
          `${opts.contract ? '' : `, ${report.auditRecords} audit records`}; ${report.breaks.length} break(s)\n`,
        );
        if (report.breaks.length) {
          printTable(
            ['contract', 'record', 'field', 'what'],
            report.breaks.map((b) => [b.contractReference ?? b.scope ?? '', `${b.entityType ?? ''} ${b.entityId ?? ''}`.trim(), b.field ?? '', b.message]),
          );
        }
      }
      if (!report.ok) process.exitCode = 1;
    });
}
