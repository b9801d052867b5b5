/**
 * `npm run bench`: every benchmark, each against its peer in the same run where one exists.
 *   API throughput (autocannon; PGlite and PostgreSQL)
 *   activity pricing against DuckDB (../shared/bench), 1M and 10M rows, and the product's submission path on 10M
 *   the Monte Carlo stress test (trials per second, and how time grows with the economy)
 * Set BENCH_ONLY=api,pricing,simulation to run a subset; BENCH_ROWS=1000000 to change the pricing sizes;
 * BENCH_SUBMISSION_ROWS for the product's submission path beside it (0 skips it).
 */
import { formatApiBench, runApiBench } from './api/run.ts';
import { formatPricingBench, formatSubmissionBench, runPricingBench, runSubmissionBench } from './pricing/run.ts';
import { runSimulationBench } from './simulation/run.ts';
import { shutdownSimulationWorkers } from '../src/engine/simulation/pool.ts';

const only = new Set((process.env.BENCH_ONLY ?? 'api,pricing,simulation').split(','));

if (only.has('api')) {
  console.log(formatApiBench(await runApiBench({ seconds: Number(process.env.BENCH_SECONDS ?? 5) })));
  console.log();
}
if (only.has('pricing')) {
  const rows = (process.env.BENCH_ROWS ?? '1000000,10000000').split(',').map(Number);
  console.log(formatPricingBench(await runPricingBench({ rows, repeat: Number(process.env.BENCH_REPEAT ?? 1), log: (l) => console.error(l) })));
  const submissionRows = Number(process.env.BENCH_SUBMISSION_ROWS ?? 10_000_000);
  if (submissionRows > 0) {
    console.log(formatSubmissionBench(await runSubmissionBench({ rows: submissionRows, repeat: Number(process.env.BENCH_REPEAT ?? 1), log: (l) => console.error(l) })));
  }
  console.log();
}
if (only.has('simulation')) {
  console.log('Monte Carlo stress test:');
  await runSimulationBench({ log: (l) => console.log(l) });
  await shutdownSimulationWorkers();
}
