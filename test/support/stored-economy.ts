/**
 * Builds an impact economy from what is stored, the way the app layer will: the registry, the
 * contracts as at a date, their payment statements and plans for the year (read through the
 * existing use cases, as the caller), plus entered cost, workforce and provider facts. Used by the
 * demo economy tests and the simulation benchmark until the app has its own economy use case
 * (then this file gives way to it: see the impact report's list for the app layer).
 */

import { existsSync, readFileSync } from 'node:fs';
import type { ConcordatApp, Workspace } from '../../src/app/app.ts';
import type { NewContractInput } from '../../src/app/contracts.ts';
import { ConcordatError } from '../../src/domain/errors.ts';
import {
  buildEconomy,
  parseCostCsv,
  type BuiltEconomy,
  type ContractAsAt,
  type EconomyInput,
  type PathwayEntry,
  type PlanLineInput,
  type ProviderEntry,
  type ServiceLineEntry,
  type StatementIncome,
  type WorkforceEntry,
} from '../../src/domain/impact/index.ts';
import type { Organisation } from '../../src/domain/registry/organisation.ts';
import { periodsOfSchemeYear, schemeYearOf } from '../../src/domain/tariff/index.ts';

export const DEMO_IMPACT_DIR = new URL('../../src/app/demo/impact/', import.meta.url);

/**
 * The shared data directory (ODS files, tariffs): ../shared beside the repository, or two levels
 * up from a git worktree kept under a folder of worktrees.
 */
export function sharedDataDir(): string {
  const repo = new URL('../../', import.meta.url);
  for (const up of ['../shared/data/', '../../shared/data/']) {
    const dir = new URL(up, repo).pathname;
    if (existsSync(dir)) return dir;
  }
  throw new Error('shared/data not found beside the repository');
}

export interface Entries {
  readonly serviceLineEntries: readonly ServiceLineEntry[];
  readonly workforceEntries: readonly WorkforceEntry[];
  readonly providerEntries: readonly ProviderEntry[];
  readonly pathways: readonly PathwayEntry[];
}

/** The demo's extra data, loaded through the use cases a person would use: contracts, then plans by service. */
export async function loadDemoImpactData(app: ConcordatApp): Promise<void> {
  const admin = app.system();
  const contracts = JSON.parse(readFileSync(new URL('contracts.json', DEMO_IMPACT_DIR), 'utf8')) as NewContractInput[];
  for (const c of contracts) await admin.createContract(c);
  for (const [reference, period] of [['BEDFORD-ACUTE-2014-15', '2014-04'], ['WSHFT-ACUTE-2015-16', '2015-04']] as const) {
    await admin.submitPlan(reference, period, new URL(`plans/${reference}.csv`, DEMO_IMPACT_DIR).pathname);
  }
}

/** Parses entries from template CSV text, refusing any rejected row (demo data must be clean). */
function entriesFromCsv(text: string, source: string): Omit<Entries, 'pathways'> {
  const u = parseCostCsv(text);
  const report = u.serviceLines ?? u.workforce ?? u.providers!;
  if (report.rejected.length > 0) throw new Error(`${source}: ${JSON.stringify(report.rejected)}`);
  const id = (line?: number) => `${source}:${line}`;
  return {
    serviceLineEntries: (u.serviceLines?.accepted ?? []).map((e) => ({ ...e, id: id(e.line) })),
    workforceEntries: (u.workforce?.accepted ?? []).map((e) => ({ ...e, id: id(e.line) })),
    providerEntries: (u.providers?.accepted ?? []).map((e) => ({ ...e, id: id(e.line) })),
  };
}

/** The demo's entered figures for a financial year ('2014-15'): the three template CSVs and its pathways. */
export function demoEntries(year: string): Entries {
  const read = (name: string) => entriesFromCsv(readFileSync(new URL(`${year}/${name}`, DEMO_IMPACT_DIR), 'utf8'), `demo/${year}/${name}`);
  const parts = ['service-lines.csv', 'workforce.csv', 'providers.csv'].map(read);
  const label = year.replace('-', '/');
  const pathways = (JSON.parse(readFileSync(new URL('pathways.json', DEMO_IMPACT_DIR), 'utf8')) as (Omit<PathwayEntry, 'id'> & { year: string })[])
    .filter((p) => p.year === label)
    .map(({ year: _year, ...p }) => ({ ...p, id: `demo/pathways.json:${p.pathway}` }));
  return {
    serviceLineEntries: parts.flatMap((p) => p.serviceLineEntries),
    workforceEntries: parts.flatMap((p) => p.workforceEntries),
    providerEntries: parts.flatMap((p) => p.providerEntries),
    pathways,
  };
}

async function allContracts(w: Workspace, asAt: string) {
  const out = [];
  for (let offset = 0; ; offset += 500) {
    const page = await w.listContracts({ asAt, limit: 500, offset });
    out.push(...page.items);
    if (out.length >= page.total || page.items.length === 0) return out;
  }
}

const notFound = (e: unknown) => e instanceof ConcordatError && e.kind === 'not_found';

/**
 * What the builder needs, read from storage as the caller sees it: every visible contract as at
 * `asAt`, the registry entries of their parties, each contract's statement months for the year
 * (where it has payment terms) and its current plan lines.
 */
export async function economyInputFromApp(w: Workspace, options: { id: string; name: string; asAt: string; entries: Entries }): Promise<EconomyInput> {
  const year = schemeYearOf(options.asAt);
  const periods = periodsOfSchemeYear(year);
  const listed = await allContracts(w, options.asAt);
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
  const organisations: Organisation[] = [];
  const successors: EconomyInput['successors'] = [];
  for (const code of codes) {
    try {
      const d = await w.getOrganisation(code);
      organisations.push(d.organisation);
      (successors as { predecessorCode: string; successorCode: string; effectiveDate: string }[]).push(...d.successors);
    } catch (e) {
      if (!notFound(e)) throw e;
    }
  }

  const statements: StatementIncome[] = [];
  const planLines: PlanLineInput[] = [];
  const inYear = contracts.filter((c) => c.endDate >= `${periods[0]}-01` && c.startDate <= `${periods[11]}-31`);
  for (const c of inYear) {
    try {
      const s = await w.getStatement(c.reference, periods[11]);
      const byPeriod = new Map<string, number>();
      for (const l of s.statement.lines) byPeriod.set(l.period, (byPeriod.get(l.period) ?? 0) + l.amountPence);
      const submissionOf = new Map(s.months.map((m) => [m.period, m.submissionId]));
      for (const [period, amountPence] of byPeriod) {
        const sub = submissionOf.get(period);
        statements.push({ contractId: c.id, period, amountPence, ...(sub ? { submissions: [sub] } : {}) });
      }
    } catch (e) {
      if (!notFound(e)) throw e; // no payment terms for the year: no statement
    }
    const plan = (await w.listSubmissions(c.reference)).find((s) => s.kind === 'plan' && s.current && s.period === periods[0]);
    if (plan) {
      const detail = await w.getSubmission(c.reference, plan.id);
      for (const l of (detail.planLines ?? []) as { service: string; period: string; activity: number; plannedPence: number }[]) {
        planLines.push({ contractId: c.id, service: l.service, period: l.period, activity: l.activity, plannedPence: l.plannedPence });
      }
    }
  }
  return {
    id: options.id,
    name: options.name,
    asAt: options.asAt,
    organisations: organisations.map((o) => ({ code: o.code, name: o.name, kind: o.kind, openDate: o.openDate, closeDate: o.closeDate, odsVerified: o.odsVerified })),
    successors,
    contracts,
    statements,
    planLines,
    ...options.entries,
  };
}

/** The demo economy as at a date (the first of a financial year), built from storage and the demo's entries. */
export async function demoEconomyAsAt(app: ConcordatApp, asAt: string): Promise<BuiltEconomy> {
  const w = app.system();
  const year = schemeYearOf(asAt).replace('/', '-');
  const input = await economyInputFromApp(w, { id: 'demo', name: `Concordat demo economy as at ${asAt}`, asAt, entries: demoEntries(year) });
  return buildEconomy(input);
}
