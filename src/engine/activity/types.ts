/**
 * Public types of the activity pricing engine ("Concordat activity CSV v1", shared/bench/README.md,
 * plus the optional columns admission_method, age and bpt_hip_fracture).
 *
 * Money: every price is integer pence. Totals are `bigint` because a year of national activity
 * (or a synthetic 10^10-row file) can pass 2^53 pence; per-line amounts are exact integers computed
 * with a BigInt fallback whenever `base_pence x mff_micro` would leave the safe-integer range.
 */
import type { ActivityHintKind, ActivityRejectReason } from '../../domain/pricing/reasons.ts';
import type { PointOfDelivery } from '../../domain/pricing/types.ts';

export {
  ACTIVITY_HINT_KINDS as HINT_KINDS,
  ACTIVITY_HINTS as HINT_MESSAGES,
  ACTIVITY_REJECT_REASONS as REJECT_REASONS,
  type ActivityHintKind as HintKind,
  type ActivityRejectReason as RejectReason,
} from '../../domain/pricing/reasons.ts';

/** One rejected row. `line` is the 1-based line number in the file (the header is line 1). */
export interface Rejection {
  readonly line: number;
  readonly field: string;
  readonly reason: ActivityRejectReason;
  /** For people: what is wrong, in a sentence. */
  readonly message: string;
  /** The offending field's text (at most 40 characters), the field count, or the line's length. */
  readonly value: string;
}

export interface Hint {
  readonly kind: ActivityHintKind;
  readonly message: string;
  readonly count: number;
  /** The first few (at most {@link HINT_LINES_KEPT}) line numbers, in file order. */
  readonly firstLines: readonly number[];
}

/** How many rejections are kept in detail; beyond this only the counts by reason grow. */
export const REJECTIONS_KEPT = 1000;
export const HINT_LINES_KEPT = 5;
/** Default longest line, in bytes: a v1 row is about 30; a longer line is not activity. */
export const DEFAULT_MAX_LINE_BYTES = 64 << 10;

export interface RejectionReport {
  /** The first {@link REJECTIONS_KEPT} rejections in file order. */
  readonly detailed: readonly Rejection[];
  /** Every rejection counted by reason (reasons with no rows are 0). */
  readonly byReason: Readonly<Record<ActivityRejectReason, number>>;
  /** True when more rejections happened than are listed in `detailed`. */
  readonly truncated: boolean;
}

export interface AggregateRow {
  readonly provider: string;
  readonly commissioner: string;
  /** YYYY-MM */
  readonly period: string;
  readonly rows: number;
  readonly totalPence: bigint;
}

/** Priced rows and pence of one period and point of delivery (what a statement reads). */
export interface PeriodPodFigures {
  /** YYYY-MM */
  readonly period: string;
  readonly pod: PointOfDelivery;
  readonly rows: number;
  readonly pence: bigint;
}

export interface PricingResult {
  readonly rowsRead: number;
  readonly rowsPriced: number;
  readonly rowsRejected: number;
  /** Exact sum of every priced line (bigint: can pass 2^53). */
  readonly totalPence: bigint;
  /** Ordered by provider, commissioner, period (byte order), like the peer's `order by all`. */
  readonly aggregate: readonly AggregateRow[];
  /** Ordered by period, then point of delivery. */
  readonly byPeriodPod: readonly PeriodPodFigures[];
  readonly rejections: RejectionReport;
  readonly hints: readonly Hint[];
  /** Hex SHA-256 of the source's bytes, computed while streaming ('' when not asked for). */
  readonly sha256: string;
  readonly bytes: number;
  readonly seconds: number;
  /** Threads that priced (1 = the calling thread only). */
  readonly threads: number;
  /** Of rowsPriced, those the WebAssembly kernel priced (the rest by ChunkPricer's own loop). */
  readonly rowsPricedByKernel: number;
}

export interface PricingProgress {
  readonly bytesDone: number;
  /** Null for a stream of unknown length. */
  readonly bytesTotal: number | null;
}
