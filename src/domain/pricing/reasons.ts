/**
 * Why a unit of patient-level activity is not priced, and which suspect but valid rows are listed for
 * a person to look at: one list for every path that reads activity (the streaming engine behind
 * submissions and statements, and the `price` command). Codes are stable: they are stored with each
 * submission's rejection report.
 *
 * The checks run in this order, and a row is rejected with the first that fails (the engine and the
 * property test that compares it with {@link pricePence} both follow it):
 *  1. the line: longer than the limit (line_too_long); wrong number of fields (column_count, or
 *     truncated_line for a last line cut short);
 *  2. provider, then commissioner: empty (missing_field); not a party to the contract (not_contract_party);
 *  3. period: empty (missing_field); not YYYY-MM (bad_period); not the submission's month (wrong_period);
 *  4. point of delivery: empty (missing_field); not OPFA, OPFU, OPPROC, DC, EL or NEL (unknown_pod);
 *  5. the code: TFC for OPFA/OPFU, HRG otherwise: empty (missing_field); not in the tariff (unknown_tfc, unknown_hrg);
 *  6. length of stay: not a whole number (bad_number); empty for EL or NEL (missing_field);
 *     age: not a whole number (bad_number); hip fracture flag not Y or N (invalid_activity);
 *  7. the price, as {@link pricePence} decides it: no price for the point of delivery (no_price), a
 *     tariff row that cannot price the spell (tariff_incomplete), then no market forces factor for the
 *     provider (no_mff).
 */

/** Reasons the domain pricer itself gives ({@link pricePence}); a subset of the activity reasons. */
export const PRICING_REJECT_REASONS = [
  'unknown_hrg',
  'unknown_tfc',
  'no_price',
  'tariff_incomplete',
  'no_mff',
  'no_tariff',
  'invalid_activity',
] as const;
export type RejectionReason = (typeof PRICING_REJECT_REASONS)[number];

/** Every reason a row of an activity file can be rejected for. */
export const ACTIVITY_REJECT_REASONS = [
  // the file
  'line_too_long',
  'column_count',
  'truncated_line',
  'missing_field',
  'bad_period',
  'unknown_pod',
  'bad_number',
  // the contract
  'not_contract_party',
  'wrong_period',
  // the tariff
  ...PRICING_REJECT_REASONS,
] as const;
export type ActivityRejectReason = (typeof ACTIVITY_REJECT_REASONS)[number];

/** Suspect but valid rows: priced, and listed (count and first lines) so a person can look. */
export const ACTIVITY_HINTS = {
  los_over_365: 'length of stay over 365 days',
  outpatient_with_los: 'outpatient row (OPFA/OPFU/OPPROC) with a length of stay (ignored)',
  outpatient_with_hrg: 'outpatient attendance (OPFA/OPFU) with an HRG (ignored; priced by TFC)',
  admitted_with_tfc: 'admitted row (DC/EL/NEL) with a TFC (ignored; priced by HRG)',
  day_case_with_los: 'day case with a length of stay above 0',
  zero_los_elective: 'ordinary elective spell with a length of stay of 0 days (a day case?)',
  blank_line: 'blank line (skipped, not counted as a row)',
} as const;
export type ActivityHintKind = keyof typeof ACTIVITY_HINTS;
export const ACTIVITY_HINT_KINDS = Object.keys(ACTIVITY_HINTS) as readonly ActivityHintKind[];

/** What the person reads for a rejection: built from the reason and the offending value. */
export interface RejectionContext {
  readonly field: string;
  readonly value: string;
  /** The tariff's scheme year, e.g. '2025/26'. */
  readonly tariffYear: string;
  /** The submission's month, when the file is one contract's month. */
  readonly period?: string | null;
  /** The point of delivery of the row, when known (for no_price). */
  readonly pod?: string | null;
  /** The maximum line length in bytes (for line_too_long). */
  readonly maxLineBytes?: number;
  /** Fields the header has (for column_count). */
  readonly expectedFields?: number;
}

/**
 * The sentence shown beside a rejected row.
 *
 * @example rejectionMessage('unknown_hrg', { field: 'hrg', value: 'ZZ99Z', tariffYear: '2025/26' })
 * // 'HRG ZZ99Z is not in the 2025/26 tariff'
 */
export function rejectionMessage(reason: ActivityRejectReason, c: RejectionContext): string {
  switch (reason) {
    case 'line_too_long':
      return `the line is ${c.value || 'too long'}, over the limit of ${c.maxLineBytes ?? '?'} bytes: is this an activity file?`;
    case 'column_count':
      return `${c.value} fields, expected ${c.expectedFields ?? 'as many as the header has'}`;
    case 'truncated_line':
      return 'the last line has no newline and too few fields: the file was cut short';
    case 'missing_field':
      return `missing ${FIELD_NAMES[c.field] ?? c.field}`;
    case 'bad_period':
      return 'period must be YYYY-MM with a month 01-12';
    case 'unknown_pod':
      return 'point of delivery must be OPFA, OPFU, OPPROC, DC, EL or NEL';
    case 'bad_number':
      return `${FIELD_NAMES[c.field] ?? c.field} must be a whole number${c.field === 'los' ? ' of days' : ''}`;
    case 'not_contract_party':
      return `${c.field} ${c.value} is not a ${c.field} party to this contract`;
    case 'wrong_period':
      return `period ${c.value} is not this submission's period ${c.period ?? ''}`.trimEnd();
    case 'unknown_hrg':
      return `HRG ${c.value} is not in the ${c.tariffYear} tariff`;
    case 'unknown_tfc':
      return `treatment function code ${c.value} is not in the ${c.tariffYear} tariff`;
    case 'no_price': {
      const what = POD_PRICE_NAMES[c.pod ?? ''];
      return `no ${what ? `${what} ` : ''}price for ${c.value} in the ${c.tariffYear} tariff`;
    }
    case 'tariff_incomplete':
      return `the ${c.tariffYear} tariff row for ${c.value} cannot price this spell (a trim point without a per day long stay payment, or a short stay emergency flag without a reduced price or %)`;
    case 'no_mff':
      return `provider ${c.value} has no market forces factor in the ${c.tariffYear} tariff`;
    case 'no_tariff':
      return `no tariff for the payment-scheme year of ${c.value}`;
    case 'invalid_activity':
      return `${FIELD_NAMES[c.field] ?? c.field} "${c.value}" is not valid`;
  }
}

const FIELD_NAMES: Readonly<Record<string, string>> = {
  provider: 'provider',
  commissioner: 'commissioner',
  period: 'period',
  pod: 'point of delivery',
  hrg: 'HRG',
  tfc: 'treatment function code',
  los: 'length of stay',
  age: 'age',
  admission_method: 'admission method',
  bpt_hip_fracture: 'hip fracture best practice flag (Y or N)',
};

const POD_PRICE_NAMES: Readonly<Record<string, string>> = {
  OPFA: 'first attendance',
  OPFU: 'follow-up attendance',
  OPPROC: 'outpatient procedure',
  DC: 'day case',
  EL: 'ordinary elective',
  NEL: 'non-elective',
};
