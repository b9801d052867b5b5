/**
 * The threads that price one file: worker threads, each with a {@link ChunkPricer}, and, when
 * allowed, a pricer on the calling thread. Chunks go to the worker with the fewest in hand (two at
 * most); their buffers are transferred, not copied, and come back for reuse, so memory stays at
 * (2 x workers + 2) buffers. A worker's failure is kept and thrown at the next step.
 */
import type { Worker } from 'node:worker_threads';
import { ChunkPricer, warmUpPricer, type JobReport, type ThreadTotals } from './chunk-pricer.ts';
import type { Chunk } from './chunk-reader.ts';
import { spawnPricingWorker, type FromWorker, type PricerInit, type ToWorker } from './threads.ts';

interface WorkerSlot {
  worker: Worker;
  ready: boolean;
  inFlight: number;
  used: boolean;
}

export class PricingPool {
  private readonly slots: WorkerSlot[] = [];
  private readonly free: ArrayBuffer[] = [];
  private allocated = 1; // the reader's first buffer
  private readonly maxBuffers: number;
  private readonly totalsFromWorkers: ThreadTotals[] = [];
  private init: PricerInit | null = null;
  private callingThreadPrices = true;
  private absorb: (report: JobReport) => void = () => undefined;
  private localPricer: ChunkPricer | null = null;
  private failure: unknown;
  private wake: (() => void) | undefined;

  /**
   * Starts the workers; they load their code while the caller reads the tariff and the header, and
   * take part once {@link PricingPool.start} gives them the tables.
   */
  constructor(
    workers: number,
    private readonly chunkBytes: number,
  ) {
    this.maxBuffers = 2 * workers + 2;
    for (let i = 0; i < workers; i++) this.slots.push(this.spawn());
  }

  /**
   * Gives every worker its tables and layout.
   * @param callingThreadPrices whether this thread prices a chunk when no worker slot is free
   *   (false keeps a server's event loop free: it then waits)
   * @param absorb receives each priced chunk's report, in any order
   */
  start(init: PricerInit, callingThreadPrices: boolean, absorb: (report: JobReport) => void): void {
    this.init = init;
    this.callingThreadPrices = callingThreadPrices || this.slots.length === 0;
    this.absorb = absorb;
    const msg: ToWorker = { type: 'init', init };
    for (const s of this.slots) s.worker.postMessage(msg);
  }

  private started(): PricerInit {
    if (!this.init) throw new Error('PricingPool.start() has not been called');
    return this.init;
  }

  private spawn(): WorkerSlot {
    const slot: WorkerSlot = { worker: spawnPricingWorker(), ready: false, inFlight: 0, used: false };
    slot.worker.on('message', (msg: FromWorker) => {
      if (msg.type === 'ready') slot.ready = true;
      else if (msg.type === 'done') {
        slot.inFlight--;
        this.free.push(msg.buffer);
        this.record(msg.report);
      } else this.totalsFromWorkers.push(msg.totals);
      this.signal();
    });
    slot.worker.on('error', (e) => {
      this.failure ??= e;
      this.signal();
    });
    slot.worker.on('exit', (code) => {
      if (slot.inFlight > 0) this.failure ??= new Error(`pricing worker exited (code ${code}) with work in hand`);
      this.signal();
    });
    return slot;
  }

  /** Warms this thread's pricer (type feedback before the real run), if it will price. */
  warmUp(): void {
    const init = this.started();
    if (this.callingThreadPrices) warmUpPricer(init.tables, init.layout, init.scope, init.reading, init.limits.kernel !== false);
  }

  private record(report: JobReport): void {
    try {
      this.absorb(report);
    } catch (e) {
      this.failure ??= e;
    }
  }

  /** Throws what a worker or the report collector failed with. */
  check(): void {
    if (this.failure) throw this.failure;
  }

  private signal(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  private waitForMessage(): Promise<void> {
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Waits until every worker has started (tests use it to be sure the workers take part). */
  async whenReady(): Promise<void> {
    while (this.slots.some((s) => !s.ready)) {
      this.check();
      await this.waitForMessage();
    }
  }

  /** An empty buffer for the reader: one given back, a new one while under the limit, else the next to come back. */
  readonly takeBuffer = async (): Promise<ArrayBuffer> => {
    for (;;) {
      this.check();
      const b = this.free.pop();
      if (b && b.byteLength > this.chunkBytes) return b;
      if (this.allocated < this.maxBuffers) {
        this.allocated++;
        return new ArrayBuffer(this.chunkBytes + 1);
      }
      await this.waitForMessage();
    }
  };

  /**
   * Prices a chunk: on the least busy ready worker with room (two in hand at most, one near the end of
   * the file), else here if this thread may price, else waits for a worker. The caller sizes the pool
   * so that pricing threads do not outnumber cores (one worker fewer when this thread prices too).
   */
  async dispatch(index: number, chunk: Chunk, nearTheEnd = false): Promise<void> {
    // Two chunks in a worker's hand keep it busy while its next is on the way; near the end of the
    // file, one, so that no thread is left waiting for a worker to finish a queue.
    const depth = nearTheEnd && this.callingThreadPrices ? 1 : 2;
    let best: WorkerSlot | undefined;
    for (;;) {
      for (const s of this.slots) {
        if (!s.ready) continue;
        if (s.inFlight < depth && (!best || s.inFlight < best.inFlight)) best = s;
      }
      if (best || this.callingThreadPrices) break;
      this.check();
      await this.waitForMessage();
    }
    if (best) {
      best.inFlight++;
      best.used = true;
      const msg: ToWorker = { type: 'job', index, buffer: chunk.buffer, start: chunk.start, end: chunk.end, final: chunk.final };
      best.worker.postMessage(msg, [chunk.buffer]);
    } else {
      const init = this.started();
      this.localPricer ??= new ChunkPricer(init.tables, init.layout, init.scope, init.reading, init.limits);
      this.record(this.localPricer.processJob(index, new Uint8Array(chunk.buffer), chunk.start, chunk.end, chunk.final));
      this.free.push(chunk.buffer);
    }
    if (this.slots.length) await new Promise<void>((resolve) => setImmediate(resolve));
    this.check();
  }

  /** Every pricing thread's totals, once the last chunk is priced. A worker answers 'finish' after the jobs it was sent before it. */
  async totals(): Promise<{ totals: ThreadTotals[]; threads: number }> {
    const asked = this.slots.filter((s) => s.used);
    for (const s of asked) s.worker.postMessage({ type: 'finish' } satisfies ToWorker);
    while (this.totalsFromWorkers.length < asked.length) {
      this.check();
      await this.waitForMessage();
    }
    this.check();
    const here = this.localPricer ? [this.localPricer.totals()] : [];
    return { totals: [...here, ...this.totalsFromWorkers], threads: here.length + asked.length };
  }

  /**
   * Stops the workers without waiting for them: tearing a thread down takes tens of milliseconds and
   * nothing depends on it (their buffers and totals have been received or are discarded).
   */
  stop(): void {
    for (const s of this.slots) void s.worker.terminate().catch(() => undefined);
  }
}
