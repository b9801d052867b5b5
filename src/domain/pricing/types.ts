/**
 * Pricing input and output shapes.
 */

import type { Micros, Pence } from '../money.ts';
import type { RejectionReason } from './reasons.ts';

/**
 * Point of delivery. The benchmark's five (OPFA, OPFU, DC, EL, NEL: shared/bench/README.md) plus
 * OPPROC, an outpatient procedure priced by HRG (Annex A "Outpatient procedure tariff"; RULES.md §2.1).
 */
export type PointOfDelivery = 'OPFA' | 'OPFU' | 'OPPROC' | 'DC' | 'EL' | 'NEL';

export const POINTS_OF_DELIVERY: readonly PointOfDelivery[] = ['OPFA', 'OPFU', 'OPPROC', 'DC', 'EL', 'NEL'];

/** One unit of activity: a spell or an outpatient attendance. */
export interface ActivityUnit {
  readonly pod: PointOfDelivery;
  /** Provider ODS code: selects the market forces factor. */
  readonly provider: string;
  /** HRG code for admitted pods and OPPROC. */
  readonly hrg?: string | null;
  /** Treatment function code for OPFA/OPFU. */
  readonly tfc?: string | null;
  /** Length of stay in days (admitted pods). Required for EL and NEL. */
  readonly losDays?: number | null;
  /** Admission method code ('21' emergency...). Needed for the short stay emergency adjustment. */
  readonly admissionMethod?: string | null;
  /** Age in years at admission. Needed for the short stay emergency adjustment. */
  readonly ageYears?: number | null;
  /**
   * Present for a hip fracture spell under best practice tariff: which criteria were met
   * (ids from HIP_FRACTURE_CRITERIA). The top-up is paid only when every criterion the year's
   * tariff lists is true (RULES.md §2.5).
   */
  readonly hipFractureCriteria?: Readonly<Partial<Record<string, boolean>>> | null;
}

export type PriceComponentKind =
  | 'attendance'
  | 'procedure'
  | 'spell'
  | 'excess_bed_days'
  | 'short_stay_emergency'
  | 'best_practice_top_up'
  | 'market_forces';

/** One part of a unit's price; the components add up to `pence` exactly. */
export interface PriceComponent {
  readonly kind: PriceComponentKind;
  /** Stable rule id, e.g. 'apc.excess_bed_days'. */
  readonly rule: string;
  /** For people: "4 excess bed days x £250.00 beyond trim point 10". */
  readonly description: string;
  readonly pence: Pence;
  /** RULES.md reference. */
  readonly source: string;
}

export interface PricedUnit {
  readonly ok: true;
  /** The price after the market forces factor. */
  readonly pence: Pence;
  /** The price before the market forces factor (national price + adjustments). */
  readonly basePence: Pence;
  /** The MFF applied, in micros (1_000_000 = none). */
  readonly mffMicros: Micros;
  /** Names what priced it: the main rule and its modifiers joined by '+', e.g. 'apc.ordinary_elective+apc.excess_bed_days+mff'. */
  readonly rule: string;
  readonly components: readonly PriceComponent[];
}

/** The pricer's reasons: a subset of the activity file's (reasons.ts), so one list covers both. */
export type { RejectionReason };

export interface PriceRejection {
  readonly ok: false;
  readonly reason: RejectionReason;
  readonly message: string;
}

export type PriceResult = PricedUnit | PriceRejection;

export interface PricingOptions {
  /**
   * MFF to use when the tariff has none for the provider. Default: reject with 'no_mff' (the
   * benchmark's rule). Pass 1_000_000 to price at national prices.
   */
  readonly mffWhenMissing?: Micros;
  /** Explicit MFF for this unit, overriding the tariff's table. */
  readonly mffMicros?: Micros;
}
