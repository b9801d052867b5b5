/**
 * Simulation benchmark: Monte Carlo trials per second on the demo economy as stored (10,000 trials x
 * 60 months, the stored Bedford MSK scenario with its uncertainty block, on the demo economy's
 * version as at 2014-04-01 read from the database through the app, as the API and CLI read it;
 * loading the demo into an in-memory database is not timed), and how time grows with the size of
 * the economy (generated economies up to 100 providers x 120 months).
 *
 *   npx tsx bench/simulation/run.ts            (env BENCH_TRIALS for the demo run, default 10000;
 *                                                BENCH_SCALE_TRIALS for the scaling runs, default 1000)
 *
 * "cold" includes starting the worker threads (bundling worker.ts with esbuild once per process,
 * then about 50 ms a worker); "warm" reuses them, as a server or a second CLI run in one process
 * would. Each figure is the median of 3. CPU seconds are for the whole process (all threads): on a
 * shared machine, wall time with CPU close to wall means the other core was busy elsewhere.
 */

import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { ConcordatApp } from '../../src/app/app.ts';
import { fixedClock } from '../../src/app/clock.ts';
import { generateEconomy, generateScenario, scenarioCoverage, validateScenario, type Economy } from '../../src/domain/impact/index.ts';
import { runStressTest, runStressTestInThread } from '../../src/engine/simulation/index.ts';
import { shutdownSimulationWorkers } from '../../src/engine/simulation/pool.ts';

export interface SimulationBenchRow {
  readonly case: string;
  readonly providers: number;
  readonly serviceLines: number;
  readonly months: number;
  readonly trials: number;
  readonly workers: number | 'in-thread';
  readonly seconds: number;
  /** CPU seconds of the whole process (all threads) for the same run: less sensitive to other load. */
  readonly cpuSeconds: number;
  readonly trialsPerSecond: number;
  /** Nanoseconds per line-month (one service line for one month of one trial). */
  readonly nsPerLineMonth: number;
}

export interface SimulationBenchResult {
  readonly cores: number;
  readonly demo: readonly SimulationBenchRow[];
  readonly scaling: readonly SimulationBenchRow[];
  /** Same seed gave the same JSON across in-thread, 1 and 2 workers. */
  readonly deterministic: boolean;
}


interface Timing {
  wall: number;
  cpu: number;
}

/** Wall and CPU seconds of each of `repeat` runs. */
async function time(f: () => Promise<unknown> | unknown, repeat: number): Promise<Timing[]> {
  const out: Timing[] = [];
  for (let i = 0; i < repeat; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await f();
    const c = process.cpuUsage(c0);
    out.push({ wall: (performance.now() - t0) / 1000, cpu: (c.user + c.system) / 1e6 });
  }
  return out;
}

const medianTiming = (ts: Timing[]): Timing => [...ts].sort((a, b) => a.wall - b.wall)[Math.floor(ts.length / 2)];

/** The demo economy's stored version as at 2014-04-01 and the stored Bedford MSK scenario, read through the app (not timed). */
async function storedDemo(log: (line: string) => void): Promise<{ economy: Economy; scenario: unknown }> {
  const t0 = performance.now();
  const app = await ConcordatApp.open({ dataDir: 'memory://', clock: fixedClock('2025-06-01T09:00:00Z'), loadDemoIfEmpty: true });
  try {
    const ws = app.system();
    const { economy, version } = await ws.economyForRun('demo', { asAt: '2014-04-01' });
    const scenario = await ws.getScenario('bedford-msk');
    log(`demo loaded and its economy as at 2014-04-01 read from the database in ${((performance.now() - t0) / 1000).toFixed(1)} s (not timed below; version ${version.id.slice(0, 8)}, input ${version.inputSha256.slice(0, 12)})`);
    return { economy, scenario };
  } finally {
    await app.close();
  }
}

/** Runs the benchmark; `log` receives a line per measurement as it completes. */
export async function runSimulationBench(
  options: { trials?: number; scaleTrials?: number; log?: (line: string) => void } = {},
): Promise<SimulationBenchResult> {
  const trials = options.trials ?? 10_000;
  const scaleTrials = options.scaleTrials ?? 1_000;
  const log = options.log ?? (() => {});
  const cores = availableParallelism();
  const stored = await storedDemo(log);
  const demoEconomy = stored.economy;
  const bedford = validateScenario(stored.scenario, demoEconomy);
  // The trials run on the providers the levers reach (scope.ts): report the lines actually simulated.
  const covered = new Set(scenarioCoverage(demoEconomy, bedford).providers);
  const simulated = demoEconomy.providers.filter((p) => covered.has(p.code));
  const lines = simulated.reduce((s, p) => s + p.serviceLines.length, 0);
  const row = (c: string, providers: number, serviceLines: number, months: number, n: number, workers: number | 'in-thread', t: Timing): SimulationBenchRow => {
    const seconds = t.wall;
    const r = {
      case: c,
      providers,
      serviceLines,
      months,
      trials: n,
      workers,
      seconds: Math.round(seconds * 1000) / 1000,
      cpuSeconds: Math.round(t.cpu * 1000) / 1000,
      trialsPerSecond: Math.round(n / seconds),
      nsPerLineMonth: Math.round((seconds * 1e9) / (n * months * serviceLines)),
    };
    log(
      `${c.padEnd(34)} ${String(providers).padStart(4)} providers ${String(serviceLines).padStart(4)} lines ${String(months).padStart(4)} months ` +
        `${String(n).padStart(6)} trials  ${String(workers).padStart(9)}  ${r.seconds.toFixed(3)} s (cpu ${r.cpuSeconds.toFixed(2)} s)  ${String(r.trialsPerSecond).padStart(7)} trials/s  ${String(r.nsPerLineMonth).padStart(4)} ns/line-month`,
    );
    return r;
  };

  const demo: SimulationBenchRow[] = [];
  await shutdownSimulationWorkers();
  const workers = Math.min(cores, 8);
  const cold = await time(() => runStressTest(demoEconomy, bedford, { trials, seed: 42, workers }), 1);
  demo.push(row('demo, cold (workers start)', simulated.length, lines, 60, trials, workers, cold[0]));
  const warm = await time(() => runStressTest(demoEconomy, bedford, { trials, seed: 42, workers }), 3);
  demo.push(row('demo, warm', simulated.length, lines, 60, trials, workers, medianTiming(warm)));
  // The same trials over every provider of the stored economy (as before scoping), for comparison.
  const wholeLines = demoEconomy.providers.reduce((s, p) => s + p.serviceLines.length, 0);
  const whole = await time(() => runStressTest(demoEconomy, bedford, { trials, seed: 42, workers, coverage: 'whole' }), 3);
  demo.push(row('demo, whole economy, warm', demoEconomy.providers.length, wholeLines, 60, trials, workers, medianTiming(whole)));
  const inThread = await time(() => runStressTestInThread(demoEconomy, bedford, { trials, seed: 42 }), 3);
  demo.push(row('demo, in-thread', simulated.length, lines, 60, trials, 'in-thread', medianTiming(inThread)));

  // Determinism across splits, on a smaller run.
  const a = JSON.stringify(runStressTestInThread(demoEconomy, bedford, { trials: 1_000, seed: 9 }));
  const b = JSON.stringify(await runStressTest(demoEconomy, bedford, { trials: 1_000, seed: 9, workers: 1 }));
  const c = JSON.stringify(await runStressTest(demoEconomy, bedford, { trials: 1_000, seed: 9, workers: 2 }));
  const deterministic = a === b && b === c;
  log(`same seed, in-thread / 1 worker / 2 workers identical: ${deterministic}`);

  const scaling: SimulationBenchRow[] = [];
  for (const months of [60, 120]) {
    for (const providers of [10, 25, 50, 100]) {
      const economy = generateEconomy(providers, 1);
      const scenario = validateScenario(generateScenario(economy, months, 2), economy);
      const serviceLines = economy.providers.reduce((s, p) => s + p.serviceLines.length, 0);
      await runStressTest(economy, scenario, { trials: Math.min(200, scaleTrials), seed: 1, workers }); // warm-up
      const t = await time(() => runStressTest(economy, scenario, { trials: scaleTrials, seed: 1, workers }), 3);
      scaling.push(row(`generated, warm`, providers, serviceLines, months, scaleTrials, workers, medianTiming(t)));
    }
  }
  await shutdownSimulationWorkers();
  return { cores, demo, scaling, deterministic };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const trials = Number(process.env.BENCH_TRIALS ?? 10_000);
  const scaleTrials = Number(process.env.BENCH_SCALE_TRIALS ?? 1_000);
  process.stdout.write(`simulation benchmark on ${availableParallelism()} cores (median of 3 unless cold)\n`);
  const r = await runSimulationBench({ trials, scaleTrials, log: (l) => process.stdout.write(`${l}\n`) });
  const base = r.scaling[0];
  process.stdout.write('\nscaling (time relative to 10 providers x 60 months; work grows with providers x months):\n');
  for (const s of r.scaling) {
    const work = (s.serviceLines * s.months) / (base.serviceLines * base.months);
    process.stdout.write(`  ${String(s.providers).padStart(4)} providers x ${String(s.months).padStart(3)} months: work x${work.toFixed(1).padStart(5)}, time x${(s.seconds / base.seconds).toFixed(1).padStart(5)}\n`);
  }
  process.stdout.write(`\n${JSON.stringify(r)}\n`);
}
