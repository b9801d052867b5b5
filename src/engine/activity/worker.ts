/**
 * Worker-thread entry: builds a {@link ChunkPricer} from workerData, prices the jobs it is posted
 * (transferring each buffer back when done) and posts its totals when asked to finish.
 * Started by spawnPricingWorker() in threads.ts.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ChunkPricer, warmUpPricer } from './chunk-pricer.ts';
import type { FromWorker, PricerInit, ToWorker } from './threads.ts';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
const init = workerData as PricerInit;
warmUpPricer(init.tables, init.layout, init.scope, init.reading);
const pricer = new ChunkPricer(init.tables, init.layout, init.scope, init.reading, init.limits);

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'job') {
    const report = pricer.processJob(msg.index, new Uint8Array(msg.buffer), msg.start, msg.end, msg.final);
    const reply: FromWorker = { type: 'done', report, buffer: msg.buffer };
    port.postMessage(reply, [msg.buffer]);
  } else {
    const reply: FromWorker = { type: 'totals', totals: pricer.totals() };
    port.postMessage(reply);
  }
});
const ready: FromWorker = { type: 'ready' };
port.postMessage(ready);
