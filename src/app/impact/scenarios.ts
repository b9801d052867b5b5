/**
 * Impact scenarios as use cases: the saved seed scenarios (scenarios/*.json), the JSON Schema, the
 * economy a scenario is written against, and running a simulation (projection + stress test) for the
 * HTTP API. The run itself is `simulateJson` (simulate.ts), one implementation for every face; the
 * API's runs go to worker threads (simulation-jobs.ts) so they never hold up other requests.
 *
 * Scoping: the demo economy is synthetic reference data, so any signed-in user may read it and run
 * scenarios against it. When economies are stored per organisation, listing and running must be
 * scoped to the economies the actor may see (as contracts are).
 */

import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SimulateOutput } from './simulate.ts';
import { simulateInWorker } from './simulation-jobs.ts';
import { invalid, notFound } from '../../domain/errors.ts';
import { economies, scenarioJsonSchema, type Economy, type ProjectionResult } from '../../domain/impact/index.ts';
import type { StressResult } from '../../engine/simulation/index.ts';

/** Where the saved scenarios live (the repository's scenarios/ directory). */
export const SCENARIO_DIR = fileURLToPath(new URL('../../../scenarios/', import.meta.url));

/** Most trials one request may ask for, and the default when it does not say. */
export const MAX_TRIALS = 20_000;
export const DEFAULT_TRIALS = 2_000;
/** Simulations that may run at once; further requests wait their turn (the stress test itself uses the worker pool). */
export const MAX_CONCURRENT_SIMULATIONS = 2;

export interface LeverSummary {
  readonly index: number;
  readonly type: string;
  readonly label: string;
  readonly from: string;
  /** One readable line: "RC1 MSK-ELECTIVE referrals −30% (to ZCIRC), from 2014-04 over 6 months". */
  readonly summary: string;
}

export interface SavedScenario {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly economy: string;
  readonly start: string;
  readonly horizonMonths: number;
  readonly levers: readonly LeverSummary[];
  readonly hasUncertainty: boolean;
  readonly solves: boolean;
}

export interface SimulationResult extends SimulateOutput {
  readonly trials: number;
  readonly seed: number;
  /** The key outcomes in words, in the order a reader wants them (failures first). */
  readonly outcomes: readonly string[];
  /** Each lever in words, from the scenario as submitted. */
  readonly levers: readonly LeverSummary[];
}

export interface EconomySummary {
  readonly id: string;
  readonly name: string;
  readonly priceBase: string;
  readonly providers: readonly {
    code: string;
    name: string;
    kind: string;
    illustrative: boolean;
    serviceLines: readonly { service: string; annualIncome: number; annualActivity: number; workforce: readonly { staffGroup: string; headcount: number; minimumViable: number }[] }[];
  }[];
  readonly commissioners: readonly { code: string; name: string; kind: string }[];
  readonly pathways: readonly { id: string; name: string }[];
  readonly services: readonly string[];
}

type Json = Record<string, unknown>;

const pct = (x: unknown) => (typeof x === 'number' ? `${x > 0 ? '+' : x < 0 ? '−' : ''}${Math.abs(Math.round(x * 1000) / 10)}%` : '?');
const share = (x: unknown) => (typeof x === 'number' ? `${Math.round(x * 1000) / 10}%` : '?');
const poundsShort = (pence: number) => {
  const abs = Math.abs(pence) / 100;
  const s = abs >= 1e6 ? `£${(abs / 1e6).toFixed(1)}m` : abs >= 1e3 ? `£${(abs / 1e3).toFixed(0)}k` : `£${abs.toFixed(0)}`;
  return pence < 0 ? `−${s}` : s;
};

function phaseText(p: unknown): string {
  const ph = p as { type?: string; months?: number; shares?: number[] } | undefined;
  if (!ph || ph.type === 'immediate') return '';
  if (ph.type === 'linear') return ` over ${ph.months} months`;
  if (ph.type === 'explicit') return ` in ${ph.shares?.length ?? 0} steps`;
  return '';
}

/** A lever in one line of words (from the JSON, so it works for saved and edited scenarios alike). */
export function leverSummary(l: Json, index: number): LeverSummary {
  const type = String(l.type ?? '?');
  const from = String(l.from ?? '?');
  const when = `from ${from}${phaseText(l.phaseIn)}`;
  let what: string;
  switch (type) {
    case 'moveService':
      what = `${share(l.share)} of ${l.provider} ${l.service} moves to ${l.to}${l.costTransfer ? ` (${share(l.costTransfer)} of its fixed and pay cost with it)` : ''}`;
      break;
    case 'referralShift':
      what = `${l.provider} ${l.service} referrals ${pct(l.change)}${l.redirectTo ? ` (to ${l.redirectTo})` : ''}`;
      break;
    case 'staffLeaving':
      what = `${l.count} ${l.staffGroup}(s) leave ${l.provider} ${l.service}`;
      break;
    case 'priceChange':
      what = `price ${pct(l.change)} for ${l.service ?? 'every service'} at ${l.provider ?? 'every provider'}`;
      break;
    case 'minimumIncomeGuarantee':
      what = `income floor ${typeof l.annualFloorPence === 'number' ? poundsShort(l.annualFloorPence) : '?'} a year on ${l.provider} ${l.service}${l.until ? ` until ${l.until}` : ''}`;
      break;
    case 'merger':
      what = `${l.acquirer} acquires ${l.provider}`;
      break;
    case 'newContractModel':
      what = `${l.model} ${l.holder} takes ${share(l.share)} of ${Array.isArray(l.services) ? (l.services as string[]).join(', ') : 'all services'} of ${Array.isArray(l.providers) ? (l.providers as string[]).join(', ') : '?'}${l.costTransfer ? ` (${share(l.costTransfer)} of the fixed and pay cost with it)` : ''}`;
      break;
    default:
      what = type;
  }
  return { index, type, label: typeof l.label === 'string' ? l.label : `${type} ${index + 1}`, from, summary: `${what}, ${when}` };
}

function scenarioIds(): string[] {
  return readdirSync(SCENARIO_DIR)
    .filter((f) => f.endsWith('.json') && f !== 'scenario.schema.json')
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/** The saved scenario's JSON as written. */
export function getSavedScenario(id: string): Json {
  if (!/^[a-z0-9-]+$/.test(id) || !scenarioIds().includes(id)) throw notFound(`scenario "${id}"`);
  return JSON.parse(readFileSync(`${SCENARIO_DIR}${id}.json`, 'utf8')) as Json;
}

export function listSavedScenarios(): SavedScenario[] {
  return scenarioIds().map((id) => {
    const j = getSavedScenario(id);
    const levers = Array.isArray(j.levers) ? (j.levers as Json[]) : [];
    return {
      id,
      name: String(j.name ?? id),
      description: String(j.description ?? ''),
      economy: String(j.economy ?? ''),
      start: String(j.start ?? ''),
      horizonMonths: typeof j.horizonMonths === 'number' ? j.horizonMonths : 60,
      levers: levers.map((l, i) => leverSummary(l, i)),
      hasUncertainty: j.uncertainty !== undefined,
      solves: j.solve !== undefined,
    };
  });
}

export function scenarioSchema(): Record<string, unknown> {
  return scenarioJsonSchema();
}

function findEconomy(id: string): Economy {
  const e = economies[id];
  if (!e) throw notFound(`economy "${id}"`);
  return e;
}

/** The economy's providers and their service lines (for choosing what a lever acts on). */
export function economySummary(id = 'demo'): EconomySummary {
  const e = findEconomy(id);
  return {
    id: e.id,
    name: e.name,
    priceBase: e.priceBase,
    providers: e.providers.map((p) => ({
      code: p.code,
      name: p.name,
      kind: p.kind,
      illustrative: p.illustrative ?? false,
      serviceLines: p.serviceLines.map((l) => ({
        service: l.service,
        annualIncome: l.income.reduce((s, x) => s + x.annualIncome, 0),
        annualActivity: l.annualActivity,
        workforce: l.workforce.map((w) => ({ staffGroup: w.staffGroup, headcount: w.headcount, minimumViable: w.minimumViable })),
      })),
    })),
    commissioners: e.commissioners.map((c) => ({ code: c.code, name: c.name, kind: c.kind })),
    pathways: (e.pathways ?? []).map((p) => ({ id: p.id, name: p.name })),
    services: [...new Set(e.providers.flatMap((p) => p.serviceLines.map((l) => l.service)))].sort(),
  };
}

/** The key outcomes in words: failures, providers pushed into deficit, the guarantee, who fails first. */
export function keyOutcomes(projection: ProjectionResult, stress: StressResult | null): string[] {
  const out: string[] = [];
  const name = new Map(projection.providers.map((p) => [p.code, p.name]));
  for (const f of projection.failures) {
    out.push(`${name.get(f.provider) ?? f.provider} (${f.provider}) ${f.service} closes in ${f.period} (${f.reason})`);
  }
  for (const c of projection.contagion) {
    out.push(`${c.fromProvider} ${c.service} patients go to ${name.get(c.toProvider) ?? c.toProvider} (${c.toProvider}) from ${c.firstPeriod}`);
  }
  for (const p of projection.providers) {
    if (p.firstDeficitYear && !p.baselineFirstDeficitYear) {
      out.push(`${p.name} (${p.code}) goes into deficit in the year from ${p.firstDeficitYear} (cumulative impact ${poundsShort(p.cumulative.impact)})`);
    }
    // Cash running out is news only where the scenario moved the provider's position.
    if (p.cashExhausted && p.cumulative.impact !== 0) out.push(`${p.name} (${p.code}) runs out of cash in ${p.cashExhausted}`);
  }
  const m = projection.minimumIncomeGuarantee;
  if (m) {
    out.push(
      m.annualFloor === null
        ? `No income floor on ${m.provider} ${m.service} keeps ${m.target.provider} ${m.target.service} viable`
        : `Minimum income guarantee: a floor of ${poundsShort(m.annualFloor)} a year on ${m.provider} ${m.service} keeps ${m.target.provider} ${m.target.service} viable`,
    );
  }
  if (out.length === 0) {
    const worst = [...projection.providers].sort((a, b) => a.cumulative.impact - b.cumulative.impact)[0];
    out.push(worst && worst.cumulative.impact < 0 ? `No service line fails; ${worst.name} (${worst.code}) is hit hardest (${poundsShort(worst.cumulative.impact)})` : 'No service line fails');
  }
  const first = stress?.whoFailsFirst[0];
  if (first) {
    out.push(
      `Who fails first: ${first.provider} ${first.service ?? '(cash)'} in ${(first.shareFirst / 10_000).toFixed(1)}% of trials (fails in ${(first.failureProbability / 10_000).toFixed(1)}%, median ${first.medianFailurePeriod})`,
    );
  }
  return out;
}

/**
 * Validates and runs a scenario: the deterministic projection and, with trials > 0, the stress test.
 * A scenario that does not validate is ConcordatError('invalid') naming each field
 * (`levers.0.provider`). At most {@link MAX_TRIALS} trials, at most {@link MAX_CONCURRENT_SIMULATIONS} at once.
 */
export async function runSimulation(scenario: unknown, options: { trials?: number; seed?: number } = {}): Promise<SimulationResult> {
  const trials = options.trials ?? DEFAULT_TRIALS;
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(trials) || trials < 0 || trials > MAX_TRIALS) throw invalid('trials', `must be a whole number from 0 to ${MAX_TRIALS}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw invalid('seed', 'must be a whole number of at least 0');
  if (typeof scenario !== 'object' || scenario === null || Array.isArray(scenario)) throw invalid('scenario', 'must be a JSON object');
  const out = await simulateInWorker(scenario, { trials, seed });
  const leverJson = (scenario as { levers?: unknown }).levers;
  const levers = Array.isArray(leverJson) ? leverJson.map((l, i) => leverSummary((l ?? {}) as Json, i)) : [];
  return { ...out, trials, seed, outcomes: keyOutcomes(out.projection, out.stress), levers };
}
