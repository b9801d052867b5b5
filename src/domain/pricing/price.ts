/**
 * Prices one unit of activity against a tariff year.
 *
 * Rules (each cites RULES.md):
 * - OPFA / OPFU: first / follow-up attendance price by treatment function code (§2.1).
 * - OPPROC: outpatient procedure price by HRG (§2.1, Annex A "Outpatient procedure tariff").
 * - DC: day case price, else the combined day case / ordinary elective price (§2.1). No excess bed days.
 * - EL: ordinary elective price, else the combined price, plus excess bed days
 *   max(0, LoS - elective trim point) x per day long stay payment (§2.2).
 * - NEL: non-elective price plus excess bed days beyond the non-elective trim point (§2.2), and the
 *   short stay emergency adjustment when the admission method is an emergency one, LoS <= the year's
 *   maximum (1), age >= the year's minimum (19) and the HRG is flagged: the published reduced price
 *   where given, else the HRG's % x the NEL price (§2.3; thresholds are tariff data, not constants).
 * - Hip fracture best practice tariff: + the year's top-up when every listed criterion is met (§2.5).
 * - Market forces factor: the whole base price x MFF with applyRate, the one rounding rule (§2.4).
 *
 * The benchmark's simpler rule (shared/bench/README.md: no short stay emergency adjustment, no BPT)
 * is this same path: benchmark tariffs have no HRG flagged for the adjustment (parseBenchmarkApcCsv sets
 * ssemApplicable false) and benchmark rows carry no hip fracture criteria, so a benchmark row is
 * priced as attendance/spell + excess bed days, then x MFF, and an unknown code or a provider without
 * an MFF is rejected.
 */

import { applyRate, formatPounds, MICROS_PER_UNIT, type Micros, type Pence } from '../money.ts';
// The tariff modules, not the tariff index, which also loads the XLSX reader: pricing never reads a workbook.
import { tariffInForce, type TariffRegistry } from '../tariff/registry.ts';
import { apcPriceOf, outpatientPriceOf } from '../tariff/tariff.ts';
import type { Tariff } from '../tariff/types.ts';
import { HIP_FRACTURE_CRITERIA } from '../tariff/rules.ts';
import type {
  ActivityUnit,
  PriceComponent,
  PricedUnit,
  PriceRejection,
  PriceResult,
  PricingOptions,
  RejectionReason,
} from './types.ts';

/** Stable ids of the pricing rules, with the RULES.md section each implements. */
export const PRICING_RULES = {
  'op.first_attendance': { label: 'Outpatient first attendance', source: 'RULES.md §2.1' },
  'op.follow_up_attendance': { label: 'Outpatient follow-up attendance', source: 'RULES.md §2.1' },
  'op.procedure': { label: 'Outpatient procedure', source: 'RULES.md §2.1' },
  'apc.day_case': { label: 'Day case spell', source: 'RULES.md §2.1' },
  'apc.ordinary_elective': { label: 'Ordinary elective spell', source: 'RULES.md §2.1' },
  'apc.non_elective': { label: 'Non-elective spell', source: 'RULES.md §2.1' },
  'apc.excess_bed_days': { label: 'Excess bed days beyond the trim point', source: 'RULES.md §2.2' },
  'apc.short_stay_emergency': { label: 'Short stay emergency adjustment', source: 'RULES.md §2.3' },
  'bpt.hip_fracture': { label: 'Best practice tariff: hip fracture', source: 'RULES.md §2.5' },
  mff: { label: 'Market forces factor', source: 'RULES.md §2.4' },
} as const;

export type PricingRuleId = keyof typeof PRICING_RULES;

/** The numbers a unit's price is made of; the full and the fast entry points share them. */
interface Workings {
  main: 'op.first_attendance' | 'op.follow_up_attendance' | 'op.procedure' | 'apc.day_case' | 'apc.ordinary_elective' | 'apc.non_elective';
  code: string;
  mainPence: Pence;
  trimDays: number | null;
  excessDays: number;
  perDayPence: Pence;
  /** Signed adjustment from the NEL price to the reduced short stay price; null when not applied. */
  ssemAdjustmentPence: Pence | null;
  ssemBy: 'price' | 'pct' | null;
  ssemPctMicros: Micros | null;
  bptPence: Pence;
  mffMicros: Micros;
}

/** One constructor so every Workings has the same shape (keeps the hot loop monomorphic). */
function workings(main: Workings['main'], code: string, mainPence: Pence, trimDays: number | null, excessDays: number, perDayPence: Pence): Workings {
  return { main, code, mainPence, trimDays, excessDays, perDayPence, ssemAdjustmentPence: null, ssemBy: null, ssemPctMicros: null, bptPence: 0, mffMicros: 0 };
}

function reject(reason: RejectionReason, message: string): PriceRejection {
  return { ok: false, reason, message };
}

function isNonNegativeInteger(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

function work(tariff: Tariff, unit: ActivityUnit, options: PricingOptions | undefined): Workings | PriceRejection {
  const provider = unit.provider;
  const mffMicros = options?.mffMicros ?? (Object.hasOwn(tariff.mff, provider) ? tariff.mff[provider].mffMicros : options?.mffWhenMissing);

  let w: Workings;
  switch (unit.pod) {
    case 'OPFA':
    case 'OPFU': {
      const tfc = unit.tfc ?? '';
      const op = outpatientPriceOf(tariff, tfc);
      if (!op) return reject('unknown_tfc', `treatment function code "${tfc}" is not in the ${tariff.year} tariff`);
      const first = unit.pod === 'OPFA';
      const price = first ? op.firstPence : op.followUpPence;
      if (price === null) return reject('no_price', `no ${first ? 'first' : 'follow-up'} attendance price for TFC ${tfc} in ${tariff.year}`);
      w = workings(first ? 'op.first_attendance' : 'op.follow_up_attendance', tfc, price, null, 0, 0);
      break;
    }
    case 'OPPROC':
    case 'DC':
    case 'EL':
    case 'NEL': {
      const hrg = unit.hrg ?? '';
      const apc = apcPriceOf(tariff, hrg);
      if (!apc) return reject('unknown_hrg', `HRG "${hrg}" is not in the ${tariff.year} tariff`);
      if (unit.pod === 'OPPROC') {
        if (apc.outpatientProcedurePence === null) return reject('no_price', `no outpatient procedure price for ${hrg} in ${tariff.year}`);
        w = workings('op.procedure', hrg, apc.outpatientProcedurePence, null, 0, 0);
        break;
      }
      if (unit.pod === 'DC') {
        const price = apc.dayCasePence ?? apc.combinedElectivePence;
        if (price === null) return reject('no_price', `no day case price for ${hrg} in ${tariff.year}`);
        w = workings('apc.day_case', hrg, price, null, 0, 0);
        break;
      }
      const los = unit.losDays;
      if (!isNonNegativeInteger(los)) return reject('invalid_activity', `length of stay must be a whole number of days, got ${String(los)}`);
      const elective = unit.pod === 'EL';
      const price = elective ? apc.ordinaryElectivePence ?? apc.combinedElectivePence : apc.nonElectivePence;
      if (price === null) return reject('no_price', `no ${elective ? 'ordinary elective' : 'non-elective'} price for ${hrg} in ${tariff.year}`);
      const trimDays = elective ? apc.electiveTrimDays : apc.nonElectiveTrimDays;
      // RULES.md §2.2: price + max(0, LoS - trim point) x long stay rate.
      const excessDays = trimDays === null ? 0 : Math.max(0, los - trimDays);
      if (excessDays > 0 && apc.longStayPerDayPence === null) {
        return reject('tariff_incomplete', `${hrg} has a trim point but no per day long stay payment in ${tariff.year}`);
      }
      w = workings(elective ? 'apc.ordinary_elective' : 'apc.non_elective', hrg, price, trimDays, excessDays, apc.longStayPerDayPence ?? 0);
      if (!elective && apc.ssemApplicable) {
        // RULES.md §2.3 and verification pass 2 §6: eligibility from the tariff year's rule data.
        const rule = tariff.rules.shortStayEmergency;
        const emergency = unit.admissionMethod != null && rule.emergencyAdmissionMethods.includes(unit.admissionMethod.trim().toUpperCase());
        const age = unit.ageYears;
        if (emergency && typeof age === 'number' && age >= rule.minAgeYears && los <= rule.maxLosDays) {
          let reduced: Pence;
          if (apc.ssemReducedPence !== null) {
            reduced = apc.ssemReducedPence;
            w.ssemBy = 'price';
          } else if (apc.ssemPctMicros !== null) {
            reduced = applyRate(price, apc.ssemPctMicros);
            w.ssemBy = 'pct';
            w.ssemPctMicros = apc.ssemPctMicros;
          } else {
            return reject('tariff_incomplete', `${hrg} is flagged for the short stay emergency adjustment but has no reduced price or % in ${tariff.year}`);
          }
          w.ssemAdjustmentPence = reduced - price;
        }
      }
      const bpt = tariff.bestPractice.hipFracture;
      const met = unit.hipFractureCriteria;
      if (bpt && met && bpt.criteria.every((c) => met[c] === true)) w.bptPence = bpt.topUpPence;
      break;
    }
    default:
      return reject('invalid_activity', `unknown point of delivery "${String((unit as { pod: unknown }).pod)}"`);
  }
  if (mffMicros === undefined) return reject('no_mff', `provider "${provider}" has no market forces factor in the ${tariff.year} tariff`);
  if (!isNonNegativeInteger(mffMicros) || mffMicros === 0) return reject('invalid_activity', `market forces factor must be positive micros, got ${String(mffMicros)}`);
  w.mffMicros = mffMicros;
  return w;
}

function basePenceOf(w: Workings): Pence {
  return w.mainPence + w.excessDays * w.perDayPence + (w.ssemAdjustmentPence ?? 0) + w.bptPence;
}

function formatMff(micros: Micros): string {
  const whole = Math.floor(micros / MICROS_PER_UNIT);
  return `${whole}.${String(micros % MICROS_PER_UNIT).padStart(6, '0')}`;
}

/**
 * Prices one unit of activity with its components. Returns a rejection (never throws) for unknown
 * codes, missing prices, a provider without an MFF and malformed activity.
 *
 * @example
 * // RULES.md §7 example 1: first outpatient attendance £168 x MFF 1.0461 = £175.74
 * const r = priceUnit(DEMO_TARIFF_2025_26, { pod: 'OPFA', provider: 'RXX', tfc: '110' }, { mffMicros: 1_046_100 });
 * r.ok && r.pence // 17574
 */
export function priceUnit(tariff: Tariff, unit: ActivityUnit, options?: PricingOptions): PriceResult {
  const w = work(tariff, unit, options);
  if ('ok' in w) return w;
  const components: PriceComponent[] = [];
  const add = (kind: PriceComponent['kind'], rule: PricingRuleId, description: string, pence: Pence): void => {
    components.push({ kind, rule, description, pence, source: PRICING_RULES[rule].source });
  };
  const label = PRICING_RULES[w.main].label;
  const kind = w.main.startsWith('op.') ? (w.main === 'op.procedure' ? 'procedure' : 'attendance') : 'spell';
  add(kind, w.main, `${label} ${w.main.startsWith('op.') && w.main !== 'op.procedure' ? 'TFC' : 'HRG'} ${w.code} (${tariff.year})`, w.mainPence);
  const rules: string[] = [w.main];
  if (w.excessDays > 0) {
    add('excess_bed_days', 'apc.excess_bed_days', `${w.excessDays} excess bed day${w.excessDays === 1 ? '' : 's'} x ${formatPounds(w.perDayPence)} beyond trim point ${w.trimDays}`, w.excessDays * w.perDayPence);
    rules.push('apc.excess_bed_days');
  }
  if (w.ssemAdjustmentPence !== null) {
    const how = w.ssemBy === 'price' ? 'published reduced price' : `${(w.ssemPctMicros ?? 0) / 10_000}% of the non-elective price`;
    add('short_stay_emergency', 'apc.short_stay_emergency', `Short stay emergency adjustment to ${formatPounds(w.mainPence + w.ssemAdjustmentPence)} (${how})`, w.ssemAdjustmentPence);
    rules.push('apc.short_stay_emergency');
  }
  if (w.bptPence !== 0) {
    add('best_practice_top_up', 'bpt.hip_fracture', `Hip fracture best practice top-up, all criteria met (${tariff.year})`, w.bptPence);
    rules.push('bpt.hip_fracture');
  }
  const basePence = basePenceOf(w);
  const pence = applyRate(basePence, w.mffMicros);
  add('market_forces', 'mff', `Market forces factor ${formatMff(w.mffMicros)} on ${formatPounds(basePence)}`, pence - basePence);
  rules.push('mff');
  const result: PricedUnit = { ok: true, pence, basePence, mffMicros: w.mffMicros, rule: rules.join('+'), components };
  return result;
}

/**
 * The same price as {@link priceUnit} without building components: a number of pence, or the
 * rejection. For hot loops (a year of patient-level activity).
 *
 * @example pricePence(tariff, { pod: 'EL', provider: 'RA1', hrg: 'HN12A', losDays: 3 }) // number or { ok: false, ... }
 */
export function pricePence(tariff: Tariff, unit: ActivityUnit, options?: PricingOptions): Pence | PriceRejection {
  const w = work(tariff, unit, options);
  if ('ok' in w) return w;
  return applyRate(basePenceOf(w), w.mffMicros);
}

/**
 * Prices a unit with the tariff in force on its activity date (RULES.md §2.4: the MFF and prices of
 * the month the care was delivered). Rejects with 'no_tariff' when the registry has no year for it.
 *
 * @example priceUnitOn(registry, '2025-06-14', { pod: 'OPFA', provider: 'RA1', tfc: '110' })
 */
export function priceUnitOn(registry: TariffRegistry, date: string, unit: ActivityUnit, options?: PricingOptions): PriceResult {
  let tariff: Tariff | undefined;
  try {
    tariff = tariffInForce(registry, date);
  } catch (e) {
    return reject('invalid_activity', e instanceof Error ? e.message : String(e));
  }
  if (!tariff) return reject('no_tariff', `no tariff for the payment-scheme year of ${date}`);
  return priceUnit(tariff, unit, options);
}

/** Criteria ids with their wording, re-exported for forms that ask which criteria were met. */
export { HIP_FRACTURE_CRITERIA };
