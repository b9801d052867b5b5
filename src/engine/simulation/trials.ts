/**
 * The trial loop shared by the main thread and the workers. Each trial draws its inputs from its
 * own random stream (seed, trial index), runs the projection kernel and writes its outcomes into
 * slots indexed by trial, so any split of trials across workers gives identical arrays.
 */

// Direct module imports (not the index) keep worker start-up small: no zod, no projection.
import { allocateBuffers, runKernel, type TrialParams } from '../../domain/impact/monthly-projection.ts';
import type { CompiledModel } from '../../domain/impact/model.ts';
import { Xoshiro128 } from '../../domain/impact/random.ts';
import type { Uncertainty } from '../../domain/impact/scenario.ts';
import { percentilesInPlace } from './percentiles.ts';
import { sampleTrial } from './sampling.ts';

/** Outcome arrays for T trials; backed by SharedArrayBuffer when workers share them. */
export interface TrialArrays {
  /** Cumulative surplus over the horizon, pence: p * T + t. */
  readonly finalCum: Float64Array;
  /** Cumulative surplus to date at each fan month, pence: (t * P + p) * F + f (each trial writes one block). */
  readonly fan: Float64Array;
  /** Month each line first failed, -1 if not: l * T + t. */
  readonly lineFail: Int16Array;
  /** Month each provider's cash first went below zero, -1 if not: p * T + t. */
  readonly cashFail: Int16Array;
}

export interface TrialLayout {
  readonly T: number;
  readonly P: number;
  readonly L: number;
  /** Months (indices) at which the fan is recorded; always includes the last month. */
  readonly fanMonths: readonly number[];
}

/** At most this many fan values are kept (8 bytes each); above it the fan thins to every k-th month. */
export const FAN_BUDGET = 12_000_000;

export function planLayout(model: CompiledModel, trials: number): TrialLayout {
  const { M, P, L } = model;
  const stride = Math.max(1, Math.ceil((P * M * trials) / FAN_BUDGET));
  const fanMonths: number[] = [];
  for (let m = (M - 1) % stride; m < M; m += stride) fanMonths.push(m);
  return { T: trials, P, L, fanMonths };
}

export interface TrialBuffersSpec {
  readonly finalCum: ArrayBufferLike;
  readonly fan: ArrayBufferLike;
  readonly lineFail: ArrayBufferLike;
  readonly cashFail: ArrayBufferLike;
}

export function allocateTrialBuffers(layout: TrialLayout, shared: boolean): TrialBuffersSpec {
  const make = (bytes: number) => (shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes));
  const { T, P, L, fanMonths } = layout;
  return {
    finalCum: make(8 * P * T),
    fan: make(8 * P * fanMonths.length * T),
    lineFail: make(2 * L * T),
    cashFail: make(2 * P * T),
  };
}

export function viewTrialArrays(spec: TrialBuffersSpec): TrialArrays {
  return {
    finalCum: new Float64Array(spec.finalCum),
    fan: new Float64Array(spec.fan),
    lineFail: new Int16Array(spec.lineFail),
    cashFail: new Int16Array(spec.cashFail),
  };
}

/** Runs trials [from, to), calling `progress(done)` about every 250 trials. */
export function runTrialRange(
  model: CompiledModel,
  uncertainty: Uncertainty | undefined,
  seed: number,
  from: number,
  to: number,
  layout: TrialLayout,
  out: TrialArrays,
  progress?: (done: number) => void,
): void {
  const { M, P, L } = model;
  const { T, fanMonths } = layout;
  const F = fanMonths.length;
  const isFan = new Int32Array(M).fill(-1);
  fanMonths.forEach((m, f) => (isFan[m] = f));
  const buf = allocateBuffers(model);
  const rng = new Xoshiro128(seed, 0);
  const params: TrialParams = { demandGrowth: 0, referralShift: NaN, staffTurnover: 0, priceChange: 0 };
  const cum = new Float64Array(P);
  let done = 0;
  for (let t = from; t < to; t++) {
    rng.reseed(seed, t);
    sampleTrial(uncertainty, rng, params);
    runKernel(model, params, buf, null, false);
    cum.fill(0);
    const { provIncome, provExpenditure } = buf;
    for (let m = 0; m < M; m++) {
      const pb = m * P;
      const f = isFan[m];
      for (let p = 0; p < P; p++) {
        cum[p] += provIncome[pb + p] - provExpenditure[pb + p];
        if (f >= 0) out.fan[(t * P + p) * F + f] = cum[p];
      }
    }
    for (let p = 0; p < P; p++) {
      out.finalCum[p * T + t] = cum[p];
      out.cashFail[p * T + t] = buf.provCashFailMonth[p];
    }
    for (let l = 0; l < L; l++) out.lineFail[l * T + t] = buf.failMonth[l];
    if (progress && ++done % 250 === 0) progress(done);
  }
  if (progress && done % 250 !== 0) progress(done);
}

/**
 * Percentiles (nearest rank) of outcome series [from, to): series s < P * F is provider
 * floor(s / F)'s cumulative surplus at fan month s % F; series P * F + p is provider p's final
 * cumulative surplus. Writes out[s * Q + k] for each of the Q percentiles. Only reads `a`.
 */
export function computePercentiles(
  a: TrialArrays,
  layout: TrialLayout,
  qs: readonly number[],
  from: number,
  to: number,
  out: Float64Array,
): void {
  const { T, P, fanMonths } = layout;
  const F = fanMonths.length;
  const Q = qs.length;
  const scratch = new Float64Array(T);
  // Fan series are gathered a provider at a time: each trial's block holds that provider's F
  // months contiguously, so one sequential pass fills all F columns (cache-friendly).
  let cols: Float64Array | null = null;
  let colsFor = -1;
  for (let s = from; s < to; s++) {
    let values: Float64Array;
    if (s < P * F) {
      const p = Math.floor(s / F);
      if (colsFor !== p) {
        cols ??= new Float64Array(F * T);
        for (let t = 0; t < T; t++) {
          const b = (t * P + p) * F;
          for (let f = 0; f < F; f++) cols[f * T + t] = a.fan[b + f];
        }
        colsFor = p;
      }
      const f = s - p * F;
      values = cols!.subarray(f * T, (f + 1) * T);
    } else {
      const p = s - P * F;
      scratch.set(a.finalCum.subarray(p * T, (p + 1) * T));
      values = scratch;
    }
    const r = percentilesInPlace(values, qs);
    for (let k = 0; k < Q; k++) out[s * Q + k] = r[k];
  }
}
