/**
 * Simulations for the API run in worker threads (at most {@link MAX_SIMULATION_WORKERS} at once;
 * further requests queue), never on the server's event loop. A worker is started on first use and
 * kept, idle and unref'd, for the next request. Where workers cannot start, the simulation runs in
 * this thread (correct, but it then holds the event loop while it runs).
 */
import { Worker } from 'node:worker_threads';
import { ConcordatError, type OutcomeKind } from '../../domain/errors.ts';
import type { Economy } from '../../domain/impact/index.ts';
import { bundledWorkerSource } from '../../engine/worker-source.ts';
import { simulateJson, type SimulateOutput } from './simulate.ts';
import type { SimulationReply } from './simulation-worker.ts';

export const MAX_SIMULATION_WORKERS = 2;

interface JobWorker {
  readonly worker: Worker;
  readonly ready: Promise<void>;
  /** The job it is running. */
  current: number | null;
  dead: boolean;
}

const idle: JobWorker[] = [];
let started = 0;
const waiting: ((w: JobWorker) => void)[] = [];
let nextId = 1;
const pending = new Map<number, { resolve: (o: SimulateOutput) => void; reject: (e: Error) => void }>();

function start(source: string): JobWorker {
  const worker = new Worker(source, { eval: true });
  started++;
  let ready!: () => void;
  let failedToStart!: (e: Error) => void;
  const jw: JobWorker = { worker, ready: new Promise<void>((resolve, reject) => ((ready = resolve), (failedToStart = reject))), current: null, dead: false };
  jw.ready.catch(() => undefined); // awaited by the request that started it; a failure is thrown there
  worker.on('message', (msg: SimulationReply | { ready: true }) => {
    if ('ready' in msg) return ready();
    const job = pending.get(msg.id);
    if (!job) return;
    pending.delete(msg.id);
    if (msg.ok) job.resolve(msg.out);
    else job.reject(msg.kind ? new ConcordatError(msg.kind as OutcomeKind, msg.message, msg.issues) : new Error(`simulation worker: ${msg.message}`));
  });
  const fail = (e: Error) => {
    if (jw.dead) return;
    jw.dead = true;
    started--;
    const i = idle.indexOf(jw);
    if (i >= 0) idle.splice(i, 1);
    failedToStart(e); // no effect once ready
    const job = jw.current === null ? undefined : pending.get(jw.current);
    if (job) {
      pending.delete(jw.current!);
      job.reject(e);
    }
  };
  worker.on('error', fail);
  worker.on('exit', (code) => { if (code !== 0) fail(new Error(`simulation worker stopped (exit code ${code})`)); });
  worker.unref();
  return jw;
}

async function acquire(source: string): Promise<JobWorker> {
  const free = idle.pop();
  if (free) return free;
  if (started < MAX_SIMULATION_WORKERS) return start(source);
  return new Promise<JobWorker>((resolve) => waiting.push(resolve));
}

function release(w: JobWorker, source: string): void {
  w.current = null;
  if (w.dead) {
    // Its place goes to the next request in the queue, on a new worker.
    waiting.shift()?.(start(source));
    return;
  }
  const next = waiting.shift();
  if (next) next(w);
  else {
    w.worker.unref();
    idle.push(w);
  }
}

/** Runs a scenario in a simulation worker; errors come back as the same ConcordatError outcomes. */
export async function simulateInWorker(scenario: unknown, economy: Economy, options: { trials: number; seed: number }): Promise<SimulateOutput> {
  const source = bundledWorkerSource(new URL('./simulation-worker.ts', import.meta.url));
  if (source === null) return simulateJson(scenario, economy, { ...options, workers: 1 });
  const w = await acquire(source);
  w.worker.ref();
  try {
    await w.ready;
    const id = nextId++;
    w.current = id;
    return await new Promise<SimulateOutput>((resolve, reject) => {
      pending.set(id, { resolve, reject });
      w.worker.postMessage({ id, scenario, economy, trials: options.trials, seed: options.seed });
    });
  } finally {
    release(w, source);
  }
}

/** Ends the simulation workers (server shutdown). */
export async function shutdownSimulationJobs(): Promise<void> {
  const all = idle.splice(0, idle.length);
  started -= all.length;
  await Promise.all(all.map((w) => w.worker.terminate()));
}
