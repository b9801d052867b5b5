/**
 * Payment engine input and output shapes. Money is integer pence; rates are micros.
 */

import type { Micros, Pence } from '../money.ts';
import type { PointOfDelivery } from '../pricing/index.ts';
import type { SchemeYear } from '../tariff/index.ts';
import type { PaymentParameterTable } from './parameters.ts';
import type { AdjustmentRuleId, PaymentRuleId } from './rules.ts';

/**
 * CQUIN on top of a payment model (RULES.md §1.5). The CQUIN value is rate x Actual Annual Value,
 * AAV being the model's payments excluding CQUIN. 'earned' pays achievement x value as its own line;
 * 'shortfall' (API, where CQUIN sits in the fixed element assuming full achievement) deducts
 * (1 - achievement) x value.
 */
export interface CquinTerms {
  /** Overrides the year's rate (e.g. a local scheme). */
  readonly rateMicros?: Micros;
  /** Share of CQUIN goals achieved, 0..1_000_000. */
  readonly achievementMicros: Micros;
  /** Default 'shortfall' for aligned payment and incentive, 'earned' otherwise. */
  readonly mode?: 'earned' | 'shortfall';
}

interface TermsBase {
  readonly cquin?: CquinTerms;
}

/** Fixed annual value paid 1/12 a month (RULES.md §5 blocks; §1.4 1/12 of EACV). */
export interface BlockTerms extends TermsBase {
  readonly model: 'block';
  readonly annualValuePence: Pence;
}

/** Activity paid at unit prices (RULES.md §2.7 (3): 100% of unit prices). */
export interface ActivityTerms extends TermsBase {
  readonly model: 'activity';
  /** Points of delivery paid; default all priced activity. */
  readonly scope?: readonly PointOfDelivery[];
}

/** Aligned payment and incentive: fixed element + variable element for elective activity (RULES.md §2.7). */
export interface AlignedPaymentTerms extends TermsBase {
  readonly model: 'aligned_payment_incentive';
  readonly fixedAnnualPence: Pence;
  /** Points of delivery in the variable element; default ['DC', 'EL'] (elective spells) [M]. */
  readonly variableScope?: readonly PointOfDelivery[];
  /** 2022/23 ('baseline_delta' years): the elective value baseline for the year. */
  readonly baselinePence?: Pence;
  /** Overrides the year's variable rate. */
  readonly variableRateMicros?: Micros;
}

/** Marginal rate above a value baseline: MRET (RULES.md §2.6). */
export interface MarginalRateTerms extends TermsBase {
  readonly model: 'marginal_rate';
  readonly baselinePence: Pence;
  /** Points of delivery subject to the rule; default all (give ['NEL'] for emergency admissions). */
  readonly scope?: readonly PointOfDelivery[];
  readonly rateMicros?: Micros;
}

/** Blended payment: fixed for planned activity + a share either side of plan (RULES.md §2.6). */
export interface BlendedTerms extends TermsBase {
  readonly model: 'blended';
  readonly fixedAnnualPence: Pence;
  readonly scope?: readonly PointOfDelivery[];
  readonly rateMicros?: Micros;
}

/** Outcomes-based: a share of value at risk by contract year, released against outcomes (RULES.md §5). */
export interface OutcomesBasedTerms extends TermsBase {
  readonly model: 'outcomes_based';
  readonly annualValuePence: Pence;
  /** 1-based year of the contract term. */
  readonly contractYear: number;
  /** Share at risk for contract year 1, 2, ...; e.g. UNITINGCARE_AT_RISK_BY_CONTRACT_YEAR. */
  readonly atRiskShareByContractYear: readonly Micros[];
  /** Measured outcome achievement 0..1_000_000; null until measured (nothing released yet). */
  readonly outcomeAchievementMicros: Micros | null;
}

/** Activity at unit prices with a floor: max(activity income, floor) (RULES.md §5). */
export interface MinimumIncomeTerms extends TermsBase {
  readonly model: 'minimum_income_guarantee';
  readonly floorAnnualPence: Pence;
  readonly scope?: readonly PointOfDelivery[];
}

/** Low volume activity block: a fixed value paid 1/12 a month (RULES.md §2.7 (2)). */
export interface LowVolumeTerms extends TermsBase {
  readonly model: 'low_volume';
  readonly annualValuePence: Pence;
}

/** A contract's payment terms, by model. */
export type PaymentTerms =
  | BlockTerms
  | ActivityTerms
  | AlignedPaymentTerms
  | MarginalRateTerms
  | BlendedTerms
  | OutcomesBasedTerms
  | MinimumIncomeTerms
  | LowVolumeTerms;

export type PaymentModel = PaymentTerms['model'];

/** One month of already-priced activity (see summariseMonths) with its plan. */
export interface MonthActivity {
  /** Reporting period YYYY-MM. */
  readonly period: string;
  /**
   * All activity in the month at unit prices after MFF (pricing's `pence` summed); null when the
   * month is not yet reported (its plan still shows in planVsActual).
   */
  readonly pricedPence: Pence | null;
  /** The same by point of delivery; required when the terms name a scope. */
  readonly pricedByPod?: Readonly<Partial<Record<PointOfDelivery, Pence>>>;
  /** Units by point of delivery (informational; shown to people, not used to pay). */
  readonly volumes?: Readonly<Partial<Record<PointOfDelivery, number>>>;
  /** Planned value for the month, on the same basis as pricedPence. */
  readonly planPence: Pence;
}

/**
 * Money the payment model does not compute itself, entered as a statement line in the month it applies:
 * a sanction, a GC9 withholding or its repayment, a CQUIN shortfall or release, a provider's agreed
 * charge, a determination (src/domain/relationship builds these from its ledger).
 */
export interface StatementAdjustment {
  /** The month it applies, YYYY-MM, within the statement's year. */
  readonly period: string;
  readonly ruleId: AdjustmentRuleId;
  /** For people: 'Withheld under CPN-2025-01 (milestone M1 missed)'. */
  readonly description: string;
  /** Signed: positive, the commissioner pays more; negative, a deduction. */
  readonly amountPence: Pence;
  /** Where it comes from, e.g. the relationship ledger entry's id. */
  readonly reference?: string;
}

export interface StatementInput {
  readonly year: SchemeYear;
  readonly terms: PaymentTerms;
  /** Months of the year reported so far, any order, each period at most once. */
  readonly months: readonly MonthActivity[];
  /**
   * Relationship money for the year. Those in months up to throughPeriod become lines after the payment
   * model's own lines (and before CQUIN, whose Actual Annual Value is after deductions, RULES.md §1.5);
   * later ones wait for a later statement.
   */
  readonly adjustments?: readonly StatementAdjustment[];
  /** Statement up to and including this period; default the whole year (March). */
  readonly throughPeriod?: string;
  /** Year-keyed parameters; default DEFAULT_PAYMENT_PARAMETERS. */
  readonly parameters?: PaymentParameterTable;
}

/** The rule that produced a statement line. */
export interface PaymentRuleRef {
  /** Stable id, e.g. 'block.monthly'. */
  readonly id: PaymentRuleId;
  /** For people, e.g. 'Block: 1/12 of the annual value'. */
  readonly label: string;
  /** RULES.md reference, e.g. 'RULES.md §1.4'. */
  readonly source: string;
}

export interface StatementLine {
  /** Period YYYY-MM the line belongs to (year-level items sit in the statement's last period). */
  readonly period: string;
  readonly description: string;
  readonly rule: PaymentRuleRef;
  readonly amountPence: Pence;
  /** For an adjustment line: where it comes from (StatementAdjustment.reference). */
  readonly reference?: string;
}

export interface PlanVsActual {
  readonly period: string;
  readonly planPence: Pence;
  /** Priced activity (all points of delivery); null for a month not yet reported. */
  readonly actualPence: Pence | null;
}

export interface Statement {
  readonly year: SchemeYear;
  readonly model: PaymentModel;
  readonly throughPeriod: string;
  readonly lines: readonly StatementLine[];
  /** Sum of lines, to the penny. */
  readonly totalPence: Pence;
  /** One row per period of the statement, April first. */
  readonly planVsActual: readonly PlanVsActual[];
  /** Things a reader should know (a threshold exceeded, an outcome not yet measured). */
  readonly notes: readonly string[];
}
