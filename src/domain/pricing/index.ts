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
export { HIP_FRACTURE_CRITERIA, priceActivity, priceActivityOn, pricePence, PRICING_RULES, type PricingRuleId } from './price.ts';
