/**
 * Prices a minimum income guarantee: the smallest annual floor on one service line's income, to the
 * pound, that keeps a target line viable (no failure of any kind) over the horizon. The guarantee
 * pays max(activity income, floor) each month (RULES §5). A higher floor never makes the target
 * worse, so a binary search over whole pounds finds the smallest one.
 */

import { divideRounded, type Pence } from '../money.ts';
import { allocateBuffers, NO_UNCERTAINTY, runKernel } from './monthly-projection.ts';
import { compileModel } from './model.ts';
import { monthIndex } from './periods.ts';
import type { Lever, MigSolveRequest, Scenario } from './scenario.ts';
import type { Economy } from './types.ts';

export interface MigSolution {
  readonly provider: string;
  readonly service: string;
  readonly target: { readonly provider: string; readonly service: string };
  readonly from: string;
  readonly until: string;
  /** The target line fails without any guarantee (in this period), or null if it does not. */
  readonly failsWithoutGuaranteeIn: string | null;
  /** Smallest annual floor keeping the target viable, whole pounds in pence; null if none can. */
  readonly annualFloor: Pence | null;
  /** What the guarantee pays on top of activity income over its period (its price to commissioners). */
  readonly topUpPaid: Pence | null;
  /** The floor as a share of the guaranteed line's starting annual income (micros). */
  readonly floorShareOfStartingIncome: number | null;
  readonly searchSteps: number;
}

/** Largest floor tried: 20x the guaranteed line's starting annual income. */
const MAX_MULTIPLE = 20;

export function solveMinimumIncomeGuarantee(economy: Economy, scenario: Scenario, req: MigSolveRequest): MigSolution {
  const H = scenario.horizonMonths;
  const fromMonth = monthIndex(scenario.start, req.from);
  const untilMonth = req.until === undefined ? H - 1 : Math.min(H - 1, monthIndex(scenario.start, req.until));
  const provider = economy.providers.find((p) => p.code === req.provider)!;
  const line = provider.serviceLines.find((l) => l.service === req.service)!;
  const startingIncome = line.income.reduce((s, i) => s + i.annualIncome, 0);

  const leverFor = (floor: Pence): Lever => ({
    type: 'minimumIncomeGuarantee',
    index: scenario.levers.length,
    label: 'Minimum income guarantee (solved)',
    from: req.from,
    fromMonth,
    phase: [1_000_000],
    provider: req.provider,
    service: req.service,
    annualFloor: floor,
    untilMonth,
  });

  // One layout for every trial floor: compile once with a zero floor, then rewrite the floor array.
  const model = compileModel(economy, scenario, { extraLevers: [leverFor(0)] });
  const buf = allocateBuffers(model);
  const L = model.L;
  const gl = model.lines.findIndex((m) => m.provider === req.provider && m.service === req.service);
  const tl = model.lines.findIndex((m) => m.provider === req.target.provider && m.service === req.target.service);
  const baseFloor = Float64Array.from(model.floorM);
  (model.lineHasFloor as Uint8Array)[gl] = 1;
  let steps = 0;
  const run = (floorPounds: number) => {
    steps++;
    const monthly = divideRounded(floorPounds * 100, 12);
    for (let m = fromMonth; m <= untilMonth; m++) (model.floorM as Float64Array)[m * L + gl] = Math.max(baseFloor[m * L + gl], monthly);
    runKernel(model, NO_UNCERTAINTY, buf);
    return buf.failMonth[tl];
  };

  const periodOf = (m: number) => model.periods[m];
  const without = run(0);
  const result = (floorPounds: number | null): MigSolution => {
    let topUp: number | null = null;
    if (floorPounds !== null) {
      // Income with the floor minus income without, over the guarantee period.
      run(0);
      const before = new Float64Array(model.M);
      for (let m = 0; m < model.M; m++) before[m] = buf.income[m * L + gl];
      run(floorPounds);
      topUp = 0;
      for (let m = fromMonth; m <= untilMonth; m++) topUp += buf.income[m * L + gl] - before[m];
    }
    return {
      provider: req.provider,
      service: req.service,
      target: req.target,
      from: req.from,
      until: periodOf(untilMonth),
      failsWithoutGuaranteeIn: without >= 0 ? periodOf(without) : null,
      annualFloor: floorPounds === null ? null : floorPounds * 100,
      topUpPaid: topUp,
      floorShareOfStartingIncome: floorPounds === null || startingIncome === 0 ? null : divideRounded(floorPounds * 100 * 1_000_000, startingIncome),
      searchSteps: steps,
    };
  };
  if (without < 0) return result(0);

  let hi = Math.max(1, Math.ceil(startingIncome / 100));
  const cap = Math.max(1, Math.ceil((startingIncome * MAX_MULTIPLE) / 100));
  while (run(hi) >= 0) {
    if (hi >= cap) return result(null);
    hi = Math.min(cap, hi * 2);
  }
  let lo = 0; // fails at lo, viable at hi
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (run(mid) >= 0) lo = mid;
    else hi = mid;
  }
  return result(hi);
}
