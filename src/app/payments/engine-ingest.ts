/**
 * A month of one contract's patient-level activity (Concordat activity CSV v1), priced by the
 * streaming engine (src/engine/activity) against the stored tariff year: the one pricing path the
 * `price` command and the benchmark use too, with the domain's rules as its single source.
 *
 * The file or request body is streamed, never held: every byte goes through SHA-256 as it is read;
 * large files are priced on worker threads so the server's event loop stays free. Each row is checked
 * against the contract's parties and the submission's month; bad rows are rejected and reported (line,
 * field, reason, message, value; the first 1000 in detail, all counted), suspect but valid rows are
 * priced and listed as hints. A source that cannot be read at all (missing, not a file, empty, wrong
 * header, no rows, more rows than allowed) throws a ConcordatError before anything is produced, so
 * the caller records nothing.
 *
 * Same input and output as ingestActivity in ingest.ts, which it replaces.
 */

import type { Readable } from 'node:stream';
import { ConcordatError, invalid } from '../../domain/errors.ts';
import type { Pence } from '../../domain/money.ts';
import {
  ACTIVITY_HINTS,
  type ActivityHintKind,
  type ActivityRejectReason,
  type PointOfDelivery,
} from '../../domain/pricing/index.ts';
import type { Tariff } from '../../domain/tariff/index.ts';
import { compilePriceTables, DEFAULT_MAX_LINE_BYTES, priceActivityFile, REJECTIONS_KEPT } from '../../engine/activity/index.ts';

export { ACTIVITY_HINTS, ACTIVITY_REJECT_REASONS, type ActivityHintKind, type ActivityRejectReason } from '../../domain/pricing/index.ts';
export { REJECTIONS_KEPT };

/** Where the bytes come from: a path on disk, or a stream (an HTTP request body). */
export type ActivitySource = { readonly path: string } | { readonly stream: Readable; readonly fileName: string };

/** The contract's month a file is checked against, and the tariff year it is priced by. */
export interface IngestRules {
  /** YYYY-MM */
  readonly period: string;
  readonly tariff: Tariff;
  readonly providers: ReadonlySet<string>;
  readonly commissioners: ReadonlySet<string>;
}

export interface ActivityRejection {
  /** 1-based line in the file (the header is line 1). */
  readonly line: number;
  readonly field: string;
  readonly reason: ActivityRejectReason;
  readonly message: string;
  /** The offending text (at most 40 characters), the field count, or the line's length. */
  readonly value: string;
}

export interface ActivityHint {
  readonly kind: ActivityHintKind;
  readonly message: string;
  readonly count: number;
  readonly firstLines: readonly number[];
}

export interface RejectionSummary {
  /** The first {@link REJECTIONS_KEPT} rejections in file order. */
  readonly detailed: readonly ActivityRejection[];
  readonly byReason: Readonly<Partial<Record<ActivityRejectReason, number>>>;
  readonly truncated: boolean;
}

/** A month's priced figures, as statements read them from a submission's `monthly`. */
export interface MonthFigures {
  readonly pricedPence: Pence;
  readonly pricedByPod: Partial<Record<PointOfDelivery, Pence>>;
  readonly volumes: Partial<Record<PointOfDelivery, number>>;
}

export interface IngestReport {
  readonly rowsRead: number;
  readonly rowsPriced: number;
  readonly rowsRejected: number;
  readonly totalPence: Pence;
  readonly sha256: string;
  readonly bytes: number;
  readonly rejections: RejectionSummary;
  readonly hints: readonly ActivityHint[];
  /** The period's priced figures (one entry: the submission's period; none when no row was priced). */
  readonly monthly: Readonly<Record<string, MonthFigures>>;
}

/** Most rows one monthly file may have by default: a whole region's month fits; a runaway export does not. */
export const DEFAULT_MAX_SUBMISSION_ROWS = 25_000_000;

export interface SubmissionLimits {
  /** Longest line in bytes; a longer one is rejected as one row (line_too_long). Default 64 KiB. */
  readonly maxLineBytes?: number;
  /** Most rows a file may have; more is refused and nothing is recorded. Default {@link DEFAULT_MAX_SUBMISSION_ROWS}. */
  readonly maxRows?: number;
  /** Worker threads for a large file. Default one per core. */
  readonly workers?: number;
  /**
   * Files smaller than this are priced in place (a worker costs more to start than a typical
   * contract's month takes to price). Default 1 MiB, about 35,000 rows.
   */
  readonly inPlaceMaxBytes?: number;
}

/**
 * Streams a month of patient-level activity for one contract and prices it. Throws ConcordatError
 * (invalid or not_found) for a source that cannot be read at all; never throws for a bad row.
 *
 * @example
 * const report = await priceMonthlySubmission({ path: 'dudley-2023-10.csv' }, {
 *   period: '2023-10', tariff, providers: new Set(['RNA']), commissioners: new Set(['D2P2L']),
 * });
 * report.monthly['2023-10'].pricedByPod.EL // pence
 */
export async function priceMonthlySubmission(source: ActivitySource, rules: IngestRules, limits: SubmissionLimits = {}): Promise<IngestReport> {
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(rules.period)) throw invalid('period', `must be a period YYYY-MM: "${rules.period}"`);
  const result = await priceActivityFile({
    source: 'path' in source ? { path: source.path } : { stream: source.stream, name: source.fileName },
    tables: compilePriceTables(rules.tariff),
    scope: { providers: [...rules.providers], commissioners: [...rules.commissioners], period: rules.period },
    tolerant: true,
    maxLineBytes: limits.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    maxRows: limits.maxRows ?? DEFAULT_MAX_SUBMISSION_ROWS,
    workers: limits.workers,
    workerMinBytes: limits.inPlaceMaxBytes ?? 1 << 20,
    callingThreadPrices: false,
  });
  if (result.rowsRead === 0) throw invalid('file', 'the file has a header but no rows');
  if (result.totalPence > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ConcordatError('invalid', `the month's total, ${result.totalPence} pence, is beyond what a submission can record`);
  }
  const pricedByPod: Partial<Record<PointOfDelivery, Pence>> = {};
  const volumes: Partial<Record<PointOfDelivery, number>> = {};
  for (const p of result.byPeriodPod) {
    if (p.period !== rules.period) continue; // cannot happen: other months are rejected (wrong_period)
    pricedByPod[p.pod] = Number(p.pence);
    volumes[p.pod] = p.rows;
  }
  const byReason: Partial<Record<ActivityRejectReason, number>> = {};
  for (const [reason, n] of Object.entries(result.rejections.byReason) as [ActivityRejectReason, number][]) if (n > 0) byReason[reason] = n;
  const totalPence = Number(result.totalPence);
  return {
    rowsRead: result.rowsRead,
    rowsPriced: result.rowsPriced,
    rowsRejected: result.rowsRejected,
    totalPence,
    sha256: result.sha256,
    bytes: result.bytes,
    rejections: {
      detailed: result.rejections.detailed.map((r) => ({ line: r.line, field: r.field, reason: r.reason, message: r.message, value: r.value })),
      byReason,
      truncated: result.rejections.truncated,
    },
    hints: result.hints.map((h) => ({ kind: h.kind, message: ACTIVITY_HINTS[h.kind], count: h.count, firstLines: h.firstLines })),
    monthly: result.rowsPriced > 0 ? { [rules.period]: { pricedPence: totalPence, pricedByPod, volumes } } : {},
  };
}
