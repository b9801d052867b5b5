/**
 * Scenarios: a header, the levers pulled (in order) and an optional uncertainty block for the stress
 * test. The JSON form uses decimals for shares (0.3 = 30%) and integer pence for money; validation
 * turns shares into micros and dates into month indices, and checks every reference against the
 * economy. Every problem is reported with its exact field path, e.g. `levers.2.share: must be
 * between 0 and 1`.
 */

import { z } from 'zod';
import { invalidMany, type Issue } from '../errors.ts';
import type { Micros, Pence } from '../money.ts';
import { addMonthsToPeriod, isPeriodText, monthIndex } from './periods.ts';
import type { Economy } from './types.ts';

export const MAX_HORIZON_MONTHS = 120;
export const DEFAULT_HORIZON_MONTHS = 60;
/** Most levers one scenario may pull, unless the caller sets another limit (validateScenario's options). */
export const MAX_LEVERS = 200;

const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a period YYYY-MM with month 01-12');
const code = z.string().min(1, 'must not be empty');
const share01 = z
  .number({ message: 'must be a number' })
  .min(0, 'must be between 0 and 1')
  .max(1, 'must be between 0 and 1');
const change = z.number({ message: 'must be a number' }).min(-1, 'must be at least -1 (a fall of 100%)').max(10, 'must be at most 10');
const pence = z.number({ message: 'must be a number' }).int('must be a whole number of pence');

const phaseIn = z
  .discriminatedUnion('type', [
    z.object({ type: z.literal('immediate') }).strict(),
    z.object({ type: z.literal('linear'), months: z.number().int().min(1, 'must be at least 1').max(MAX_HORIZON_MONTHS) }).strict(),
    z.object({ type: z.literal('explicit'), shares: z.array(share01).min(1, 'must list at least one monthly share') }).strict(),
  ])
  .describe('How a lever reaches its full effect: at once, in equal steps over N months, or by explicit monthly shares of the full effect (the last share persists).');

const contractRef = code.optional().describe('Reference of the contract this lever acts under or proposes (checked against the economy\'s contracts).');

const leverBase = {
  label: z.string().optional().describe('Name for the lever in charts and the bridge.'),
  from: period.describe('First month the lever acts (YYYY-MM).'),
  phaseIn: phaseIn.optional(),
};

const moveService = z
  .object({
    type: z.literal('moveService'),
    provider: code,
    service: code,
    to: code,
    share: share01.describe('Share of the line\'s activity and income that moves at full effect.'),
    costTransfer: share01.optional().describe('Share of the moved part\'s fixed and pay cost that goes with it (staff transferring, estate leased); the rest stays behind (default 0).'),
    contract: contractRef,
    ...leverBase,
  })
  .strict();

const referralShift = z
  .object({
    type: z.literal('referralShift'),
    provider: code,
    service: code,
    change: change.describe('Change in referrals at full effect: -0.3 = a 30% fall.'),
    redirectTo: code.optional().describe('Provider that receives the referrals lost (omitted: they leave the economy).'),
    contract: contractRef,
    ...leverBase,
  })
  .strict();

const staffLeaving = z
  .object({
    type: z.literal('staffLeaving'),
    provider: code,
    service: code,
    staffGroup: code,
    count: z.number().int('must be a whole number').min(1, 'must be at least 1'),
    ...leverBase,
  })
  .strict();

const priceChange = z
  .object({
    type: z.literal('priceChange'),
    change: z.number({ message: 'must be a number' }).gt(-1, 'must be more than -1').max(10, 'must be at most 10'),
    service: code.optional().describe('Only this service (omitted: every service).'),
    provider: code.optional().describe('Only this provider (omitted: every provider).'),
    contract: contractRef,
    ...leverBase,
  })
  .strict();

const minimumIncomeGuarantee = z
  .object({
    type: z.literal('minimumIncomeGuarantee'),
    provider: code,
    service: code,
    annualFloorPence: pence.min(0, 'must not be negative'),
    until: period.optional().describe('Last month of the guarantee (omitted: to the horizon).'),
    contract: contractRef,
    label: z.string().optional(),
    from: period,
  })
  .strict();

const merger = z
  .object({
    type: z.literal('merger'),
    provider: code.describe('The provider acquired.'),
    acquirer: code,
    label: z.string().optional(),
    from: period,
  })
  .strict();

const newContractModel = z
  .object({
    type: z.literal('newContractModel'),
    model: z.enum(['prime-contractor', 'icp']),
    holder: code.describe('The prime contractor or integrated care provider.'),
    providers: z.array(code).min(1, 'must name at least one provider'),
    services: z.array(code).optional().describe('Services taken (omitted: all of each provider\'s services).'),
    share: share01,
    costTransfer: share01.optional().describe('Share of the taken part\'s fixed and pay cost that transfers with it (default 0).'),
    contract: contractRef,
    ...leverBase,
  })
  .strict();

export const leverSchema = z.discriminatedUnion('type', [
  moveService,
  referralShift,
  staffLeaving,
  priceChange,
  minimumIncomeGuarantee,
  merger,
  newContractModel,
]);

const finite = z.number({ message: 'must be a number' });
export const distributionSchema = z.discriminatedUnion('distribution', [
  z.object({ distribution: z.literal('uniform'), min: finite, max: finite }).strict(),
  z.object({ distribution: z.literal('triangular'), min: finite, mode: finite, max: finite }).strict(),
  z
    .object({
      distribution: z.literal('normal'),
      mean: finite,
      sd: finite.min(0, 'must not be negative'),
      min: finite.optional(),
      max: finite.optional(),
    })
    .strict(),
]);

export const uncertaintySchema = z
  .object({
    demandGrowth: distributionSchema.optional().describe('Annual demand growth for every service (0.02 = 2% a year).'),
    referralShift: distributionSchema
      .and(z.object({ levers: z.array(z.number().int().min(0)).optional() }))
      .optional()
      .describe('Size of the referral shift levers (replaces their change; -0.3 = a 30% fall). `levers` picks which (default all).'),
    staffTurnover: distributionSchema.optional().describe('Net annual loss of staff not replaced (0.03 = 3% a year), every line.'),
    priceChange: distributionSchema.optional().describe('Annual price change applied each April to every service (-0.015 = 1.5% efficiency).'),
  })
  .strict();

export const solveSchema = z
  .object({
    minimumIncomeGuarantee: z
      .object({
        provider: code,
        service: code.describe('The line whose income the floor applies to.'),
        target: z.object({ provider: code, service: code }).strict().describe('The line the floor must keep viable.'),
        from: period,
        until: period.optional(),
      })
      .strict()
      .optional(),
  })
  .strict();

export const scenarioSchema = z
  .object({
    $schema: z.string().optional().describe('Path or URL of this JSON Schema, for editors (ignored).'),
    name: z.string().min(1, 'must not be empty'),
    description: z.string().default(''),
    economy: z.string().min(1, 'must not be empty').describe('Economy id, e.g. "demo".'),
    start: period.describe('First month of the projection (YYYY-MM).'),
    horizonMonths: z
      .number()
      .int('must be a whole number of months')
      .min(1, `must be between 1 and ${MAX_HORIZON_MONTHS}`)
      .max(MAX_HORIZON_MONTHS, `must be between 1 and ${MAX_HORIZON_MONTHS}`)
      .default(DEFAULT_HORIZON_MONTHS),
    levers: z.array(leverSchema).default([]),
    uncertainty: uncertaintySchema.optional(),
    solve: solveSchema.optional(),
    pathways: z.array(z.string()).optional().describe('Pathway ids whose fragmentation index to report.'),
  })
  .strict();

/** The scenario with levers left unchecked, so each lever can be validated on its own. */
const scenarioShell = scenarioSchema.extend({ levers: z.array(z.unknown()).default([]) });

export type ScenarioInput = z.input<typeof scenarioSchema>;
export type ScenarioJson = z.output<typeof scenarioSchema>;
export type LeverJson = z.output<typeof leverSchema>;
export type DistributionJson = z.output<typeof distributionSchema>;

/** JSON Schema (draft 2020-12) of a scenario file, for editors and the web scenario builder. */
export function scenarioJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(scenarioSchema, { io: 'input' }) as Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------
// The validated form

/** Share of full effect in each month after the lever starts, as micros (last value persists). */
export type PhaseProfile = readonly Micros[];

interface Timed {
  readonly index: number;
  readonly label: string;
  /** The contract the lever acts under or proposes (a reference in the economy). */
  readonly contract?: string;
  readonly from: string;
  readonly fromMonth: number;
  readonly phase: PhaseProfile;
}

export type Lever =
  | (Timed & { type: 'moveService'; provider: string; service: string; to: string; share: Micros; costTransfer: Micros })
  | (Timed & { type: 'referralShift'; provider: string; service: string; change: Micros; redirectTo?: string })
  | (Timed & { type: 'staffLeaving'; provider: string; service: string; staffGroup: string; count: number })
  | (Timed & { type: 'priceChange'; change: Micros; service?: string; provider?: string })
  | (Timed & { type: 'minimumIncomeGuarantee'; provider: string; service: string; annualFloor: Pence; untilMonth: number })
  | (Timed & { type: 'merger'; provider: string; acquirer: string })
  | (Timed & {
      type: 'newContractModel';
      model: 'prime-contractor' | 'icp';
      holder: string;
      providers: readonly string[];
      services?: readonly string[];
      share: Micros;
      costTransfer: Micros;
    });

export type Distribution =
  | { distribution: 'uniform'; min: number; max: number }
  | { distribution: 'triangular'; min: number; mode: number; max: number }
  | { distribution: 'normal'; mean: number; sd: number; min?: number; max?: number };

export interface Uncertainty {
  readonly demandGrowth?: Distribution;
  readonly referralShift?: Distribution & { levers?: readonly number[] };
  readonly staffTurnover?: Distribution;
  readonly priceChange?: Distribution;
}

export interface MigSolveRequest {
  readonly provider: string;
  readonly service: string;
  readonly target: { readonly provider: string; readonly service: string };
  readonly from: string;
  readonly until?: string;
}

export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly economy: string;
  readonly start: string;
  readonly horizonMonths: number;
  readonly levers: readonly Lever[];
  readonly uncertainty?: Uncertainty;
  readonly solve?: { readonly minimumIncomeGuarantee?: MigSolveRequest };
  readonly pathways?: readonly string[];
  /** Things a reader should know that do not stop the run (an organisation named closes within the horizon). */
  readonly notices: readonly string[];
  /** The JSON as validated (defaults filled), for echoing back. */
  readonly source: ScenarioJson;
}

export interface ValidateOptions {
  /** Most levers allowed (default {@link MAX_LEVERS}). */
  readonly maxLevers?: number;
}

/** Decimal to micros; refuses more than 6 decimal places rather than rounding silently. */
export function toMicros(value: number): Micros | null {
  const scaled = value * 1_000_000;
  const rounded = Math.round(scaled);
  return Math.abs(scaled - rounded) < 1e-6 * Math.max(1, Math.abs(scaled)) ? rounded : null;
}

function phaseProfile(p: z.output<typeof phaseIn> | undefined): Micros[] {
  if (!p || p.type === 'immediate') return [1_000_000];
  if (p.type === 'linear') {
    const out: Micros[] = [];
    for (let k = 1; k <= p.months; k++) out.push(Math.round((k * 1_000_000) / p.months));
    return out;
  }
  return p.shares.map((s) => Math.round(s * 1_000_000));
}

const LEVER_LABEL: Record<LeverJson['type'], string> = {
  moveService: 'Move service',
  referralShift: 'Referral shift',
  staffLeaving: 'Staff leaving',
  priceChange: 'Price change',
  minimumIncomeGuarantee: 'Minimum income guarantee',
  merger: 'Merger',
  newContractModel: 'New contract model',
};

type Path = (string | number)[];

/**
 * Validates scenario JSON against the schema and the economy; throws ConcordatError('invalid')
 * listing every problem by field path. In phases: the header and each lever against the schema
 * (one bad lever does not hide the problems of the others), then each lever against the economy
 * (organisations open on its date, service lines, contracts), then the uncertainty block, the
 * solve request and the pathways.
 *
 * @example validateScenario(json, economy).levers[0].fromMonth // 0
 */
export function validateScenario(input: unknown, economy: Economy, options: ValidateOptions = {}): Scenario {
  const { json, rawLevers, goodLevers, structural } = parseScenarioJson(input, options.maxLevers ?? MAX_LEVERS);
  const refs = new References(economy, json, structural);
  if (json.economy !== economy.id) refs.add(['economy'], `unknown economy "${json.economy}" (this economy is "${economy.id}")`);
  const levers = goodLevers.map(({ lever, index }) => validateLever(lever, index, refs));
  checkMergers(levers, refs);
  checkUncertainty(json.uncertainty, rawLevers, refs);
  const solve = checkSolve(json.solve, refs);
  checkLeversFailingTheSchema(rawLevers, new Set(goodLevers.map((g) => g.index)), structural, refs);
  const pathwayIds = new Set((economy.pathways ?? []).map((p) => p.id));
  json.pathways?.forEach((p, j) => {
    if (!pathwayIds.has(p)) refs.add(['pathways', j], `unknown pathway "${p}"`);
  });
  if (refs.issues.length > 0) throw invalidMany(sortIssues(refs.issues));
  return {
    name: json.name,
    description: json.description,
    economy: json.economy,
    start: json.start,
    horizonMonths: json.horizonMonths,
    levers,
    uncertainty: json.uncertainty as Uncertainty | undefined,
    solve,
    pathways: json.pathways,
    notices: refs.notices,
    source: json,
  };
}

// ---- phase 1: the schema

function zodIssues(error: z.ZodError, prefix: Path): Issue[] {
  return error.issues.map((i) => ({
    path: [...prefix, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))],
    message: i.code === 'unrecognized_keys' ? `unknown field ${(i as { keys?: string[] }).keys?.map((k) => `"${k}"`).join(', ')}` : i.message,
  }));
}

function parseScenarioJson(input: unknown, maxLevers: number) {
  const shell = scenarioShell.safeParse(input);
  if (!shell.success) throw invalidMany(zodIssues(shell.error, []));
  // Checked before any lever, so a runaway file is refused cheaply with one clear message.
  if (shell.data.levers.length > maxLevers) {
    throw invalidMany([{ path: ['levers'], message: `at most ${maxLevers} levers in one scenario (this one has ${shell.data.levers.length})` }]);
  }
  const structural: Issue[] = [];
  const goodLevers: { index: number; lever: LeverJson }[] = [];
  shell.data.levers.forEach((raw, i) => {
    const r = leverSchema.safeParse(raw);
    if (r.success) goodLevers.push({ index: i, lever: r.data });
    else structural.push(...zodIssues(r.error, ['levers', i]));
  });
  const json = { ...shell.data, levers: goodLevers.map((g) => g.lever) } as ScenarioJson;
  return { json, rawLevers: shell.data.levers, goodLevers, structural };
}

// ---- phase 2: references to the economy

/** What the scenario names, checked against the economy; collects the issues and notices. */
class References {
  readonly issues: Issue[];
  readonly notices: string[] = [];
  readonly providers: ReadonlyMap<string, Economy['providers'][number]>;
  readonly services: ReadonlySet<string>;
  private readonly commissioners: ReadonlySet<string>;
  private readonly contracts: ReadonlyMap<string, NonNullable<Economy['contracts']>[number]>;
  private readonly lastPeriod: string;

  constructor(
    private readonly economy: Economy,
    readonly json: ScenarioJson,
    structural: readonly Issue[],
  ) {
    this.issues = [...structural];
    this.providers = new Map(economy.providers.map((p) => [p.code, p]));
    this.services = new Set(economy.providers.flatMap((p) => p.serviceLines.map((l) => l.service)));
    this.commissioners = new Set(economy.commissioners.map((c) => c.code));
    this.contracts = new Map((economy.contracts ?? []).map((c) => [c.reference, c]));
    this.lastPeriod = addMonthsToPeriod(json.start, json.horizonMonths - 1);
  }

  add(path: Path, message: string): void {
    this.issues.push({ path, message });
  }

  /** A period's month index, which must fall within the horizon. */
  month(path: Path, period: string): number {
    const m = monthIndex(this.json.start, period);
    if (m < 0) this.add(path, `before the start period ${this.json.start}`);
    else if (m >= this.json.horizonMonths) this.add(path, 'after the horizon');
    return m;
  }

  /**
   * A provider the lever names must be in the economy and open when the lever starts; one that
   * closes later within the horizon is a notice (the projection keeps it open).
   */
  provider(path: Path, code: string | undefined, from?: string): boolean {
    if (code === undefined) return false;
    const p = this.providers.get(code);
    if (!p) {
      this.add(path, this.commissioners.has(code) ? `"${code}" is a commissioner in this economy, not a provider` : `unknown provider "${code}"`);
      return false;
    }
    if (from !== undefined && isPeriodText(from)) this.open(path, p, from);
    return true;
  }

  private open(path: Path, o: Economy['providers'][number], from: string): void {
    const who = `${o.name} (${o.code})`;
    if (o.closeDate !== undefined && `${from}-01` > o.closeDate) {
      const next = o.successor ? `; its services passed to ${o.successor.code} from ${o.successor.effectiveDate}` : '';
      this.add(path, `${who} closed on ${o.closeDate}; this lever starts ${from}${next}`);
    } else if (o.openDate !== undefined && `${from}-31` < o.openDate) {
      this.add(path, `${who} opens on ${o.openDate}, after this lever starts (${from})`);
    } else if (o.closeDate !== undefined && o.closeDate < `${this.lastPeriod}-01`) {
      const notice = `${who} closes on ${o.closeDate}, within the horizon (to ${this.lastPeriod}); the projection keeps it open`;
      if (!this.notices.includes(notice)) this.notices.push(notice);
    }
  }

  /** A service, and (when the provider is known) the provider's line of it. */
  line(path: Path, provider: string, service: string, providerKnown: boolean): void {
    if (!this.services.has(service)) {
      this.add([...path, 'service'], `unknown service "${service}"`);
      return;
    }
    if (providerKnown && !this.providers.get(provider)!.serviceLines.some((l) => l.service === service)) {
      this.add([...path, 'service'], `provider "${provider}" has no ${service} service line`);
    }
  }

  /** A contract the lever names must be in the economy and have one of the organisations named as a party. */
  contract(path: Path, ref: string | undefined, parties: readonly (string | undefined)[]): void {
    if (ref === undefined) return;
    const c = this.contracts.get(ref);
    if (!c) {
      this.add(path, this.economy.contracts ? `no contract "${ref}" in this economy` : 'this economy was not built from contracts, so a lever cannot name one');
      return;
    }
    const named = parties.filter((x): x is string => x !== undefined);
    if (named.length > 0 && !c.parties.some((p) => named.includes(p.organisation))) {
      this.add(path, `${ref} has none of ${named.join(', ')} as a party`);
    }
  }

  /** A decimal share as micros; more than 6 places is refused rather than rounded. */
  micros(path: Path, value: number): Micros {
    const m = toMicros(value);
    if (m === null) {
      this.add(path, 'must have at most 6 decimal places');
      return 0;
    }
    return m;
  }
}

function validateLever(l: LeverJson, i: number, refs: References): Lever {
  const at: Path = ['levers', i];
  const fromMonth = refs.month([...at, 'from'], l.from);
  const base = {
    index: i,
    label: l.label ?? `${LEVER_LABEL[l.type]} ${i + 1}`,
    from: l.from,
    fromMonth,
    phase: 'phaseIn' in l ? phaseProfile(l.phaseIn) : [1_000_000],
    ...('contract' in l && l.contract !== undefined ? { contract: l.contract } : {}),
  };
  switch (l.type) {
    case 'moveService': {
      const ok = refs.provider([...at, 'provider'], l.provider, l.from);
      refs.line(at, l.provider, l.service, ok);
      refs.provider([...at, 'to'], l.to, l.from);
      if (l.to === l.provider) refs.add([...at, 'to'], 'must differ from provider');
      refs.contract([...at, 'contract'], l.contract, [l.provider, l.to]);
      return { ...base, type: l.type, provider: l.provider, service: l.service, to: l.to, share: refs.micros([...at, 'share'], l.share), costTransfer: refs.micros([...at, 'costTransfer'], l.costTransfer ?? 0) };
    }
    case 'referralShift': {
      const ok = refs.provider([...at, 'provider'], l.provider, l.from);
      refs.line(at, l.provider, l.service, ok);
      refs.contract([...at, 'contract'], l.contract, [l.provider, l.redirectTo]);
      if (l.redirectTo !== undefined) {
        refs.provider([...at, 'redirectTo'], l.redirectTo, l.from);
        if (l.redirectTo === l.provider) refs.add([...at, 'redirectTo'], 'must differ from provider');
        if (l.change > 0) refs.add([...at, 'redirectTo'], 'only a fall in referrals can be redirected');
      }
      return { ...base, type: l.type, provider: l.provider, service: l.service, change: refs.micros([...at, 'change'], l.change), redirectTo: l.redirectTo };
    }
    case 'staffLeaving': {
      const ok = refs.provider([...at, 'provider'], l.provider, l.from);
      refs.line(at, l.provider, l.service, ok);
      const line = ok ? refs.providers.get(l.provider)!.serviceLines.find((s) => s.service === l.service) : undefined;
      if (line) {
        const g = line.workforce.find((w) => w.staffGroup === l.staffGroup);
        if (!g) refs.add([...at, 'staffGroup'], `no staff group "${l.staffGroup}" in ${l.provider} ${l.service}`);
        else if (l.count > g.headcount) refs.add([...at, 'count'], `must not exceed the ${g.headcount} in post`);
      }
      return { ...base, type: l.type, provider: l.provider, service: l.service, staffGroup: l.staffGroup, count: l.count };
    }
    case 'priceChange': {
      if (l.provider !== undefined) refs.provider([...at, 'provider'], l.provider, l.from);
      if (l.service !== undefined && !refs.services.has(l.service)) refs.add([...at, 'service'], `unknown service "${l.service}"`);
      refs.contract([...at, 'contract'], l.contract, [l.provider]);
      return { ...base, type: l.type, change: refs.micros([...at, 'change'], l.change), service: l.service, provider: l.provider };
    }
    case 'minimumIncomeGuarantee': {
      const ok = refs.provider([...at, 'provider'], l.provider, l.from);
      refs.line(at, l.provider, l.service, ok);
      refs.contract([...at, 'contract'], l.contract, [l.provider]);
      const H = refs.json.horizonMonths;
      let untilMonth = H - 1;
      if (l.until !== undefined) {
        untilMonth = monthIndex(refs.json.start, l.until);
        if (untilMonth < fromMonth) refs.add([...at, 'until'], 'must not be before from');
        untilMonth = Math.min(untilMonth, H - 1);
      }
      return { ...base, type: l.type, provider: l.provider, service: l.service, annualFloor: l.annualFloorPence, untilMonth };
    }
    case 'merger': {
      refs.provider([...at, 'provider'], l.provider, l.from);
      refs.provider([...at, 'acquirer'], l.acquirer, l.from);
      if (l.acquirer === l.provider) refs.add([...at, 'acquirer'], 'must differ from provider');
      return { ...base, type: l.type, provider: l.provider, acquirer: l.acquirer };
    }
    case 'newContractModel': {
      refs.provider([...at, 'holder'], l.holder, l.from);
      refs.contract([...at, 'contract'], l.contract, [l.holder]);
      l.providers.forEach((p, j) => {
        refs.provider([...at, 'providers', j], p, l.from);
        if (p === l.holder) refs.add([...at, 'providers', j], 'must differ from holder');
      });
      l.services?.forEach((s, j) => {
        if (!refs.services.has(s)) refs.add([...at, 'services', j], `unknown service "${s}"`);
      });
      return {
        ...base,
        type: l.type,
        model: l.model,
        holder: l.holder,
        providers: l.providers,
        services: l.services,
        share: refs.micros([...at, 'share'], l.share),
        costTransfer: refs.micros([...at, 'costTransfer'], l.costTransfer ?? 0),
      };
    }
  }
}

/** A provider is acquired at most once. */
function checkMergers(levers: readonly Lever[], refs: References): void {
  const acquired = new Map<string, number>();
  for (const l of levers) {
    if (l.type !== 'merger') continue;
    if (acquired.has(l.provider)) refs.add(['levers', l.index, 'provider'], `"${l.provider}" is already acquired by lever ${acquired.get(l.provider)}`);
    acquired.set(l.provider, l.index);
  }
}

// ---- phase 3: uncertainty, solve, the levers the schema refused

function checkUncertainty(u: ScenarioJson['uncertainty'], rawLevers: readonly unknown[], refs: References): void {
  if (!u) return;
  const add = refs.add.bind(refs);
  for (const key of ['demandGrowth', 'referralShift', 'staffTurnover', 'priceChange'] as const) {
    const d = u[key];
    if (d) checkDistribution(['uncertainty', key], d, add);
  }
  u.referralShift?.levers?.forEach((li, j) => {
    if ((rawLevers[li] as { type?: unknown } | undefined)?.type !== 'referralShift') add(['uncertainty', 'referralShift', 'levers', j], `lever ${li} is not a referralShift lever`);
  });
  if (u.staffTurnover) {
    const d = u.staffTurnover;
    const lo = d.distribution === 'normal' ? d.min ?? -Infinity : d.min;
    const hi = d.distribution === 'normal' ? d.max ?? Infinity : d.max;
    if (lo < 0 || hi > 1) add(['uncertainty', 'staffTurnover'], 'must lie between 0 and 1 (set min and max for a normal)');
  }
  for (const key of ['demandGrowth', 'priceChange', 'referralShift'] as const) {
    const d = u[key];
    if (!d) continue;
    const lo = d.distribution === 'normal' ? d.min ?? -Infinity : d.min;
    if (lo <= -1) add(['uncertainty', key, 'min'], 'must be more than -1 (set min for a normal)');
  }
}

function checkSolve(solve: ScenarioJson['solve'], refs: References): Scenario['solve'] {
  const mig = solve?.minimumIncomeGuarantee;
  if (!mig) return undefined;
  const at: Path = ['solve', 'minimumIncomeGuarantee'];
  const ok = refs.provider([...at, 'provider'], mig.provider, mig.from);
  refs.line(at, mig.provider, mig.service, ok);
  const okTarget = refs.provider([...at, 'target', 'provider'], mig.target.provider, mig.from);
  refs.line([...at, 'target'], mig.target.provider, mig.target.service, okTarget);
  refs.month([...at, 'from'], mig.from);
  if (mig.until !== undefined && monthIndex(mig.from, mig.until) < 0) refs.add([...at, 'until'], 'must not be before from');
  return { minimumIncomeGuarantee: mig };
}

/**
 * Levers that failed the schema: still check the references they do have, so one pass names every
 * problem (a bad share and an unknown provider in the same lever).
 */
function checkLeversFailingTheSchema(rawLevers: readonly unknown[], good: ReadonlySet<number>, structural: readonly Issue[], refs: References): void {
  rawLevers.forEach((raw, i) => {
    if (good.has(i) || typeof raw !== 'object' || raw === null) return;
    const r = raw as Record<string, unknown>;
    const already = new Set(structural.filter((x) => x.path[1] === i).map((x) => String(x.path[2])));
    for (const field of ['provider', 'to', 'redirectTo', 'acquirer', 'holder'] as const) {
      if (typeof r[field] === 'string' && !already.has(field)) refs.provider(['levers', i, field], r[field] as string);
    }
    if (isPeriodText(r.from) && !already.has('from')) refs.month(['levers', i, 'from'], r.from);
  });
}

/** Issues in document order: by lever index where there is one, otherwise as found. */
function sortIssues(issues: Issue[]): Issue[] {
  const key = (i: Issue) => (i.path[0] === 'levers' && typeof i.path[1] === 'number' ? i.path[1] : -1);
  return issues.map((i, n) => ({ i, n })).sort((a, b) => key(a.i) - key(b.i) || a.n - b.n).map((x) => x.i);
}

function checkDistribution(
  path: (string | number)[],
  d: DistributionJson,
  add: (path: (string | number)[], message: string) => void,
): void {
  if (d.distribution === 'uniform' && d.min > d.max) add([...path, 'max'], 'must not be less than min');
  if (d.distribution === 'triangular') {
    if (d.mode < d.min) add([...path, 'mode'], 'must not be less than min');
    if (d.mode > d.max) add([...path, 'mode'], 'must not be more than max');
  }
  if (d.distribution === 'normal' && d.min !== undefined && d.max !== undefined && d.min > d.max) {
    add([...path, 'max'], 'must not be less than min');
  }
}
