/**
 * The deterministic projection: month by month for every provider, service line and commissioner,
 * against the baseline (the same economy with no levers), with the failure timeline, where closed
 * services' patients went, and a bridge per provider of how much each lever moved its cumulative
 * surplus. All money is integer pence; the result is plain JSON for charts.
 */

import { fragmentationIndex, type FragmentationResult, type SpendRow } from './fragmentation.ts';
import { allocateBuffers, FAILURE_REASONS, NO_UNCERTAINTY, runKernel, type FailureReason, type KernelBuffers } from './monthly-projection.ts';
import { roundPence, type Pence } from '../money.ts';
import { checkEconomy, compileModel, FLOW_CLOSURE, type CompiledModel } from './model.ts';
import type { Lever, Scenario } from './scenario.ts';
import { solveMinimumIncomeGuarantee, type MigSolution } from './solver.ts';
import { economyForScenario, type ScenarioCoverage } from './scope.ts';
import type { Economy } from './types.ts';

export interface LineFailure {
  readonly period: string;
  readonly monthIndex: number;
  readonly reason: FailureReason;
}

export interface LineProjection {
  readonly service: string;
  /** The line was created by a lever (a receiver that had no such service before). */
  readonly created: boolean;
  readonly status: 'open' | 'closed';
  readonly failed: LineFailure | null;
  readonly baselineFailed: LineFailure | null;
  readonly workforce: readonly { staffGroup: string; headcount: number; minimumViable: number }[];
  readonly monthly: {
    /** Units of activity (2 d.p.). */
    readonly activity: readonly number[];
    readonly income: readonly Pence[];
    /** Variable + semi-fixed + fixed + pay. */
    readonly cost: readonly Pence[];
    /** Passed to (+) or from (-) this line under a dependency. */
    readonly recovery: readonly Pence[];
    readonly result: readonly Pence[];
  };
  readonly cumulative: {
    readonly income: Pence;
    readonly cost: Pence;
    readonly recovery: Pence;
    readonly result: Pence;
    readonly baselineResult: Pence;
    readonly impact: Pence;
  };
}

/**
 * Scenario minus baseline over the horizon, by what moved (how the impact was derived), over the
 * lines the provider started with. After a merger the acquired lines are counted with the acquired
 * provider here, while the acquirer's monthly totals include them.
 */
export interface ImpactBreakdown {
  readonly income: Pence;
  readonly variableCost: Pence;
  readonly semiFixedCost: Pence;
  readonly fixedCost: Pence;
  readonly payCost: Pence;
  /** income - (all cost changes) = the change in cumulative surplus. */
  readonly surplus: Pence;
}

export interface YearSummary {
  /** First period of the 12-month block. */
  readonly from: string;
  readonly to: string;
  readonly income: Pence;
  readonly expenditure: Pence;
  readonly surplus: Pence;
  readonly baselineSurplus: Pence;
}

export interface BridgeStep {
  readonly lever: number | null;
  readonly label: string;
  readonly amount: Pence;
}

export interface ProviderBridge {
  readonly provider: string;
  readonly baselineCumulativeSurplus: Pence;
  /** One bar per lever in scenario order, then 'Residual'; they add up exactly to `totalChange`. */
  readonly steps: readonly BridgeStep[];
  readonly totalChange: Pence;
  readonly scenarioCumulativeSurplus: Pence;
}

export interface ProviderProjection {
  readonly code: string;
  readonly name: string;
  readonly illustrative: boolean;
  readonly monthly: {
    readonly income: readonly Pence[];
    readonly expenditure: readonly Pence[];
    readonly surplus: readonly Pence[];
    /** null when cash is not modelled for this provider (or after it was acquired). */
    readonly cash: readonly (Pence | null)[];
  };
  readonly baseline: { readonly income: readonly Pence[]; readonly expenditure: readonly Pence[]; readonly surplus: readonly Pence[] };
  readonly years: readonly YearSummary[];
  readonly cumulative: {
    readonly income: Pence;
    readonly expenditure: Pence;
    readonly surplus: Pence;
    readonly baselineSurplus: Pence;
    readonly impact: Pence;
  };
  readonly impactBreakdown: ImpactBreakdown;
  /** First 12-month block (from the start) with a deficit; null if none. */
  readonly firstDeficitYear: string | null;
  readonly baselineFirstDeficitYear: string | null;
  /** First month cash went below zero; null if never or not modelled. */
  readonly cashExhausted: string | null;
  readonly mergedInto: { readonly provider: string; readonly period: string } | null;
  readonly serviceLines: readonly LineProjection[];
}

export interface CommissionerProjection {
  readonly code: string;
  readonly name: string;
  readonly monthlySpend: readonly Pence[];
  readonly cumulativeSpend: Pence;
  readonly baselineCumulativeSpend: Pence;
  readonly byProvider: readonly { provider: string; spend: Pence; baselineSpend: Pence }[];
  /** Cumulative spend by provider and service line. */
  readonly byService: readonly { provider: string; service: string; spend: Pence; baselineSpend: Pence }[];
}

export interface FailureEvent {
  readonly period: string;
  readonly monthIndex: number;
  readonly provider: string;
  readonly service: string;
  readonly reason: FailureReason;
}

export interface ContagionFlow {
  readonly fromProvider: string;
  readonly service: string;
  readonly toProvider: string;
  readonly firstPeriod: string;
  /** Units of activity moved over the horizon (2 d.p.). */
  readonly activity: number;
}

export interface ProjectionResult {
  readonly scenario: {
    readonly name: string;
    readonly description: string;
    readonly economy: string;
    readonly start: string;
    readonly horizonMonths: number;
    readonly levers: readonly { index: number; type: Lever['type']; label: string; from: string }[];
  };
  readonly periods: readonly string[];
  readonly providers: readonly ProviderProjection[];
  readonly commissioners: readonly CommissionerProjection[];
  /** Service-line failures in the order they happen (the failure timeline). */
  readonly failures: readonly FailureEvent[];
  readonly contagion: readonly ContagionFlow[];
  /** Activity with nowhere open to go (units over the horizon, 2 d.p.). */
  readonly unmetActivity: number;
  readonly bridges: readonly ProviderBridge[];
  readonly fragmentation: readonly FragmentationResult[];
  readonly minimumIncomeGuarantee: MigSolution | null;
  /** Which providers and commissioners these results cover, and why (scope.ts). */
  readonly coverage: ScenarioCoverage;
  /** Things a reader should know about the scenario (an organisation it names closes within the horizon). */
  readonly notices: readonly string[];
}

export interface ProjectionOptions {
  /** 'connected' (default): the providers connected to the levers; 'whole': every provider. */
  readonly coverage?: ScenarioCoverage['basis'];
}

interface Run {
  model: CompiledModel;
  buf: KernelBuffers;
  flows: { kind: number; m: number; from: number; to: number; v: number; inc: number }[];
}

/** Runs one compiled variant of a scenario (deterministic inputs). */
export function runDeterministic(economy: Economy, scenario: Scenario, active: (l: Lever) => boolean, extraLevers?: readonly Lever[]): Run {
  const model = compileModel(economy, scenario, { active, extraLevers });
  const buf = allocateBuffers(model);
  const flows: Run['flows'] = [];
  runKernel(model, NO_UNCERTAINTY, buf, { push: (kind, m, from, to, v, inc) => flows.push({ kind, m, from, to, v, inc }) });
  return { model, buf, flows };
}

function providerCumulativeSurplus(run: Run, p: number): number {
  const { M, P } = run.model;
  let s = 0;
  for (let m = 0; m < M; m++) s += run.buf.provIncome[m * P + p] - run.buf.provExpenditure[m * P + p];
  return s;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function yearBlocks(periods: readonly string[]): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (let i = 0; i < periods.length; i += 12) out.push({ from: i, to: Math.min(periods.length, i + 12) - 1 });
  return out;
}

/**
 * Projects a validated scenario over its horizon, with baseline, bridge, failure timeline,
 * contagion, commissioner spend, the pathways asked for and (if asked) the solved minimum income
 * guarantee.
 *
 * The results cover the providers connected to the scenario's levers (`coverage` says which and
 * why), unless `options.coverage` is 'whole'.
 *
 * @example projectScenario(economy, validateScenario(json, economy)).providers[0].cumulative.impact
 */
export function projectScenario(whole: Economy, scenario: Scenario, options: ProjectionOptions = {}): ProjectionResult {
  checkEconomy(whole);
  // Only the providers connected to the levers (scope.ts): another local health economy in the same
  // data changes nothing here and must not appear in the results.
  const { economy, coverage } = economyForScenario(whole, scenario, options.coverage);
  const full = runDeterministic(economy, scenario, () => true);
  const base = runDeterministic(economy, scenario, () => false);
  const { cumulativeByStep, fullCum } = bridgeRuns(economy, scenario, full, base);
  const { commissioners, lineSpendTotals } = commissionerSpend(economy, full, base);
  let unmet = 0;
  for (let m = 0; m < full.model.M; m++) unmet += full.buf.unmet[m];
  const migReq = scenario.solve?.minimumIncomeGuarantee;
  return {
    scenario: {
      name: scenario.name,
      description: scenario.description,
      economy: scenario.economy,
      start: scenario.start,
      horizonMonths: scenario.horizonMonths,
      levers: scenario.levers.map((l) => ({ index: l.index, type: l.type, label: l.label, from: l.from })),
    },
    periods: full.model.periods,
    providers: providerProjections(economy, full, base),
    commissioners,
    failures: failureTimeline(full),
    contagion: contagionFlows(full),
    unmetActivity: round2(unmet),
    bridges: providerBridges(economy, scenario, cumulativeByStep, fullCum),
    fragmentation: (scenario.pathways ?? []).map((id) => fragmentationIndex(economy.pathways!.find((p) => p.id === id)!, lineSpendTotals)),
    minimumIncomeGuarantee: migReq ? solveMinimumIncomeGuarantee(economy, scenario, migReq) : null,
    coverage,
    notices: scenario.notices ?? [],
  };
}

/**
 * Phase 1b: the bridge runs. Levers are switched on one at a time in scenario order; each step's
 * cumulative surplus per provider, from the baseline to the full scenario.
 */
function bridgeRuns(economy: Economy, scenario: Scenario, full: Run, base: Run): { cumulativeByStep: number[][]; fullCum: number[] } {
  const { P } = full.model;
  const cumulativeByStep: number[][] = [];
  cumulativeByStep.push(Array.from({ length: P }, (_, p) => providerCumulativeSurplus(base, p)));
  for (let k = 1; k < scenario.levers.length; k++) {
    const r = runDeterministic(economy, scenario, (l) => l.index < k);
    cumulativeByStep.push(Array.from({ length: P }, (_, p) => providerCumulativeSurplus(r, p)));
  }
  const fullCum = Array.from({ length: P }, (_, p) => providerCumulativeSurplus(full, p));
  if (scenario.levers.length > 0) cumulativeByStep.push(fullCum);

  return { cumulativeByStep, fullCum };
}

/** Phase 2: each provider's monthly and yearly figures, its service lines and how its impact was derived. */
function providerProjections(economy: Economy, full: Run, base: Run): ProviderProjection[] {
  const { model, buf } = full;
  const { M, P, L, periods } = model;
  const lineFailure = (b: KernelBuffers, l: number): LineFailure | null =>
    b.failMonth[l] < 0 ? null : { period: periods[b.failMonth[l]], monthIndex: b.failMonth[l], reason: FAILURE_REASONS[b.failReason[l]] };

  const blocks = yearBlocks(periods);
  return economy.providers.map((prov, p) => {
    const income: number[] = [];
    const expenditure: number[] = [];
    const surplus: number[] = [];
    const cash: (number | null)[] = [];
    const bIncome: number[] = [];
    const bExp: number[] = [];
    const bSurplus: number[] = [];
    for (let m = 0; m < M; m++) {
      const i = buf.provIncome[m * P + p];
      const e = buf.provExpenditure[m * P + p];
      income.push(i);
      expenditure.push(e);
      surplus.push(i - e);
      const c = buf.provCash[m * P + p];
      cash.push(c === c ? c : null);
      const bi = base.buf.provIncome[m * P + p];
      const be = base.buf.provExpenditure[m * P + p];
      bIncome.push(bi);
      bExp.push(be);
      bSurplus.push(bi - be);
    }
    const sum = (a: number[], from = 0, to = a.length - 1) => {
      let s = 0;
      for (let i = from; i <= to; i++) s += a[i];
      return s;
    };
    const years: YearSummary[] = blocks.map((bk) => ({
      from: periods[bk.from],
      to: periods[bk.to],
      income: sum(income, bk.from, bk.to),
      expenditure: sum(expenditure, bk.from, bk.to),
      surplus: sum(surplus, bk.from, bk.to),
      baselineSurplus: sum(bSurplus, bk.from, bk.to),
    }));
    const merged = buf.mergedAt[p] >= 0 ? { provider: model.providerCodes[buf.mergedInto[p]], period: periods[buf.mergedAt[p]] } : null;

    // How the impact was derived: by cost type, over the lines this provider started with.
    const dsum = (a: Float64Array, b: Float64Array, lines: number[]) => {
      let s = 0;
      for (const l of lines) for (let m = 0; m < M; m++) s += a[m * L + l] - b[m * L + l];
      return s;
    };
    const owned: number[] = [];
    for (let l = 0; l < L; l++) if (model.lines[l].providerIndex === p) owned.push(l);
    const dIncome = dsum(buf.income, base.buf.income, owned);
    const dVar = dsum(buf.varCost, base.buf.varCost, owned);
    const dSemi = dsum(buf.semiCost, base.buf.semiCost, owned);
    const dFixed = dsum(buf.fixedCost, base.buf.fixedCost, owned);
    const dPay = dsum(buf.payCost, base.buf.payCost, owned);

    const serviceLines: LineProjection[] = owned.map((l) => {
      const meta = model.lines[l];
      const src = prov.serviceLines.find((s) => s.service === meta.service);
      const activity: number[] = [];
      const inc: number[] = [];
      const cost: number[] = [];
      const rec: number[] = [];
      const res: number[] = [];
      let cInc = 0;
      let cCost = 0;
      let cRec = 0;
      let cBase = 0;
      for (let m = 0; m < M; m++) {
        const i = m * L + l;
        const c = buf.varCost[i] + buf.semiCost[i] + buf.fixedCost[i] + buf.payCost[i];
        activity.push(round2(buf.vol[i]));
        inc.push(buf.income[i]);
        cost.push(c);
        rec.push(buf.recovery[i]);
        res.push(buf.income[i] - c + buf.recovery[i]);
        cInc += buf.income[i];
        cCost += c;
        cRec += buf.recovery[i];
        const b = base.buf;
        cBase += b.income[i] - (b.varCost[i] + b.semiCost[i] + b.fixedCost[i] + b.payCost[i]) + b.recovery[i];
      }
      const result = cInc - cCost + cRec;
      return {
        service: meta.service,
        created: meta.created,
        status: buf.failMonth[l] >= 0 ? 'closed' : 'open',
        failed: lineFailure(buf, l),
        baselineFailed: lineFailure(base.buf, l),
        workforce: (src?.workforce ?? []).map((w) => ({ staffGroup: w.staffGroup, headcount: w.headcount, minimumViable: w.minimumViable })),
        monthly: { activity, income: inc, cost, recovery: rec, result: res },
        cumulative: { income: cInc, cost: cCost, recovery: cRec, result, baselineResult: cBase, impact: result - cBase },
      };
    });

    const firstDeficit = (ys: number[]) => {
      const i = ys.findIndex((s) => s < 0);
      return i < 0 ? null : periods[blocks[i].from];
    };
    const cumSurplus = sum(surplus);
    const cumBase = sum(bSurplus);
    return {
      code: prov.code,
      name: prov.name,
      illustrative: prov.illustrative === true,
      monthly: { income, expenditure, surplus, cash },
      baseline: { income: bIncome, expenditure: bExp, surplus: bSurplus },
      years,
      cumulative: { income: sum(income), expenditure: sum(expenditure), surplus: cumSurplus, baselineSurplus: cumBase, impact: cumSurplus - cumBase },
      impactBreakdown: {
        income: dIncome,
        variableCost: dVar,
        semiFixedCost: dSemi,
        fixedCost: dFixed,
        payCost: dPay,
        surplus: dIncome - dVar - dSemi - dFixed - dPay,
      },
      firstDeficitYear: firstDeficit(years.map((y) => y.surplus)),
      baselineFirstDeficitYear: firstDeficit(years.map((y) => y.baselineSurplus)),
      cashExhausted: buf.provCashFailMonth[p] >= 0 ? periods[buf.provCashFailMonth[p]] : null,
      mergedInto: merged,
      serviceLines,
    };
  });

}

/** Phase 3: the bridge per provider; the bars add up exactly to the total change. */
function providerBridges(economy: Economy, scenario: Scenario, cumulativeByStep: readonly number[][], fullCum: readonly number[]): ProviderBridge[] {
  return economy.providers.map((prov, p) => {
    const steps: BridgeStep[] = scenario.levers.map((lv, k) => ({
      lever: lv.index,
      label: lv.label,
      amount: cumulativeByStep[k + 1][p] - cumulativeByStep[k][p],
    }));
    const total = fullCum[p] - cumulativeByStep[0][p];
    const explained = steps.reduce((s, x) => s + x.amount, 0);
    steps.push({ lever: null, label: 'Residual', amount: total - explained });
    return {
      provider: prov.code,
      baselineCumulativeSurplus: cumulativeByStep[0][p],
      steps,
      totalChange: total,
      scenarioCumulativeSurplus: fullCum[p],
    };
  });

}

/**
 * Phase 4: what each commissioner spends, with whom and on what. Activity that moved or was
 * displaced is paid for by the commissioners of the line it came from; the rest of each line's
 * income is split by the line's own mix (exact to the penny).
 */
function commissionerSpend(economy: Economy, full: Run, base: Run): { commissioners: CommissionerProjection[]; lineSpendTotals: SpendRow[] } {
  const { model } = full;
  const { M, P, L } = model;
  const cIndex = new Map(economy.commissioners.map((c, i) => [c.code, i]));
  const C = economy.commissioners.length;
  const split = (amount: number, l: number, visit: (c: number, a: number) => void) => {
    const mix = model.lines[l].mix;
    let left = amount;
    for (let k = 0; k < mix.length; k++) {
      const a = k === mix.length - 1 ? left : roundPence(amount * mix[k].share);
      left -= a;
      visit(cIndex.get(mix[k].commissioner)!, a);
    }
  };
  const spendOf = (run: Run) => {
    const spendM = new Float64Array(M * C);
    const byProv = new Float64Array(C * P);
    const byLine = new Float64Array(C * L);
    const rows = new Map<string, SpendRow & { amount: number }>();
    const attributed = new Float64Array(M * L);
    const visit = (m: number, l: number) => (c: number, a: number) => {
      spendM[m * C + c] += a;
      byProv[c * P + model.lines[l].providerIndex] += a;
      byLine[c * L + l] += a;
      if (m >= M - 12) {
        const k = `${c}/${l}`;
        const row = rows.get(k);
        if (row) row.amount += a;
        else rows.set(k, { commissioner: economy.commissioners[c].code, provider: model.lines[l].provider, service: model.lines[l].service, amount: a });
      }
    };
    for (const f of run.flows) {
      const a = roundPence(f.inc);
      attributed[f.m * L + f.to] += a;
      const receiver = visit(f.m, f.to);
      split(a, f.from, receiver);
    }
    for (let m = 0; m < M; m++) for (let l = 0; l < L; l++) split(run.buf.income[m * L + l] - attributed[m * L + l], l, visit(m, l));
    return { spendM, byProv, byLine, rows: [...rows.values()].filter((r) => r.amount > 0) };
  };
  const spend = spendOf(full);
  const spendBase = spendOf(base);
  const spendM = spend.spendM;
  const byProv = spend.byProv;
  const byProvBase = spendBase.byProv;
  const lineSpendTotals: SpendRow[] = spend.rows;
  const commissioners: CommissionerProjection[] = economy.commissioners.map((com, c) => {
    const monthlySpend: number[] = [];
    for (let m = 0; m < M; m++) monthlySpend.push(spendM[m * C + c]);
    const rows: CommissionerProjection['byProvider'][number][] = [];
    let cum = 0;
    let cumBase = 0;
    for (let p = 0; p < P; p++) {
      cum += byProv[c * P + p];
      cumBase += byProvBase[c * P + p];
      if (byProv[c * P + p] !== 0 || byProvBase[c * P + p] !== 0) {
        rows.push({ provider: model.providerCodes[p], spend: byProv[c * P + p], baselineSpend: byProvBase[c * P + p] });
      }
    }
    const byService: CommissionerProjection['byService'][number][] = [];
    for (let l = 0; l < L; l++) {
      const a = spend.byLine[c * L + l];
      const b = spendBase.byLine[c * L + l];
      if (a !== 0 || b !== 0) byService.push({ provider: model.lines[l].provider, service: model.lines[l].service, spend: a, baselineSpend: b });
    }
    return { code: com.code, name: com.name, monthlySpend, cumulativeSpend: cum, baselineCumulativeSpend: cumBase, byProvider: rows, byService };
  });

  return { commissioners, lineSpendTotals };
}

/** Phase 5: service-line failures in the order they happen. */
function failureTimeline(full: Run): FailureEvent[] {
  const { model, buf } = full;
  const { L, periods } = model;
  const failures: FailureEvent[] = [];
  for (let l = 0; l < L; l++) {
    if (buf.failMonth[l] < 0) continue;
    failures.push({
      period: periods[buf.failMonth[l]],
      monthIndex: buf.failMonth[l],
      provider: model.lines[l].provider,
      service: model.lines[l].service,
      reason: FAILURE_REASONS[buf.failReason[l]],
    });
  }
  failures.sort((a, b) => a.monthIndex - b.monthIndex || a.provider.localeCompare(b.provider) || a.service.localeCompare(b.service));

  return failures;
}

/** Phase 6: where closed services' patients went ("contagion"). */
function contagionFlows(full: Run): ContagionFlow[] {
  const { model } = full;
  const { periods } = model;
  const flowMap = new Map<string, { from: number; to: number; first: number; v: number }>();
  for (const f of full.flows) {
    if (f.kind !== FLOW_CLOSURE) continue;
    const k = `${f.from}/${f.to}`;
    const e = flowMap.get(k);
    if (e) e.v += f.v;
    else flowMap.set(k, { from: f.from, to: f.to, first: f.m, v: f.v });
  }
  return [...flowMap.values()]
    .sort((a, b) => a.first - b.first || a.from - b.from || a.to - b.to)
    .map((f) => ({
      fromProvider: model.lines[f.from].provider,
      service: model.lines[f.from].service,
      toProvider: model.lines[f.to].provider,
      firstPeriod: periods[f.first],
      activity: round2(f.v),
    }));
}
