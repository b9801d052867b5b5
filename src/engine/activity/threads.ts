/**
 * Starting pricing workers. Node 20 does not apply `--import tsx` given in a Worker's execArgv to
 * the worker's module loader, so the worker is started from a tiny bootstrap that registers tsx's
 * ESM hooks inside the worker and then imports worker.ts. This works under `npx tsx`, under
 * `node --import tsx` and under vitest (whose own transform does not reach worker threads).
 * When this module runs as compiled JavaScript (worker.js beside it), the worker starts directly.
 */
import { Worker } from 'node:worker_threads';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { HeaderLayout, JobReport, ThreadTotals } from './kernel.ts';
import type { TariffData } from './tariff.ts';

export type ToWorker =
  | { type: 'job'; index: number; buffer: ArrayBuffer; start: number; end: number; final: boolean }
  | { type: 'finish' };

export type FromWorker =
  | { type: 'ready' }
  | { type: 'done'; report: JobReport; buffer: ArrayBuffer }
  | { type: 'totals'; totals: ThreadTotals };

let tsxApiUrl: string | undefined;
function tsxEsmApi(): string {
  if (!tsxApiUrl) {
    const pkg = createRequire(import.meta.url).resolve('tsx/package.json');
    tsxApiUrl = pathToFileURL(join(dirname(pkg), 'dist', 'esm', 'api', 'index.mjs')).href;
  }
  return tsxApiUrl;
}

export function spawnPricingWorker(tariff: TariffData, layout: HeaderLayout): Worker {
  const workerData = { tariff, layout };
  if (import.meta.url.endsWith('.js')) {
    return new Worker(new URL('./worker.js', import.meta.url), { workerData });
  }
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot =
    `import(${JSON.stringify(tsxEsmApi())})` +
    `.then((tsx) => { tsx.register(); return import(${JSON.stringify(entry)}); })` +
    `.catch((e) => { setImmediate(() => { throw e; }); });`;
  return new Worker(boot, { eval: true, workerData, execArgv: [] });
}
