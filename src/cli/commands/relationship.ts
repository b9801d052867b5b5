import type { Command } from 'commander';
import type { RelationshipView } from '../../app/relationship/record.ts';
import type { DisputeView } from '../../app/relationship/disputes.ts';
import type { NoticeSummaryView } from '../../app/relationship/notices.ts';
import { formatPounds } from '../../domain/money.ts';
import { withWorkspace } from '../app-session.ts';
import { printJson, printTable } from '../output.ts';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ODS = /^[A-Z0-9]{3,9}$/;
const out = (line = '') => process.stdout.write(`${line}\n`);

function checkDate(value: string | undefined, option: string): void {
  if (value !== undefined && !DATE.test(value)) throw new Error(`${option} must be a date written YYYY-MM-DD`);
}

/** The relationship record as readable text: health and how it was reached, contracts, money, notices, disputes, what is overdue. */
export function printRelationship(v: RelationshipView): void {
  const r = v.record;
  out(`${v.commissioner.name} (${v.commissioner.code}) and ${v.provider.name} (${v.provider.code})`);
  out(`as at ${v.asAt} (${v.asAtBasis})`);
  out();
  out(`Health: ${r.health.band.toUpperCase()} (${r.health.score} points; watch at ${r.health.thresholds.watchAt}, strained at ${r.health.thresholds.strainedAt})`);
  out(`  ${r.health.explanation}`);
  const scored = r.health.factors.filter((f) => f.points > 0);
  if (scored.length) printTable(['factor', 'count', 'weight', 'points', 'evidence'], scored.map((f) => [f.label, f.count, f.weight, f.points, f.evidence.join('; ')]), [1, 2, 3]);
  out();
  out('Contracts');
  printTable(['reference', 'years', 'value', 'status', 'edition', 'agreed by', 'unsigned by'], r.contracts.map((c) => [
    c.reference, c.years.join(', '), `${formatPounds(c.valuePence)}${c.illustrative ? ' (illustrative)' : ''}`, c.status, c.edition ?? '', c.agreedBy, c.unsignedBy.join(', ') || '-',
  ]), [2]);
  if (r.moneyByYear.length) {
    out();
    out('Money each way by year (the arms race)');
    printTable(['year', 'commissioner deductions', 'provider charges', 'determinations'], r.moneyByYear.map((y) => [
      y.year, formatPounds(y.commissioner.netPence), formatPounds(y.provider.netPence), formatPounds(y.determinationsPence),
    ]), [1, 2, 3]);
    out(r.armsRace.escalating ? `  Both sides grew in each of the last ${r.armsRace.years} years: an arms race.` : '  Not escalating on both sides.');
  }
  const notices = [...r.notices.open, ...r.notices.closed];
  if (notices.length) {
    out();
    out('Contract performance notices');
    printTable(['notice', 'contract', 'issued', 'by', 'state', 'withheld', 'repaid'], notices.map((n) => [
      n.id, n.contractReference, n.issuedOn, n.issuedBy, n.stateLabel, formatPounds(n.withheldPence), formatPounds(n.repaidPence),
    ]), [5, 6]);
  }
  if (r.disputes.length) {
    out();
    out(`Disputes (fees ${formatPounds(r.disputeCosts.totalPence)}: commissioner ${formatPounds(r.disputeCosts.commissionerPence)}, provider ${formatPounds(r.disputeCosts.providerPence)}, regulator ${formatPounds(r.disputeCosts.regulatorPence)})`);
    printTable(['dispute', 'kind', 'opened', 'closed', 'furthest stage', 'state', 'fees'], r.disputes.map((d) => [
      d.id, d.kind === 'gc14' ? 'GC14' : 'contract setting', d.openedOn, d.closedOn ?? '-', d.furthestStage, d.stateLabel, formatPounds(d.costs.totalPence),
    ]), [6]);
    const fees = r.disputes.flatMap((d) => d.costs.fees.map((f) => [d.id, `${f.appointee.name} (${f.appointee.role}, appointed by ${f.appointee.appointedBy})`, formatPounds(f.amountPence), f.payer.kind === 'paid_by' ? `paid by the ${f.payer.side}` : f.payer.kind, f.description]));
    if (fees.length) printTable(['dispute', 'appointee', 'fee', 'who pays', 'for'], fees, [2]);
  }
  if (r.overdue.length) {
    out();
    out('Overdue');
    printTable(['case', 'step', 'due', 'days overdue', 'who', 'basis'], r.overdue.map((s) => [s.subject.id, s.label, s.dueDate ?? '-', s.operationalDaysOverdue, s.mustAct, s.basis]), [3]);
  }
  const flags = [...r.flags.unsignedContracts.map((c) => `${c.reference} not signed by the ${c.unsignedBy.join(' and ')}`), ...r.flags.subcontractsWithoutConsent.map((f) => f.message)];
  if (flags.length) {
    out();
    out('Flags');
    for (const f of flags) out(`  ! ${f}`);
  }
  if (v.hiddenBreaches.length) {
    out();
    out('Breaches hidden by returns later corrected');
    printTable(['month', 'indicator', 'first returned', 'corrected', 'sanction hidden'], v.hiddenBreaches.map((h) => [h.period, h.indicator, h.reported, h.corrected, formatPounds(h.sanctionHiddenPence)]), [4]);
  }
  out();
  out('Timeline');
  printTable(['date', 'what', 'detail'], r.timeline.map((e) => [e.date, e.title, e.detail.length > 110 ? `${e.detail.slice(0, 107)}...` : e.detail]));
}

const days = (n: number) => `${n} operational day${n === 1 ? '' : 's'}`;

export function printNotices(items: readonly NoticeSummaryView[]): void {
  if (items.length === 0) {
    out('No contract performance notices match.');
    return;
  }
  printTable(['notice', 'contract', 'commissioner', 'provider', 'issued', 'state', 'next step', 'due', 'status'], items.map((n) => {
    const next = n.due.find((d) => d.status === 'overdue') ?? n.due.find((d) => d.dueDate !== null) ?? n.due[0];
    return [
      n.id, n.contractReference, n.commissionerCode, n.providerCode, n.issuedOn, n.stateLabel, next?.label ?? '-', next?.dueDate ?? '-',
      next ? (next.status === 'overdue' ? `OVERDUE by ${days(next.operationalDaysOverdue)}` : next.status === 'due' ? `due in ${days(next.operationalDaysLeft)}` : 'no deadline') : '-',
    ];
  }));
}

export function printDisputes(items: readonly DisputeView[]): void {
  if (items.length === 0) {
    out('No disputes match.');
    return;
  }
  printTable(['dispute', 'kind', 'commissioner', 'provider', 'opened', 'state', 'furthest stage', 'fees', 'next'], items.map((d) => {
    const next = d.due.find((x) => x.status === 'overdue') ?? d.due[0];
    return [
      d.summary.id, d.kind === 'gc14' ? 'GC14' : 'contract setting', d.commissioner.code, d.provider.code, d.summary.openedOn, d.summary.stateLabel, d.summary.furthestStage,
      formatPounds(d.costs.totalPence), next ? `${next.label}${next.dueDate ? ` by ${next.dueDate}` : ''}${next.status === 'overdue' ? ' (OVERDUE)' : ''}` : '-',
    ];
  }), [7]);
}

export function registerRelationshipCommands(program: Command): void {
  program
    .command('relationship <commissioner> <provider>')
    .description('The relationship record of a commissioner-provider pair: health and how it was derived, contracts, money each way by year, notices, disputes and fees, what is overdue, timeline')
    .option('--as-at <date>', 'read it as at this date (default: today, or the last activity of a relationship that has ended)')
    .option('--json', 'print the record as JSON')
    .action(async (commissioner: string, provider: string, opts: { asAt?: string; json?: boolean }) => {
      if (!ODS.test(commissioner) || !ODS.test(provider)) throw new Error('give the commissioner\'s and the provider\'s ODS codes, e.g. concordat relationship 99P RBZ');
      checkDate(opts.asAt, '--as-at');
      const view = await withWorkspace('relationship', (ws) => ws.getRelationship(commissioner, provider, opts.asAt));
      if (opts.json) printJson(view);
      else printRelationship(view);
    });

  program
    .command('disputes')
    .description('Disputes')
    .command('list')
    .description('GC14 and contract-setting disputes: stage, fees, what is next and whether it is overdue')
    .option('--open', 'only disputes not yet closed')
    .option('--as-at <date>', 'deadlines as at this date (default today)')
    .option('--json', 'print a JSON array')
    .action(async (opts: { open?: boolean; asAt?: string; json?: boolean }) => {
      checkDate(opts.asAt, '--as-at');
      const items = await withWorkspace('disputes list', (ws) => ws.listDisputes({ ...(opts.open ? { open: true } : {}), asAt: opts.asAt }));
      if (opts.json) printJson(items);
      else printDisputes(items);
    });

  program
    .command('notices')
    .description('Contract performance notices (GC9)')
    .command('list')
    .description('Notices with their next step, its deadline in operational days and whether it is overdue')
    .option('--overdue', 'only notices with a step overdue')
    .option('--as-at <date>', 'deadlines as at this date (default today)')
    .option('--contract <ref>', 'one contract\'s notices')
    .option('--json', 'print a JSON array')
    .action(async (opts: { overdue?: boolean; asAt?: string; contract?: string; json?: boolean }) => {
      checkDate(opts.asAt, '--as-at');
      const items = await withWorkspace('notices list', (ws) => ws.listNotices({ overdue: opts.overdue ?? false, asAt: opts.asAt, contract: opts.contract }));
      if (opts.json) printJson(items);
      else printNotices(items);
    });
}
