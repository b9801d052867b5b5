/**
 * Impact scenarios as use cases: scenarios stored in the database, owned by an organisation, on a
 * stored economy, private or shared with everyone who may read that economy; running a scenario on
 * a version of its economy (projection + stress test) in a worker thread, with the stored economy
 * passed in as data; and runs kept, sealed, with the version they ran on (so "what did we see when
 * we decided" can be read again), optionally with the decision they belong to (decisions.ts).
 *
 * Which version a run uses: the one asked for (by id or as-at date); else the latest built as at
 * the scenario's first month, or the last one before it.
 */

import { randomUUID } from 'node:crypto';
import type { SimulateOutput } from './simulate.ts';
import { simulateInWorker } from './simulation-jobs.ts';
import { conflict, invalid, notFound } from '../../domain/errors.ts';
import { scenarioJsonSchema, validateScenario, type Economy, type ProjectionResult } from '../../domain/impact/index.ts';
import type { StressResult } from '../../engine/simulation/index.ts';
import { economyScope } from '../../storage/ledger/sealed.ts';
import * as repo from '../../storage/repositories/economies.ts';
import type { Scope } from '../scope.ts';
import { economyForRun, type VersionChoice } from './economies.ts';
import { renderReport } from './report.ts';

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
  readonly ownerOrganisation: string;
  readonly sharing: repo.ScenarioSharing;
  readonly updatedAt: string;
  /** The caller's organisation owns it and may edit or share it. */
  readonly yours: boolean;
  readonly start: string;
  readonly horizonMonths: number;
  readonly levers: readonly LeverSummary[];
  readonly hasUncertainty: boolean;
  readonly solves: boolean;
}

export interface SimulationResult extends SimulateOutput {
  /** The stored economy and the version it ran on. */
  readonly economy: { readonly id: string; readonly name: string; readonly versionId: string; readonly seq: number; readonly asAt: string; readonly year: string; readonly inputSha256: string };
  readonly trials: number;
  readonly seed: number;
  /** The key outcomes in words, in the order a reader wants them (failures first). */
  readonly outcomes: readonly string[];
  /** Each lever in words, from the scenario as submitted. */
  readonly levers: readonly LeverSummary[];
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

export function scenarioSchema(): Record<string, unknown> {
  return scenarioJsonSchema();
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

function summaryOf(row: repo.ScenarioRow, yours: boolean): SavedScenario {
  const j = row.scenario;
  const levers = Array.isArray(j.levers) ? (j.levers as Json[]) : [];
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    economy: row.economyId,
    ownerOrganisation: row.ownerOrganisation,
    sharing: row.sharing,
    updatedAt: row.updatedAt,
    yours,
    start: String(j.start ?? ''),
    horizonMonths: typeof j.horizonMonths === 'number' ? j.horizonMonths : 60,
    levers: levers.map((l, i) => leverSummary(l, i)),
    hasUncertainty: j.uncertainty !== undefined,
    solves: j.solve !== undefined,
  };
}

/** Stored scenarios the caller may read (its organisation's and those shared on economies it may read), optionally on one economy. */
export async function listScenarios(ctx: Scope, filter: { economy?: string } = {}): Promise<SavedScenario[]> {
  const economies = filter.economy !== undefined
    ? [await ctx.economy(filter.economy)]
    : await repo.listEconomies(ctx.db, ctx.readsAcrossEconomy ? null : ctx.actor.organisationCode);
  const rows = await repo.listScenarios(ctx.db, economies.map((e) => e.id), ctx.readsAcrossEconomy ? null : ctx.actor.organisationCode);
  return rows.map((r) => summaryOf(r, r.ownerOrganisation === ctx.actor.organisationCode));
}

/** A stored scenario's JSON, as it would be written to a file. */
export async function getScenarioJson(ctx: Scope, id: string): Promise<Json> {
  return (await ctx.scenario(id)).scenario.scenario;
}

/** A stored scenario with who owns it and how it is shared. */
export async function getScenario(ctx: Scope, id: string): Promise<SavedScenario & { readonly scenario: Json }> {
  const { scenario } = await ctx.scenario(id);
  return { ...summaryOf(scenario, scenario.ownerOrganisation === ctx.actor.organisationCode), scenario: scenario.scenario };
}

export interface ScenarioInput {
  readonly id?: string;
  readonly sharing?: repo.ScenarioSharing;
  /** The scenario JSON (its `economy` names the stored economy, its `name` and `description` are the scenario's). */
  readonly scenario: unknown;
  /** Only the system (the demo) names another owner. */
  readonly ownerOrganisation?: string;
}

const ID = /^[a-z0-9][a-z0-9-]{1,62}$/;

function scenarioObject(json: unknown): Json {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw invalid('scenario', 'must be a JSON object');
  const j = json as Json;
  if (typeof j.economy !== 'string' || j.economy === '') throw invalid('scenario.economy', 'name the stored economy the scenario runs on');
  if (typeof j.name !== 'string' || j.name.trim() === '') throw invalid('scenario.name', 'give the scenario a name');
  return j;
}

/** Checks a scenario against the version of its economy it would run on, naming every field at fault. */
async function checkRunnable(ctx: Scope, economy: repo.EconomyRow, json: Json): Promise<void> {
  const { economy: e } = await economyForRun(ctx, economy, { asAt: typeof json.start === 'string' ? json.start : undefined });
  validateScenario(json, e);
}

/**
 * Saves a scenario on an economy the caller may read, owned by its organisation: checked against
 * the version it would run on first, so a stored scenario names real organisations, contracts and
 * services.
 */
export async function createScenario(ctx: Scope, input: ScenarioInput): Promise<SavedScenario & { readonly scenario: Json }> {
  const json = scenarioObject(input.scenario);
  if (input.id !== undefined && !ID.test(input.id)) throw invalid('id', 'must be 2-63 lower-case letters, digits and hyphens');
  if (input.sharing !== undefined && !['private', 'economy'].includes(input.sharing)) throw invalid('sharing', 'must be private or economy');
  if (input.ownerOrganisation !== undefined && !ctx.isSystem && input.ownerOrganisation !== ctx.actor.organisationCode) {
    throw invalid('ownerOrganisation', 'a scenario you save is owned by your own organisation');
  }
  const economy = await ctx.economy(String(json.economy), 'scenario.save').catch((e: unknown) => {
    throw (e as { kind?: string }).kind === 'not_found' ? invalid('scenario.economy', `unknown economy "${json.economy}"`) : e;
  });
  await checkRunnable(ctx, economy, json);
  const id = input.id ?? randomUUID();
  const now = ctx.clock.now().toISOString();
  const row: repo.ScenarioRow = {
    id, ownerOrganisation: input.ownerOrganisation ?? ctx.actor.organisationCode, economyId: economy.id, name: String(json.name).trim(),
    description: typeof json.description === 'string' ? json.description : '', sharing: input.sharing ?? 'private', scenario: json,
    createdBy: ctx.actor.userId, createdAt: now, updatedBy: ctx.actor.userId, updatedAt: now,
  };
  await ctx.write([economyScope(economy.id)], async (w) => {
    if (await repo.findScenario(w.db, id)) throw conflict(`a scenario with id ${id} already exists`);
    await repo.insertScenario(w.db, row);
    await w.record({ action: 'scenario.save', entityType: 'scenario', entityId: id, detail: { economy: economy.id, name: row.name, sharing: row.sharing, owner: row.ownerOrganisation } });
  });
  return getScenario(ctx, id);
}

/** The owner edits its scenario (the JSON, and whether it is shared); runs already kept keep the scenario as run. */
export async function updateScenario(ctx: Scope, id: string, input: { scenario?: unknown; sharing?: repo.ScenarioSharing }): Promise<SavedScenario & { readonly scenario: Json }> {
  const { scenario: current, economy } = await ctx.scenario(id, 'scenario.edit');
  if (input.sharing !== undefined && !['private', 'economy'].includes(input.sharing)) throw invalid('sharing', 'must be private or economy');
  const json = input.scenario === undefined ? current.scenario : scenarioObject(input.scenario);
  if (json.economy !== current.economyId) throw invalid('scenario.economy', `a saved scenario stays on its economy (${current.economyId}); save a new one for another`);
  if (input.scenario !== undefined) await checkRunnable(ctx, economy, json);
  await ctx.write([economyScope(economy.id)], async (w) => {
    await repo.updateScenario(w.db, id, {
      name: String(json.name).trim(), description: typeof json.description === 'string' ? json.description : '', sharing: input.sharing ?? current.sharing,
      scenario: json, updatedBy: ctx.actor.userId, updatedAt: ctx.clock.now().toISOString(),
    });
    await w.record({ action: 'scenario.edit', entityType: 'scenario', entityId: id, detail: { sharing: input.sharing ?? current.sharing, changed: input.scenario !== undefined } });
  });
  return getScenario(ctx, id);
}

/**
 * The owner deletes its scenario. A scenario with a kept run cannot be: the run is the record of what
 * was looked at before a decision, and refers to it (409, saying how many). Audited with its name.
 */
export async function deleteScenario(ctx: Scope, id: string): Promise<{ readonly deleted: string }> {
  const { scenario: current, economy } = await ctx.scenario(id, 'scenario.edit');
  await ctx.write([economyScope(economy.id)], async (w) => {
    const kept = await repo.keptRunsOf(w.db, id);
    if (kept > 0) {
      throw conflict(`scenario "${current.name}" has ${kept} kept run${kept === 1 ? '' : 's'}, the record of what was looked at before deciding: it cannot be deleted (edit it, or keep it private)`);
    }
    await repo.deleteScenario(w.db, id);
    await w.record({ action: 'scenario.delete', entityType: 'scenario', entityId: id, detail: { name: current.name, economy: economy.id } });
  });
  return { deleted: id };
}

export interface RunOptions extends VersionChoice {
  readonly trials?: number;
  readonly seed?: number;
}

function checkRunOptions(options: RunOptions): { trials: number; seed: number } {
  const trials = options.trials ?? DEFAULT_TRIALS;
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(trials) || trials < 0 || trials > MAX_TRIALS) throw invalid('trials', `must be a whole number from 0 to ${MAX_TRIALS}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw invalid('seed', 'must be a whole number of at least 0');
  return { trials, seed };
}

/** Runs scenario JSON on a version of an economy already resolved: in a worker, with the outcomes in words. */
export async function runOnEconomy(
  scenario: unknown,
  target: { economy: Economy; version: repo.VersionSummaryRow; name: string },
  options: { trials: number; seed: number },
): Promise<SimulationResult> {
  const out = await simulateInWorker(scenario, target.economy, options);
  const leverJson = (scenario as { levers?: unknown }).levers;
  const levers = Array.isArray(leverJson) ? leverJson.map((l, i) => leverSummary((l ?? {}) as Json, i)) : [];
  const v = target.version;
  return {
    ...out,
    economy: { id: v.economyId, name: target.name, versionId: v.id, seq: v.seq, asAt: v.asAt, year: v.year, inputSha256: v.inputSha256 },
    trials: options.trials,
    seed: options.seed,
    outcomes: keyOutcomes(out.projection, out.stress),
    levers,
  };
}

/**
 * Validates and runs a scenario on its stored economy (the version chosen, else the one for its
 * start): the deterministic projection and, with trials > 0, the stress test. Nothing is kept. A
 * scenario that does not validate is ConcordatError('invalid') naming each field (`levers.0.provider`).
 */
export async function runSimulation(ctx: Scope, scenario: unknown, options: RunOptions = {}): Promise<SimulationResult> {
  const { trials, seed } = checkRunOptions(options);
  if (typeof scenario !== 'object' || scenario === null || Array.isArray(scenario)) throw invalid('scenario', 'must be a JSON object');
  const id = (scenario as Json).economy;
  if (typeof id !== 'string' || id === '') throw invalid('economy', 'name the stored economy the scenario runs on');
  const economy = await ctx.economy(id, 'scenario.run').catch((e: unknown) => {
    throw (e as { kind?: string }).kind === 'not_found' ? invalid('economy', `unknown economy "${id}"`) : e;
  });
  const start = (scenario as Json).start;
  const target = await economyForRun(ctx, economy, options.version || options.asAt ? options : { asAt: typeof start === 'string' ? start : undefined });
  return runOnEconomy(scenario, { ...target, name: economy.name }, { trials, seed });
}

export interface RunView extends repo.RunSummaryRow {
  /** Decisions this run is kept with (a variation, its proposal, an award). */
  readonly decisions: readonly { decisionKind: string; decisionId: string }[];
}

export interface StoredRun {
  readonly run: RunView;
  readonly result: SimulationResult;
}

/** Stores a run (sealed in the economy's ledger, audited) in the caller's transaction. */
export async function keepRun(
  w: Scope,
  run: { scenarioId: string | null; economyId: string; scenario: unknown; result: SimulationResult; decision: unknown; contractId: string | null },
): Promise<repo.RunSummaryRow> {
  const row: repo.RunRow = {
    id: randomUUID(), scenarioId: run.scenarioId, economyId: run.economyId, versionId: run.result.economy.versionId, scenario: run.scenario,
    trials: run.result.trials, seed: run.result.seed, result: run.result, decision: run.decision ?? null, contractId: run.contractId,
    runBy: w.actor.userId, runByOrganisation: w.actor.organisationCode, runAt: w.clock.now().toISOString(),
  };
  await repo.insertRun(w.db, row);
  await w.record({
    action: run.decision ? 'impact.assess' : 'scenario.run', entityType: run.scenarioId ? 'scenario' : 'economy', entityId: run.scenarioId ?? run.economyId,
    detail: { runId: row.id, economy: run.economyId, versionId: row.versionId, trials: row.trials, seed: row.seed, decision: run.decision ?? null, outcomes: run.result.outcomes.slice(0, 5) },
  }, [{ kind: 'scenario_run', id: row.id }]);
  const { scenario: _s, result: _r, ...summary } = row;
  return summary;
}

/** Runs a stored scenario on its economy and keeps the run with the version it ran on. */
export async function runStoredScenario(ctx: Scope, id: string, options: RunOptions = {}): Promise<StoredRun> {
  const { trials, seed } = checkRunOptions(options);
  const { scenario, economy } = await ctx.scenario(id, 'scenario.save');
  const json = scenario.scenario;
  const target = await economyForRun(ctx, economy, options.version || options.asAt ? options : { asAt: typeof json.start === 'string' ? json.start : undefined });
  const result = await runOnEconomy(json, { ...target, name: economy.name }, { trials, seed });
  const run = await ctx.write([economyScope(economy.id)], (w) => keepRun(w, { scenarioId: id, economyId: economy.id, scenario: json, result, decision: null, contractId: null }));
  return { run: { ...run, decisions: [] }, result };
}

/**
 * A kept run, for those who may read it: the organisation that ran it, anyone who may read its
 * scenario, anyone who may read the contract whose decision it belongs to (and its economy).
 */
export async function getRun(ctx: Scope, runId: string): Promise<StoredRun> {
  const row = await repo.findRun(ctx.db, runId);
  if (!row) throw notFound(`run ${runId}`);
  let visible = ctx.readsAcrossEconomy || row.runByOrganisation === ctx.actor.organisationCode;
  if (!visible && row.scenarioId) visible = await ctx.scenario(row.scenarioId).then(() => true, () => false);
  if (!visible && row.contractId) visible = await ctx.contract(row.contractId).then(() => ctx.economy(row.economyId)).then(() => true, () => false);
  if (!visible) throw notFound(`run ${runId}`);
  const decisions = (await repo.decisionImpactsOfRuns(ctx.db, [row.id])).map(({ decisionKind, decisionId }) => ({ decisionKind, decisionId }));
  const { scenario: _s, result, ...summary } = row;
  return { run: { ...summary, decisions }, result: result as SimulationResult };
}

/** The runs kept of a stored scenario, newest first. */
export async function listRuns(ctx: Scope, scenarioId: string): Promise<RunView[]> {
  await ctx.scenario(scenarioId);
  const rows = await repo.runsOf(ctx.db, { scenarioId });
  const links = await repo.decisionImpactsOfRuns(ctx.db, rows.map((r) => r.id));
  return rows.map((r) => ({ ...r, decisions: links.filter((l) => l.runId === r.id).map(({ decisionKind, decisionId }) => ({ decisionKind, decisionId })) }));
}

/** The printable report of a stored scenario, run afresh (nothing kept). */
export async function scenarioReport(ctx: Scope, id: string, options: RunOptions = {}): Promise<string> {
  const json = await getScenarioJson(ctx, id);
  return renderReport(await runSimulation(ctx, json, options), { scenarioId: id, generatedAt: ctx.clock.now().toISOString() });
}
