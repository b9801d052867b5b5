/**
 * Starting pricing workers. Node 20 does not apply `--import tsx` given in a Worker's execArgv to
 * the worker's module loader, so the worker is started from a tiny bootstrap that registers tsx
 * inside the worker and then loads worker.ts. This works under `npx tsx`, under
 * `node --import tsx` and under vitest (whose own transform does not reach worker threads).
 * When this module runs as compiled JavaScript (worker.js beside it), the worker starts directly.
 */
import { Worker } from 'node:worker_threads';
import { bundledWorkerSource } from '../worker-source.ts';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { HeaderLayout, JobReport, PricerLimits, ReadingRules, SubmissionScope, ThreadTotals } from './chunk-pricer.ts';
import type { PriceTables } from './price-tables.ts';

/** What a worker needs to build its {@link ChunkPricer}. */
export interface PricerInit {
  readonly tables: PriceTables;
  readonly layout: HeaderLayout;
  readonly scope: SubmissionScope | null;
  readonly reading: ReadingRules;
  readonly limits: PricerLimits;
}

export type ToWorker =
  | { type: 'init'; init: PricerInit }
  | { type: 'job'; index: number; buffer: ArrayBuffer; start: number; end: number; final: boolean }
  | { type: 'finish' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; report: JobReport; buffer: ArrayBuffer }
  | { type: 'totals'; totals: ThreadTotals };

let tsxCjsApi: string | undefined;
function tsxCjsApiPath(): string {
  if (!tsxCjsApi) {
    const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
    tsxCjsApi = join(dirname(pkg), 'dist', 'cjs', 'api', 'index.cjs');
  }
  return tsxCjsApi;
}

/**
 * Starts a pricing worker. It loads its code and then waits for an 'init' message (the tables and
 * the file's layout), so it can be started before the tariff is read or the header is known.
 */
export function spawnPricingWorker(): Worker {
  if (import.meta.url.endsWith('.js')) {
    return new Worker(new URL('./worker.js', import.meta.url));
  }
  const bundled = bundledWorkerSource(new URL('./worker.ts', import.meta.url));
  if (bundled !== null) return new Worker(bundled, { eval: true });
  // Without esbuild: tsx's CommonJS hook runs in the worker's own thread (its ESM hooks would start a further
  // loader thread per worker): about half the start-up cost. worker.ts and what it imports use
  // no ESM-only features (no import.meta, no top-level await), so they load as CommonJS.
  const entry = fileURLToPath(new URL('./worker.ts', import.meta.url));
  const boot = `require(${JSON.stringify(tsxCjsApiPath())}).register(); require(${JSON.stringify(entry)});`;
  return new Worker(boot, { eval: true, execArgv: [] });
}
