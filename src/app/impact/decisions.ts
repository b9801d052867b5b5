/**
 * "Show the impact first": before a decision is recorded (a contract variation, a procurement
 * award, a service move), the scenario it amounts to (src/domain/impact/decisions.ts) runs on a
 * stored economy and the run is kept, sealed, with the decision drafted. When the decision is then
 * recorded with the run's id, the two are linked (decision_impacts, and the id in the decision's
 * audit record), so the decision record says what its impact was shown to be.
 *
 * For other capabilities (the procurement award form): call {@link assessDecision} with a
 * `procurement-award` decision (or POST /api/economies/{id}/impact), keep the returned run id with
 * the draft, and when the award is recorded call {@link linkImpactRun} inside the award's own
 * `ctx.write` with `{ kind: 'procurement_award', id: <award id>, contractId }`.
 */

import { conflict, invalid } from '../../domain/errors.ts';
import { impactScenario, type Decision, type Economy } from '../../domain/impact/index.ts';
import { economyScope } from '../../storage/ledger/sealed.ts';
import * as repo from '../../storage/repositories/economies.ts';
import type { NewVariationInput } from '../contracts.ts';
import type { Scope } from '../scope.ts';
import { economyForRun, type VersionChoice } from './economies.ts';
import { keepRun, runOnEconomy, DEFAULT_TRIALS, MAX_TRIALS, type StoredRun } from './scenarios.ts';

export interface AssessOptions extends VersionChoice {
  readonly trials?: number;
  readonly seed?: number;
  /** Months to project (default 60). */
  readonly horizonMonths?: number;
}

/** The decision's first month: where its economy version is chosen (unless one is asked for). */
const decisionDate = (d: Decision) => (d.kind === 'contract-variation' ? d.effectiveDate : `${d.from}-01`);

function checked(options: AssessOptions): { trials: number; seed: number } {
  // A decision's impact is shown quickly by default: the projection and a modest stress test.
  const trials = options.trials ?? Math.min(DEFAULT_TRIALS, 1_000);
  const seed = options.seed ?? 1;
  if (!Number.isSafeInteger(trials) || trials < 0 || trials > MAX_TRIALS) throw invalid('trials', `must be a whole number from 0 to ${MAX_TRIALS}`);
  if (!Number.isSafeInteger(seed) || seed < 0) throw invalid('seed', 'must be a whole number of at least 0');
  if (options.horizonMonths !== undefined && (!Number.isSafeInteger(options.horizonMonths) || options.horizonMonths < 1 || options.horizonMonths > 120)) {
    throw invalid('horizonMonths', 'must be a whole number from 1 to 120');
  }
  return { trials, seed };
}

/**
 * Runs a decision's impact on a stored economy the caller may read and keeps the run with the
 * decision. A decision naming a contract (a variation, an award) needs the caller to be a party who
 * may decide on it (`impact.assess`); a contract, organisation or service the economy does not have
 * is refused naming the field.
 *
 * @example await assessDecision(ctx, 'demo', { kind: 'service-move', provider: 'RC9', service: 'MSK-ELECTIVE', to: 'RD8', share: 0.2, from: '2014-04' })
 */
export async function assessDecision(ctx: Scope, economyId: string, decision: Decision, options: AssessOptions = {}): Promise<StoredRun> {
  const { trials, seed } = checked(options);
  const economy = await ctx.economy(economyId, 'scenario.save');
  // A service move is a commissioning decision on the economy; a variation or an award is a decision on a contract.
  const contract = decision.kind !== 'service-move' ? await ctx.contract(decision.contract, 'impact.assess') : null;
  const target = await economyForRun(ctx, economy, options.version || options.asAt ? options : { asAt: decisionDate(decision) });
  const scenario = impactScenario(target.economy, decision, { horizonMonths: options.horizonMonths });
  const result = await runOnEconomy(scenario, { ...target, name: economy.name }, { trials, seed });
  const run = await ctx.write([economyScope(economy.id)], (w) => keepRun(w, {
    scenarioId: null, economyId: economy.id, scenario, result, decision, contractId: contract?.id ?? null,
  }));
  return { run: { ...run, decisions: [] }, result };
}

/** Which economy a contract's decision runs on: the caller's own first, then any it may read, whose version holds the contract. */
async function economyHolding(ctx: Scope, contractId: string, date: string): Promise<repo.EconomyRow> {
  const readable = await repo.listEconomies(ctx.db, ctx.readsAcrossEconomy ? null : ctx.actor.organisationCode);
  const ordered = [...readable].sort((a, b) => Number(b.ownerOrganisation === ctx.actor.organisationCode) - Number(a.ownerOrganisation === ctx.actor.organisationCode));
  for (const e of ordered) {
    const target = await economyForRun(ctx, e, { asAt: date }).catch(() => null);
    if (target && (target.economy as Economy).contracts?.some((c) => c.id === contractId)) return e;
  }
  throw invalid('economy', 'no economy you may read holds this contract as at the variation\'s date; build one first (Scenarios)');
}

/**
 * "Show the impact first" for a variation being drafted: the value change (a price change on the
 * lines the contract pays for, for the rest of its term) and any service removed, on the economy
 * asked for, else the caller's own economy holding the contract, else another it may read.
 */
export async function assessVariation(
  ctx: Scope,
  contractRef: string,
  input: { readonly variation: NewVariationInput; readonly economy?: string } & AssessOptions,
): Promise<StoredRun> {
  const contract = await ctx.contract(contractRef, 'impact.assess');
  const v = input.variation;
  const economyId = input.economy ?? (await economyHolding(ctx, contract.id, v.effectiveDate)).id;
  const decision: Decision = {
    kind: 'contract-variation',
    contract: contract.reference,
    effectiveDate: v.effectiveDate,
    valueChangePence: v.valueChangePence,
    ...(v.changes?.removeServiceCodes?.length ? { removeServices: v.changes.removeServiceCodes } : {}),
  };
  return assessDecision(ctx, economyId, decision, input);
}

/**
 * Keeps a run with the decision recorded in the same transaction (`w` is the decision's own
 * write): the run must have been made for this contract's decision. Returns what to put in the
 * decision's audit detail.
 */
export async function linkImpactRun(
  w: Scope,
  runId: string,
  decision: { readonly kind: repo.DecisionKind; readonly id: string; readonly contractId: string | null },
): Promise<{ impactRunId: string }> {
  const run = await repo.findRun(w.db, runId);
  if (!run || run.decision === null) throw invalid('impactRunId', `no impact run ${runId} of a drafted decision`);
  if (decision.contractId !== null && run.contractId !== decision.contractId) throw invalid('impactRunId', 'that impact run was made for another contract\'s decision');
  const already = (await repo.decisionImpactsOfRuns(w.db, [runId])).find((l) => l.decisionKind === decision.kind && l.decisionId === decision.id);
  if (already) throw conflict('that impact run is already kept with this decision');
  await repo.insertDecisionImpact(w.db, {
    decisionKind: decision.kind, decisionId: decision.id, runId, contractId: decision.contractId, linkedBy: w.actor.userId, linkedAt: w.clock.now().toISOString(),
  });
  return { impactRunId: runId };
}

/** Impact runs kept with a contract's decisions (drafted and recorded), newest first. */
export async function impactRunsOfContract(ctx: Scope, contractRef: string) {
  const contract = await ctx.contract(contractRef);
  const rows = await repo.runsOf(ctx.db, { contractId: contract.id });
  const links = await repo.decisionImpactsOfRuns(ctx.db, rows.map((r) => r.id));
  const out = [];
  for (const r of rows) {
    // Only runs on economies the caller may read.
    if (!(await ctx.economy(r.economyId).then(() => true, () => false))) continue;
    out.push({ ...r, decisions: links.filter((l) => l.runId === r.id).map(({ decisionKind, decisionId }) => ({ decisionKind, decisionId })) });
  }
  return out;
}
