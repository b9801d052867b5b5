/**
 * What the economy builder (src/domain/impact/build-economy.ts) needs, read from storage through the
 * caller's Scope, so an economy draws only on contracts its builder may see (a provider's economy
 * holds its own contracts, a commissioner's its own; system and administrator users see all):
 *
 *   contracts     every contract visible to the caller with its terms as at the date;
 *   registry      the parties' registry entries and successor links;
 *   statements    for each contract whose term touches the economy's financial year, the months its
 *                 payment statement for the year has lines for, as the statement reads when the
 *                 version is built (the as-at date fixes the contracts' terms and parties; the
 *                 build fixes which months have been reported). A contract without payment terms
 *                 for the year has no statement, so all its months come from its value;
 *   plan lines    the contract's current plan for the year (the one submitted for its first month);
 *   entries       the economy's current entered figures for the year (service lines, workforce,
 *                 providers, pathways), each with its stored id.
 *
 * The version keeps this input as stored JSON, so it re-runs with the same result and its
 * fingerprint says whether anything changed since.
 */

import { ConcordatError } from '../../domain/errors.ts';
import type {
  ContractAsAt, EconomyInput, PathwayEntry, PlanLineInput, ProviderEntry, ServiceLineEntry, StatementIncome, WorkforceEntry,
} from '../../domain/impact/index.ts';
import { periodsOfSchemeYear, schemeYearOf } from '../../domain/tariff/index.ts';
import * as economiesRepo from '../../storage/repositories/economies.ts';
import { listContracts, type ContractListItem } from '../contracts.ts';
import { getOrganisation } from '../organisations.ts';
import { getStatement } from '../payments/statements.ts';
import { getSubmission, listSubmissions } from '../payments/submissions.ts';
import type { Scope } from '../scope.ts';

const isNotFound = (e: unknown) => e instanceof ConcordatError && e.kind === 'not_found';

async function visibleContracts(ctx: Scope, asAt: string): Promise<ContractListItem[]> {
  const out: ContractListItem[] = [];
  for (let offset = 0; ; offset += 500) {
    const page = await listContracts(ctx, { asAt, limit: 500, offset });
    out.push(...page.items);
    if (out.length >= page.total || page.items.length === 0) return out;
  }
}

/** The economy's current entries for a financial year ('2014/15'), as the builder takes them. */
export async function currentEntriesFor(ctx: Scope, economyId: string, year: string): Promise<Pick<EconomyInput, 'serviceLineEntries' | 'workforceEntries' | 'providerEntries' | 'pathways'>> {
  const rows = await economiesRepo.currentEntries(ctx.db, economyId, year);
  const of = <E>(kind: economiesRepo.EntryKind) => rows.filter((r) => r.kind === kind).map((r) => ({ ...r.entry, id: r.id }) as E);
  return {
    serviceLineEntries: of<ServiceLineEntry>('service-lines'),
    workforceEntries: of<WorkforceEntry>('workforce'),
    providerEntries: of<ProviderEntry>('providers'),
    pathways: of<PathwayEntry>('pathways'),
  };
}

/**
 * The builder's input for an economy as at a date, read as the caller sees the stored data.
 *
 * @example const input = await economyInputFromStore(ctx, { id: 'demo', name: 'Demo' }, '2014-04-01'); buildEconomy(input)
 */
export async function economyInputFromStore(ctx: Scope, economy: { readonly id: string; readonly name: string }, asAt: string): Promise<EconomyInput> {
  const year = schemeYearOf(asAt);
  const periods = periodsOfSchemeYear(year);
  const listed = await visibleContracts(ctx, asAt);
  const contracts: ContractAsAt[] = listed.map((c) => ({
    id: c.id,
    reference: c.reference,
    title: c.title,
    model: c.model,
    status: c.status,
    startDate: c.startDate,
    endDate: c.endDate,
    valuePence: c.currentValuePence,
    parties: c.parties.map((p) => ({ organisationCode: p.organisationCode, role: p.role })),
    serviceCodes: c.serviceCodes,
  }));

  const codes = [...new Set(contracts.flatMap((c) => c.parties.map((p) => p.organisationCode)))].sort();
  const organisations: EconomyInput['organisations'][number][] = [];
  const successors: { predecessorCode: string; successorCode: string; effectiveDate: string }[] = [];
  for (const code of codes) {
    try {
      const d = await getOrganisation(ctx, code);
      const o = d.organisation;
      organisations.push({ code: o.code, name: o.name, kind: o.kind, openDate: o.openDate, closeDate: o.closeDate, odsVerified: o.odsVerified });
      for (const s of d.successors) successors.push({ predecessorCode: s.predecessorCode, successorCode: s.successorCode, effectiveDate: s.effectiveDate });
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
  }

  const statements: StatementIncome[] = [];
  const planLines: PlanLineInput[] = [];
  const inYear = contracts.filter((c) => c.endDate >= `${periods[0]}-01` && c.startDate <= `${periods[11]}-31`);
  for (const c of inYear) {
    try {
      const s = await getStatement(ctx, c.id, periods[11]);
      const byPeriod = new Map<string, number>();
      for (const l of s.statement.lines) byPeriod.set(l.period, (byPeriod.get(l.period) ?? 0) + l.amountPence);
      const submissionOf = new Map(s.months.map((m) => [m.period, m.submissionId]));
      for (const [period, amountPence] of [...byPeriod].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const sub = submissionOf.get(period);
        statements.push({ contractId: c.id, period, amountPence, ...(sub ? { submissions: [sub] } : {}) });
      }
    } catch (e) {
      if (!isNotFound(e)) throw e; // no payment terms for the year: no statement
    }
    const plan = (await listSubmissions(ctx, c.id)).find((s) => s.kind === 'plan' && s.current && s.period === periods[0]);
    if (plan) {
      const detail = await getSubmission(ctx, c.id, plan.id);
      for (const l of (detail.planLines ?? []) as { service: string; period: string; activity: number; plannedPence: number }[]) {
        planLines.push({ contractId: c.id, service: l.service, period: l.period, activity: l.activity, plannedPence: l.plannedPence });
      }
    }
  }
  return {
    id: economy.id,
    name: economy.name,
    asAt,
    organisations,
    successors,
    contracts,
    statements,
    planLines,
    ...(await currentEntriesFor(ctx, economy.id, year)),
  };
}
