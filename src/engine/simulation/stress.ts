/**
 * The stress test: Monte Carlo over a scenario's uncertain inputs (demand growth, referral shift
 * size, staff turnover, price change). Each trial's inputs come from its own stream of a seeded
 * xoshiro128** generator keyed by (seed, trial index), and every trial writes to its own slots, so
 * the same seed gives bit-identical results however the trials are split across worker threads.
 *
 * Results: per provider the distribution of cumulative surplus (p5..p95) and a monthly fan of
 * cumulative surplus to date; the probability each service line and each provider's cash fails
 * within the horizon; and "who fails first": for each thing that can fail, the share of trials in
 * which it failed first (ties shared) and its median failure month.
 */

import { availableParallelism } from 'node:os';
import {
  allocateBuffers,
  checkEconomy,
  compileModel,
  NO_UNCERTAINTY,
  runKernel,
  type CompiledModel,
  type Economy,
  type Scenario,
  type Uncertainty,
} from '../../domain/impact/index.ts';
import { economyForScenario, type ScenarioCoverage } from '../../domain/impact/scope.ts';
import { roundPence, type Pence } from '../../domain/money.ts';
import { acquireWorkers, releaseWorkers, runJob } from './pool.ts';
import { FAN_PERCENTILES } from './percentiles.ts';
import { centralInputs } from './sampling.ts';
import {
  allocateTrialBuffers,
  computePercentiles,
  planLayout,
  runTrialRange,
  viewTrialArrays,
  type TrialArrays,
  type TrialLayout,
} from './trials.ts';

export interface Quantiles {
  readonly p5: Pence;
  readonly p25: Pence;
  readonly p50: Pence;
  readonly p75: Pence;
  readonly p95: Pence;
}

export interface StressProvider {
  readonly code: string;
  readonly name: string;
  /** Cumulative surplus over the horizon with no levers and no uncertainty. */
  readonly baselineCumulativeSurplus: Pence;
  /**
   * Cumulative surplus of the scenario with no uncertainty (the deterministic projection): no demand
   * growth, no price change, no staff turnover, the referral levers as written.
   */
  readonly scenarioCumulativeSurplus: Pence;
  /**
   * Cumulative surplus of the scenario with every uncertain input at its median (`centralInputs`):
   * the line the trials' median should be read against. Equal to scenarioCumulativeSurplus when
   * the scenario has no uncertainty.
   */
  readonly centralCumulativeSurplus: Pence;
  readonly cumulativeSurplus: Quantiles & { readonly mean: Pence };
  /** Share of trials ending the horizon with a cumulative deficit (micros). */
  readonly probabilityCumulativeDeficit: number;
  /** Cumulative surplus to date at each of `fanPeriods`, by percentile. */
  readonly fan: { readonly p5: Pence[]; readonly p25: Pence[]; readonly p50: Pence[]; readonly p75: Pence[]; readonly p95: Pence[] };
  /** Share of trials in which cash ran out (micros); 0 when cash is not modelled. */
  readonly cashFailureProbability: number;
  readonly medianCashFailurePeriod: string | null;
  /** Share of trials in which at least one of the provider's service lines failed (micros). */
  readonly anyServiceFailureProbability: number;
}

export interface StressLine {
  readonly provider: string;
  readonly service: string;
  /** Share of trials in which the line failed within the horizon (micros). */
  readonly failureProbability: number;
  readonly medianFailureMonth: number | null;
  readonly medianFailurePeriod: string | null;
  /** When it fails in the deterministic projection (no uncertainty), or null. */
  readonly scenarioFailurePeriod: string | null;
}

export interface FailureRank {
  readonly rank: number;
  readonly provider: string;
  /** null: the provider's cash running out. */
  readonly service: string | null;
  readonly failureProbability: number;
  /** Share of trials in which this failed first (micros; ties in the same month each count). */
  readonly shareFirst: number;
  readonly medianFailureMonth: number;
  readonly medianFailurePeriod: string;
}

export interface StressResult {
  readonly scenario: { readonly name: string; readonly economy: string; readonly start: string; readonly horizonMonths: number };
  readonly trials: number;
  readonly seed: number;
  readonly uncertainty: Uncertainty | null;
  /** The uncertain inputs at their medians (annual rates as decimals; referralShift null when not varied). */
  readonly centralInputs: { readonly demandGrowth: number; readonly referralShift: number | null; readonly staffTurnover: number; readonly priceChange: number };
  /** How to read the distribution against the deterministic lines, in words. */
  readonly notes: readonly string[];
  readonly periods: readonly string[];
  readonly fanPeriods: readonly string[];
  readonly percentiles: readonly number[];
  readonly providers: readonly StressProvider[];
  readonly serviceLines: readonly StressLine[];
  /** Everything that failed in at least one trial, most often first, then earliest (within `coverage`). */
  readonly whoFailsFirst: readonly FailureRank[];
  /** The providers the trials cover: those connected to the levers (scope.ts), unless asked for the whole economy. */
  readonly coverage: ScenarioCoverage;
}

export interface StressOptions {
  readonly trials: number;
  readonly seed: number;
  /** Worker threads (default: 1 below 2,000 trials, else the machine's cores up to 8). 1 = in this thread. */
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /** 'connected' (default): only providers connected to the levers; 'whole': every provider. */
  readonly coverage?: ScenarioCoverage['basis'];
}

/** Trials below this run in the calling thread by default (worker start-up costs more than it saves). */
export const WORKER_THRESHOLD = 2_000;

function defaultWorkers(trials: number): number {
  return trials < WORKER_THRESHOLD ? 1 : Math.max(1, Math.min(8, availableParallelism()));
}

function checkOptions(o: StressOptions): void {
  if (!Number.isSafeInteger(o.trials) || o.trials < 1 || o.trials > 1_000_000) throw new RangeError('trials must be a whole number from 1 to 1,000,000');
  if (!Number.isSafeInteger(o.seed) || o.seed < 0) throw new RangeError('seed must be a non-negative whole number');
  // Failure months are stored as 16-bit integers; horizons are at most 120 months.
}

/**
 * Runs the stress test, in worker threads when there are enough trials.
 *
 * @example const r = await runStressTest(demoEconomy, scenario, { trials: 10_000, seed: 42 });
 */
export async function runStressTest(whole: Economy, scenario: Scenario, options: StressOptions): Promise<StressResult> {
  checkOptions(options);
  checkEconomy(whole);
  // Uncertainty applies to every line in the model, so an unrelated economy's lines would fail in
  // the trials and crowd "who fails first": run only what the levers reach.
  const { economy, coverage } = economyForScenario(whole, scenario, options.coverage);
  const model = compileModel(economy, scenario);
  const layout = planLayout(model, options.trials);
  const workers = Math.max(1, Math.min(options.workers ?? defaultWorkers(options.trials), options.trials));
  const spec = allocateTrialBuffers(layout, workers > 1);
  const arrays = viewTrialArrays(spec);
  const T = options.trials;
  let done = 0;
  const report = (n: number) => {
    done += n;
    options.onProgress?.(done, T);
  };

  if (workers === 1) {
    let last = 0;
    runTrialRange(model, scenario.uncertainty, options.seed, 0, T, layout, arrays, (d) => {
      report(d - last);
      last = d;
    });
  } else {
    // A queue of trial chunks: workers take chunks as they finish; until every worker has started
    // (loading the TypeScript loader takes a few hundred ms) this thread runs chunks itself.
    // Each trial writes only its own slots, so who runs which chunk does not change the result.
    const chunk = Math.max(100, Math.ceil(T / (workers * 8)));
    let next = 0;
    const take = (): [number, number] | null => {
      if (next >= T) return null;
      const from = next;
      next = Math.min(T, next + chunk);
      return [from, next];
    };
    const ws = acquireWorkers(workers);
    try {
      const loops = ws.map(async (w) => {
        await w.ready;
        for (let c = take(); c; c = take()) {
          await runJob(w, { type: 'job', model, uncertainty: scenario.uncertainty, seed: options.seed, from: c[0], to: c[1], layout, buffers: spec }, report);
        }
      });
      while (next < T && !ws.every((w) => w.isReady)) {
        const c = take();
        if (!c) break;
        let last = 0;
        runTrialRange(model, scenario.uncertainty, options.seed, c[0], c[1], layout, arrays, (d) => {
          report(d - last);
          last = d;
        });
        // Let worker messages (ready, progress) in between chunks.
        await new Promise((resolve) => setImmediate(resolve));
      }
      await Promise.all(loops);
      // Percentiles in parallel too: each worker selects over a share of the series.
      const S = layout.P * layout.fanMonths.length + layout.P;
      const out = new SharedArrayBuffer(8 * S * FAN_PERCENTILES.length);
      await Promise.all(
        ws.map((w, i) =>
          runJob(w, {
            type: 'percentiles',
            layout,
            buffers: spec,
            qs: [...FAN_PERCENTILES],
            from: Math.floor((i * S) / workers),
            to: Math.floor(((i + 1) * S) / workers),
            out,
          }),
        ),
      );
      return summarise(economy, scenario, model, layout, arrays, options.seed, coverage, new Float64Array(out));
    } finally {
      releaseWorkers(ws);
    }
  }
  return summarise(economy, scenario, model, layout, arrays, options.seed, coverage);
}

/** Same as {@link runStressTest} in the calling thread only (no workers). */
export function runStressTestInThread(whole: Economy, scenario: Scenario, options: Omit<StressOptions, 'workers'>): StressResult {
  checkOptions(options);
  checkEconomy(whole);
  const { economy, coverage } = economyForScenario(whole, scenario, options.coverage);
  const model = compileModel(economy, scenario);
  const layout = planLayout(model, options.trials);
  const arrays = viewTrialArrays(allocateTrialBuffers(layout, false));
  runTrialRange(model, scenario.uncertainty, options.seed, 0, options.trials, layout, arrays, (d) => options.onProgress?.(d, options.trials));
  return summarise(economy, scenario, model, layout, arrays, options.seed, coverage);
}

function cumulativeSurplus(model: CompiledModel, buf: ReturnType<typeof allocateBuffers>, p: number): number {
  let s = 0;
  for (let m = 0; m < model.M; m++) s += buf.provIncome[m * model.P + p] - buf.provExpenditure[m * model.P + p];
  return s;
}

const toMicrosShare = (count: number, total: number) => Math.round((count * 1_000_000) / total);

/** Lower median of the non-negative months in `months` (a trial-indexed slice), or -1; by counting. */
function medianMonth(months: Int16Array, counts: Int32Array): number {
  counts.fill(0);
  let n = 0;
  for (let i = 0; i < months.length; i++) {
    const v = months[i];
    if (v >= 0) {
      counts[v]++;
      n++;
    }
  }
  if (n === 0) return -1;
  const target = (n - 1) >> 1;
  let seen = 0;
  for (let m = 0; m < counts.length; m++) {
    seen += counts[m];
    if (seen > target) return m;
  }
  return -1;
}

const pctText = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(Math.round(x * 10_000) / 100)}%`;
const millions = (pence: number) => {
  const text = (Math.abs(pence) / 100_000_000).toFixed(1);
  return `${pence < 0 && text !== '0.0' ? '−' : ''}£${text}m`;
};

/**
 * Why the Monte Carlo median is not on the no-uncertainty line. The trials draw demand growth,
 * price change and staff turnover around their own centres (2% growth a year, say), while the
 * no-uncertainty projection holds all three at zero; a median far above it is that difference, not
 * a biased sample. Read the median against the central case; what remains is the model's
 * non-linearity (semi-fixed steps, closures, financial tests, compounding).
 */
function readingNotes(u: Uncertainty | undefined, central: ReturnType<typeof centralInputs>, providers: readonly StressProvider[]): string[] {
  if (!u) return ['The scenario has no uncertainty block: every trial is the deterministic projection.'];
  const parts: string[] = [];
  if (u.demandGrowth) parts.push(`demand growth ${pctText(central.demandGrowth)} a year`);
  if (u.priceChange) parts.push(`price change ${pctText(central.priceChange)} a year`);
  if (u.staffTurnover) parts.push(`unreplaced staff turnover ${pctText(central.staffTurnover)} a year`);
  if (u.referralShift) parts.push(`referral shift ${pctText(central.referralShift)}`);
  const notes = [
    `The trials' inputs are centred on ${parts.join(', ')} (the medians of their distributions). The deterministic projection assumes none of these, so the trials' median is read against the central case (the projection at those medians), not against the no-uncertainty line.`,
  ];
  const widest = [...providers]
    .filter((p) => p.scenarioCumulativeSurplus !== p.centralCumulativeSurplus)
    .sort((a, b) => Math.abs(b.centralCumulativeSurplus - b.scenarioCumulativeSurplus) - Math.abs(a.centralCumulativeSurplus - a.scenarioCumulativeSurplus))
    .slice(0, 3);
  for (const p of widest) {
    notes.push(
      `${p.code}: no-uncertainty line ${millions(p.scenarioCumulativeSurplus)}, central case ${millions(p.centralCumulativeSurplus)}, median of the trials ${millions(p.cumulativeSurplus.p50)}` +
        ` (the rest of the gap, ${millions(p.cumulativeSurplus.p50 - p.centralCumulativeSurplus)}, is the model's non-linearity: semi-fixed steps, closures and compounding).`,
    );
  }
  if (u.staffTurnover) {
    notes.push('Unreplaced staff turnover saves their pay while activity carries on (the model does not add agency cover), so it raises surplus until a line falls below its minimum workforce.');
  }
  return notes;
}

function summarise(
  economy: Economy,
  scenario: Scenario,
  model: CompiledModel,
  layout: TrialLayout,
  a: TrialArrays,
  seed: number,
  coverage: ScenarioCoverage,
  precomputed?: Float64Array,
): StressResult {
  const { T, fanMonths } = layout;
  const { P, L, periods } = model;
  const F = fanMonths.length;
  const Q = FAN_PERCENTILES.length;
  let pct = precomputed;
  if (!pct) {
    pct = new Float64Array((P * F + P) * Q);
    computePercentiles(a, layout, FAN_PERCENTILES, 0, P * F + P, pct);
  }
  const q = (s: number): Quantiles => ({ p5: pct[s * Q], p25: pct[s * Q + 1], p50: pct[s * Q + 2], p75: pct[s * Q + 3], p95: pct[s * Q + 4] });

  // Reference runs without uncertainty: the baseline (no levers) and the scenario itself.
  const baseModel = compileModel(economy, scenario, { active: () => false });
  const baseBuf = allocateBuffers(baseModel);
  runKernel(baseModel, NO_UNCERTAINTY, baseBuf);
  const detBuf = allocateBuffers(model);
  runKernel(model, NO_UNCERTAINTY, detBuf);
  const central = centralInputs(scenario.uncertainty);
  const centralBuf = allocateBuffers(model);
  runKernel(model, central, centralBuf);

  const scratch16 = new Int32Array(model.M);
  const anyLineFail = new Uint8Array(P * T);
  for (let l = 0; l < L; l++) {
    const p = model.lines[l].providerIndex;
    for (let t = 0; t < T; t++) if (a.lineFail[l * T + t] >= 0) anyLineFail[p * T + t] = 1;
  }

  const providers: StressProvider[] = economy.providers.map((prov, p) => {
    const finals = a.finalCum.subarray(p * T, (p + 1) * T);
    let sum = 0;
    let deficits = 0;
    for (let t = 0; t < T; t++) {
      sum += finals[t];
      if (finals[t] < 0) deficits++;
    }
    const fan = { p5: [] as number[], p25: [] as number[], p50: [] as number[], p75: [] as number[], p95: [] as number[] };
    for (let f = 0; f < F; f++) {
      const v = q(p * F + f);
      fan.p5.push(v.p5);
      fan.p25.push(v.p25);
      fan.p50.push(v.p50);
      fan.p75.push(v.p75);
      fan.p95.push(v.p95);
    }
    const cashSlice = a.cashFail.subarray(p * T, (p + 1) * T);
    let cashFails = 0;
    let anyFails = 0;
    for (let t = 0; t < T; t++) {
      if (cashSlice[t] >= 0) cashFails++;
      if (anyLineFail[p * T + t]) anyFails++;
    }
    const mcf = medianMonth(cashSlice, scratch16);
    return {
      code: prov.code,
      name: prov.name,
      baselineCumulativeSurplus: cumulativeSurplus(baseModel, baseBuf, p),
      scenarioCumulativeSurplus: cumulativeSurplus(model, detBuf, p),
      centralCumulativeSurplus: cumulativeSurplus(model, centralBuf, p),
      cumulativeSurplus: { ...q(P * F + p), mean: roundPence(sum / T) },
      probabilityCumulativeDeficit: toMicrosShare(deficits, T),
      fan,
      cashFailureProbability: toMicrosShare(cashFails, T),
      medianCashFailurePeriod: mcf >= 0 ? periods[mcf] : null,
      anyServiceFailureProbability: toMicrosShare(anyFails, T),
    };
  });

  const serviceLines: StressLine[] = model.lines.map((meta, l) => {
    const slice = a.lineFail.subarray(l * T, (l + 1) * T);
    let fails = 0;
    for (let t = 0; t < T; t++) if (slice[t] >= 0) fails++;
    const med = medianMonth(slice, scratch16);
    return {
      provider: meta.provider,
      service: meta.service,
      failureProbability: toMicrosShare(fails, T),
      medianFailureMonth: med >= 0 ? med : null,
      medianFailurePeriod: med >= 0 ? periods[med] : null,
      scenarioFailurePeriod: detBuf.failMonth[l] >= 0 ? periods[detBuf.failMonth[l]] : null,
    };
  });

  // Who fails first: per trial the earliest failure month over lines and providers' cash.
  const firstCount = new Int32Array(L + P);
  for (let t = 0; t < T; t++) {
    let first = 0x7fff;
    for (let l = 0; l < L; l++) {
      const v = a.lineFail[l * T + t];
      if (v >= 0 && v < first) first = v;
    }
    for (let p = 0; p < P; p++) {
      const v = a.cashFail[p * T + t];
      if (v >= 0 && v < first) first = v;
    }
    if (first === 0x7fff) continue;
    for (let l = 0; l < L; l++) if (a.lineFail[l * T + t] === first) firstCount[l]++;
    for (let p = 0; p < P; p++) if (a.cashFail[p * T + t] === first) firstCount[L + p]++;
  }
  const ranks: Omit<FailureRank, 'rank'>[] = [];
  serviceLines.forEach((s, l) => {
    if (s.failureProbability > 0 && s.medianFailureMonth !== null) {
      ranks.push({
        provider: s.provider,
        service: s.service,
        failureProbability: s.failureProbability,
        shareFirst: toMicrosShare(firstCount[l], T),
        medianFailureMonth: s.medianFailureMonth,
        medianFailurePeriod: s.medianFailurePeriod!,
      });
    }
  });
  providers.forEach((pr, p) => {
    if (pr.cashFailureProbability > 0 && pr.medianCashFailurePeriod !== null) {
      ranks.push({
        provider: pr.code,
        service: null,
        failureProbability: pr.cashFailureProbability,
        shareFirst: toMicrosShare(firstCount[L + p], T),
        medianFailureMonth: periods.indexOf(pr.medianCashFailurePeriod),
        medianFailurePeriod: pr.medianCashFailurePeriod,
      });
    }
  });
  ranks.sort(
    (x, y) =>
      y.shareFirst - x.shareFirst ||
      x.medianFailureMonth - y.medianFailureMonth ||
      y.failureProbability - x.failureProbability ||
      x.provider.localeCompare(y.provider) ||
      (x.service ?? '').localeCompare(y.service ?? ''),
  );

  return {
    scenario: { name: scenario.name, economy: scenario.economy, start: scenario.start, horizonMonths: scenario.horizonMonths },
    trials: T,
    seed,
    uncertainty: scenario.uncertainty ?? null,
    centralInputs: { ...central, referralShift: central.referralShift === central.referralShift ? central.referralShift : null },
    notes: readingNotes(scenario.uncertainty, central, providers),
    periods,
    fanPeriods: fanMonths.map((m) => periods[m]),
    percentiles: [...FAN_PERCENTILES],
    providers,
    serviceLines,
    whoFailsFirst: ranks.map((r, i) => ({ rank: i + 1, ...r })),
    coverage,
  };
}
