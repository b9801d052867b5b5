/**
 * Running a scenario on an economy: validation against it, the deterministic projection and, with
 * trials > 0, the Monte Carlo stress test. One implementation for the command line, the API (which
 * runs it in a worker thread, passing the stored economy as data: simulation-jobs.ts), stored runs
 * and the report. The economy is a stored version's (economies.ts); nothing here reads storage.
 */

import { readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { invalid } from '../../domain/errors.ts';
import { projectScenario, validateScenario, type Economy, type ProjectionResult } from '../../domain/impact/index.ts';
import { runStressTest, WORKER_THRESHOLD, type StressResult } from '../../engine/simulation/index.ts';
import { warmSimulationWorkers } from '../../engine/simulation/pool.ts';

/** Most levers one scenario may carry: each is checked and projected, so the work grows with them. */
export const MAX_LEVERS = 200;

export interface SimulateOutput {
  readonly projection: ProjectionResult;
  readonly stress: StressResult | null;
}

export interface SimulateOptions {
  readonly trials: number;
  readonly seed: number;
  readonly workers?: number;
  readonly onProgress?: (done: number, total: number) => void;
}

/** Reads a scenario file (JSON); a file that cannot be read or parsed is invalid('scenario'). */
export async function readScenarioFile(file: string): Promise<unknown> {
  try {
    return JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    throw invalid('scenario', `cannot read ${file}: ${(e as Error).message}`);
  }
}

/**
 * Runs scenario JSON (a stored scenario, a file's content or an API request body) on an economy.
 * A scenario that does not validate is ConcordatError('invalid') naming each field.
 */
export async function simulateJson(json: unknown, economy: Economy, options: SimulateOptions): Promise<SimulateOutput> {
  const levers = (json as { levers?: unknown } | null)?.levers;
  if (Array.isArray(levers) && levers.length > MAX_LEVERS) throw invalid('levers', `at most ${MAX_LEVERS} levers in one scenario (this one has ${levers.length})`);
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
