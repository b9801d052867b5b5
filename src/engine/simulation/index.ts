/** Monte Carlo stress test over the impact model ("who fails first"). */
export {
  runStressTest,
  runStressTestInThread,
  WORKER_THRESHOLD,
  type StressResult,
  type StressProvider,
  type StressLine,
  type FailureRank,
  type Quantiles,
  type StressOptions,
} from './stress.ts';
export { centralInputs, draw, medianOf, sampleTrial } from './sampling.ts';
export { percentileOfSorted, FAN_PERCENTILES } from './percentiles.ts';
export { FAN_BUDGET } from './trials.ts';
