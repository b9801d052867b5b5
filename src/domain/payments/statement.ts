/**
 * The payment engine: a contract's payment terms + a year's priced activity -> a statement whose
 * lines each name their rule and add up to the total to the penny.
 *
 * Conventions:
 * - Fixed elements (block, API fixed, blended fixed, LVA, outcomes-based) are split with splitEvenly
 *   so the twelve months add up to the annual value exactly (RULES.md §1.4: 1/12 a month).
 * - Rate-based elements are computed year to date: each month's line is the change in the year-to-date
 *   entitlement, so the year's lines add up to the rule applied once to the annual figures (one
 *   rounding, applyRate) and an in-year statement shows what is earned so far. Annual baselines and
 *   floors are pro-rated over months with splitEvenly and count only for months whose activity is
 *   reported (pricedPence not null); a full year with every month reported uses the whole value.
 * - Which rate applies is looked up by the statement's payment-scheme year in the parameter table
 *   (parameters.ts); terms may override it for a local arrangement.
 * - Relationship money the model does not compute (sanctions, GC9 withholdings and their repayment,
 *   provider claims, determinations; src/domain/relationship) comes in as adjustments: one line each,
 *   in the month it applies, naming its rule and the ledger entry it came from.
 */

import { invalid } from '../errors.ts';
import { applyRate, formatPounds, isPence, MICROS_PER_UNIT, type Micros, type Pence, splitEvenly } from '../money.ts';
import type { PointOfDelivery } from '../pricing/index.ts';
import { monthIndexInSchemeYear, periodsOfSchemeYear, type SchemeYear } from '../tariff/index.ts';
import { DEFAULT_PAYMENT_PARAMETERS, type PaymentParameterTable, type SchemeYearPaymentParameters } from './parameters.ts';
import { qualifiesForLowVolume } from './lowVolume.ts';
import { isAdjustmentRuleId, PAYMENT_RULES, type PaymentRuleId } from './rules.ts';
import type {
  MonthActivity,
  PaymentTerms,
  PlanVsActual,
  Statement,
  StatementAdjustment,
  StatementInput,
  StatementLine,
} from './types.ts';

/** Default variable element of aligned payment and incentive: elective spells [M] (RULES.md §2.7). */
export const API_DEFAULT_VARIABLE_SCOPE: readonly PointOfDelivery[] = ['DC', 'EL'];

class LineBook {
  readonly lines: StatementLine[] = [];
  add(period: string, id: PaymentRuleId, description: string, amountPence: Pence, reference?: string): void {
    const r = PAYMENT_RULES[id];
    const line: StatementLine = { period, description, rule: { id, label: r.label, source: r.source }, amountPence };
    this.lines.push(reference === undefined ? line : { ...line, reference });
  }
  total(): Pence {
    return this.lines.reduce((s, l) => s + l.amountPence, 0);
  }
}

function pct(micros: Micros): string {
  return `${micros / 10_000}%`;
}

function requirePence(path: string, v: unknown, { nonNegative = true } = {}): Pence {
  if (!isPence(v)) throw invalid(path, 'must be a whole number of pence');
  if (nonNegative && v < 0) throw invalid(path, 'must not be negative');
  return v;
}

function requireMicros(path: string, v: unknown, max = MICROS_PER_UNIT): Micros {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < 0 || v > max) {
    throw invalid(path, `must be a rate in micros between 0 and ${max}`);
  }
  return v;
}

function yearParameters(table: PaymentParameterTable, year: SchemeYear): SchemeYearPaymentParameters | undefined {
  return Object.hasOwn(table, year) ? table[year] : undefined;
}

/** A rate from the terms, else the year's table, else an error naming both places. */
function rateFor(override: Micros | undefined, fromYear: Micros | undefined, path: string, what: string, year: SchemeYear): Micros {
  if (override !== undefined) return requireMicros(path, override);
  if (fromYear !== undefined) return fromYear;
  throw invalid(path, `no ${what} for ${year} in the payment parameters; give it in the terms`);
}

interface Month {
  readonly period: string;
  readonly index: number;
  /** The month's activity when reported (pricedPence not null). */
  readonly activity: (MonthActivity & { readonly pricedPence: Pence }) | undefined;
  readonly planPence: Pence;
}

function valueInScope(m: MonthActivity & { readonly pricedPence: Pence }, scope: readonly PointOfDelivery[] | undefined, path: string): Pence {
  if (scope === undefined) return m.pricedPence;
  if (!m.pricedByPod) throw invalid(path, `month ${m.period} has no value by point of delivery, but the terms name a scope`);
  let sum = 0;
  for (const pod of scope) sum += m.pricedByPod[pod] ?? 0;
  return sum;
}

/**
 * Year-to-date lines: entitlement(i) is what is due for months 0..i; each month's line is the change.
 * The lines therefore add up to the final entitlement exactly.
 */
function ytd(months: readonly Month[], entitlement: (i: number) => Pence, emit: (m: Month, delta: Pence) => void): Pence {
  let previous = 0;
  months.forEach((m, i) => {
    const e = entitlement(i);
    emit(m, e - previous);
    previous = e;
  });
  return previous;
}

function checkInput(input: StatementInput): { months: Month[]; through: string } {
  const periods = periodsOfSchemeYear(input.year);
  const through = input.throughPeriod ?? periods[11];
  if (!periods.includes(through)) throw invalid('throughPeriod', `${through} is not in ${input.year}`);
  const last = monthIndexInSchemeYear(through);
  const byPeriod = new Map<string, MonthActivity>();
  input.months.forEach((m, i) => {
    if (typeof m.period !== 'string' || !periods.includes(m.period)) {
      throw invalid(['months', i, 'period'], `${String(m.period)} is not a period of ${input.year}`);
    }
    if (byPeriod.has(m.period)) throw invalid(['months', i, 'period'], `${m.period} appears twice`);
    if (m.pricedPence !== null) requirePence(`months.${i}.pricedPence`, m.pricedPence, { nonNegative: false });
    requirePence(`months.${i}.planPence`, m.planPence, { nonNegative: false });
    for (const [pod, v] of Object.entries(m.pricedByPod ?? {})) requirePence(`months.${i}.pricedByPod.${pod}`, v, { nonNegative: false });
    byPeriod.set(m.period, m);
  });
  const months: Month[] = periods.slice(0, last + 1).map((period, index) => {
    const m = byPeriod.get(period);
    const activity = m && m.pricedPence !== null ? (m as MonthActivity & { readonly pricedPence: Pence }) : undefined;
    return { period, index, activity, planPence: m?.planPence ?? 0 };
  });
  return { months, through };
}

/**
 * The adjustments that belong in this statement (months up to throughPeriod), in month order and
 * otherwise as given, after checking every one names a month of the year, an adjustment rule and a
 * whole number of pence. CQUIN recorded both in the terms and as adjustments would count twice.
 */
function checkAdjustments(input: StatementInput, through: string): { included: StatementAdjustment[]; later: number } {
  const periods = periodsOfSchemeYear(input.year);
  const last = periods.indexOf(through);
  const included: { a: StatementAdjustment; index: number; order: number }[] = [];
  let later = 0;
  (input.adjustments ?? []).forEach((a, i) => {
    const index = periods.indexOf(a.period);
    if (typeof a.period !== 'string' || index < 0) throw invalid(['adjustments', i, 'period'], `${String(a.period)} is not a period of ${input.year}`);
    if (!isAdjustmentRuleId(a.ruleId)) throw invalid(['adjustments', i, 'ruleId'], `'${String(a.ruleId)}' is not a rule a statement adjustment may name`);
    if (input.terms.cquin && a.ruleId.startsWith('cquin.')) {
      throw invalid(['adjustments', i, 'ruleId'], 'the payment terms already compute CQUIN; record CQUIN in the terms or as adjustments, not both');
    }
    requirePence(`adjustments.${i}.amountPence`, a.amountPence, { nonNegative: false });
    if (typeof a.description !== 'string' || a.description.trim() === '') throw invalid(['adjustments', i, 'description'], 'say what the adjustment is');
    if (index <= last) included.push({ a, index, order: i });
    else later++;
  });
  included.sort((x, y) => x.index - y.index || x.order - y.order);
  return { included: included.map((x) => x.a), later };
}

/**
 * Computes a contract's payment statement for a payment-scheme year. Throws ConcordatError
 * (invalid, naming the field) for malformed input or a rule with no rate for the year.
 *
 * @example
 * // RULES.md §7 example 3: MRET 30% above a £10m baseline, actual £11m -> £10.3m
 * const actual = splitEvenly(1_100_000_000, 12);
 * const s = computeStatement({
 *   year: '2012/13',
 *   terms: { model: 'marginal_rate', baselinePence: 1_000_000_000 },
 *   months: periodsOfSchemeYear('2012/13').map((period, i) => ({ period, pricedPence: actual[i], planPence: 0 })),
 * });
 * s.totalPence // 1_030_000_000
 */
export function computeStatement(input: StatementInput): Statement {
  const { months, through } = checkInput(input);
  const adjustments = checkAdjustments(input, through);
  const year = input.year;
  const params = yearParameters(input.parameters ?? DEFAULT_PAYMENT_PARAMETERS, year);
  const terms = input.terms;
  const book = new LineBook();
  const notes: string[] = [];
  const reported = months.filter((m) => m.activity !== undefined);

  const fixedMonthly = (annual: Pence, id: PaymentRuleId, what: string): void => {
    const shares = splitEvenly(annual, 12);
    for (const m of months) book.add(m.period, id, `${what}: 1/12 of ${formatPounds(annual)}`, shares[m.index]);
  };
  // An annual baseline or floor counts for reported months only, so a month whose activity is not yet
  // reported moves nothing (a late submission does not show as under-delivery).
  const proRata = (annual: Pence): Pence[] => {
    const shares = splitEvenly(annual, 12);
    return months.map((m) => (m.activity ? shares[m.index] : 0));
  };
  const cumulative = (values: readonly Pence[]): Pence[] => {
    let s = 0;
    return values.map((v) => (s += v));
  };

  switch (terms.model) {
    case 'block': {
      requirePence('terms.annualValuePence', terms.annualValuePence);
      fixedMonthly(terms.annualValuePence, 'block.monthly', 'Block payment');
      break;
    }
    case 'low_volume': {
      const annual = requirePence('terms.annualValuePence', terms.annualValuePence);
      const lva = params?.lowVolume;
      if (!lva) {
        notes.push(`The payment parameters for ${year} have no low volume activity threshold (LVA began in 2023/24, RULES.md §2.7).`);
      } else {
        if (!qualifiesForLowVolume(annual, year, input.parameters ?? DEFAULT_PAYMENT_PARAMETERS)) {
          notes.push(`Annual value ${formatPounds(annual)} is above the ${year} low volume threshold (${lva.inclusive ? '' : 'below '}${formatPounds(lva.thresholdPence)}${lva.inclusive ? ' or less' : ''}).`);
        }
      }
      fixedMonthly(annual, 'lva.monthly', 'Low volume activity block');
      break;
    }
    case 'activity': {
      for (const m of reported) {
        const v = valueInScope(m.activity!, terms.scope, 'terms.scope');
        book.add(m.period, 'activity.unit_prices', `Activity at unit prices${terms.scope ? ` (${terms.scope.join(', ')})` : ''}`, v);
      }
      break;
    }
    case 'minimum_income_guarantee': {
      const floor = requirePence('terms.floorAnnualPence', terms.floorAnnualPence);
      let income = 0;
      for (const m of reported) {
        const v = valueInScope(m.activity!, terms.scope, 'terms.scope');
        income += v;
        book.add(m.period, 'mig.activity', 'Activity at unit prices', v);
      }
      // The floor for the reported months (the whole floor for a full year); RULES.md §5:
      // max(activity income, floor), the difference shown as its own line.
      const floorToDate = proRata(floor).reduce((a, b) => a + b, 0);
      const topUp = Math.max(0, floorToDate - income);
      book.add(through, 'mig.top_up', `Top-up of activity income ${formatPounds(income)} to the guaranteed ${formatPounds(floorToDate)}`, topUp);
      break;
    }
    case 'aligned_payment_incentive': {
      const fixed = requirePence('terms.fixedAnnualPence', terms.fixedAnnualPence);
      const api = params?.alignedPayment;
      const mode = terms.baselinePence !== undefined && !api ? 'baseline_delta' : api?.mode;
      if (!mode) throw invalid('terms', `no aligned payment and incentive parameters for ${year}`);
      const rate = rateFor(terms.variableRateMicros, api?.variableRateMicros, 'terms.variableRateMicros', 'API variable rate', year);
      const scope = terms.variableScope ?? API_DEFAULT_VARIABLE_SCOPE;
      fixedMonthly(fixed, 'api.fixed', 'Fixed element');
      const values = months.map((m) => (m.activity ? valueInScope(m.activity, scope, 'terms.variableScope') : 0));
      const actualYtd = cumulative(values);
      if (mode === 'unit_price') {
        ytd(months, (i) => applyRate(actualYtd[i], rate), (m, d) => {
          if (m.activity) book.add(m.period, 'api.variable', `Variable element: ${pct(rate)} of ${scope.join('+')} activity at unit prices (${formatPounds(values[m.index])})`, d);
        });
      } else {
        const baseline = requirePence('terms.baselinePence', terms.baselinePence);
        const baselineYtd = cumulative(proRata(baseline));
        const clawback = api?.underDeliveryApplied ?? true;
        ytd(months, (i) => {
          const delta = actualYtd[i] - baselineYtd[i];
          return applyRate(clawback ? delta : Math.max(0, delta), rate);
        }, (m, d) => {
          book.add(m.period, 'api.variable_vs_baseline', `Variable element: ${pct(rate)} x (actual - baseline) year to date, baseline ${formatPounds(baseline)} a year`, d);
        });
        if (!clawback) notes.push(`Under-delivery against the baseline is not deducted in ${year} (RULES.md §2.7).`);
      }
      break;
    }
    case 'marginal_rate': {
      const baseline = requirePence('terms.baselinePence', terms.baselinePence);
      const rate = rateFor(terms.rateMicros, params?.marginalRateMicros, 'terms.rateMicros', 'marginal rate', year);
      const values = months.map((m) => (m.activity ? valueInScope(m.activity, terms.scope, 'terms.scope') : 0));
      const a = cumulative(values);
      const b = cumulative(proRata(baseline));
      // RULES.md §2.6: min(actual, baseline) + rate x max(0, actual - baseline), year to date.
      ytd(months, (i) => Math.min(a[i], b[i]), (m, d) => {
        book.add(m.period, 'marginal_rate.within_baseline', `Activity up to the baseline (${formatPounds(baseline)} a year) at full price`, d);
      });
      const above = ytd(months, (i) => applyRate(Math.max(0, a[i] - b[i]), rate), (m, d) => {
        book.add(m.period, 'marginal_rate.above_baseline', `Activity above the baseline at ${pct(rate)}`, d);
      });
      const excess = Math.max(0, a[a.length - 1] - b[b.length - 1]);
      if (excess > 0) notes.push(`Activity above the baseline: ${formatPounds(excess)}; paid ${formatPounds(above)}, retained by the commissioner ${formatPounds(excess - above)}.`);
      break;
    }
    case 'blended': {
      const fixed = requirePence('terms.fixedAnnualPence', terms.fixedAnnualPence);
      const rate = rateFor(terms.rateMicros, params?.blendedVariableRateMicros, 'terms.rateMicros', 'blended payment variable rate', year);
      fixedMonthly(fixed, 'blended.fixed', 'Fixed element');
      const actual = cumulative(months.map((m) => (m.activity ? valueInScope(m.activity, terms.scope, 'terms.scope') : 0)));
      // The plan of reported months only, so a month not yet reported moves nothing.
      const plan = cumulative(months.map((m) => (m.activity ? m.planPence : 0)));
      // RULES.md §2.6: a 20% payment or refund for activity above or below plan.
      ytd(months, (i) => applyRate(actual[i] - plan[i], rate), (m, d) => {
        book.add(m.period, 'blended.variable', `Variable element: ${pct(rate)} x (actual - plan) year to date`, d);
      });
      break;
    }
    case 'outcomes_based': {
      const annual = requirePence('terms.annualValuePence', terms.annualValuePence);
      const y = terms.contractYear;
      if (!Number.isInteger(y) || y < 1 || y > terms.atRiskShareByContractYear.length) {
        throw invalid('terms.contractYear', `must be between 1 and ${terms.atRiskShareByContractYear.length}`);
      }
      const share = requireMicros(`terms.atRiskShareByContractYear.${y - 1}`, terms.atRiskShareByContractYear[y - 1]);
      const atRisk = applyRate(annual, share);
      fixedMonthly(annual - atRisk, 'outcome.fixed', `Value not at risk (${formatPounds(annual)} less ${pct(share)} at risk in contract year ${y})`);
      const achievement = terms.outcomeAchievementMicros;
      const yearEnd = months.length === 12;
      if (achievement === null || !yearEnd) {
        notes.push(`${formatPounds(atRisk)} (${pct(share)}) is at risk on outcomes; ${achievement === null ? 'outcomes are not yet measured' : 'it is released at year end'}.`);
      } else {
        requireMicros('terms.outcomeAchievementMicros', achievement);
        const released = applyRate(atRisk, achievement);
        book.add(through, 'outcome.release', `${pct(achievement)} outcome achievement releases ${formatPounds(released)} of ${formatPounds(atRisk)} at risk`, released);
        if (atRisk - released > 0) notes.push(`${formatPounds(atRisk - released)} at risk was not earned.`);
      }
      break;
    }
    default: {
      const never: never = terms;
      throw invalid('terms.model', `unknown payment model "${String((never as { model: unknown }).model)}"`);
    }
  }

  // Relationship money in the month it applies (sanctions, withholds, provider claims, determinations),
  // each line naming its rule and the ledger entry it came from.
  for (const a of adjustments.included) book.add(a.period, a.ruleId, a.description, a.amountPence, a.reference);
  if (adjustments.later > 0) notes.push(`${adjustments.later} relationship adjustment${adjustments.later === 1 ? '' : 's'} after ${through} will appear in a later statement.`);

  if (terms.cquin) {
    const c = terms.cquin;
    const rate = rateFor(c.rateMicros, params?.cquinRateMicros, 'terms.cquin.rateMicros', 'CQUIN rate', year);
    const achievement = requireMicros('terms.cquin.achievementMicros', c.achievementMicros);
    // RULES.md §1.5: CQUIN is a share of Actual Annual Value, i.e. all payments excluding CQUIN and after
    // deductions, so the relationship adjustments above count.
    const aav = book.total();
    const value = applyRate(aav, rate);
    const earned = applyRate(value, achievement);
    const mode = c.mode ?? (terms.model === 'aligned_payment_incentive' ? 'shortfall' : 'earned');
    if (mode === 'earned') {
      book.add(through, 'cquin.earned', `CQUIN: ${pct(rate)} of ${formatPounds(aav)} = ${formatPounds(value)}, ${pct(achievement)} achieved`, earned);
    } else {
      book.add(through, 'cquin.shortfall', `CQUIN in the fixed element: ${pct(rate)} of ${formatPounds(aav)} = ${formatPounds(value)}, ${pct(achievement)} achieved`, earned - value);
    }
  }

  const planVsActual: PlanVsActual[] = months.map((m) => ({
    period: m.period,
    planPence: m.planPence,
    actualPence: m.activity ? m.activity.pricedPence : null,
  }));
  return { year, model: terms.model, throughPeriod: through, lines: book.lines, totalPence: book.total(), planVsActual, notes };
}
