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
import { availableParallelism } from 'node:os';
import { openByteReader, type ActivityByteSource } from './byte-source.ts';
import { POD_CODES, type ReadingRules, type SubmissionScope, type ThreadTotals } from './chunk-pricer.ts';
import { ChunkReader } from './chunk-reader.ts';
import type { PriceTables } from './price-tables.ts';
import { PricingPool } from './pricing-pool.ts';
import { ReportCollector } from './report-collector.ts';
import {
  DEFAULT_MAX_LINE_BYTES,
  HINT_KINDS,
  HINT_LINES_KEPT,
  REJECTIONS_KEPT,
  REJECT_REASONS,
  type AggregateRow,
  type PeriodPodFigures,
  type PricingProgress,
  type PricingResult,
  type RejectReason,
} from './types.ts';

export interface PriceActivityFileOptions {
  /** A path, or a stream such as an HTTP request body. */
  readonly source: ActivityByteSource;
  /**
   * The tariff year's tables (compilePriceTables), or their promise: workers for a large file start
   * loading while it resolves.
   */
  readonly tables: PriceTables | Promise<PriceTables>;
  /** One contract's month: rows for other parties or months are rejected. Null: any provider with an MFF. */
  readonly scope?: SubmissionScope | null;
  /** Ignore spaces around fields, accept lower-case pod and HRG (see ReadingRules). Default false. */
  readonly tolerant?: boolean;
  /** Longest line in bytes; a longer one is rejected (line_too_long). Default 64 KiB. */
  readonly maxLineBytes?: number;
  /** Most rows a file may have; more is an error and nothing is produced. Default: no limit. */
  readonly maxRows?: number;
  /**
   * Worker threads. Default, when the input is at least {@link PriceActivityFileOptions.workerMinBytes}
   * long: one per core, less one when the calling thread prices too; else none.
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
  /**
   * Price with the WebAssembly kernel (default true). False prices with ChunkPricer's own loop only;
   * the results are the same.
   */
  readonly kernel?: boolean;
}

const DEFAULT_CHUNK = 4 << 20;
const DEFAULT_WORKER_MIN_BYTES = 48 << 20;
const LIMITS = { rejectionsKept: REJECTIONS_KEPT, hintLinesKept: HINT_LINES_KEPT };

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
  const scope = options.scope ?? null;
  const reading: ReadingRules = { maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, tolerant: options.tolerant ?? false };
  if (!(Number.isSafeInteger(reading.maxLineBytes) && reading.maxLineBytes > 0)) throw new RangeError('maxLineBytes must be a positive whole number');
  // A buffer always holds a whole line of the longest allowed length with room to spare, so only
  // lines over the limit ever need to be skipped across buffers.
  const chunkBytes = Math.max(256, options.chunkBytes ?? DEFAULT_CHUNK, 2 * reading.maxLineBytes + 2);
  const callingThreadPrices = options.callingThreadPrices ?? true;
  const workerMinBytes = options.workerMinBytes ?? DEFAULT_WORKER_MIN_BYTES;
  // Pricing threads match the cores: this thread counts as one when it prices.
  const workersFor = (big: boolean) => options.workers ?? (big ? Math.max(1, availableParallelism() - (callingThreadPrices ? 1 : 0)) : 0);
  const tablesReady = Promise.resolve(options.tables);
  tablesReady.catch(() => undefined); // awaited below; a failure before then must not go unhandled
  const source = await openByteReader(options.source);
  // A file of known size starts its workers now, so they load while the tariff and header are read.
  let pool: PricingPool | null = source.size !== null ? new PricingPool(workersFor(source.size >= workerMinBytes), chunkBytes) : null;
  try {
    // --- the header, then the threads (a small input is priced in place)
    let takeBuffer = async (): Promise<ArrayBuffer> => new ArrayBuffer(chunkBytes + 1);
    const reader = new ChunkReader(source, chunkBytes, () => takeBuffer(), options.hash !== false);
    const { layout, headerBytes, endsInFirstBuffer } = await reader.readHeader(reading.maxLineBytes);
    pool ??= new PricingPool(workersFor(!endsInFirstBuffer || reader.bytesRead >= workerMinBytes), chunkBytes);
    const tables = await tablesReady;
    const report = new ReportCollector(source.name, options.maxRows ?? Number.POSITIVE_INFINITY, headerBytes, source.size, options.onProgress);
    pool.start({ tables, layout, scope, reading, limits: { ...LIMITS, kernel: options.kernel ?? true } }, callingThreadPrices, report.absorb);
    takeBuffer = pool.takeBuffer;
    // This thread warms up only after the workers are on their way (they start in parallel), and only
    // for an input large enough to pay the warm-up back.
    if ((source.size ?? reader.bytesRead) >= 4 << 20) pool.warmUp();
    if (options.waitForWorkers) await pool.whenReady();

    // --- the stream: chunks in order, to whichever thread is free
    let chunks = 0;
    for (let next = await reader.next(); next !== null; next = await reader.next()) {
      if ('longLineBytes' in next) report.longLine(chunks++, next.longLineBytes);
      else await pool.dispatch(chunks++, next, source.size !== null && source.size - reader.bytesRead < 2 * chunkBytes);
      pool.check();
    }

    // --- totals from every thread, merged and sorted; line numbers for the report
    const { totals, threads } = await pool.totals();
    const merged = mergeTotals(totals, report.readerRejected);
    const { detailed, hints } = report.finish(chunks, merged.hintCounts, {
      tariffYear: tables.year,
      period: scope?.period ?? null,
      maxLineBytes: reading.maxLineBytes,
      expectedFields: layout.columns.length,
    });
    options.onProgress?.({ bytesDone: reader.bytesRead, bytesTotal: source.size });
    return {
      rowsRead: merged.rowsRead,
      rowsPriced: merged.rowsPriced,
      rowsRejected: merged.rowsRejected,
      totalPence: merged.totalPence,
      aggregate: merged.aggregate,
      byPeriodPod: merged.byPeriodPod,
      rejections: { detailed, byReason: merged.byReason, truncated: merged.rowsRejected > detailed.length },
      hints,
      sha256: reader.digest(),
      bytes: reader.bytesRead,
      seconds: (performance.now() - t0) / 1000,
      threads,
      rowsPricedByKernel: merged.rowsPricedByKernel,
    };
  } finally {
    pool?.stop();
    await source.close();
  }
}

interface Merged {
  rowsRead: number;
  rowsPriced: number;
  rowsRejected: number;
  rowsPricedByKernel: number;
  totalPence: bigint;
  byReason: Record<RejectReason, number>;
  hintCounts: number[];
  aggregate: AggregateRow[];
  byPeriodPod: PeriodPodFigures[];
}

/** Adds up every thread's totals (and the reader's own rejections) into one result, sorted (exported for its tests). */
export function mergeTotals(all: readonly ThreadTotals[], readerRejected: { rows: number; reasons: number[] }): Merged {
  let rowsRead = readerRejected.rows;
  let rowsPriced = 0;
  let rowsRejected = readerRejected.rows;
  let rowsPricedByKernel = 0;
  const byReason = Object.fromEntries(REJECT_REASONS.map((r, i) => [r, readerRejected.reasons[i]])) as Record<RejectReason, number>;
  const hintCounts = HINT_KINDS.map(() => 0);
  // Codes get one id across threads, then their rank in byte order (as DuckDB sorts VARCHAR; for
  // ASCII, JS string order is the same and cheaper).
  const providerIds = new Map<string, number>();
  const commissionerIds = new Map<string, number>();
  const idOf = (ids: Map<string, number>, name: string): number => {
    let id = ids.get(name);
    if (id === undefined) ids.set(name, (id = ids.size));
    return id;
  };
  const provOf = all.map((t) => t.providerNames.map((name) => idOf(providerIds, name)));
  const commOf = all.map((t) => t.commissionerNames.map((name) => idOf(commissionerIds, name)));
  const rankOf = (ids: Map<string, number>): { rank: Int32Array; names: string[] } => {
    const names = [...ids.keys()];
    const ascii = names.every((n) => /^[\x00-\x7f]*$/.test(n));
    names.sort(ascii ? (a, b) => (a < b ? -1 : a > b ? 1 : 0) : compareBytes);
    const rank = new Int32Array(ids.size);
    names.forEach((n, r) => (rank[ids.get(n)!] = r));
    return { rank, names };
  };
  const providers = rankOf(providerIds);
  const commissioners = rankOf(commissionerIds);
  const pods = new Map<number, { period: number; pod: number; rows: number; pence: bigint }>();
  const periodSet = new Set<number>();
  let groups = 0;
  for (const t of all) {
    rowsRead += t.rowsRead;
    rowsPriced += t.rowsPriced;
    rowsRejected += t.rowsRejected;
    rowsPricedByKernel += t.rowsPricedByKernel;
    t.reasonCounts.forEach((n, i) => (byReason[REJECT_REASONS[i]] += n));
    t.hintCounts.forEach((n, i) => (hintCounts[i] += n));
    for (let i = 0; i < t.podRows.length; i++) {
      const key = t.podPeriod[i] * 8 + t.pod[i];
      const have = pods.get(key);
      if (have) {
        have.rows += t.podRows[i];
        have.pence += BigInt(t.podPence[i]);
      } else pods.set(key, { period: t.podPeriod[i], pod: t.pod[i], rows: t.podRows[i], pence: BigInt(t.podPence[i]) });
    }
    groups += t.groupRows.length;
    for (const p of t.groupPeriod) periodSet.add(p);
  }
  const periods = [...periodSet].sort((a, b) => a - b);
  const periodNames = periods.map(periodText);
  // Ranks by lookup in small arrays (this runs once, mostly before it is optimised: few steps a group).
  const firstPeriod = periods.length ? periods[0] : 0;
  const periodRank = new Int32Array(periods.length ? periods[periods.length - 1] - firstPeriod + 1 : 0);
  periods.forEach((p, r) => (periodRank[p - firstPeriod] = r));

  // Every thread's groups in one list, each under its sort key (provider, commissioner, period ranks),
  // sorted; equal keys are then neighbours and add up in one pass.
  const rows = new Float64Array(groups);
  const pence = new Float64Array(groups);
  const carry = new Map<number, bigint>();
  const keyOf = new Float64Array(groups);
  const nC = Math.max(1, commissionerIds.size);
  const nP = Math.max(1, periods.length);
  // Key and position packed in one double sort natively when they fit in 53 bits, else a comparator.
  const shift = 2 ** Math.ceil(Math.log2(groups + 1));
  const packs = Math.max(1, providerIds.size) * nC * nP * shift <= Number.MAX_SAFE_INTEGER;
  const packed = new Float64Array(packs ? groups : 0);
  let at = 0;
  all.forEach((t, ti) => {
    for (const [g, c] of t.groupCarries) carry.set(at + g, BigInt(c));
    const provRank = Int32Array.from(provOf[ti], (id) => providers.rank[id] * nC);
    const commRank = Int32Array.from(commOf[ti], (id) => commissioners.rank[id]);
    const { groupProvider, groupCommissioner, groupPeriod, groupRows, groupPence } = t;
    for (let g = 0; g < groupRows.length; g++, at++) {
      const key = (provRank[groupProvider[g]] + commRank[groupCommissioner[g]]) * nP + periodRank[groupPeriod[g] - firstPeriod];
      keyOf[at] = key;
      if (packs) packed[at] = key * shift + at;
      rows[at] = groupRows[g];
      pence[at] = groupPence[g];
    }
  });
  let order: ArrayLike<number>;
  if (packs) {
    packed.sort();
    for (let i = 0; i < groups; i++) packed[i] = packed[i] % shift;
    order = packed;
  } else {
    order = Array.from(keyOf, (_, i) => i).sort((a, b) => keyOf[a] - keyOf[b]);
  }

  let totalPence = 0n;
  const aggregate: AggregateRow[] = [];
  for (let i = 0; i < groups; ) {
    const first = order[i];
    const key = keyOf[first];
    let rowsSum = 0;
    let small = 0; // exact while a safe integer
    let big: bigint | null = null;
    for (; i < groups && keyOf[order[i]] === key; i++) {
      const g = order[i];
      rowsSum += rows[g];
      const c = carry.get(g);
      const sum = small + pence[g];
      if (big !== null || c !== undefined || !Number.isSafeInteger(sum)) {
        big = (big ?? BigInt(small)) + BigInt(pence[g]) + (c ?? 0n);
        small = 0;
      } else small = sum;
    }
    const groupPence = big ?? BigInt(small);
    totalPence += groupPence;
    const periodR = key % nP;
    const pc = (key - periodR) / nP;
    aggregate.push({
      provider: providers.names[Math.floor(pc / nC)],
      commissioner: commissioners.names[pc % nC],
      period: periodNames[periodR],
      rows: rowsSum,
      totalPence: groupPence,
    });
  }
  const byPeriodPod: PeriodPodFigures[] = [...pods.values()]
    .sort((a, b) => a.period - b.period || a.pod - b.pod)
    .map((p) => ({ period: periodText(p.period), pod: POD_CODES[p.pod], rows: p.rows, pence: p.pence }));
  return { rowsRead, rowsPriced, rowsRejected, rowsPricedByKernel, totalPence, byReason, hintCounts, aggregate, byPeriodPod };
}
