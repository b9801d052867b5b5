/**
 * The engine's price tables, compiled from a domain {@link Tariff} (the single source of the pricing
 * rules: src/domain/pricing/price.ts). Plain arrays indexed by code, so they can be posted to worker
 * threads and read in the hot loop without a property lookup per row.
 *
 * What each entry means is what price.ts does with the same tariff row:
 * - DC: day case price, else the combined day case / ordinary elective price.
 * - EL: ordinary elective price, else the combined price; NEL: non-elective price. Each with its trim
 *   point and the HRG's per day long stay payment for days beyond it.
 * - NEL short stay emergency adjustment: the published reduced price, else the HRG's % x the NEL price
 *   (rounded here, once, by the domain's one rounding rule), applied when the row's admission method,
 *   age and length of stay meet the tariff year's rule.
 * - OPPROC: the HRG's outpatient procedure price. OPFA / OPFU: first / follow-up price by TFC.
 * - Hip fracture best practice top-up, and the market forces factor by provider (micros).
 * A price the tariff does not have is {@link NONE}: the row is rejected (no_price), never priced at 0.
 *
 * This module is loaded by every pricing worker, so it imports nothing heavier than money.ts.
 */
import { applyRate } from '../../domain/money.ts';
import type { Tariff } from '../../domain/tariff/types.ts';

/** No price, no trim point, no per day payment. */
export const NONE = -1;
/** Flagged for the short stay emergency adjustment but with neither a reduced price nor a %. */
export const SSEM_INCOMPLETE = -2;

export interface PriceTables {
  /** Scheme year, e.g. '2025/26' (for messages). */
  readonly year: string;
  readonly hrg: readonly string[];
  readonly dcPrice: readonly number[];
  readonly elPrice: readonly number[];
  readonly nelPrice: readonly number[];
  readonly elTrim: readonly number[];
  readonly nelTrim: readonly number[];
  readonly perDayPrice: readonly number[];
  readonly opProcedurePrice: readonly number[];
  /** Reduced NEL price when the short stay emergency adjustment applies; NONE when the HRG is not flagged. */
  readonly ssemPrice: readonly number[];
  readonly tfc: readonly string[];
  readonly firstPrice: readonly number[];
  readonly followUpPrice: readonly number[];
  readonly provider: readonly string[];
  /** MFF x 1,000,000, exact. */
  readonly mffMicros: readonly number[];
  readonly ssemRule: {
    readonly minAgeYears: number;
    readonly maxLosDays: number;
    /** Upper case, as the domain compares them. */
    readonly emergencyAdmissionMethods: readonly string[];
  };
  /** Hip fracture best practice top-up, or NONE when the year has none. */
  readonly hipFractureTopUpPence: number;
}

const orNone = (n: number | null): number => (n === null ? NONE : n);

/**
 * Compiles a tariff year into the engine's tables.
 *
 * @example
 * const tables = compilePriceTables(withMff(DEMO_TARIFF_2025_26, mff));
 * tables.firstPrice[tables.tfc.indexOf('110')] // 16800
 */
export function compilePriceTables(tariff: Tariff): PriceTables {
  const apc = Object.values(tariff.apc);
  const op = Object.values(tariff.outpatient);
  const mff = Object.values(tariff.mff);
  return {
    year: tariff.year,
    hrg: apc.map((a) => a.hrg),
    dcPrice: apc.map((a) => orNone(a.dayCasePence ?? a.combinedElectivePence)),
    elPrice: apc.map((a) => orNone(a.ordinaryElectivePence ?? a.combinedElectivePence)),
    nelPrice: apc.map((a) => orNone(a.nonElectivePence)),
    elTrim: apc.map((a) => orNone(a.electiveTrimDays)),
    nelTrim: apc.map((a) => orNone(a.nonElectiveTrimDays)),
    perDayPrice: apc.map((a) => orNone(a.longStayPerDayPence)),
    opProcedurePrice: apc.map((a) => orNone(a.outpatientProcedurePence)),
    ssemPrice: apc.map((a) => {
      if (!a.ssemApplicable || a.nonElectivePence === null) return NONE;
      if (a.ssemReducedPence !== null) return a.ssemReducedPence;
      if (a.ssemPctMicros !== null) return applyRate(a.nonElectivePence, a.ssemPctMicros);
      return SSEM_INCOMPLETE;
    }),
    tfc: op.map((o) => o.tfc),
    firstPrice: op.map((o) => orNone(o.firstPence)),
    followUpPrice: op.map((o) => orNone(o.followUpPence)),
    provider: mff.map((m) => m.provider),
    mffMicros: mff.map((m) => m.mffMicros),
    ssemRule: {
      minAgeYears: tariff.rules.shortStayEmergency.minAgeYears,
      maxLosDays: tariff.rules.shortStayEmergency.maxLosDays,
      emergencyAdmissionMethods: tariff.rules.shortStayEmergency.emergencyAdmissionMethods.map((m) => m.trim().toUpperCase()),
    },
    hipFractureTopUpPence: tariff.bestPractice.hipFracture?.topUpPence ?? NONE,
  };
}
