import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { allocateBuffers, compileModel, runKernel, validateScenario } from '../../domain/impact/index.ts';
import { demoEconomy } from '../../domain/impact/fixtures/synthetic-economy.ts';
import { Xoshiro128 } from '../../domain/impact/random.ts';
import { percentileOfSorted, percentilesInPlace, rankIndex as percentileRank } from './percentiles.ts';
import { shutdownSimulationWorkers } from './pool.ts';
import { centralInputs, draw, medianOf, sampleTrial } from './sampling.ts';
import { runStressTest, runStressTestInThread } from './stress.ts';

const load = (name: string) =>
  validateScenario(JSON.parse(readFileSync(new URL(`../../domain/impact/fixtures/scenarios/${name}.json`, import.meta.url), 'utf8')), demoEconomy);

afterAll(async () => {
  await shutdownSimulationWorkers();
});

describe('stress test', () => {
  const bedford = load('bedford-msk');

  it('gives bit-identical results for the same seed', async () => {
    const a = await runStressTest(demoEconomy, bedford, { trials: 400, seed: 7, workers: 1 });
    const b = await runStressTest(demoEconomy, bedford, { trials: 400, seed: 7, workers: 1 });
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
    const c = await runStressTest(demoEconomy, bedford, { trials: 400, seed: 8, workers: 1 });
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('gives the same results with 1 worker, 2 workers and in-thread', async () => {
    const one = await runStressTest(demoEconomy, bedford, { trials: 1_001, seed: 42, workers: 1 });
    const two = await runStressTest(demoEconomy, bedford, { trials: 1_001, seed: 42, workers: 2 });
    const three = await runStressTest(demoEconomy, bedford, { trials: 1_001, seed: 42, workers: 3 });
    const inThread = runStressTestInThread(demoEconomy, bedford, { trials: 1_001, seed: 42 });
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(JSON.stringify(three)).toBe(JSON.stringify(one));
    expect(JSON.stringify(inThread)).toBe(JSON.stringify(one));
  });

  it('finds Bedford trauma fails first in (nearly) every trial and reports distributions in order', async () => {
    const r = await runStressTest(demoEconomy, bedford, { trials: 2_000, seed: 1 });
    expect(r.whoFailsFirst[0]).toMatchObject({ provider: 'RC1', service: 'TRAUMA-ORTHO', rank: 1 });
    expect(r.whoFailsFirst[0].shareFirst).toBeGreaterThan(900_000);
    const rc1 = r.providers.find((p) => p.code === 'RC1')!;
    const q = rc1.cumulativeSurplus;
    expect(q.p5).toBeLessThanOrEqual(q.p25);
    expect(q.p25).toBeLessThanOrEqual(q.p50);
    expect(q.p50).toBeLessThanOrEqual(q.p75);
    expect(q.p75).toBeLessThanOrEqual(q.p95);
    expect(Number.isSafeInteger(q.p50)).toBe(true);
    expect(rc1.fan.p50).toHaveLength(r.fanPeriods.length);
    expect(r.fanPeriods.at(-1)).toBe(r.periods.at(-1));
    // The fan's last point is the distribution of the horizon's cumulative surplus.
    expect(rc1.fan.p50.at(-1)).toBe(q.p50);
    const trauma = r.serviceLines.find((l) => l.provider === 'RC1' && l.service === 'TRAUMA-ORTHO')!;
    expect(trauma.failureProbability).toBeGreaterThan(900_000);
    expect(trauma.scenarioFailurePeriod).toBe('2014-07');
    // With no uncertainty the scenario's own figure sits inside the spread.
    expect(rc1.scenarioCumulativeSurplus).toBeGreaterThan(q.p5);
    expect(rc1.scenarioCumulativeSurplus).toBeLessThan(q.p95);
  });

  it('Nottingham dermatology fails in every trial in the month the consultants leave', async () => {
    const r = await runStressTest(demoEconomy, load('nottingham-dermatology'), { trials: 300, seed: 3 });
    const derm = r.serviceLines.find((l) => l.provider === 'RX1' && l.service === 'DERMATOLOGY')!;
    expect(derm.failureProbability).toBe(1_000_000);
    expect(derm.medianFailurePeriod).toBe('2015-01');
  });

  it('reports progress up to the number of trials', async () => {
    const seen: number[] = [];
    await runStressTest(demoEconomy, bedford, { trials: 600, seed: 5, workers: 1, onProgress: (d) => seen.push(d) });
    expect(seen.at(-1)).toBe(600);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });
});

describe('random streams and distributions', () => {
  it('derives independent, reproducible streams from (seed, trial)', () => {
    const a = new Xoshiro128(42, 0);
    const b = new Xoshiro128(42, 1);
    const xs = Array.from({ length: 5 }, () => a.next());
    expect(xs).not.toEqual(Array.from({ length: 5 }, () => b.next()));
    a.reseed(42, 0);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it('keeps draws inside their bounds (normal is clipped)', () => {
    const r = new Xoshiro128(1, 0);
    for (let i = 0; i < 5_000; i++) {
      const t = draw({ distribution: 'triangular', min: -0.4, mode: -0.3, max: -0.15 }, r);
      expect(t).toBeGreaterThanOrEqual(-0.4);
      expect(t).toBeLessThanOrEqual(-0.15);
      const n = draw({ distribution: 'normal', mean: 0.02, sd: 0.05, min: -0.02, max: 0.06 }, r);
      expect(n).toBeGreaterThanOrEqual(-0.02);
      expect(n).toBeLessThanOrEqual(0.06);
    }
  });

  it('selects the same percentiles as a full sort', () => {
    const r = new Xoshiro128(9, 0);
    for (const n of [1, 2, 7, 100, 1_001]) {
      const a = Float64Array.from({ length: n }, () => Math.round((r.next() - 0.5) * 1e6));
      const sorted = Float64Array.from(a).sort();
      const qs = [5, 25, 50, 75, 95];
      expect(percentilesInPlace(Float64Array.from(a), qs)).toEqual(qs.map((q) => percentileOfSorted(sorted, q)));
    }
  });
});

describe('the Monte Carlo median against the deterministic lines', () => {
  const sussexJson = JSON.parse(readFileSync(new URL('../../domain/impact/fixtures/scenarios/western-sussex-msk.json', import.meta.url), 'utf8'));

  it('draws each distribution around the median the central case uses', () => {
    const r = new Xoshiro128(3, 0);
    const ds = [
      { distribution: 'triangular', min: -0.02, mode: -0.01, max: 0.005 },
      { distribution: 'triangular', min: -0.4, mode: -0.3, max: -0.15 },
      { distribution: 'uniform', min: 0, max: 0.03 },
      { distribution: 'normal', mean: 0.02, sd: 0.01, min: -0.02, max: 0.06 },
      { distribution: 'normal', mean: 0.08, sd: 0.05, min: -0.02, max: 0.06 },
    ] as const;
    for (const d of ds) {
      const xs = Float64Array.from({ length: 40_001 }, () => draw(d, r)).sort();
      expect(Math.abs(xs[20_000] - medianOf(d))).toBeLessThan(0.0015);
    }
    expect(centralInputs(undefined)).toEqual({ demandGrowth: 0, referralShift: NaN, staffTurnover: 0, priceChange: 0 });
  });

  it('with one uncertain input, the median trial is the projection at the median draw, to the penny (the sampler adds no bias)', () => {
    const s = validateScenario({ ...sussexJson, uncertainty: { demandGrowth: { distribution: 'normal', mean: 0.02, sd: 0.01, min: -0.02, max: 0.06 } } }, demoEconomy);
    const T = 501;
    const r = runStressTestInThread(demoEconomy, s, { trials: T, seed: 21 });
    // The draws again, independently of the stress test: the same stream per trial.
    const rng = new Xoshiro128(21, 0);
    const growth = Float64Array.from({ length: T }, (_, t) => {
      rng.reseed(21, t);
      const p = { demandGrowth: 0, referralShift: NaN, staffTurnover: 0, priceChange: 0 };
      sampleTrial(s.uncertainty, rng, p);
      return p.demandGrowth;
    }).sort();
    const model = compileModel(demoEconomy, s);
    const b = allocateBuffers(model);
    runKernel(model, { demandGrowth: growth[percentileRank(T, 50)], referralShift: NaN, staffTurnover: 0, priceChange: 0 }, b);
    // BupaCSH's result only rises with demand, so its median is the result at the median growth.
    const p = model.providerCodes.indexOf('ZBUPA');
    let atMedian = 0;
    for (let m = 0; m < model.M; m++) atMedian += b.provIncome[m * model.P + p] - b.provExpenditure[m * model.P + p];
    expect(r.providers.find((x) => x.code === 'ZBUPA')!.cumulativeSurplus.p50).toBe(atMedian);
  });

  it('centres the seed scenarios\' trials on the central case, not the no-uncertainty line, and says why', () => {
    for (const [name, code] of [['western-sussex-msk', 'RYR'], ['bedford-msk', 'RC1']] as const) {
      const r = runStressTestInThread(demoEconomy, load(name), { trials: 1_000, seed: 1 });
      const p = r.providers.find((x) => x.code === code)!;
      const fromCentral = Math.abs(p.cumulativeSurplus.p50 - p.centralCumulativeSurplus);
      const fromNoUncertainty = Math.abs(p.cumulativeSurplus.p50 - p.scenarioCumulativeSurplus);
      // The old report compared the median with the no-uncertainty line: £10m-£20m apart here.
      expect(fromNoUncertainty).toBeGreaterThan(8_000_000_00);
      expect(fromCentral).toBeLessThan(fromNoUncertainty / 4);
      expect(r.centralInputs.demandGrowth).toBe(0.02);
      expect(r.notes[0]).toMatch(/^The trials' inputs are centred on demand growth \+2% a year, price change −0\.87% a year/);
      expect(r.notes.some((n) => n.startsWith(`${code}: no-uncertainty line`))).toBe(true);
    }
  });

  it('with inputs centred on no change, the median of a provider the scenario barely bends sits on the deterministic line', () => {
    const s = validateScenario(
      { ...sussexJson, uncertainty: { demandGrowth: { distribution: 'normal', mean: 0, sd: 0.01, min: -0.04, max: 0.04 }, priceChange: { distribution: 'uniform', min: -0.01, max: 0.01 } } },
      demoEconomy,
    );
    const r = runStressTestInThread(demoEconomy, s, { trials: 2_000, seed: 5 });
    const bupa = r.providers.find((x) => x.code === 'ZBUPA')!;
    expect(bupa.centralCumulativeSurplus).toBe(bupa.scenarioCumulativeSurplus);
    const spread = bupa.cumulativeSurplus.p95 - bupa.cumulativeSurplus.p5;
    expect(Math.abs(bupa.cumulativeSurplus.p50 - bupa.scenarioCumulativeSurplus)).toBeLessThan(spread / 100);
  });
});
