/**
 * Worker entry for the stress test. Workers are kept in a pool and take one job at a time: the
 * compiled model (typed arrays, structured-cloned), a range of trials and the shared outcome
 * arrays. The worker imports only the kernel and the trial loop so it starts quickly.
 */

import { parentPort } from 'node:worker_threads';
import type { CompiledModel } from '../../domain/impact/model.ts';
import type { Uncertainty } from '../../domain/impact/scenario.ts';
import { computePercentiles, runTrialRange, viewTrialArrays, type TrialBuffersSpec, type TrialLayout } from './trials.ts';

export interface WorkerJob {
  readonly type: 'job';
  readonly id: number;
  readonly model: CompiledModel;
  readonly uncertainty: Uncertainty | undefined;
  readonly seed: number;
  readonly from: number;
  readonly to: number;
  readonly layout: TrialLayout;
  readonly buffers: TrialBuffersSpec;
}

/** Percentiles of outcome series [from, to) into `out` (a SharedArrayBuffer of doubles). */
export interface PercentileJob {
  readonly type: 'percentiles';
  readonly id: number;
  readonly layout: TrialLayout;
  readonly buffers: TrialBuffersSpec;
  readonly qs: readonly number[];
  readonly from: number;
  readonly to: number;
  readonly out: SharedArrayBuffer;
}

export type WorkerReply =
  | { type: 'ready' }
  | { type: 'progress'; id: number; done: number }
  | { type: 'done'; id: number }
  | { type: 'error'; id: number; message: string };

const port = parentPort!;
port.on('message', (job: WorkerJob | PercentileJob) => {
  try {
    if (job.type === 'percentiles') {
      computePercentiles(viewTrialArrays(job.buffers), job.layout, job.qs, job.from, job.to, new Float64Array(job.out));
      port.postMessage({ type: 'done', id: job.id } satisfies WorkerReply);
      return;
    }
    let reported = 0;
    runTrialRange(job.model, job.uncertainty, job.seed, job.from, job.to, job.layout, viewTrialArrays(job.buffers), (done) => {
      port.postMessage({ type: 'progress', id: job.id, done: done - reported } satisfies WorkerReply);
      reported = done;
    });
    port.postMessage({ type: 'done', id: job.id } satisfies WorkerReply);
  } catch (e) {
    port.postMessage({ type: 'error', id: job.id, message: e instanceof Error ? e.message : String(e) } satisfies WorkerReply);
  }
});
port.postMessage({ type: 'ready' } satisfies WorkerReply);
