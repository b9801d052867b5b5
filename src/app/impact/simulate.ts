/**
 * Running a scenario: validation against its economy, the deterministic projection and, with
 * trials > 0, the Monte Carlo stress test. One implementation for the command line, the API (which
 * runs it in a worker thread: simulation-jobs.ts) and the report.
 */

import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { invalid } from '../../domain/errors.ts';
import { economies, projectScenario, validateScenario, type ProjectionResult } from '../../domain/impact/index.ts';
import { runStressTest, WORKER_THRESHOLD, type StressResult } from '../../engine/simulation/index.ts';
import { warmSimulationWorkers } from '../../engine/simulation/pool.ts';

/** Most levers one scenario may carry: each is checked and projected, so the work grows with them. */
export const MAX_LEVERS = 200;

export interface SimulateOutput {
  readonly projection: ProjectionResult;
  readonly stress: StressResult | null;
}

/** Runs a scenario file: validation, projection and (if trials > 0) the stress test. */
export async function simulateFile(
  file: string,
  options: { trials: number; seed: number; workers?: number; onProgress?: (done: number, total: number) => void },
): Promise<SimulateOutput> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw invalid('scenario', `cannot read ${file}: ${(e as Error).message}`);
  }
  return simulateJson(json, options);
}

/** Runs scenario JSON already parsed (a file's content or an API request body): the same steps as {@link simulateFile}. */
export async function simulateJson(
  json: unknown,
  options: { trials: number; seed: number; workers?: number; onProgress?: (done: number, total: number) => void },
): Promise<SimulateOutput> {
  const levers = (json as { levers?: unknown } | null)?.levers;
  if (Array.isArray(levers) && levers.length > MAX_LEVERS) throw invalid('levers', `at most ${MAX_LEVERS} levers in one scenario (this one has ${levers.length})`);
  const id = (json as { economy?: unknown } | null)?.economy;
  const economy = typeof id === 'string' ? economies[id] : undefined;
  if (!economy) throw invalid('economy', `unknown economy ${JSON.stringify(id)} (known: ${Object.keys(economies).join(', ')})`);
  const scenario = validateScenario(json, economy);
  // Start the simulation workers now so they load while the projection runs.
  const workers = options.workers ?? (options.trials >= WORKER_THRESHOLD ? Math.min(8, availableParallelism()) : 1);
  if (options.trials > 0 && workers > 1) void warmSimulationWorkers(Math.min(workers, options.trials)).catch(() => {});
  const projection = projectScenario(economy, scenario);
  const stress =
    options.trials > 0
      ? await runStressTest(economy, scenario, { trials: options.trials, seed: options.seed, workers: options.workers, onProgress: options.onProgress })
      : null;
  return { projection, stress };
}

