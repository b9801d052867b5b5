/**
 * A small pool of simulation worker threads, started on first use and kept for later runs (worker
 * start-up, which loads the TypeScript loader, costs more than a run of 10,000 trials). Idle
 * workers are unref'd so they never keep the process alive; {@link shutdownSimulationWorkers}
 * ends them.
 *
 * Workers start from a plain-JavaScript bootstrap that imports worker.ts through tsx's API: Node
 * 20 does not apply `--import tsx` loader hooks inside worker threads. This works under `tsx` and
 * under vitest alike.
 */

import { Worker } from 'node:worker_threads';
import type { PercentileJob, WorkerJob, WorkerReply } from './worker.ts';

interface PoolWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  busy: boolean;
  onReply: ((msg: WorkerReply) => void) | null;
  onFail: ((e: Error) => void) | null;
}

const pool: PoolWorker[] = [];
let nextJob = 1;

function startWorker(): PoolWorker {
  const entry = new URL('./worker.ts', import.meta.url).href;
  const worker = new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { entry } });
  let markReady!: () => void;
  let failReady!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  const pw: PoolWorker = { worker, ready, busy: false, onReply: null, onFail: null };
  worker.on('message', (msg: WorkerReply) => {
    if (msg.type === 'ready') markReady();
    else pw.onReply?.(msg);
  });
  const fail = (e: Error) => {
    const i = pool.indexOf(pw);
    if (i >= 0) pool.splice(i, 1);
    failReady(e);
    pw.onFail?.(e);
  };
  worker.on('error', fail);
  worker.on('exit', (code) => fail(new Error(`simulation worker exited with code ${code}`)));
  worker.unref();
  return pw;
}

/** Runs jobs, one per worker, in parallel; resolves when all are done. */
export async function runOnPool(
  jobs: readonly (Omit<WorkerJob, 'id'> | Omit<PercentileJob, 'id'>)[],
  onProgress: (done: number) => void,
): Promise<void> {
  while (pool.filter((w) => !w.busy).length < jobs.length) pool.push(startWorker());
  const free = pool.filter((w) => !w.busy).slice(0, jobs.length);
  for (const w of free) w.busy = true;
  try {
    await Promise.all(
      jobs.map(async (job, i) => {
        const w = free[i];
        // Keep the process alive while this worker starts and works; idle again afterwards.
        w.worker.ref();
        try {
          await w.ready;
          await new Promise<void>((resolve, reject) => {
            const id = nextJob++;
            w.onFail = reject;
            w.onReply = (msg) => {
              if (msg.type === 'progress' && msg.id === id) onProgress(msg.done);
              else if (msg.type === 'done' && msg.id === id) resolve();
              else if (msg.type === 'error' && msg.id === id) reject(new Error(`simulation worker: ${msg.message}`));
            };
            w.worker.postMessage({ ...job, id });
          });
        } finally {
          w.onReply = null;
          w.onFail = null;
          w.worker.unref();
        }
      }),
    );
  } finally {
    for (const w of free) w.busy = false;
  }
}

/** Starts `n` workers ahead of time (optional: the first run starts them anyway). */
export async function warmSimulationWorkers(n: number): Promise<void> {
  while (pool.length < n) pool.push(startWorker());
  await Promise.all(pool.map((w) => w.ready));
}

/** Ends every pooled worker. */
export async function shutdownSimulationWorkers(): Promise<void> {
  const all = pool.splice(0, pool.length);
  await Promise.all(all.map((w) => w.worker.terminate()));
}
