/**
 * The activity ledger: monthly patient-level submissions and aggregated plans, each stored with its
 * SHA-256, chained to the contract's previous submission, append-only. A resubmission for the same
 * contract, period and kind supersedes the earlier one, which stays readable.
 */

import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import { conflict, invalid, notFound, ConcordatError } from '../../domain/errors.ts';
import { contractAsAt, type Contract } from '../../domain/contracts/contract.ts';
import { periodsOfSchemeYear, schemeYearOf, type Tariff } from '../../domain/tariff/index.ts';
import { latestSeals } from '../../storage/ledger/ledger.ts';
import { contractScope } from '../../storage/ledger/sealed.ts';
import { variationsOf } from '../../storage/repositories/contracts.ts';
import * as repo from '../../storage/repositories/payments.ts';
import type { UseCaseContext } from '../context.ts';
import { personName, userNames } from '../people.ts';
import {
  priceMonthlySubmission, type ActivityHint, type ActivitySource, type IngestReport, type RejectionSummary,
} from './engine-ingest.ts';
import { ACTIVITY_LIMITS, ingestPlan, type PlanReport } from './plan-ingest.ts';
import { COMMISSIONER_ROLES } from './terms.ts';

const PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A ledger entry as users read it: the stored row with its rejection report and hints typed. */
export interface SubmissionView extends Omit<repo.SubmissionRow, 'rejections' | 'hints' | 'monthly'> {
  readonly reference: string;
  /** The submission this one replaced (set on the result of a submit). */
  readonly supersedes?: string | null;
  readonly current: boolean;
  readonly rejections: RejectionSummary;
  readonly hints: readonly ActivityHint[];
  /** The submission's place in the contract's ledger. */
  readonly ledgerSeq: number | null;
  /** Who submitted it, by name and organisation. */
  readonly submittedByName: string;
}

function view(
  s: repo.SubmissionRow, reference: string, seal: { chainSha256: string; seq: number } | undefined, names: ReadonlyMap<string, string>, supersedes?: string | null,
): SubmissionView {
  const { monthly: _monthly, ...stored } = s;
  return {
    ...stored,
    submittedByName: names.get(s.submittedBy) ?? s.submittedBy,
    chainSha256: seal?.chainSha256 ?? s.chainSha256,
    ledgerSeq: seal?.seq ?? null,
    reference,
    ...(supersedes !== undefined ? { supersedes } : {}),
    current: s.supersededBy === null,
    rejections: s.rejections as RejectionSummary, hints: s.hints as ActivityHint[],
  };
}

function checkPeriod(contract: Contract, period: string): void {
  if (!PERIOD.test(period)) throw invalid('period', `must be a period YYYY-MM: "${period}"`);
  if (`${period}-31` < contract.startDate || `${period}-01` > contract.endDate) {
    throw invalid('period', `${period} is outside the contract's term (${contract.startDate} to ${contract.endDate})`);
  }
}

function sourceName(source: ActivitySource): string {
  return 'path' in source ? basename(source.path) : source.fileName;
}

/** No valid row at all: refuse, naming the first rejections, and write nothing. */
function refuseIfNothingValid(report: { rowsPriced: number; rowsRejected: number; rejections: RejectionSummary }): void {
  if (report.rowsPriced > 0) return;
  throw new ConcordatError(
    'invalid',
    `no valid rows: all ${report.rowsRejected} rejected; nothing was recorded`,
    report.rejections.detailed.slice(0, 50).map((r) => ({ path: [`line ${r.line}`, r.field], message: `${r.reason}: ${r.message}` })),
  );
}

async function record(
  ctx: UseCaseContext,
  contract: Contract,
  period: string,
  kind: repo.SubmissionKind,
  fileName: string,
  report: IngestReport | PlanReport,
  tariffYear: string | null,
  planLines: PlanReport['lines'] | null,
): Promise<SubmissionView> {
  const id = randomUUID();
  const now = ctx.clock.now().toISOString();
  // Under the contract's lock: the chain head and the current submission are read and the new one
  // appended with no other submission in between, so the chain never forks.
  return ctx.write([contractScope(contract.id)], async (w) => {
    const previous = await repo.currentSubmission(w.db, contract.id, period, kind);
    const head = await repo.chainHead(w.db, contract.id);
    if (previous) {
      // Marked first: one current submission per contract, period and kind (the reference is checked at commit).
      await repo.markSuperseded(w.db, previous.id, id);
    }
    const row: Omit<repo.SubmissionRow, 'supersededBy'> = {
      id, contractId: contract.id, period, kind, sha256: report.sha256, chainSha256: null, previousId: head?.id ?? null, fileName,
      bytes: report.bytes, rowsRead: report.rowsRead, rowsPriced: report.rowsPriced, rowsRejected: report.rowsRejected,
      totalPence: report.totalPence, tariffYear, submittedBy: ctx.actor.userId, submittedByOrganisation: ctx.actor.organisationCode,
      submittedAt: now, rejections: report.rejections, hints: report.hints, monthly: report.monthly,
    };
    await repo.insertSubmission(w.db, row);
    if (planLines) await repo.insertPlanLines(w.db, id, planLines);
    const { entries } = await w.record({
      action: kind === 'plan' ? 'plan.submit' : 'activity.submit', entityType: 'activity_submission', entityId: id,
      detail: {
        contractId: contract.id, reference: contract.reference, period, kind, sha256: report.sha256, fileName,
        rowsRead: report.rowsRead, rowsPriced: report.rowsPriced, rowsRejected: report.rowsRejected, totalPence: report.totalPence, supersedes: previous?.id ?? null,
      },
    }, [{ kind: 'activity_submission', id }]);
    const names = new Map([[ctx.actor.userId, personName(ctx.actor)]]);
    return view({ ...row, supersededBy: null }, contract.reference, entries[0], names, previous?.id ?? null);
  });
}

/** A draft contract (let but not yet accepted by every party) takes no activity. */
async function requireAgreed(ctx: UseCaseContext, contract: Contract): Promise<void> {
  const latest = contractAsAt(contract, await variationsOf(ctx.db, contract.id), '9999-12-31', { recordedStatusOnly: true });
  if (latest.status === 'draft') {
    const pending = await ctx.pendingParties(contract);
    throw conflict(`${contract.reference} is a draft${pending.length ? ` awaiting acceptance by ${pending.map((p) => p.organisationCode).join(', ')}` : ''}: it takes activity once agreed`);
  }
}

/**
 * Submits a month of patient-level activity (Concordat activity CSV v1) for a contract, streamed and
 * priced against the tariff in force for the period. Valid rows are committed (as the period's
 * priced figures) with a report of every rejected row; a file that cannot be read at all, has the
 * wrong header or no rows, or no valid row, changes nothing. Provider party or administrator.
 */
export async function submitActivity(ctx: UseCaseContext, contractRef: string, period: string, source: ActivitySource): Promise<SubmissionView> {
  const contract = await ctx.contract(contractRef, 'activity.submit');
  await requireAgreed(ctx, contract);
  checkPeriod(contract, period);
  const year = schemeYearOf(period);
  const tariffRow = await repo.findTariffYear(ctx.db, year);
  if (!tariffRow) throw invalid('period', `no tariff is loaded for ${year}; load one first (concordat tariff load --year ${year} ...)`);
  const report = await priceMonthlySubmission(source, {
    period,
    tariff: tariffRow.document as Tariff,
    providers: new Set(contract.parties.filter((p) => p.role === 'provider').map((p) => p.organisationCode)),
    commissioners: new Set(contract.parties.filter((p) => COMMISSIONER_ROLES.has(p.role)).map((p) => p.organisationCode)),
  }, ACTIVITY_LIMITS);
  refuseIfNothingValid(report);
  return record(ctx, contract, period, 'patient_level', sourceName(source), report, year, null);
}

/**
 * Submits aggregated plan lines (service,pod,hrg,period,activity,planned_pence) for the scheme year
 * containing `period`. A plan is kept under the year's first period (April), so a new plan for the
 * year supersedes the earlier one. Any party to the contract, or an administrator.
 */
export async function submitPlan(ctx: UseCaseContext, contractRef: string, period: string, source: ActivitySource): Promise<SubmissionView> {
  const contract = await ctx.contract(contractRef, 'plan.submit');
  if (!PERIOD.test(period)) throw invalid('period', `must be a period YYYY-MM: "${period}"`);
  const year = schemeYearOf(period);
  const periods = periodsOfSchemeYear(year);
  checkPeriod(contract, periods.find((p) => `${p}-31` >= contract.startDate && `${p}-01` <= contract.endDate) ?? period);
  const report = await ingestPlan(source, periods);
  refuseIfNothingValid(report);
  const monthly: Record<string, { planPence: number; activity: number; byPod: Record<string, number> }> = {};
  for (const l of report.lines) {
    const m = (monthly[l.period] ??= { planPence: 0, activity: 0, byPod: {} });
    m.planPence += l.plannedPence;
    m.activity += l.activity;
    m.byPod[l.pod] = (m.byPod[l.pod] ?? 0) + l.plannedPence;
  }
  return record(ctx, contract, periods[0], 'plan', sourceName(source), { ...report, monthly }, year, report.lines);
}

/** Every submission of a contract, superseded ones included, by period and order of recording. */
export async function listSubmissions(ctx: UseCaseContext, contractRef: string): Promise<SubmissionView[]> {
  const contract = await ctx.contract(contractRef);
  const rows = await repo.submissionsOf(ctx.db, contract.id);
  const [seals, names] = await Promise.all([
    latestSeals(ctx.db, 'activity_submission', rows.map((r) => r.id)),
    userNames(ctx, rows.map((r) => r.submittedBy)),
  ]);
  return rows.map((s) => view(s, contract.reference, seals.get(s.id), names));
}

export async function getSubmission(ctx: UseCaseContext, contractRef: string, id: string): Promise<SubmissionView & { planLines?: unknown[] }> {
  const contract = await ctx.contract(contractRef);
  const s = await repo.findSubmission(ctx.db, contract.id, id);
  if (!s) throw notFound(`submission ${id}`);
  const [seals, names] = await Promise.all([latestSeals(ctx.db, 'activity_submission', [id]), userNames(ctx, [s.submittedBy])]);
  const seal = seals.get(id);
  if (s.kind !== 'plan') return view(s, contract.reference, seal, names);
  const lines = await repo.planLinesOf(ctx.db, id);
  return {
    ...view(s, contract.reference, seal, names),
    planLines: lines.map((l) => ({ line: l.line, service: l.service, pod: l.pod, hrg: l.hrg, period: l.period, activity: l.activity, plannedPence: Number(l.planned_pence) })),
  };
}
