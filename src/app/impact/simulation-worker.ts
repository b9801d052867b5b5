/**
 * A worker thread that runs simulations for the API, so a long one (many levers, many trials) never
 * holds up other requests: the server's event loop only posts the scenario and the stored economy
 * it runs on, and waits for the answer.
 */
import { parentPort } from 'node:worker_threads';
import { ConcordatError } from '../../domain/errors.ts';
import type { Economy } from '../../domain/impact/index.ts';
import { simulateJson } from './simulate.ts';

export interface SimulationRequest {
  readonly id: number;
  readonly scenario: unknown;
  /** The stored version's economy, as data (the worker reads no database). */
  readonly economy: Economy;
  readonly trials: number;
  readonly seed: number;
}

export type SimulationReply =
  | { readonly id: number; readonly ok: true; readonly out: Awaited<ReturnType<typeof simulateJson>> }
  | { readonly id: number; readonly ok: false; readonly kind: string | null; readonly message: string; readonly issues: readonly { path: readonly (string | number)[]; message: string }[] };

parentPort?.on('message', async (req: SimulationRequest) => {
  try {
    // One thread: the trials run here, beside the API rather than on its event loop.
    const out = await simulateJson(req.scenario, req.economy, { trials: req.trials, seed: req.seed, workers: 1 });
    parentPort!.postMessage({ id: req.id, ok: true, out } satisfies SimulationReply);
  } catch (e) {
    const reply: SimulationReply = e instanceof ConcordatError
      ? { id: req.id, ok: false, kind: e.kind, message: e.message, issues: e.issues }
      : { id: req.id, ok: false, kind: null, message: e instanceof Error ? e.stack ?? e.message : String(e), issues: [] };
    parentPort!.postMessage(reply);
  }
});
parentPort?.postMessage({ ready: true });
