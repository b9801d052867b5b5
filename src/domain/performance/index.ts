/**
 * Performance and quality: KPIs and quality requirements with thresholds and consequences by contract
 * year, monthly returns in a superseding ledger, and breaches computed from the current returns.
 */

export { type Consequence, type IndicatorTerms, type PerformanceIndicator, checkIndicator, termsForYear } from './indicators.ts';
export { FIFTY_TWO_WEEK_WAITS, NATIONAL_STANDARDS } from './national.ts';
export { type PerformanceReturn, type ReturnVersion, checkReturns, currentReturns, returnHistory, returnKey } from './returns.ts';
export {
  type Assessment,
  type AssessmentOptions,
  type Breach,
  type HiddenBreach,
  assessCurrentReturns,
  assessReturn,
  computeBreaches,
  hiddenBreaches,
} from './breaches.ts';
export { type OcdsPerformanceFailure, OCDS_PERFORMANCE_FAILURES_EXTENSION, ocdsPerformanceFailures } from './ocds.ts';
export { performanceIndicatorSchema, performanceReturnInputSchema } from './schemas.ts';
