import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { demoEconomy, validateScenario } from '../../domain/impact/index.ts';
import { Xoshiro128 } from '../../domain/impact/random.ts';
import { percentileOfSorted, percentilesInPlace } from './percentiles.ts';
import { shutdownSimulationWorkers } from './pool.ts';
import { draw } from './sampling.ts';
import { runStressTest, runStressTestInThread } from './stress.ts';

const load = (name: string) =>
  validateScenario(JSON.parse(readFileSync(new URL(`../../../scenarios/${name}.json`, import.meta.url), 'utf8')), demoEconomy);

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
