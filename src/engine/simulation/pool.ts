/**
 * A small pool of simulation worker threads, started on first use and kept for later runs. Idle
 * workers are unref'd so they never keep the process alive; {@link shutdownSimulationWorkers} ends
 * them.
 *
 * How a worker runs TypeScript: Node 20 does not apply `--import tsx` loader hooks inside worker
 * threads. So worker.ts and the kernel it imports are bundled once per process into plain
 * JavaScript with esbuild (the bundler tsx itself depends on, resolved through tsx) and started
 * with `eval: true`: a worker is ready in about 50 ms. If that is unavailable, a plain-JavaScript
 * bootstrap imports worker.ts through tsx's API (about 400 ms a worker). Both work under `tsx` and
 * under vitest.
 */

import { Worker } from 'node:worker_threads';
import { bundledWorkerSource } from '../worker-source.ts';
import type { PercentileJob, WorkerJob, WorkerReply } from './worker.ts';

export interface PoolWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  isReady: boolean;
  busy: boolean;
  onReply: ((msg: WorkerReply) => void) | null;
  onFail: ((e: Error) => void) | null;
}

const pool: PoolWorker[] = [];
let nextJob = 1;

function startWorker(): PoolWorker {
  const source = bundledWorkerSource(new URL('./worker.ts', import.meta.url));
  const worker =
    source !== null
      ? new Worker(source, { eval: true })
      : new Worker(new URL('./worker-bootstrap.mjs', import.meta.url), { workerData: { entry: new URL('./worker.ts', import.meta.url).href } });
  let markReady!: () => void;
  let failReady!: (e: Error) => void;
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  // A start-up failure is reported to whoever runs a job on this worker, not as an unhandled rejection.
  ready.catch(() => {});
  const pw: PoolWorker = { worker, ready, isReady: false, busy: false, onReply: null, onFail: null };
  worker.on('message', (msg: WorkerReply) => {
    if (msg.type === 'ready') {
      pw.isReady = true;
      markReady();
    } else pw.onReply?.(msg);
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

/** Takes `n` idle workers (starting any that are missing); they keep the process alive until released. */
export function acquireWorkers(n: number): PoolWorker[] {
  while (pool.filter((w) => !w.busy).length < n) pool.push(startWorker());
  const free = pool.filter((w) => !w.busy).slice(0, n);
  for (const w of free) {
    w.busy = true;
    w.worker.ref();
  }
  return free;
}

export function releaseWorkers(ws: readonly PoolWorker[]): void {
  for (const w of ws) {
    w.busy = false;
    w.onReply = null;
    w.onFail = null;
    w.worker.unref();
  }
}

/** Runs one job on an acquired worker (waiting for it to start). */
export async function runJob(
  w: PoolWorker,
  job: Omit<WorkerJob, 'id'> | Omit<PercentileJob, 'id'>,
  onProgress: (done: number) => void = () => {},
): Promise<void> {
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
  w.onReply = null;
  w.onFail = null;
}

/** Starts `n` workers ahead of time (optional: the first run starts them anyway). */
export async function warmSimulationWorkers(n: number): Promise<void> {
  while (pool.length < n) pool.push(startWorker());
  const ws = pool.slice(0, n);
  for (const w of ws) w.worker.ref();
  try {
    await Promise.all(ws.map((w) => w.ready));
  } finally {
    for (const w of ws) if (!w.busy) w.worker.unref();
  }
}

/** Ends every pooled worker. */
export async function shutdownSimulationWorkers(): Promise<void> {
  const all = pool.splice(0, pool.length);
  await Promise.all(all.map((w) => w.worker.terminate()));
}
