/**
 * priceActivityFile(): streams an activity file (a path or a Readable) through {@link ChunkPricer}s on
 * worker threads and, when allowed, the calling thread.
 *
 * The calling thread reads the source in order in large chunks (never the whole file), feeds every
 * byte to SHA-256 as it is read, cuts each chunk at its last newline (the partial line is copied to
 * the front of the next chunk) and hands the chunk to a worker with an idle slot; when every worker
 * is busy it either prices the chunk itself (a command-line run, fastest) or waits (the server,
 * whose event loop must stay free). Buffers are transferred (not copied) to workers and come back
 * for reuse, so memory is bounded by (2 x workers + 2) x chunk size plus the totals.
 *
 * A line longer than the limit is rejected as one row and skipped without being held: time stays
 * linear in the bytes and memory bounded, however long the line. A file with more rows than the
 * limit stops with an error and produces nothing.
 */
import { createHash } from 'node:crypto';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { ConcordatError } from '../../domain/errors.ts';
import { rejectionMessage } from '../../domain/pricing/reasons.ts';
import { openByteReader, type ActivityByteSource } from './byte-source.ts';
import {
  ChunkPricer,
  layoutFromHeader,
  POD_CODES,
  warmUpPricer,
  type HeaderLayout,
  type JobReport,
  type ReadingRules,
  type SubmissionScope,
  type ThreadTotals,
  type WireRejection,
} from './chunk-pricer.ts';
import type { PriceTables } from './price-tables.ts';
import { spawnPricingWorker, type FromWorker, type PricerInit, type ToWorker } from './threads.ts';
import {
  DEFAULT_MAX_LINE_BYTES,
  HINT_KINDS,
  HINT_LINES_KEPT,
  HINT_MESSAGES,
  REJECTIONS_KEPT,
  REJECT_REASONS,
  type AggregateRow,
  type Hint,
  type PeriodPodFigures,
  type PricingProgress,
  type PricingResult,
  type RejectReason,
  type Rejection,
} from './types.ts';

export interface PriceActivityFileOptions {
  /** A path, or a stream such as an HTTP request body. */
  readonly source: ActivityByteSource;
  /** The tariff year's tables (compilePriceTables). */
  readonly tables: PriceTables;
  /** One contract's month: rows for other parties or months are rejected. Null: any provider with an MFF. */
  readonly scope?: SubmissionScope | null;
  /** Ignore spaces around fields, accept lower-case pod and HRG (see ReadingRules). Default false. */
  readonly tolerant?: boolean;
  /** Longest line in bytes; a longer one is rejected (line_too_long). Default 64 KiB. */
  readonly maxLineBytes?: number;
  /** Most rows a file may have; more is an error and nothing is produced. Default: no limit. */
  readonly maxRows?: number;
  /**
   * Worker threads. Default: one per core when the input is at least
   * {@link PriceActivityFileOptions.workerMinBytes} long, else none.
   */
  readonly workers?: number;
  /** Default 48 MiB (starting a worker costs more CPU than pricing a small file). */
  readonly workerMinBytes?: number;
  /**
   * Whether the calling thread prices chunks when no worker slot is free. True (the default) is
   * fastest for a command-line run; a server passes false so its event loop is never busy for more
   * than a chunk's read and hash (a file under workerMinBytes is then still priced in place).
   */
  readonly callingThreadPrices?: boolean;
  /** Bytes per read and per job. Default 4 MiB. */
  readonly chunkBytes?: number;
  /** Wait until every worker has started before pricing (tests use this to be sure workers take part). */
  readonly waitForWorkers?: boolean;
  /** Called after each chunk is priced. */
  readonly onProgress?: (progress: PricingProgress) => void;
  /**
   * Compute the SHA-256 of the bytes (default true: a submission records it). The `price` command,
   * which records nothing, turns it off.
   */
  readonly hash?: boolean;
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

interface KeptRejection extends WireRejection {
  job: number;
}

const DEFAULT_CHUNK = 4 << 20;
const DEFAULT_WORKER_MIN_BYTES = 48 << 20;
const LIMITS = { rejectionsKept: REJECTIONS_KEPT, hintLinesKept: HINT_LINES_KEPT };
const R_LINE_TOO_LONG = REJECT_REASONS.indexOf('line_too_long');

/** Sorted merge that keeps only the first `limit` items by (job, line). */
function keepFirst<T extends { job: number; line: number }>(kept: T[], incoming: T[], limit: number): T[] {
  if (incoming.length === 0) return kept;
  if (kept.length >= limit && kept[kept.length - 1].job < incoming[0].job) return kept;
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
 * Prices an activity file or stream. Throws a ConcordatError (and produces nothing) when the source
 * is missing, empty or has the wrong header, or has more rows than allowed; bad rows are rejected
 * and reported, never thrown.
 *
 * @example
 * const result = await priceActivityFile({ source: { path: 'activity.csv' }, tables: compilePriceTables(tariff) });
 * result.totalPence // 123456789n
 */
export async function priceActivityFile(options: PriceActivityFileOptions): Promise<PricingResult> {
  const t0 = performance.now();
  const tables = options.tables;
  const scope = options.scope ?? null;
  const reading: ReadingRules = {
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    tolerant: options.tolerant ?? false,
  };
  if (!(Number.isSafeInteger(reading.maxLineBytes) && reading.maxLineBytes > 0)) throw new RangeError('maxLineBytes must be a positive whole number');
  const maxRows = options.maxRows ?? Number.POSITIVE_INFINITY;
  // A buffer always holds a whole line of the longest allowed length with room to spare, so only
  // lines over the limit ever need to be skipped across buffers.
  const chunkBytes = Math.max(256, options.chunkBytes ?? DEFAULT_CHUNK, 2 * reading.maxLineBytes + 2);
  const reader = await openByteReader(options.source);
  const name = reader.name;
  const hash = options.hash === false ? null : createHash('sha256');
  const slots: WorkerSlot[] = [];
  let bytesRead = 0;
  try {
    // Every buffer has one spare byte after the data for the pricer's '\n' sentinel.
    let buffer = new ArrayBuffer(chunkBytes + 1);
    let view = new Uint8Array(buffer);
    let filled = 0;
    let eof = false;
    const fill = async (): Promise<void> => {
      while (filled < view.length - 1 && !eof) {
        const n = await reader.read(view, filled, view.length - 1 - filled);
        if (n === 0) {
          eof = true;
          break;
        }
        hash?.update(view.subarray(filled, filled + n));
        filled += n;
        bytesRead += n;
      }
    };

    // --- the header
    await fill();
    if (bytesRead === 0) throw new ConcordatError('invalid', `activity file is empty: ${name}`);
    let headerEnd = view.subarray(0, filled).indexOf(10);
    if ((headerEnd < 0 && !eof) || headerEnd > reading.maxLineBytes) {
      throw new ConcordatError('invalid', `activity file ${name}: the header line is too long; expected provider,commissioner,period,pod,hrg,tfc,los`);
    }
    if (headerEnd < 0) headerEnd = filled;
    const layout: HeaderLayout | string = layoutFromHeader(Buffer.from(buffer, 0, headerEnd).toString('utf8'));
    if (typeof layout === 'string') {
      throw new ConcordatError(
        'invalid',
        `activity file ${name} has the wrong header (${layout}); expected provider,commissioner,period,pod,hrg,tfc,los`,
        [{ path: ['line 1'], message: layout }],
      );
    }

    // --- threads
    const big = reader.size !== null ? reader.size >= (options.workerMinBytes ?? DEFAULT_WORKER_MIN_BYTES) : !eof || filled >= (options.workerMinBytes ?? DEFAULT_WORKER_MIN_BYTES);
    const workerCount = options.workers ?? (big ? availableParallelism() : 0);
    const callingThreadPrices = workerCount === 0 || (options.callingThreadPrices ?? true);
    const init: PricerInit = { tables, layout, scope, reading, limits: LIMITS };
    let localPricer: ChunkPricer | null = null;
    const pricerHere = (): ChunkPricer => (localPricer ??= new ChunkPricer(tables, layout, scope, reading, LIMITS));
    const free: ArrayBuffer[] = [];
    const maxBuffers = 2 * workerCount + 2;
    let allocated = 1;
    const jobLines: number[] = [];
    let kept: KeptRejection[] = [];
    let hintKept: { job: number; line: number }[][] = HINT_KINDS.map(() => []);
    let rowsSoFar = 0;
    let bytesDone = Math.min(bytesRead, headerEnd + 1);
    let failure: unknown;
    let wake: (() => void) | undefined;
    const signal = (): void => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    const totalsFromWorkers: ThreadTotals[] = [];
    // Rows the reader itself rejected (lines too long to hold), not seen by any pricer.
    const readerRejected = { rows: 0, reasons: REJECT_REASONS.map(() => 0) };

    const absorb = (report: JobReport): void => {
      jobLines[report.index] = report.lines;
      rowsSoFar += report.rows;
      if (rowsSoFar > maxRows) {
        failure ??= new ConcordatError(
          'invalid',
          `activity file ${name} has more than ${maxRows.toLocaleString('en-GB')} rows, the most one file may have; nothing was recorded (split the file, or raise the limit)`,
        );
      }
      if (report.rejections.length) {
        kept = keepFirst(kept, report.rejections.map((r) => ({ ...r, job: report.index })), REJECTIONS_KEPT);
      }
      report.hintLines.forEach((lines, kind) => {
        if (lines.length) hintKept[kind] = keepFirst(hintKept[kind], lines.map((line) => ({ job: report.index, line })), HINT_LINES_KEPT);
      });
      bytesDone += report.bytes;
      options.onProgress?.({ bytesDone, bytesTotal: reader.size });
    };

    for (let i = 0; i < workerCount; i++) {
      const slot: WorkerSlot = { worker: spawnPricingWorker(init), ready: false, inFlight: 0, used: false };
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
    // Warm this thread's pricer only after the workers are on their way (they start in parallel),
    // and only when it will price a good share: small inputs are priced before a warm-up pays back.
    if (callingThreadPrices && (reader.size ?? filled) >= 4 << 20) warmUpPricer(tables, layout, scope, reading);
    const waitForMessage = (): Promise<void> => new Promise((resolve) => (wake = resolve));
    const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));
    const check = (): void => {
      if (failure) throw failure;
    };

    let jobIndex = 0;
    const dispatch = async (job: Job): Promise<void> => {
      // Once any worker is up the calling thread only reads, hashes and feeds (a third busy thread
      // on a 2-core machine slows everyone); until then it prices chunks itself, if it may.
      let best: WorkerSlot | undefined;
      for (;;) {
        let anyReady = false;
        for (const s of slots) {
          if (!s.ready) continue;
          anyReady = true;
          if (s.inFlight < 2 && (!best || s.inFlight < best.inFlight)) best = s;
        }
        if (best || (!anyReady && callingThreadPrices)) break;
        check();
        await waitForMessage();
      }
      if (best) {
        best.inFlight++;
        best.used = true;
        const msg: ToWorker = { type: 'job', ...job };
        best.worker.postMessage(msg, [job.buffer]);
      } else {
        absorb(pricerHere().processJob(job.index, new Uint8Array(job.buffer), job.start, job.end, job.final));
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
    /**
     * The current line, from view[from], has no newline in a full buffer: it is over the limit.
     * Reads on (hashing, holding nothing) to its end and reports it as one rejected row; returns
     * with the bytes after it at the front of the buffer.
     */
    const skipLongLine = async (from: number): Promise<void> => {
      let length = filled - from;
      filled = 0;
      for (;;) {
        await fill();
        const nl = view.subarray(0, filled).indexOf(10);
        if (nl >= 0) {
          length += nl;
          view.copyWithin(0, nl + 1, filled);
          filled -= nl + 1;
          break;
        }
        length += filled;
        filled = 0;
        if (eof) break;
      }
      readerRejected.rows++;
      readerRejected.reasons[R_LINE_TOO_LONG]++;
      absorb({
        index: jobIndex++,
        lines: 1,
        rows: 1,
        bytes: length + 1,
        rejections: [{ line: 1, field: 'line', reason: R_LINE_TOO_LONG, value: `${length} bytes`, pod: -1 }],
        hintLines: HINT_KINDS.map(() => []),
      });
      check();
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
      if (eof) {
        if (filled > start) await dispatch({ index: jobIndex++, buffer, start, end: filled, final: true });
        else free.push(buffer);
        break;
      }
      const cut = view.subarray(0, filled).lastIndexOf(10) + 1;
      if (cut <= start) {
        // No newline since `start` in a full buffer: a line over the limit.
        await skipLongLine(start);
        start = 0;
        await fill();
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
      await fill();
    }

    // --- collect the workers' totals: a worker answers 'finish' after the jobs it was sent before it
    const asked = slots.filter((s) => s.used);
    for (const s of asked) s.worker.postMessage({ type: 'finish' } satisfies ToWorker);
    while (totalsFromWorkers.length < asked.length) {
      check();
      await waitForMessage();
    }
    check();
    const all = [...(localPricer ? [(localPricer as ChunkPricer).totals()] : []), ...totalsFromWorkers];
    const merged = mergeTotals(all, readerRejected);

    // job-relative line numbers -> file line numbers (the header is line 1)
    const before: number[] = [];
    let acc = 1;
    for (let j = 0; j < jobIndex; j++) {
      before[j] = acc;
      acc += jobLines[j] ?? 0;
    }
    const detailed: Rejection[] = kept.map((r) => {
      const reason = REJECT_REASONS[r.reason];
      return {
        line: before[r.job] + r.line,
        field: r.field,
        reason,
        message: rejectionMessage(reason, {
          field: r.field,
          value: r.value,
          tariffYear: tables.year,
          period: scope?.period ?? null,
          pod: r.pod >= 0 ? POD_CODES[r.pod] : null,
          maxLineBytes: reading.maxLineBytes,
          expectedFields: layout.columns.length,
        }),
        value: r.value,
      };
    });
    const hints: Hint[] = [];
    HINT_KINDS.forEach((kind, i) => {
      if (merged.hintCounts[i] > 0) {
        hints.push({ kind, message: HINT_MESSAGES[kind], count: merged.hintCounts[i], firstLines: hintKept[i].map((x) => before[x.job] + x.line) });
      }
    });
    hintKept = [];
    options.onProgress?.({ bytesDone: bytesRead, bytesTotal: reader.size });
    return {
      rowsRead: merged.rowsRead,
      rowsPriced: merged.rowsPriced,
      rowsRejected: merged.rowsRejected,
      totalPence: merged.totalPence,
      aggregate: merged.aggregate,
      byPeriodPod: merged.byPeriodPod,
      rejections: { detailed, byReason: merged.byReason, truncated: merged.rowsRejected > detailed.length },
      hints,
      sha256: hash ? hash.digest('hex') : '',
      bytes: bytesRead,
      seconds: (performance.now() - t0) / 1000,
      threads: (localPricer ? 1 : 0) + asked.length,
    };
  } finally {
    // Workers are stopped but not waited for: tearing a thread down takes tens of milliseconds and
    // nothing depends on it (their buffers and totals have been received or are discarded).
    for (const s of slots) void s.worker.terminate().catch(() => undefined);
    await reader.close();
  }
}

interface Merged {
  rowsRead: number;
  rowsPriced: number;
  rowsRejected: number;
  totalPence: bigint;
  byReason: Record<RejectReason, number>;
  hintCounts: number[];
  aggregate: AggregateRow[];
  byPeriodPod: PeriodPodFigures[];
}

/** Adds up every thread's totals (and the reader's own rejections) into one result, sorted. */
function mergeTotals(all: readonly ThreadTotals[], readerRejected: { rows: number; reasons: number[] }): Merged {
  let rowsRead = readerRejected.rows;
  let rowsPriced = 0;
  let rowsRejected = readerRejected.rows;
  const byReason = Object.fromEntries(REJECT_REASONS.map((r, i) => [r, readerRejected.reasons[i]])) as Record<RejectReason, number>;
  const hintCounts = HINT_KINDS.map(() => 0);
  // Groups are merged on numbers: codes get one id across threads, a group key is (provider, commissioner, period).
  const providerIds = new Map<string, number>();
  const commissionerIds = new Map<string, number>();
  const idOf = (ids: Map<string, number>, name: string): number => {
    let id = ids.get(name);
    if (id === undefined) ids.set(name, (id = ids.size));
    return id;
  };
  const index = new Map<number | string, number>();
  const gProvider: number[] = [];
  const gCommissioner: number[] = [];
  const gPeriod: number[] = [];
  const gRows: number[] = [];
  const gPence: number[] = [];
  /** Groups whose total is beyond exact doubles, summed in BigInt. */
  const gBig = new Map<number, bigint>();
  const pods = new Map<number, { period: number; pod: number; rows: number; pence: bigint }>();
  for (const t of all) {
    rowsRead += t.rowsRead;
    rowsPriced += t.rowsPriced;
    rowsRejected += t.rowsRejected;
    t.reasonCounts.forEach((n, i) => (byReason[REJECT_REASONS[i]] += n));
    t.hintCounts.forEach((n, i) => (hintCounts[i] += n));
    const prov = t.providerNames.map((name) => idOf(providerIds, name));
    const comm = t.commissionerNames.map((name) => idOf(commissionerIds, name));
    const carries = new Map(t.groupCarries);
    for (let g = 0; g < t.groupRows.length; g++) {
      const p = prov[t.groupProvider[g]];
      const c = comm[t.groupCommissioner[g]];
      // (provider, commissioner, period) as one exact number (periods are below 120,000), or as text
      // for an economy with more than a thousand providers.
      const key = p < 1000 ? (p * 0x4000000 + c) * 120_000 + t.groupPeriod[g] : `${p},${c},${t.groupPeriod[g]}`;
      let m = index.get(key);
      if (m === undefined) {
        index.set(key, (m = gRows.length));
        gProvider.push(p);
        gCommissioner.push(c);
        gPeriod.push(t.groupPeriod[g]);
        gRows.push(0);
        gPence.push(0);
      }
      gRows[m] += t.groupRows[g];
      const carry = carries.get(g);
      const sum = gPence[m] + t.groupPence[g];
      if (carry !== undefined || !Number.isSafeInteger(sum) || gBig.has(m)) {
        gBig.set(m, (gBig.get(m) ?? BigInt(gPence[m])) + BigInt(t.groupPence[g]) + (carry === undefined ? 0n : BigInt(carry)));
        gPence[m] = 0;
      } else gPence[m] = sum;
    }
    for (let i = 0; i < t.podRows.length; i++) {
      const key = t.podPeriod[i] * 8 + t.pod[i];
      const have = pods.get(key);
      if (have) {
        have.rows += t.podRows[i];
        have.pence += BigInt(t.podPence[i]);
      } else pods.set(key, { period: t.podPeriod[i], pod: t.pod[i], rows: t.podRows[i], pence: BigInt(t.podPence[i]) });
    }
  }
  // Byte order of the codes, as DuckDB sorts VARCHAR (for ASCII, JS string order is the same and cheaper).
  const rankOf = (ids: Map<string, number>): Int32Array => {
    const names = [...ids.keys()];
    const ascii = names.every((n) => /^[\x00-\x7f]*$/.test(n));
    names.sort(ascii ? (a, b) => (a < b ? -1 : a > b ? 1 : 0) : compareBytes);
    const rank = new Int32Array(ids.size);
    names.forEach((n, r) => (rank[ids.get(n)!] = r));
    return rank;
  };
  const providerRank = rankOf(providerIds);
  const commissionerRank = rankOf(commissionerIds);
  const providerName = [...providerIds.keys()];
  const commissionerName = [...commissionerIds.keys()];
  const order = Array.from(gRows, (_, i) => i).sort(
    (a, b) =>
      providerRank[gProvider[a]] - providerRank[gProvider[b]] ||
      commissionerRank[gCommissioner[a]] - commissionerRank[gCommissioner[b]] ||
      gPeriod[a] - gPeriod[b],
  );
  let totalPence = 0n;
  const aggregate: AggregateRow[] = order.map((m) => {
    const pence = gBig.get(m) ?? BigInt(gPence[m]);
    totalPence += pence;
    return { provider: providerName[gProvider[m]], commissioner: commissionerName[gCommissioner[m]], period: periodText(gPeriod[m]), rows: gRows[m], totalPence: pence };
  });
  const byPeriodPod: PeriodPodFigures[] = [...pods.values()]
    .sort((a, b) => a.period - b.period || a.pod - b.pod)
    .map((p) => ({ period: periodText(p.period), pod: POD_CODES[p.pod], rows: p.rows, pence: p.pence }));
  return { rowsRead, rowsPriced, rowsRejected, totalPence, byReason, hintCounts, aggregate, byPeriodPod };
}
