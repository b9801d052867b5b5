/**
 * The projection kernel: one pass month by month over a compiled model, writing into preallocated
 * typed arrays. The deterministic projection and every Monte Carlo trial run this same function,
 * so the two cannot disagree. No allocation happens per month; money is rounded to whole pence at
 * each line-month by money.ts's {@link roundPence}, the project's one rounding rule.
 *
 * Order within a month:
 *   1. mergers take effect (lines change owner, cash combines);
 *   2. each line's own volume = start volume x demand growth, then referral shifts (lost referrals
 *      optionally redirected), then moves out (to a mover's line, priced at the source's price);
 *   3. workforce = in post - leavers, less unreplaced turnover; a line below its minimum viable
 *      workforce or volume fails and closes this month;
 *   4. every closed line's would-be activity goes to its nearest open line of the same service
 *      ("contagion"), priced at the receiver's price; none open: unmet;
 *   5. income (with any minimum income guarantee floor), variable, stepped semi-fixed, fixed and
 *      pay costs; a closed line keeps its fixed cost (stranded);
 *   6. dependencies: the supporting line passes up to its cap of the dependent line's fixed cost;
 *   7. trailing 12-month results; a line with a financial test that fails it closes next month;
 *      provider totals and cash.
 */

import { roundPence } from '../money.ts';
import type { CompiledModel } from './model.ts';

/** The uncertain inputs one run takes (all zero / NaN = the deterministic projection). */
export interface TrialParams {
  /** Annual demand growth for every line (0.02 = 2%). */
  demandGrowth: number;
  /** Replaces the change of overridable referral levers (NaN = keep the scenario's). */
  referralShift: number;
  /** Net annual unreplaced staff loss (0.03 = 3%). */
  staffTurnover: number;
  /** Annual price change applied each April (-0.015 = 1.5% efficiency). */
  priceChange: number;
}

export const NO_UNCERTAINTY: TrialParams = { demandGrowth: 0, referralShift: NaN, staffTurnover: 0, priceChange: 0 };

export const FAIL_NONE = 0;
export const FAIL_WORKFORCE = 1;
export const FAIL_VOLUME = 2;
export const FAIL_FINANCIAL = 3;
export const FAILURE_REASONS = ['none', 'workforce', 'volume', 'financial'] as const;
export type FailureReason = (typeof FAILURE_REASONS)[number];

export interface KernelBuffers {
  // outputs, month-major (m * L + l, m * P + p); the line arrays are written only when recording
  readonly vol: Float64Array;
  readonly income: Float64Array;
  readonly varCost: Float64Array;
  readonly semiCost: Float64Array;
  readonly fixedCost: Float64Array;
  readonly payCost: Float64Array;
  readonly recovery: Float64Array;
  readonly provIncome: Float64Array;
  readonly provExpenditure: Float64Array;
  readonly provCash: Float64Array;
  readonly unmet: Float64Array;
  readonly failMonth: Int32Array;
  readonly failReason: Uint8Array;
  readonly provCashFailMonth: Int32Array;
  readonly mergedAt: Int32Array;
  readonly mergedInto: Int32Array;
  // working state
  readonly closedFrom: Int32Array;
  readonly owner: Int32Array;
  readonly retained: Float64Array;
  readonly inVol: Float64Array;
  readonly inIncome: Float64Array;
  readonly outVol: Float64Array;
  readonly closeIn: Float64Array;
  readonly ring: Float64Array;
  readonly trailing: Float64Array;
  readonly hc: Float64Array;
  readonly cash: Float64Array;
  readonly demand: Float64Array;
  readonly priceIdx: Float64Array;
  readonly turn: Float64Array;
  readonly closedList: Int32Array;
  readonly lineIncome: Float64Array;
  readonly lineCost: Float64Array;
  readonly lineRecov: Float64Array;
  readonly linePay: Float64Array;
}

export function allocateBuffers(model: CompiledModel): KernelBuffers {
  const { M, L, P, W } = model;
  return {
    vol: new Float64Array(M * L),
    income: new Float64Array(M * L),
    varCost: new Float64Array(M * L),
    semiCost: new Float64Array(M * L),
    fixedCost: new Float64Array(M * L),
    payCost: new Float64Array(M * L),
    recovery: new Float64Array(M * L),
    provIncome: new Float64Array(M * P),
    provExpenditure: new Float64Array(M * P),
    provCash: new Float64Array(M * P),
    unmet: new Float64Array(M),
    failMonth: new Int32Array(L),
    failReason: new Uint8Array(L),
    provCashFailMonth: new Int32Array(P),
    mergedAt: new Int32Array(P),
    mergedInto: new Int32Array(P),
    closedFrom: new Int32Array(L),
    owner: new Int32Array(L),
    retained: new Float64Array(L),
    inVol: new Float64Array(L),
    inIncome: new Float64Array(L),
    outVol: new Float64Array(L),
    closeIn: new Float64Array(L),
    ring: new Float64Array(12 * L),
    trailing: new Float64Array(L),
    hc: new Float64Array(W),
    cash: new Float64Array(P),
    demand: new Float64Array(M),
    priceIdx: new Float64Array(M),
    turn: new Float64Array(M),
    closedList: new Int32Array(L),
    lineIncome: new Float64Array(L),
    lineCost: new Float64Array(L),
    lineRecov: new Float64Array(L),
    linePay: new Float64Array(L),
  };
}

/**
 * Activity moving between lines (recorded only when a sink is passed): kind FLOW_CLOSURE (a closed
 * line's patients to a neighbour), FLOW_MOVE (a moved service) or FLOW_REDIRECT (lost referrals);
 * `income` is what the receiver is paid for it (unrounded pence).
 */
export interface FlowSink {
  push(kind: number, month: number, fromLine: number, toLine: number, volume: number, income: number): void;
}

/**
 * Runs the model over the horizon with the given uncertain inputs, overwriting `b`. With `record`
 * false (the Monte Carlo), only provider totals, cash and failures are written, not the per-line
 * monthly detail.
 */
export function runKernel(
  model: CompiledModel,
  params: TrialParams,
  b: KernelBuffers,
  flows: FlowSink | null = null,
  record = true,
): void {
  const { M, L, P, W } = model;
  const {
    baseVolM, unitPrice, unitVar, stepVolA, stepCostA, fixedM, minVolM, maxLoss, wfFirst, wfHead, wfCostM, wfMin,
    leavers, nnFirst, nnLines, priceFactor, fixedAdj, floorM, lineHasAdj, lineHasFloor, lineHasPrice, moves, moveOutTotal, referrals, mergers, deps, lineProvider,
  } = model;
  const { vol, income, varCost, semiCost, fixedCost, payCost, recovery, provIncome, provExpenditure, provCash, unmet } = b;
  const { failMonth, failReason, closedFrom, owner, retained, inVol, inIncome, outVol, closeIn, ring, trailing, hc, cash } = b;
  const { demand, priceIdx, turn, closedList, provCashFailMonth, mergedAt, mergedInto, lineIncome, lineCost, lineRecov, linePay } = b;

  const g = params.demandGrowth;
  const pc = params.priceChange;
  const t = params.staffTurnover;
  // Monthly compounding by repeated multiplication (deterministic, no pow per month).
  const gm = g === 0 ? 1 : Math.pow(1 + g, 1 / 12);
  const tmf = t === 0 ? 1 : Math.pow(1 - t, 1 / 12);
  const aprils = model.aprilsPassed;
  for (let m = 0; m < M; m++) {
    demand[m] = m === 0 ? 1 : demand[m - 1] * gm;
    turn[m] = m === 0 ? 1 : turn[m - 1] * tmf;
    priceIdx[m] = m === 0 || aprils[m] === aprils[m - 1] ? (m === 0 ? 1 : priceIdx[m - 1]) : priceIdx[m - 1] * (1 + pc);
  }
  if (aprils[0] !== 0) priceIdx[0] = 1;
  const override = params.referralShift;
  const hasOverride = override === override; // not NaN

  for (let l = 0; l < L; l++) {
    owner[l] = lineProvider[l];
    closedFrom[l] = 0x7fffffff;
    failMonth[l] = -1;
    failReason[l] = 0;
  }
  const finLines = model.finLines;
  const nFin = finLines.length;
  for (let i = 0; i < nFin; i++) {
    const l = finLines[i];
    const r0 = model.baseMonthResult[l];
    for (let k = 0; k < 12; k++) ring[k * L + l] = r0;
    trailing[l] = 12 * r0;
  }
  for (let p = 0; p < P; p++) {
    cash[p] = model.providerCash[p];
    provCashFailMonth[p] = -1;
    mergedAt[p] = -1;
    mergedInto[p] = -1;
  }
  let closedCount = 0;
  let mergerPtr = 0;
  const nRef = referrals.length;
  const nMove = moves.length;
  const nDep = deps.length;

  for (let m = 0; m < M; m++) {
    const base = m * L;
    const pbase = m * P;

    // 1. mergers
    while (mergerPtr < mergers.length && mergers[mergerPtr].month <= m) {
      const mg = mergers[mergerPtr++];
      // The acquirer may itself have been acquired earlier: follow to the current owner.
      let to = mg.acquirer;
      while (mergedInto[to] >= 0) to = mergedInto[to];
      for (let l = 0; l < L; l++) if (owner[l] === mg.acquired) owner[l] = to;
      const c = cash[mg.acquired];
      if (c === c) cash[to] = cash[to] === cash[to] ? cash[to] + c : cash[to];
      cash[mg.acquired] = NaN;
      mergedAt[mg.acquired] = m;
      mergedInto[mg.acquired] = to;
    }

    // 2. own volume, referral shifts, moves
    const d = demand[m];
    const pi = priceIdx[m];
    for (let l = 0; l < L; l++) {
      retained[l] = baseVolM[l] * d;
      inVol[l] = 0;
      inIncome[l] = 0;
      closeIn[l] = 0;
    }
    for (let i = 0; i < nRef; i++) {
      const r = referrals[i];
      const ph = r.phase[m];
      if (ph === 0) continue;
      const change = hasOverride ? override : r.change;
      const l = r.line;
      const v = retained[l];
      const nv = v * (1 + change * ph);
      if (r.redirect >= 0 && nv < v) {
        const inc = (v - nv) * unitPrice[l] * priceFactor[base + l] * pi;
        inVol[r.redirect] += v - nv;
        inIncome[r.redirect] += inc;
        if (flows !== null) flows.push(2, m, l, r.redirect, v - nv, inc);
      }
      retained[l] = nv < 0 ? 0 : nv;
    }
    for (let i = 0; i < nMove; i++) {
      const mv = moves[i];
      const s = mv.share[m];
      if (s === 0) continue;
      const src = mv.src;
      const tot = moveOutTotal[base + src];
      const amt = retained[src] * (tot > 1 ? s / tot : s);
      outVol[src] += amt;
      inVol[mv.dst] += amt;
      const inc = amt * unitPrice[src] * priceFactor[base + src] * pi;
      inIncome[mv.dst] += inc;
      if (flows !== null) flows.push(1, m, src, mv.dst, amt, inc);
    }
    // 3. workforce and structural failure
    const tm = turn[m];
    for (let l = 0; l < L; l++) {
      const ov = outVol[l];
      if (ov !== 0) {
        retained[l] -= ov;
        outVol[l] = 0;
      }
      if (closedFrom[l] <= m) continue;
      let short = false;
      let pay = 0;
      for (let w = wfFirst[l]; w < wfFirst[l + 1]; w++) {
        let h = wfHead[w] - leavers[m * W + w];
        if (tm !== 1) h = Math.round(h * tm);
        if (h < 0) h = 0;
        hc[w] = h;
        pay += h * wfCostM[w];
        if (h < wfMin[w]) short = true;
      }
      linePay[l] = pay;
      let reason = 0;
      if (short) reason = 1;
      else if (retained[l] + inVol[l] < minVolM[l] - 1e-9) reason = 2;
      if (reason !== 0) {
        failMonth[l] = m;
        failReason[l] = reason;
        closedFrom[l] = m;
        closedList[closedCount++] = l;
      }
    }

    // 4. closed lines' activity to the nearest open line
    let lost = 0;
    for (let i = 0; i < closedCount; i++) {
      const l = closedList[i];
      if (closedFrom[l] > m) continue;
      const v = retained[l] + inVol[l];
      if (v <= 0) continue;
      let target = -1;
      for (let k = nnFirst[l]; k < nnFirst[l + 1]; k++) {
        const c = nnLines[k];
        if (closedFrom[c] > m) {
          target = c;
          break;
        }
      }
      if (target < 0) lost += v;
      else {
        closeIn[target] += v;
        if (flows !== null) flows.push(0, m, l, target, v, v * unitPrice[target] * priceFactor[base + target] * priceIdx[m]);
      }
    }
    unmet[m] = lost;

    // 5. line economics and provider totals (a dependency moves money between lines of one
    // provider, so provider totals do not wait for it)
    for (let p = 0; p < P; p++) {
      provIncome[pbase + p] = 0;
      provExpenditure[pbase + p] = 0;
    }
    for (let l = 0; l < L; l++) {
      const li = base + l;
      const fa = lineHasAdj[l] === 0 ? 0 : fixedAdj[li];
      const fixed = fa === 0 ? fixedM[l] : roundPence(fixedM[l] + fa);
      const o = owner[l];
      lineRecov[l] = 0;
      if (closedFrom[l] <= m) {
        // Closed: the fixed cost stays (stranded); nothing else.
        lineIncome[l] = 0;
        lineCost[l] = fixed;
        provExpenditure[pbase + o] += fixed;
        if (record) {
          vol[li] = 0;
          income[li] = 0;
          varCost[li] = 0;
          semiCost[li] = 0;
          payCost[li] = 0;
          fixedCost[li] = fixed;
          recovery[li] = 0;
        }
        continue;
      }
      const v = retained[l] + inVol[l] + closeIn[l];
      const pf = lineHasPrice[l] === 0 ? pi : priceFactor[li] * pi;
      let inc = roundPence((retained[l] + closeIn[l]) * unitPrice[l] * pf + inIncome[l]);
      if (lineHasFloor[l] !== 0 && inc < floorM[li]) inc = floorM[li];
      const vc = roundPence(v * unitVar[l]);
      const sv = stepVolA[l];
      const sc = sv > 0 ? roundPence((Math.ceil((v * 12) / sv - 1e-9) * stepCostA[l]) / 12) : 0;
      const pay = linePay[l];
      const cost = vc + sc + fixed + pay;
      lineIncome[l] = inc;
      lineCost[l] = cost;
      provIncome[pbase + o] += inc;
      provExpenditure[pbase + o] += cost;
      if (record) {
        vol[li] = v;
        income[li] = inc;
        varCost[li] = vc;
        semiCost[li] = sc;
        payCost[li] = pay;
        fixedCost[li] = fixed;
        recovery[li] = 0;
      }
    }

    // 6. dependencies
    for (let i = 0; i < nDep; i++) {
      const dp = deps[i];
      const s = dp.supporting;
      const dl = dp.dependent;
      if (closedFrom[s] <= m || closedFrom[dl] <= m) continue;
      const c = lineIncome[s] - lineCost[s] + lineRecov[s];
      const r = c <= 0 ? 0 : c < dp.capM ? c : dp.capM;
      lineRecov[s] -= r;
      lineRecov[dl] += r;
      if (record) {
        recovery[base + s] -= r;
        recovery[base + dl] += r;
      }
    }

    // 7. the financial test (lines that have one): trailing 12 months' result; fails close next month
    const slot = (m % 12) * L;
    for (let i = 0; i < nFin; i++) {
      const l = finLines[i];
      const res = lineIncome[l] - lineCost[l] + lineRecov[l];
      trailing[l] += res - ring[slot + l];
      ring[slot + l] = res;
      if (closedFrom[l] > m && trailing[l] < -maxLoss[l]) {
        failMonth[l] = m;
        failReason[l] = 3;
        closedFrom[l] = m + 1;
        closedList[closedCount++] = l;
      }
    }

    // cash
    for (let p = 0; p < P; p++) {
      let c = cash[p];
      if (c === c) {
        c += provIncome[pbase + p] - provExpenditure[pbase + p];
        cash[p] = c;
        if (c < 0 && provCashFailMonth[p] < 0) provCashFailMonth[p] = m;
      }
      provCash[pbase + p] = c;
    }
  }
}
