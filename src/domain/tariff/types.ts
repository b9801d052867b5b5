/**
 * A payment-scheme year's tariff as plain data (JSON-serialisable records keyed by code), so storage
 * can keep it as a document and an old year is re-priced by its own prices.
 */

import type { Micros, Pence } from '../money.ts';
import type { SchemeYear } from './schemeYear.ts';

/**
 * Admitted patient care prices for one HRG: one row of the Annex A APC sheet (RULES.md §2.1-2.3).
 * `null` means "no price" ("-" in the workbook).
 */
export interface ApcPrice {
  readonly hrg: string;
  readonly name: string | null;
  /** Outpatient procedure tariff (£) for this HRG, when done as an outpatient procedure. */
  readonly outpatientProcedurePence: Pence | null;
  /** Combined day case / ordinary elective spell tariff: used when no separate DC/EL price. */
  readonly combinedElectivePence: Pence | null;
  readonly dayCasePence: Pence | null;
  readonly ordinaryElectivePence: Pence | null;
  /** Ordinary elective long stay trim point (days). */
  readonly electiveTrimDays: number | null;
  readonly nonElectivePence: Pence | null;
  /** Non-elective long stay trim point (days). */
  readonly nonElectiveTrimDays: number | null;
  /** Per day long stay payment for days beyond the trim point (RULES.md §2.2). */
  readonly longStayPerDayPence: Pence | null;
  /** Reduced short stay emergency tariff applicable? (RULES.md §2.3, verification pass 2 §6). */
  readonly ssemApplicable: boolean;
  /** % applied in calculation of the reduced short stay emergency tariff, as micros of the NEL price. */
  readonly ssemPctMicros: Micros | null;
  /** Reduced short stay emergency tariff (£): preferred over the percentage when published. */
  readonly ssemReducedPence: Pence | null;
}

/** Outpatient attendance prices for one treatment function code (RULES.md §2.1). */
export interface OutpatientPrice {
  readonly tfc: string;
  readonly name: string | null;
  readonly firstPence: Pence | null;
  readonly followUpPence: Pence | null;
}

/** One provider's market forces factor (payment index) for the year (RULES.md §2.4). */
export interface MffEntry {
  readonly provider: string;
  readonly name: string | null;
  /** Exact micros parsed from the published decimal text: '1.046100' -> 1_046_100. */
  readonly mffMicros: Micros;
}

/** Best practice tariff for hip fracture: a top-up paid when every listed criterion is met (RULES.md §2.5). */
export interface HipFractureBpt {
  readonly topUpPence: Pence;
  /** Criteria ids that must all be met; see HIP_FRACTURE_CRITERIA. */
  readonly criteria: readonly string[];
  readonly source: string;
}

/** Short stay emergency adjustment eligibility (RULES.md §2.3: [S2], kept as data). */
export interface ShortStayEmergencyRule {
  /** Patient must be at least this age in years (19 in the sources). */
  readonly minAgeYears: number;
  /** Length of stay at most this many days (0 or 1 in the sources). */
  readonly maxLosDays: number;
  /** Admission method codes counted as emergency (RULES.md §2.1: 21-25, 28, 2A-2D). */
  readonly emergencyAdmissionMethods: readonly string[];
}

/** Rule values a tariff year carries alongside its prices. */
export interface TariffRules {
  readonly shortStayEmergency: ShortStayEmergencyRule;
}

/** A payment-scheme year's tariff. */
export interface Tariff {
  /** Scheme year label, e.g. '2025/26'. */
  readonly year: SchemeYear;
  /** Where the prices came from (publication, file name, "demo"). */
  readonly source: string;
  readonly apc: Readonly<Record<string, ApcPrice>>;
  readonly outpatient: Readonly<Record<string, OutpatientPrice>>;
  /** Market forces factor by provider ODS code. */
  readonly mff: Readonly<Record<string, MffEntry>>;
  readonly bestPractice: {
    readonly hipFracture: HipFractureBpt | null;
  };
  readonly rules: TariffRules;
}

/** A rejected input row: its line (1-based, as a spreadsheet shows it), the column heading and why. */
export interface RowRejection {
  readonly line: number;
  readonly column: string | null;
  readonly reason: string;
}

/** Result of parsing a table: the valid rows and every rejected one. */
export interface ParseReport<T> {
  readonly rows: readonly T[];
  readonly rejected: readonly RowRejection[];
  /** Data rows read (after the header, excluding blank rows). */
  readonly rowsRead: number;
}
