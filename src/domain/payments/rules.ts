/**
 * The catalogue of payment rules: stable ids for statement lines, a label for people and the RULES.md
 * section each implements.
 */

export const PAYMENT_RULES = {
  'block.monthly': { label: 'Block: 1/12 of the annual value', source: 'RULES.md §1.4, §5' },
  'activity.unit_prices': { label: 'Activity at unit prices', source: 'RULES.md §2.7 (3)' },
  'api.fixed': { label: 'Aligned payment and incentive: fixed element, 1/12 a month', source: 'RULES.md §2.7' },
  'api.variable': { label: 'Aligned payment and incentive: variable element at the year\'s rate of unit prices', source: 'RULES.md §2.7' },
  'api.variable_vs_baseline': { label: 'Aligned payment and incentive: variable element, rate x (actual - baseline)', source: 'RULES.md §2.7 (2022/23)' },
  'marginal_rate.within_baseline': { label: 'Marginal rate: activity up to the baseline at full price', source: 'RULES.md §2.6' },
  'marginal_rate.above_baseline': { label: 'Marginal rate: activity above the baseline at the marginal rate', source: 'RULES.md §2.6' },
  'blended.fixed': { label: 'Blended payment: fixed element, 1/12 a month', source: 'RULES.md §2.6' },
  'blended.variable': { label: 'Blended payment: variable element, rate x (actual - plan)', source: 'RULES.md §2.6' },
  'outcome.fixed': { label: 'Outcomes-based: value not at risk, 1/12 a month', source: 'RULES.md §5, §7 example 11' },
  'outcome.release': { label: 'Outcomes-based: release of value at risk by outcome achievement', source: 'RULES.md §5, §7 example 11' },
  'mig.activity': { label: 'Minimum income guarantee: activity at unit prices', source: 'RULES.md §5' },
  'mig.top_up': { label: 'Minimum income guarantee: top-up to the floor', source: 'RULES.md §5' },
  'lva.monthly': { label: 'Low volume activity block: 1/12 of the fixed value', source: 'RULES.md §2.7 (2)' },
  'cquin.earned': { label: 'CQUIN earned: rate x Actual Annual Value x achievement', source: 'RULES.md §1.5' },
  'cquin.shortfall': { label: 'CQUIN shortfall deducted: rate x Actual Annual Value x (1 - achievement)', source: 'RULES.md §1.5' },
} as const;

export type PaymentRuleId = keyof typeof PAYMENT_RULES;
