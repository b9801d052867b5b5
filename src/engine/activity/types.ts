/**
 * Public types of the activity ingest and pricing engine ("Concordat activity CSV v1").
 *
 * Money: every price is integer pence. Totals are `bigint` because a year of national activity
 * (or a synthetic 10^10-row file) can pass 2^53 pence; per-line amounts are exact integers computed
 * with a BigInt fallback whenever `base_pence × mff_micro` would leave the safe-integer range.
 */

/** Why a row was rejected (never priced). Codes are stable; the index is the wire/array code. */
export const REJECT_REASONS = [
  'column_count', // wrong number of fields (line ends with a newline)
  'missing_field', // a required field is empty
  'unknown_provider', // provider has no MFF in mff.csv
  'bad_period', // period is not YYYY-MM with month 01-12
  'unknown_pod', // pod is not OPFA, OPFU, DC, EL or NEL
  'unknown_hrg', // admitted row whose HRG is not in apc_tariff.csv
  'unknown_tfc', // outpatient row whose TFC is not in op_tariff.csv
  'bad_number', // los is not a non-negative integer (at most 2^31-1)
  'truncated_line', // last line has no trailing newline and too few fields
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Suspect but valid rows: priced, and listed so a person can look. */
export const HINT_KINDS = [
  'los_over_365',
  'outpatient_with_los',
  'outpatient_with_hrg',
  'admitted_with_tfc',
  'day_case_with_los',
  'blank_line',
] as const;
export type HintKind = (typeof HINT_KINDS)[number];

export const HINT_MESSAGES: Record<HintKind, string> = {
  los_over_365: 'length of stay over 365 days',
  outpatient_with_los: 'outpatient row (OPFA/OPFU) with a length of stay (ignored)',
  outpatient_with_hrg: 'outpatient row (OPFA/OPFU) with an HRG (ignored; priced by TFC)',
  admitted_with_tfc: 'admitted row (DC/EL/NEL) with a TFC (ignored; priced by HRG)',
  day_case_with_los: 'day case with a length of stay above 0',
  blank_line: 'blank line (skipped, not counted as a row)',
};

/** One rejected row. `line` is the 1-based line number in the file (the header is line 1). */
export interface Rejection {
  readonly line: number;
  readonly field: string;
  readonly reason: RejectReason;
  /** The offending field's text (at most 40 characters), or the field count for column errors. */
  readonly value: string;
}

export interface Hint {
  readonly kind: HintKind;
  readonly message: string;
  readonly count: number;
  /** The first few (at most {@link HINT_LINES_KEPT}) line numbers, in file order. */
  readonly firstLines: readonly number[];
}

/** How many rejections are kept in detail; beyond this only the counts by reason grow. */
export const REJECTIONS_KEPT = 1000;
export const HINT_LINES_KEPT = 5;

export interface RejectionReport {
  /** The first {@link REJECTIONS_KEPT} rejections in file order. */
  readonly detailed: readonly Rejection[];
  /** Every rejection counted by reason (reasons with no rows are 0). */
  readonly byReason: Readonly<Record<RejectReason, number>>;
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

export interface PricingResult {
  readonly rowsRead: number;
  readonly rowsPriced: number;
  readonly rowsRejected: number;
  /** Exact sum of every priced line (bigint: can pass 2^53). */
  readonly totalPence: bigint;
  /** Ordered by provider, commissioner, period (byte order), like the peer's `order by all`. */
  readonly aggregate: readonly AggregateRow[];
  readonly rejections: RejectionReport;
  readonly hints: readonly Hint[];
  /** Hex SHA-256 of the activity file's bytes, computed while streaming. */
  readonly sha256: string;
  readonly bytes: number;
  readonly seconds: number;
  /** Threads that parsed (1 = main thread only). */
  readonly threads: number;
}

export interface PricingProgress {
  readonly bytesDone: number;
  readonly bytesTotal: number;
}
