/**
 * Worker-thread entry: builds an {@link ActivityKernel} from workerData, prices the jobs it is
 * posted (transferring each buffer back when done) and posts its totals when asked to finish.
 * Started by spawnPricingWorker() in threads.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ActivityKernel, warmUpKernel, type HeaderLayout } from './kernel.ts';
import type { TariffData } from './tariff.ts';
import type { FromWorker, ToWorker } from './threads.ts';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const init = workerData as { tariff: TariffData; layout: HeaderLayout };
warmUpKernel(init.tariff, init.layout);
const kernel = new ActivityKernel(init.tariff, init.layout);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'job') {
    const report = kernel.processJob(msg.index, new Uint8Array(msg.buffer), msg.start, msg.end, msg.final);
    const reply: FromWorker = { type: 'done', report, buffer: msg.buffer };
    port.postMessage(reply, [msg.buffer]);
  } else {
    const reply: FromWorker = { type: 'totals', totals: kernel.totals() };
    port.postMessage(reply);
  }
});
const ready: FromWorker = { type: 'ready' };
port.postMessage(ready);
