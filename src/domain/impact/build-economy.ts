/**
 * Builds an economy for the impact model from what the user keeps in Concordat: the registry, the
 * contracts as at a date, their payment statements and plans for a financial year, and the cost,
 * workforce and provider facts entered on top. Pure and deterministic: the same input (in any
 * order) gives the same economy, so a stored version re-runs with the same result.
 *
 * Income (per provider x commissioner x service line, for the year):
 *   1. A month with a payment statement: the statement's amount for that month.
 *   2. Any other month of the year within the contract's term: the contract's value as at the
 *      economy date, spread evenly over its term (1/n of the value for each of its n months).
 *      Draft contracts earn nothing (they are proposals; they still put their parties in the
 *      economy, so a scenario can name them).
 *   3. Split: a statement row that names its provider, commissioner and service line is used as
 *      it is. Otherwise the money goes to the contract's provider (shared equally when there are
 *      several), is paid by its co-ordinating commissioner, and is split across service lines in
 *      proportion to the contract's plan lines by service for the year, else equally across the
 *      contract's services. Every split adds up to the penny (money.ts apportion).
 * So for a provider whose contracts all have statements for the year, its income is exactly the
 * sum of those statements.
 *
 * Everything else about a service line is entered (entries.ts): activity (else the plan lines'
 * activity, else one unit per £1,000 of income), cost structure, workforce, minimums, nearest
 * providers and dependencies. A line with income and no cost entry is costed as fully variable:
 * it breaks even and cannot fail, and the economy's notes say how many lines are like that.
 */

import { createHash } from 'node:crypto';
import type { ContractParty } from '../contracts/contract.ts';
import { termMonths } from '../contracts/contract.ts';
import { invalidMany, type Issue } from '../errors.ts';
import { apportion, divideRounded, formatPounds, type Pence } from '../money.ts';
import type { OrganisationKind } from '../registry/organisation.ts';
import { isSchemeYear, periodsOfSchemeYear, schemeYearOf } from '../tariff/index.ts';
import type { PathwayEntry, ProviderEntry, ServiceLineEntry, WorkforceEntry } from './entries.ts';
import type {
  Commissioner,
  CommissionerKind,
  Dependency,
  Economy,
  EconomyContract,
  IncomeContribution,
  IncomeSource,
  Pathway,
  Provenance,
  Provider,
  ProviderKind,
  ServiceLine,
  SplitBasis,
  WorkforceGroup,
} from './types.ts';

// ---------------------------------------------------------------------------------------------
// Input

/** An organisation as the registry has it. */
export interface RegistryOrganisation {
  readonly code: string;
  readonly name: string;
  readonly kind: OrganisationKind;
  readonly openDate: string | null;
  readonly closeDate: string | null;
  /** False for a code the registry could not verify (an illustrative 'Z...' code). */
  readonly odsVerified?: boolean;
}

/** A successor link from the registry (mergers and acquisitions). */
export interface RegistrySuccessor {
  readonly predecessorCode: string;
  readonly successorCode: string;
  readonly effectiveDate: string;
}

/** A contract with its terms as at the economy date (the signed terms with variations applied). */
export interface ContractAsAt {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly model: string;
  /** Status as at the economy date. */
  readonly status: string;
  readonly startDate: string;
  /** End date as at the economy date. */
  readonly endDate: string;
  /** Value over the whole term as at the economy date, pence. */
  readonly valuePence: Pence;
  readonly parties: readonly ContractParty[];
  /** Services as at the economy date. */
  readonly serviceCodes: readonly string[];
}

/**
 * Money a payment statement says a contract earned in a month. Today's statements give a total per
 * month (the sum of the month's statement lines); when a statement can say which provider,
 * commissioner or service line part of it is for, give one row per part.
 */
export interface StatementIncome {
  readonly contractId: string;
  /** YYYY-MM, a month of the economy's year. */
  readonly period: string;
  readonly amountPence: Pence;
  readonly provider?: string;
  readonly commissioner?: string;
  readonly service?: string;
  /** The activity submissions behind the month (for provenance). */
  readonly submissions?: readonly string[];
}

/** A line of a contract's plan for the year (plan_lines: service, period, activity, planned value). */
export interface PlanLineInput {
  readonly contractId: string;
  readonly service: string;
  readonly period: string;
  readonly activity: number;
  readonly plannedPence: Pence;
}

export interface EconomyInput {
  readonly id: string;
  readonly name: string;
  /** ISO date: the contracts' terms and the organisations as at this date. */
  readonly asAt: string;
  /** Financial year whose income the lines carry, e.g. '2014/15' (default: the one containing asAt). */
  readonly year?: string;
  readonly priceBase?: string;
  /** The registry: at least every party to the contracts. */
  readonly organisations: readonly RegistryOrganisation[];
  readonly successors?: readonly RegistrySuccessor[];
  readonly contracts: readonly ContractAsAt[];
  readonly statements?: readonly StatementIncome[];
  readonly planLines?: readonly PlanLineInput[];
  readonly serviceLineEntries?: readonly ServiceLineEntry[];
  readonly workforceEntries?: readonly WorkforceEntry[];
  readonly providerEntries?: readonly ProviderEntry[];
  readonly pathways?: readonly PathwayEntry[];
}

export interface BuiltEconomy {
  readonly economy: Economy;
  /** Entries the builder could not use, each with its path in the input and why. */
  readonly warnings: readonly Issue[];
  /** SHA-256 of the input in canonical form: two builds with one digest are the same version. */
  readonly inputDigest: string;
}

// ---------------------------------------------------------------------------------------------
// The builder

const COMMISSIONING_ROLES: ReadonlySet<string> = new Set(['coordinating_commissioner', 'associate_commissioner']);

/** One unit of activity per this much income when nothing says how much activity a line has. */
export const DERIVED_UNIT_PENCE = 100_000;

/**
 * Builds the economy. Throws ConcordatError('invalid') naming each malformed input field (a
 * statement for a contract not in the input, a period outside the year, two entries for one line);
 * entries it can use only in part come back as `warnings`.
 *
 * @example
 * const { economy } = buildEconomy({ id: 'beds', name: 'Bedfordshire', asAt: '2014-04-01', organisations, contracts, statements });
 * economy.providers.find((p) => p.code === 'RC1')!.serviceLines.map((l) => l.service) // ['A-AND-E', 'ACUTE', ...]
 */
export function buildEconomy(input: EconomyInput): BuiltEconomy {
  const year = input.year ?? schemeYearOf(input.asAt);
  const data = normaliseInput(input, year);
  const warnings: Issue[] = [];
  const income = incomeByContract(data);
  const lines = splitIncomeToLines(data, income, warnings);
  addPlannedActivity(data, lines);
  const providers = assembleProviders(data, lines, warnings);
  const economy: Economy = {
    id: input.id,
    name: input.name,
    priceBase: input.priceBase ?? `${year} (contracts and statements as paid)`,
    asAt: input.asAt,
    year,
    providers,
    commissioners: assembleCommissioners(data, providers),
    dependencies: assembleDependencies(data, providers, warnings),
    pathways: data.pathways.map(pathwayOf),
    contracts: economyContracts(data, income),
    notes: economyNotes(data, providers),
  };
  return { economy, warnings, inputDigest: digestOf(data) };
}

// ---- phase 1: validate and put the input in one order

interface Normalised {
  readonly input: EconomyInput;
  readonly year: string;
  readonly periods: readonly string[];
  readonly organisations: ReadonlyMap<string, RegistryOrganisation>;
  readonly successors: readonly RegistrySuccessor[];
  /** Contracts that earn income or propose something in the year, by reference. */
  readonly contracts: readonly ContractAsAt[];
  readonly statements: readonly StatementIncome[];
  readonly planLines: readonly PlanLineInput[];
  readonly lineEntries: ReadonlyMap<string, ServiceLineEntry>;
  readonly workforce: readonly WorkforceEntry[];
  readonly providerEntries: ReadonlyMap<string, ProviderEntry>;
  readonly pathways: readonly PathwayEntry[];
}

const lineKey = (provider: string, service: string) => `${provider}\u0000${service}`;
const byText = <T>(key: (x: T) => string) => (a: T, b: T) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);

function normaliseInput(input: EconomyInput, year: string): Normalised {
  const issues: Issue[] = [];
  const add = (path: (string | number)[], message: string) => issues.push({ path, message });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.asAt)) add(['asAt'], `must be an ISO date YYYY-MM-DD, got "${input.asAt}"`);
  if (!isSchemeYear(year)) add(['year'], `must be a financial year like 2014/15, got "${year}"`);
  if (issues.length) throw invalidMany(issues);
  const periods = periodsOfSchemeYear(year);
  const inYear = new Set(periods);
  const yearStart = `${periods[0]}-01`;

  const contractIds = new Map<string, number>();
  input.contracts.forEach((c, i) => {
    if (contractIds.has(c.id)) add(['contracts', i, 'id'], `contract ${c.reference} appears twice`);
    contractIds.set(c.id, i);
    if (!Number.isSafeInteger(c.valuePence)) add(['contracts', i, 'valuePence'], 'must be whole pence');
    if (!(c.startDate <= c.endDate)) add(['contracts', i, 'endDate'], `must not be before the start date ${c.startDate}`);
  });
  (input.statements ?? []).forEach((s, i) => {
    if (!contractIds.has(s.contractId)) add(['statements', i, 'contractId'], `no contract "${s.contractId}" in the input`);
    if (!inYear.has(s.period)) add(['statements', i, 'period'], `${s.period} is not a month of ${year}`);
    if (!Number.isSafeInteger(s.amountPence)) add(['statements', i, 'amountPence'], 'must be whole pence');
  });
  (input.planLines ?? []).forEach((l, i) => {
    if (!contractIds.has(l.contractId)) add(['planLines', i, 'contractId'], `no contract "${l.contractId}" in the input`);
    if (!inYear.has(l.period)) add(['planLines', i, 'period'], `${l.period} is not a month of ${year}`);
    if (!Number.isSafeInteger(l.activity) || l.activity < 0) add(['planLines', i, 'activity'], 'must be a whole number of at least 0');
    if (!Number.isSafeInteger(l.plannedPence)) add(['planLines', i, 'plannedPence'], 'must be whole pence');
  });
  const lineEntries = uniqueBy(input.serviceLineEntries ?? [], (e) => lineKey(e.provider, e.service), 'serviceLineEntries', (e) => `${e.provider} ${e.service}`, add);
  uniqueBy(input.workforceEntries ?? [], (e) => `${lineKey(e.provider, e.service)}\u0000${e.staffGroup}`, 'workforceEntries', (e) => `${e.provider} ${e.service} ${e.staffGroup}`, add);
  const providerEntries = uniqueBy(input.providerEntries ?? [], (e) => e.provider, 'providerEntries', (e) => e.provider, add);
  uniqueBy(input.pathways ?? [], (e) => e.pathway, 'pathways', (e) => e.pathway, add);
  if (issues.length) throw invalidMany(issues);

  // Contracts that matter for the year: those with income in it (any status but draft, or any with
  // a statement) and proposals (draft or agreed) still to run, whose parties a scenario may name.
  const withStatements = new Set((input.statements ?? []).map((s) => s.contractId));
  const contracts = [...input.contracts]
    .filter((c) => c.endDate >= yearStart && (c.startDate <= `${periods[11]}-31` || c.status === 'draft' || c.status === 'agreed' || withStatements.has(c.id)))
    .sort(byText((c) => `${c.reference}\u0000${c.id}`));
  const statementKey = (s: StatementIncome) => [s.contractId, s.period, s.provider ?? '', s.commissioner ?? '', s.service ?? '', s.amountPence].join('\u0000');
  return {
    input,
    year,
    periods,
    organisations: new Map(input.organisations.map((o) => [o.code, o])),
    successors: [...(input.successors ?? [])].sort(byText((s) => `${s.predecessorCode}\u0000${s.effectiveDate}\u0000${s.successorCode}`)),
    contracts,
    statements: [...(input.statements ?? [])].sort(byText(statementKey)),
    planLines: [...(input.planLines ?? [])].sort(byText((l) => [l.contractId, l.service, l.period, l.activity, l.plannedPence].join('\u0000'))),
    lineEntries,
    workforce: [...(input.workforceEntries ?? [])].sort(byText((e) => `${lineKey(e.provider, e.service)}\u0000${e.staffGroup}`)),
    providerEntries,
    pathways: [...(input.pathways ?? [])].sort(byText((p) => p.pathway)),
  };
}

/** Entries keyed one to a key; a second entry for a key is refused, naming the first. */
function uniqueBy<E>(
  entries: readonly E[],
  key: (e: E) => string,
  table: string,
  label: (e: E) => string,
  add: (path: (string | number)[], message: string) => void,
): Map<string, E> {
  const out = new Map<string, E>();
  const at = new Map<string, number>();
  entries.forEach((e, i) => {
    const k = key(e);
    const first = at.get(k);
    if (first !== undefined) add([table, i], `a second entry for ${label(e)} (the first is ${table}.${first})`);
    else {
      at.set(k, i);
      out.set(k, e);
    }
  });
  return new Map([...out.entries()].sort(byText(([k]) => k)));
}

// ---- phase 2: each contract's money for the year

interface ContractIncome {
  readonly contract: ContractAsAt;
  /** Months whose money comes from statements, and the statement rows (sorted). */
  readonly statementPeriods: readonly string[];
  readonly statementRows: readonly StatementIncome[];
  /** Months paid from the contract's value, and that money. */
  readonly valuePeriods: readonly string[];
  readonly valueAmount: Pence;
}

/** The months of `periods` that fall (even in part) within the contract's term. */
function termPeriodsIn(c: ContractAsAt, periods: readonly string[]): string[] {
  return periods.filter((p) => `${p}-31` >= c.startDate && `${p}-01` <= c.endDate);
}

function incomeByContract(data: Normalised): ContractIncome[] {
  const rowsOf = new Map<string, StatementIncome[]>();
  for (const s of data.statements) {
    const list = rowsOf.get(s.contractId) ?? [];
    list.push(s);
    rowsOf.set(s.contractId, list);
  }
  return data.contracts.map((c) => {
    const rows = rowsOf.get(c.id) ?? [];
    const statementPeriods = [...new Set(rows.map((r) => r.period))].sort();
    const stated = new Set(statementPeriods);
    const months = termPeriodsIn(c, data.periods);
    // A draft earns nothing from its value: it is a proposal, not a commitment.
    const valuePeriods = c.status === 'draft' ? [] : months.filter((p) => !stated.has(p));
    // The value as at the date, 1/n for each of the term's n months (exactly, to the penny).
    const n = termMonths(c.startDate, c.endDate);
    const monthly = n > 0 ? apportion(c.valuePence, new Array<number>(n).fill(1)) : [];
    const firstMonth = c.startDate.slice(0, 7);
    let valueAmount = 0;
    for (const p of valuePeriods) valueAmount += monthly[monthsBetween(firstMonth, p)] ?? 0;
    return { contract: c, statementPeriods, statementRows: rows, valuePeriods, valueAmount };
  });
}

function monthsBetween(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7));
}

// ---- phase 3: split each contract's money to provider x commissioner x service line

interface LineDraft {
  readonly provider: string;
  readonly service: string;
  /** Income by commissioner, with its contributions. */
  readonly income: Map<string, IncomeContribution[]>;
  planActivity: number;
  readonly planContracts: Set<string>;
}

type Lines = Map<string, LineDraft>;

function lineDraft(lines: Lines, provider: string, service: string): LineDraft {
  const k = lineKey(provider, service);
  let d = lines.get(k);
  if (!d) {
    d = { provider, service, income: new Map(), planActivity: 0, planContracts: new Set() };
    lines.set(k, d);
  }
  return d;
}

/** The contract's plan by service for the year: planned value per service (positive values only). */
function planWeights(data: Normalised, contractId: string): Map<string, number> {
  const w = new Map<string, number>();
  for (const l of data.planLines) {
    if (l.contractId !== contractId) continue;
    w.set(l.service, (w.get(l.service) ?? 0) + l.plannedPence);
  }
  for (const [s, v] of w) if (v <= 0) w.delete(s);
  return w;
}

function splitIncomeToLines(data: Normalised, income: readonly ContractIncome[], warnings: Issue[]): Lines {
  const lines: Lines = new Map();
  const at = new Map(data.input.contracts.map((c, i) => [c.id, i]));
  for (const ci of income) {
    const c = ci.contract;
    const providers = c.parties.filter((p) => p.role === 'provider').map((p) => p.organisationCode).sort();
    const coordinating =
      c.parties.filter((p) => p.role === 'coordinating_commissioner').map((p) => p.organisationCode).sort()[0] ??
      c.parties.filter((p) => COMMISSIONING_ROLES.has(p.role)).map((p) => p.organisationCode).sort()[0];
    if (ci.statementRows.length === 0 && ci.valuePeriods.length === 0) continue; // a proposal: no income
    // A tender still without a provider (or a contract without a commissioner) has nobody to pay.
    if (providers.length === 0 || coordinating === undefined) {
      warnings.push({
        path: ['contracts', at.get(c.id)!, 'parties'],
        message: `${c.reference} has no ${providers.length === 0 ? 'provider' : 'commissioner'}, so its ${formatPounds(ci.valueAmount + ci.statementRows.reduce((s, r) => s + r.amountPence, 0))} in ${data.year} is not in the economy`,
      });
      continue;
    }
    const plan = planWeights(data, c.id);
    const services = plan.size > 0 ? [...plan.keys()].sort() : [...new Set(c.serviceCodes)].sort();
    const serviceWeights = plan.size > 0 ? services.map((s) => plan.get(s)!) : services.map(() => 1);
    const fillBasis: SplitBasis = services.length <= 1 && providers.length <= 1 ? 'whole' : plan.size > 0 ? 'plan-lines' : 'equal-across-services';

    // Splits an amount over the providers and services not already fixed, and records it.
    const place = (
      amount: Pence,
      fixed: { provider?: string; commissioner?: string; service?: string },
      basis: IncomeContribution['basis'],
      periods: readonly string[],
      submissions: readonly string[] | undefined,
    ) => {
      if (amount === 0 && periods.length === 0) return;
      const ps = fixed.provider !== undefined ? [fixed.provider] : providers;
      const ss = fixed.service !== undefined ? [fixed.service] : services;
      const sw = fixed.service !== undefined ? [1] : serviceWeights;
      const targets: { provider: string; service: string; weight: number }[] = [];
      for (const p of ps) ss.forEach((s, k) => targets.push({ provider: p, service: s, weight: sw[k] }));
      const parts = apportion(amount, targets.map((t) => t.weight));
      const split: SplitBasis = fixed.service !== undefined && (fixed.provider !== undefined || providers.length === 1) ? 'statement' : fillBasis;
      const commissioner = fixed.commissioner ?? coordinating;
      targets.forEach((t, k) => {
        const draft = lineDraft(lines, t.provider, t.service);
        const list = draft.income.get(commissioner) ?? [];
        list.push({
          contractId: c.id,
          contract: c.reference,
          amount: parts[k],
          basis,
          periods,
          split,
          ...(submissions && submissions.length > 0 ? { submissions } : {}),
        });
        draft.income.set(commissioner, list);
      });
    };

    // Statement rows grouped by what they say about themselves, so each group is split once.
    const groups = new Map<string, { fixed: { provider?: string; commissioner?: string; service?: string }; amount: number; periods: Set<string>; subs: Set<string> }>();
    for (const r of ci.statementRows) {
      const k = [r.provider ?? '', r.commissioner ?? '', r.service ?? ''].join('\u0000');
      const g = groups.get(k) ?? { fixed: { provider: r.provider, commissioner: r.commissioner, service: r.service }, amount: 0, periods: new Set(), subs: new Set() };
      g.amount += r.amountPence;
      g.periods.add(r.period);
      for (const s of r.submissions ?? []) g.subs.add(s);
      groups.set(k, g);
    }
    for (const k of [...groups.keys()].sort()) {
      const g = groups.get(k)!;
      place(g.amount, g.fixed, 'statement', [...g.periods].sort(), [...g.subs].sort());
    }
    if (ci.valuePeriods.length > 0) place(ci.valueAmount, {}, 'contract-value', ci.valuePeriods, undefined);
  }
  return lines;
}

// ---- phase 4: activity from the plans

function addPlannedActivity(data: Normalised, lines: Lines): void {
  const byContract = new Map(data.contracts.map((c) => [c.id, c]));
  const sums = new Map<string, { contractId: string; service: string; activity: number }>();
  for (const l of data.planLines) {
    const k = `${l.contractId}\u0000${l.service}`;
    const s = sums.get(k) ?? { contractId: l.contractId, service: l.service, activity: 0 };
    s.activity += l.activity;
    sums.set(k, s);
  }
  for (const k of [...sums.keys()].sort()) {
    const s = sums.get(k)!;
    const c = byContract.get(s.contractId);
    if (!c) continue; // a contract outside the year
    const providers = c.parties.filter((p) => p.role === 'provider').map((p) => p.organisationCode).sort();
    const parts = apportion(s.activity, providers.map(() => 1));
    providers.forEach((p, i) => {
      const d = lines.get(lineKey(p, s.service));
      if (!d) return; // the plan names a service the contract earns nothing for this year
      d.planActivity += parts[i];
      d.planContracts.add(c.reference);
    });
  }
}

// ---- phase 5: providers and their service lines, with what was entered

const PROVIDER_KIND: Partial<Record<OrganisationKind, ProviderKind>> = {
  nhs_trust: 'nhs-trust',
  foundation_trust: 'foundation-trust',
  independent_provider: 'independent',
  voluntary_provider: 'voluntary',
  gp_practice: 'gp-practices',
  local_authority: 'local-authority',
};

const COMMISSIONER_KIND: Partial<Record<OrganisationKind, CommissionerKind>> = {
  ccg: 'ccg',
  icb: 'icb',
  sub_icb_location: 'icb',
  nhs_england: 'nhs-england',
  nhs_england_region: 'nhs-england',
  commissioning_hub: 'nhs-england',
  local_authority: 'local-authority',
};

const entryProvenance = (
  table: 'service-lines' | 'workforce' | 'providers' | 'pathways',
  e: { id: string; line?: number; illustrative: boolean; note?: string },
): Provenance => ({
  kind: 'entry',
  table,
  entryId: e.id,
  ...(e.line !== undefined ? { line: e.line } : {}),
  illustrative: e.illustrative,
  ...(e.note ? { note: e.note } : {}),
});

function organisationDates(data: Normalised, code: string) {
  const o = data.organisations.get(code);
  const successor = data.successors.find((s) => s.predecessorCode === code);
  return {
    ...(o?.openDate ? { openDate: o.openDate } : {}),
    ...(o?.closeDate ? { closeDate: o.closeDate } : {}),
    ...(successor ? { successor: { code: successor.successorCode, effectiveDate: successor.effectiveDate } } : {}),
  };
}

function assembleProviders(data: Normalised, lines: Lines, warnings: Issue[]): Provider[] {
  const codes = new Set<string>();
  for (const c of data.contracts) for (const p of c.parties) if (p.role === 'provider') codes.add(p.organisationCode);
  const entryIndex = new Map((data.input.serviceLineEntries ?? []).map((e, i) => [e, i]));
  const providerEntryIndex = new Map((data.input.providerEntries ?? []).map((e, i) => [e, i]));
  const workforceIndex = new Map((data.input.workforceEntries ?? []).map((e, i) => [e, i]));

  // Entries for a provider, or a line, the contracts give no income: named, not used.
  for (const [k, e] of data.lineEntries) {
    const d = lines.get(k);
    if (!d || totalIncome(d) <= 0) {
      warnings.push({
        path: ['serviceLineEntries', entryIndex.get(e)!],
        message: `no contract gives ${e.provider} income for ${e.service} in ${data.year}, so the entry is not used`,
      });
    }
  }
  for (const [code, e] of data.providerEntries) {
    if (!codes.has(code)) warnings.push({ path: ['providerEntries', providerEntryIndex.get(e)!], message: `${code} is not a provider in any contract of the economy, so the entry is not used` });
  }
  for (const w of data.workforce) {
    const d = lines.get(lineKey(w.provider, w.service));
    if (!d || totalIncome(d) <= 0) {
      warnings.push({ path: ['workforceEntries', workforceIndex.get(w)!], message: `${w.provider} has no ${w.service} service line in ${data.year}, so the staff group is not used` });
    }
  }

  return [...codes].sort().map((code) => {
    const org = data.organisations.get(code);
    if (!org) warnings.push({ path: ['organisations'], message: `provider ${code} is not in the registry given; its name and kind are unknown` });
    const pe = data.providerEntries.get(code);
    const serviceLines = [...lines.values()]
      .filter((d) => d.provider === code)
      .sort(byText((d) => d.service))
      .flatMap((d) => serviceLineOf(data, d, codes, entryIndex, warnings));
    return {
      code,
      name: org?.name ?? code,
      kind: (org && PROVIDER_KIND[org.kind]) ?? 'other',
      ...(org?.odsVerified === false ? { illustrative: true } : {}),
      ...organisationDates(data, code),
      ...(pe?.openingCash !== undefined ? { cash: pe.openingCash } : {}),
      ...(pe?.location ? { location: pe.location } : {}),
      serviceLines,
      provenance: pe ? entryProvenance('providers', pe) : { kind: 'registry', organisation: code },
    } satisfies Provider;
  });
}

function totalIncome(d: LineDraft): Pence {
  let s = 0;
  for (const list of d.income.values()) for (const c of list) s += c.amount;
  return s;
}

function serviceLineOf(
  data: Normalised,
  d: LineDraft,
  providers: ReadonlySet<string>,
  entryIndex: ReadonlyMap<ServiceLineEntry, number>,
  warnings: Issue[],
): ServiceLine[] {
  const total = totalIncome(d);
  if (total <= 0) {
    if (total < 0) warnings.push({ path: ['contracts'], message: `${d.provider} ${d.service} has ${formatPounds(total)} of income in ${data.year} (refunds exceed payments), so the line is left out` });
    return [];
  }
  const income: IncomeSource[] = [...d.income.keys()].sort().map((commissioner) => {
    const sources = d.income.get(commissioner)!;
    return { commissioner, annualIncome: sources.reduce((s, x) => s + x.amount, 0), sources };
  });
  const e = data.lineEntries.get(lineKey(d.provider, d.service));
  const at = e ? ['serviceLineEntries', entryIndex.get(e)!] : [];

  // Activity: entered, else planned, else one unit per £1,000 of income (so shares still work).
  let annualActivity: number;
  let activity: Provenance;
  if (e?.annualActivity !== undefined && e.annualActivity > 0) {
    annualActivity = e.annualActivity;
    activity = entryProvenance('service-lines', e);
  } else if (d.planActivity > 0) {
    annualActivity = d.planActivity;
    activity = { kind: 'plan', contracts: [...d.planContracts].sort() };
  } else {
    annualActivity = Math.max(1, divideRounded(total, DERIVED_UNIT_PENCE));
    activity = { kind: 'derived', note: 'no activity entered or planned: one unit per £1,000 of income' };
    if (e && (e.minimumViableVolume || e.semiFixed)) {
      warnings.push({ path: at, message: `${d.provider} ${d.service}: a minimum volume or step is entered but no annual activity, and no plan gives one; volumes are read as £1,000s of income` });
    }
  }

  const workforce: WorkforceGroup[] = data.workforce
    .filter((w) => w.provider === d.provider && w.service === d.service)
    .map((w) => ({
      staffGroup: w.staffGroup,
      headcount: w.headcount,
      annualUnitCost: w.annualUnitCost,
      minimumViable: w.minimumViable,
      provenance: entryProvenance('workforce', w),
    }));

  if (!e) {
    return [
      {
        service: d.service,
        income,
        annualActivity,
        variableCostShare: 1_000_000,
        fixedCost: 0,
        workforce,
        minimumViableVolume: 0,
        source: 'no cost entry: costed as fully variable',
        provenance: { activity, costs: { kind: 'default', note: 'no cost entry: the line is costed as fully variable, so it breaks even and cannot fail on volume or money' } },
      },
    ];
  }
  const nearest = (e.nearestProviders ?? []).filter((code, k) => {
    if (providers.has(code) && code !== d.provider) return true;
    warnings.push({ path: [...at, 'nearestProviders', k], message: `${code} is not another provider in the economy, so it is left out of ${d.provider} ${d.service}'s nearest providers` });
    return false;
  });
  return [
    {
      service: d.service,
      income,
      annualActivity,
      variableCostShare: e.variableCostShare,
      ...(e.semiFixed ? { semiFixed: e.semiFixed } : {}),
      fixedCost: e.fixedCost,
      workforce,
      minimumViableVolume: e.minimumViableVolume ?? 0,
      ...(e.maxAnnualLoss !== undefined ? { maxAnnualLoss: e.maxAnnualLoss } : {}),
      ...(nearest.length > 0 ? { nearestProviders: nearest } : {}),
      source: e.note ? `${e.illustrative ? 'illustrative: ' : ''}${e.note}` : e.illustrative ? 'illustrative' : 'entered',
      provenance: { activity, costs: entryProvenance('service-lines', e) },
    },
  ];
}

// ---- phase 6: commissioners, dependencies, pathways, contracts, notes

function assembleCommissioners(data: Normalised, providers: readonly Provider[]): Commissioner[] {
  const codes = new Set<string>();
  for (const p of providers) for (const l of p.serviceLines) for (const i of l.income) codes.add(i.commissioner);
  for (const pw of data.pathways) for (const c of pw.commissioners) if (data.organisations.has(c)) codes.add(c);
  return [...codes].sort().map((code) => {
    const org = data.organisations.get(code);
    const kind: CommissionerKind = org ? COMMISSIONER_KIND[org.kind] ?? (PROVIDER_KIND[org.kind] ? 'prime-contractor' : 'other') : 'other';
    return {
      code,
      name: org?.name ?? code,
      kind,
      ...(org?.odsVerified === false ? { illustrative: true } : {}),
      ...organisationDates(data, code),
    };
  });
}

function assembleDependencies(data: Normalised, providers: readonly Provider[], warnings: Issue[]): Dependency[] {
  const has = new Set(providers.flatMap((p) => p.serviceLines.map((l) => lineKey(p.code, l.service))));
  const index = new Map((data.input.serviceLineEntries ?? []).map((e, i) => [e, i]));
  const out: Dependency[] = [];
  for (const e of data.lineEntries.values()) {
    if (!e.supportedBy || !has.has(lineKey(e.provider, e.service))) continue;
    if (!has.has(lineKey(e.provider, e.supportedBy.service))) {
      warnings.push({
        path: ['serviceLineEntries', index.get(e)!, 'supportedBy'],
        message: `${e.provider} has no ${e.supportedBy.service} service line in ${data.year} to carry ${e.service}'s fixed cost, so the dependency is left out`,
      });
      continue;
    }
    out.push({
      provider: e.provider,
      service: e.service,
      supportedBy: e.supportedBy.service,
      share: e.supportedBy.share,
      ...(e.note ? { note: e.note } : {}),
      provenance: entryProvenance('service-lines', e),
    });
  }
  return out;
}

function pathwayOf(e: PathwayEntry): Pathway {
  return {
    id: e.pathway,
    name: e.name,
    commissioners: e.commissioners,
    steps: e.steps,
    ...(e.note ? { note: e.note } : {}),
    provenance: entryProvenance('pathways', e),
  };
}

function economyContracts(data: Normalised, income: readonly ContractIncome[]): EconomyContract[] {
  return income.map((ci) => {
    const c = ci.contract;
    const stated = ci.statementRows.reduce((s, r) => s + r.amountPence, 0);
    return {
      id: c.id,
      reference: c.reference,
      title: c.title,
      model: c.model,
      status: c.status,
      startDate: c.startDate,
      endDate: c.endDate,
      valuePence: c.valuePence,
      parties: [...c.parties].map((p) => ({ organisation: p.organisationCode, role: p.role })).sort(byText((p) => `${p.role}\u0000${p.organisation}`)),
      services: [...new Set(c.serviceCodes)].sort(),
      incomeInYear: stated + ci.valueAmount,
      statementPeriods: ci.statementPeriods,
    };
  });
}

function economyNotes(data: Normalised, providers: readonly Provider[]): string[] {
  const all = providers.flatMap((p) => p.serviceLines);
  const costed = all.filter((l) => l.provenance?.costs.kind === 'entry').length;
  const illustrative = all.filter((l) => l.provenance?.costs.kind === 'entry' && l.provenance.costs.illustrative).length;
  return [
    `Contracts and organisations as at ${data.input.asAt}; income for ${data.year}.`,
    'Income: a month with a payment statement counts the statement; any other month in a contract\'s term counts 1/n of its value as at the date (n = months in the term). Draft contracts earn nothing.',
    'Split: a contract\'s money goes to its provider (equal shares if several), paid by its co-ordinating commissioner, across service lines by its plan lines by service for the year, else equally across its services.',
    `${costed} of ${all.length} service lines have entered costs (${illustrative} marked illustrative); the others are costed as fully variable, so they break even and cannot fail.`,
  ];
}

// ---- the version's fingerprint

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as Record<string, unknown>)
        .sort()
        .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

function digestOf(data: Normalised): string {
  const i = data.input;
  const doc = {
    id: i.id,
    name: i.name,
    asAt: i.asAt,
    year: data.year,
    priceBase: i.priceBase ?? null,
    organisations: [...i.organisations].sort(byText((o) => o.code)),
    successors: data.successors,
    contracts: [...i.contracts].sort(byText((c) => `${c.reference}\u0000${c.id}`)).map((c) => ({
      ...c,
      parties: [...c.parties].sort(byText((p) => `${p.role}\u0000${p.organisationCode}`)),
      serviceCodes: [...c.serviceCodes].sort(),
    })),
    statements: data.statements,
    planLines: data.planLines,
    serviceLineEntries: [...data.lineEntries.values()],
    workforceEntries: data.workforce,
    providerEntries: [...data.providerEntries.values()],
    pathways: data.pathways,
  };
  return createHash('sha256').update(JSON.stringify(canonical(doc))).digest('hex');
}
