/**
 * Payments: the payment engine (statements by payment model), year-keyed parameters and the
 * year-end reconciliation (RULES.md §1.4, §1.5, §2.6, §2.7, §5).
 */

export type {
  ActivityTerms,
  AlignedPaymentTerms,
  BlendedTerms,
  BlockTerms,
  CquinTerms,
  LowVolumeTerms,
  MarginalRateTerms,
  MinimumIncomeTerms,
  MonthActivity,
  OutcomesBasedTerms,
  PaymentModel,
  PaymentRuleRef,
  PaymentTerms,
  PlanVsActual,
  Statement,
  StatementAdjustment,
  StatementInput,
  StatementLine,
} from './types.ts';
export {
  type AlignedPaymentParameters,
  DEFAULT_PAYMENT_PARAMETERS,
  type LowVolumeParameters,
  type PaymentParameterTable,
  type SchemeYearPaymentParameters,
  UNITINGCARE_AT_RISK_BY_CONTRACT_YEAR,
} from './parameters.ts';
export { ADJUSTMENT_RULE_IDS, type AdjustmentRuleId, isAdjustmentRuleId, PAYMENT_RULES, type PaymentRuleId } from './rules.ts';
export { API_DEFAULT_VARIABLE_SCOPE, computeStatement } from './statement.ts';
export {
  type PaymentOnAccount,
  paymentsOnAccount,
  type ReconciliationMonth,
  reconcileYear,
  type YearEndReconciliation,
} from './reconcile.ts';
export { type PricedItem, summariseMonths } from './months.ts';
export { lowVolumeValue, qualifiesForLowVolume } from './lowVolume.ts';
export { cquinTermsSchema, monthActivitySchema, paymentTermsSchema, statementInputSchema } from './schemas.ts';
