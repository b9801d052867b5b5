/**
 * Worker-thread entry: waits for its 'init' message, builds a {@link ChunkPricer} from it, prices the
 * jobs it is posted (transferring each buffer back when done) and posts its totals when asked to
 * finish. Started by spawnPricingWorker() in threads.ts, before the tariff is known.
 */
import { parentPort } from 'node:worker_threads';
import { ChunkPricer, warmUpPricer } from './chunk-pricer.ts';
import type { FromWorker, ToWorker } from './threads.ts';

const port = parentPort;
if (!port) throw new Error('worker.ts must run in a worker thread');
let pricer: ChunkPricer | null = null;

port.on('message', (msg: ToWorker) => {
  if (msg.type === 'init') {
    const { init } = msg;
    warmUpPricer(init.tables, init.layout, init.scope, init.reading, init.limits.kernel !== false);
    pricer = new ChunkPricer(init.tables, init.layout, init.scope, init.reading, init.limits);
    const ready: FromWorker = { type: 'ready' };
    port.postMessage(ready);
  } else if (!pricer) {
    throw new Error(`pricing worker sent '${msg.type}' before 'init'`);
  } else if (msg.type === 'job') {
    const report = pricer.processJob(msg.index, new Uint8Array(msg.buffer), msg.start, msg.end, msg.final);
    const reply: FromWorker = { type: 'done', report, buffer: msg.buffer };
    port.postMessage(reply, [msg.buffer]);
  } else {
    const reply: FromWorker = { type: 'totals', totals: pricer.totals() };
    port.postMessage(reply);
  }
});
