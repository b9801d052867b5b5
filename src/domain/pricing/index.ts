/**
 * Pricing: one unit of activity against a tariff year (RULES.md §2).
 */

export type {
  ActivityUnit,
  PointOfDelivery,
  PriceComponent,
  PriceComponentKind,
  PricedUnit,
  PriceRejection,
  PriceResult,
  PricingOptions,
  RejectionReason,
} from './types.ts';
export { POINTS_OF_DELIVERY } from './types.ts';
export { HIP_FRACTURE_CRITERIA, priceUnit, priceUnitOn, pricePence, PRICING_RULES, type PricingRuleId } from './price.ts';
export {
  ACTIVITY_HINT_KINDS,
  ACTIVITY_HINTS,
  ACTIVITY_REJECT_REASONS,
  PRICING_REJECT_REASONS,
  rejectionMessage,
  type ActivityHintKind,
  type ActivityRejectReason,
  type RejectionContext,
} from './reasons.ts';
