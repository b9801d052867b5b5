/**
 * priceActivity(): streams an activity file through the pricing kernel on the main thread and,
 * for large files, on worker threads too.
 *
 * The main thread reads the file in order in large chunks (never the whole file), feeds every byte
 * to SHA-256 as it is read, cuts each chunk at its last newline (the partial line is copied to the
 * front of the next chunk) and hands the chunk to a worker with an idle slot; when every worker is
 * busy it prices the chunk itself. Buffers are transferred (not copied) to workers and come back
 * for reuse, so memory is bounded by (2 × workers + 2) × chunk size plus the aggregates.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { ConcordatError } from '../../domain/errors.ts';
import { ActivityKernel, layoutFromHeader, warmUpKernel, type HeaderLayout, type JobReport, type ThreadTotals } from './kernel.ts';
import { loadTariff, type TariffData, type TariffPaths } from './tariff.ts';
import { spawnPricingWorker, type FromWorker, type ToWorker } from './threads.ts';
import {
  HINT_KINDS,
  HINT_LINES_KEPT,
  HINT_MESSAGES,
  REJECTIONS_KEPT,
  REJECT_REASONS,
  type AggregateRow,
  type Hint,
  type PricingProgress,
  type PricingResult,
  type RejectReason,
  type Rejection,
} from './types.ts';

export interface PriceActivityOptions {
  /** Path of the activity CSV. */
  readonly activity: string;
  /** The tariff, already loaded, or the paths of its three files. */
  readonly tariff: TariffData | TariffPaths;
  /**
   * Worker threads besides the main thread. Default: one per core when the file is at least
   * {@link PriceActivityOptions.workerMinBytes} long, else none (starting a worker under tsx
   * costs ~150 ms of CPU, more than pricing a small file takes).
   */
  readonly workers?: number;
  /** Default 48 MiB. */
  readonly workerMinBytes?: number;
  /** Bytes per read and per job. Default 4 MiB. */
  readonly chunkBytes?: number;
  /**
   * Wait until every worker has started before pricing (tests use this to be sure the workers
   * take part). By default the main thread starts at once and workers join as they come up.
   */
  readonly waitForWorkers?: boolean;
  /** Called after each chunk is priced. */
  readonly onProgress?: (progress: PricingProgress) => void;
}

interface Job {
  index: number;
  buffer: ArrayBuffer;
  start: number;
  end: number;
  final: boolean;
}

interface WorkerSlot {
  worker: Worker;
  ready: boolean;
  inFlight: number;
  used: boolean;
}

const DEFAULT_CHUNK = 4 << 20;
const DEFAULT_WORKER_MIN_BYTES = 48 << 20;

function isTariffData(t: TariffData | TariffPaths): t is TariffData {
  return Array.isArray((t as TariffData).hrg);
}

function openActivity(path: string): { fd: number; size: number } {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ConcordatError('not_found', `activity file not found: ${path}`);
    throw new ConcordatError('invalid', `activity file cannot be read: ${path} (${code ?? String(e)})`);
  }
  const stat = fstatSync(fd);
  if (!stat.isFile()) {
    closeSync(fd);
    throw new ConcordatError('invalid', `activity file is not a regular file: ${path}`);
  }
  if (stat.size === 0) {
    closeSync(fd);
    throw new ConcordatError('invalid', `activity file is empty: ${path}`);
  }
  return { fd, size: stat.size };
}

/** Sorted merge that keeps only the first `limit` items by (job, line). */
function keepFirst<T extends { job: number; line: number }>(kept: T[], incoming: T[], limit: number): T[] {
  if (incoming.length === 0) return kept;
  if (kept.length >= limit && (kept[kept.length - 1].job < incoming[0].job)) return kept;
  const all = kept.concat(incoming);
  all.sort((a, b) => a.job - b.job || a.line - b.line);
  return all.length > limit ? all.slice(0, limit) : all;
}

function periodText(code: number): string {
  const year = Math.floor(code / 12);
  const month = (code % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Byte-order comparison of two strings (as UTF-8), like DuckDB's default VARCHAR ordering. */
export function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/**
 * Prices an activity file. Throws a ConcordatError (and produces nothing) when the file is missing,
 * empty or has the wrong header, or when the tariff cannot be loaded; bad rows are rejected and
 * reported, never thrown.
 */
export async function priceActivity(options: PriceActivityOptions): Promise<PricingResult> {
  const t0 = performance.now();
  const tariff = isTariffData(options.tariff) ? options.tariff : await loadTariff(options.tariff);
  const chunkBytes = Math.max(1 << 16, options.chunkBytes ?? DEFAULT_CHUNK);
  const { fd, size } = openActivity(options.activity);
  const hash = createHash('sha256');
  const slots: WorkerSlot[] = [];
  try {
    // --- first chunk: the header
    // Every buffer has one spare byte after the data for the kernel's '\n' sentinel.
    let buffer = new ArrayBuffer(chunkBytes + 1);
    let view = new Uint8Array(buffer);
    let filled = 0;
    let filePos = 0;
    const fill = (): number => {
      let total = 0;
      while (filled < view.length - 1 && filePos < size) {
        const n = readSync(fd, view, filled, view.length - 1 - filled, filePos);
        if (n === 0) break;
        hash.update(view.subarray(filled, filled + n));
        filled += n;
        filePos += n;
        total += n;
      }
      return total;
    };
    fill();
    let headerEnd = view.subarray(0, filled).indexOf(10);
    if (headerEnd < 0 && filePos < size) {
      throw new ConcordatError('invalid', `activity file ${options.activity}: header line is too long`);
    }
    if (headerEnd < 0) headerEnd = filled;
    const headerText = Buffer.from(buffer, 0, headerEnd).toString('utf8');
    const layout: HeaderLayout | string = layoutFromHeader(headerText);
    if (typeof layout === 'string') {
      throw new ConcordatError(
        'invalid',
        `activity file ${options.activity} has the wrong header (${layout}); expected provider,commissioner,period,pod,hrg,tfc,los`,
        [{ path: ['line 1'], message: layout }],
      );
    }

    // --- threads
    const workerCount =
      options.workers ?? (size >= (options.workerMinBytes ?? DEFAULT_WORKER_MIN_BYTES) ? availableParallelism() : 0);
    const kernel = new ActivityKernel(tariff, layout);
    const free: ArrayBuffer[] = [];
    const maxBuffers = 2 * workerCount + 2;
    let allocated = 1;
    const jobLines: number[] = [];
    let kept: (Rejection & { job: number; wire: number })[] = [];
    let hintKept: { job: number; line: number }[][] = HINT_KINDS.map(() => []);
    let bytesDone = Math.min(size, headerEnd + 1);
    let failure: unknown;
    let wake: (() => void) | undefined;
    const signal = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const totalsFromWorkers: ThreadTotals[] = [];

    const absorb = (report: JobReport): void => {
      jobLines[report.index] = report.lines;
      if (report.rejections.length) {
        kept = keepFirst(
          kept,
          report.rejections.map((r) => ({
            job: report.index,
            line: r.line,
            wire: r.line,
            field: r.field,
            reason: REJECT_REASONS[r.reason],
            value: r.value,
          })),
          REJECTIONS_KEPT,
        );
      }
      report.hintLines.forEach((lines, kind) => {
        if (lines.length) {
          hintKept[kind] = keepFirst(hintKept[kind], lines.map((line) => ({ job: report.index, line })), HINT_LINES_KEPT);
        }
      });
      bytesDone += report.bytes;
      options.onProgress?.({ bytesDone, bytesTotal: size });
    };

    for (let i = 0; i < workerCount; i++) {
      const slot: WorkerSlot = { worker: spawnPricingWorker(tariff, layout), ready: false, inFlight: 0, used: false };
      slot.worker.on('message', (msg: FromWorker) => {
        if (msg.type === 'ready') slot.ready = true;
        else if (msg.type === 'done') {
          slot.inFlight--;
          free.push(msg.buffer);
          absorb(msg.report);
        } else totalsFromWorkers.push(msg.totals);
        signal();
      });
      slot.worker.on('error', (e) => {
        failure ??= e;
        signal();
      });
      slot.worker.on('exit', (code) => {
        if (slot.inFlight > 0) failure ??= new Error(`pricing worker exited (code ${code}) with work in hand`);
        signal();
      });
      slots.push(slot);
    }
    // Warm the main thread's kernel only after the workers are on their way (they start in parallel),
    // and not at all for small files, which are priced before the JIT would pay back a warm-up.
    if (size >= 4 << 20) warmUpKernel(tariff, layout);
    const waitForMessage = (): Promise<void> => new Promise((resolve) => (wake = resolve));
    const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const check = (): void => {
      if (failure) throw failure;
    };

    let jobIndex = 0;
    const dispatch = async (job: Job): Promise<void> => {
      // Once any worker is up the main thread only reads, hashes and feeds (a third busy thread
      // on a 2-core machine slows everyone); until then it prices chunks itself.
      let best: WorkerSlot | undefined;
      for (;;) {
        let anyReady = false;
        for (const s of slots) {
          if (!s.ready) continue;
          anyReady = true;
          if (s.inFlight < 2 && (!best || s.inFlight < best.inFlight)) best = s;
        }
        if (best || !anyReady) break;
        check();
        await waitForMessage();
      }
      if (best) {
        best.inFlight++;
        best.used = true;
        const msg: ToWorker = { type: 'job', ...job };
        best.worker.postMessage(msg, [job.buffer]);
      } else {
        absorb(kernel.processJob(job.index, new Uint8Array(job.buffer), job.start, job.end, job.final));
        free.push(job.buffer);
      }
      if (slots.length) await yieldToLoop();
      check();
    };
    const takeBuffer = async (): Promise<ArrayBuffer> => {
      for (;;) {
        check();
        const b = free.pop();
        if (b && b.byteLength > chunkBytes) return b;
        if (allocated < maxBuffers) {
          allocated++;
          return new ArrayBuffer(chunkBytes + 1);
        }
        await waitForMessage();
      }
    };

    if (options.waitForWorkers) {
      while (slots.some((s) => !s.ready)) {
        check();
        await waitForMessage();
      }
    }

    // --- the stream
    let start = Math.min(filled, headerEnd + 1);
    for (;;) {
      if (filePos >= size) {
        if (filled > start) await dispatch({ index: jobIndex++, buffer, start, end: filled, final: true });
        else free.push(buffer);
        break;
      }
      const cut = view.subarray(0, filled).lastIndexOf(10) + 1;
      if (cut <= start) {
        // a line longer than the buffer: grow it
        const bigger = new ArrayBuffer(buffer.byteLength * 2);
        new Uint8Array(bigger).set(view.subarray(0, filled));
        buffer = bigger;
        view = new Uint8Array(buffer);
        fill();
        continue;
      }
      const next = await takeBuffer();
      const nextView = new Uint8Array(next);
      nextView.set(view.subarray(cut, filled), 0);
      const carried = filled - cut;
      await dispatch({ index: jobIndex++, buffer, start, end: cut, final: false });
      buffer = next;
      view = nextView;
      filled = carried;
      start = 0;
      fill();
    }

    // --- drain workers and collect their totals
    while (slots.some((s) => s.inFlight > 0)) {
      check();
      await waitForMessage();
    }
    const asked = slots.filter((s) => s.used);
    for (const s of asked) s.worker.postMessage({ type: 'finish' } satisfies ToWorker);
    while (totalsFromWorkers.length < asked.length) {
      check();
      await waitForMessage();
    }
    check();
    const threads = 1 + asked.length;

    // --- merge
    const all = [kernel.totals(), ...totalsFromWorkers];
    let rowsRead = 0;
    let rowsPriced = 0;
    let rowsRejected = 0;
    const byReason = Object.fromEntries(REJECT_REASONS.map((r) => [r, 0])) as Record<RejectReason, number>;
    const hintCounts = HINT_KINDS.map(() => 0);
    const groups = new Map<string, { provider: string; commissioner: string; period: number; rows: number; pence: bigint }>();
    for (const t of all) {
      rowsRead += t.rowsRead;
      rowsPriced += t.rowsPriced;
      rowsRejected += t.rowsRejected;
      t.reasonCounts.forEach((n, i) => (byReason[REJECT_REASONS[i]] += n));
      t.hintCounts.forEach((n, i) => (hintCounts[i] += n));
      for (let g = 0; g < t.groupRows.length; g++) {
        const provider = tariff.provider[t.groupProvider[g]];
        const key = `${t.groupProvider[g]}\u0000${t.groupCommissioner[g]}\u0000${t.groupPeriod[g]}`;
        const have = groups.get(key);
        if (have) {
          have.rows += t.groupRows[g];
          have.pence += BigInt(t.groupPence[g]);
        } else {
          groups.set(key, {
            provider,
            commissioner: t.groupCommissioner[g],
            period: t.groupPeriod[g],
            rows: t.groupRows[g],
            pence: BigInt(t.groupPence[g]),
          });
        }
      }
    }
    let totalPence = 0n;
    const list = [...groups.values()];
    for (const g of list) totalPence += g.pence;
    // Byte order, as DuckDB sorts VARCHAR. For ASCII text JS string order is the same and cheaper.
    const ascii = list.every((g) => /^[\x00-\x7f]*$/.test(g.provider) && /^[\x00-\x7f]*$/.test(g.commissioner));
    const cmp = ascii ? (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0) : compareBytes;
    list.sort((a, b) => cmp(a.provider, b.provider) || cmp(a.commissioner, b.commissioner) || a.period - b.period);
    const aggregate: AggregateRow[] = list.map((g) => ({
      provider: g.provider,
      commissioner: g.commissioner,
      period: periodText(g.period),
      rows: g.rows,
      totalPence: g.pence,
    }));

    // job-relative line numbers → file line numbers (the header is line 1)
    const before: number[] = [];
    let acc = 1;
    for (let j = 0; j < jobIndex; j++) {
      before[j] = acc;
      acc += jobLines[j] ?? 0;
    }
    const detailed: Rejection[] = kept.map((r) => ({
      line: before[r.job] + r.wire,
      field: r.field,
      reason: r.reason,
      value: r.value,
    }));
    const hints: Hint[] = [];
    HINT_KINDS.forEach((kind, i) => {
      if (hintCounts[i] > 0) {
        hints.push({
          kind,
          message: HINT_MESSAGES[kind],
          count: hintCounts[i],
          firstLines: hintKept[i].map((h) => before[h.job] + h.line),
        });
      }
    });
    options.onProgress?.({ bytesDone: size, bytesTotal: size });
    hintKept = [];
    return {
      rowsRead,
      rowsPriced,
      rowsRejected,
      totalPence,
      aggregate,
      rejections: { detailed, byReason, truncated: rowsRejected > detailed.length },
      hints,
      sha256: hash.digest('hex'),
      bytes: size,
      seconds: (performance.now() - t0) / 1000,
      threads,
    };
  } finally {
    closeSync(fd);
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}
