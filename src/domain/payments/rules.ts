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
  // Relationship money (statement adjustments): what each side raised against the other, in the month
  // it applies. See ADJUSTMENT_RULE_IDS below and src/domain/relationship.
  'gc9.withhold': { label: 'Contract management (GC9): withheld while a remedial action plan is not agreed or not implemented, at most the cap share of the Actual Monthly Value', source: 'RULES.md §1.2 item 4 [M]' },
  'gc9.withhold_repayment': { label: 'Contract management (GC9): withheld sums repaid once the failure is remedied', source: 'RULES.md §1.2 item 5 [M]' },
  'gc9.withhold_retention': { label: 'Contract management (GC9): withheld sums retained permanently as the failure persisted (nothing further is deducted)', source: 'RULES.md §1.2 item 5 [M]' },
  'sanction.per_breach': { label: 'Performance sanction: a fixed sum for a month in breach of a quality requirement', source: 'RULES.md §1.2, §1.5 (national-standard sanctions); local requirements as agreed in the contract' },
  'sanction.per_patient': { label: 'Performance sanction: a sum for each patient beyond the threshold', source: 'RULES.md §1.2 [S2] (£2,500 per 52-week wait from 2019/20)' },
  'sanction.share_of_value': { label: 'Performance sanction: a share of the Actual Monthly Value', source: 'RULES.md §1.2, §1.5; as agreed in the contract' },
  'cquin.withheld': { label: 'CQUIN: shortfall withheld against goals not yet evidenced', source: 'RULES.md §1.5' },
  'cquin.released': { label: 'CQUIN: shortfall released once achievement is evidenced', source: 'RULES.md §1.5' },
  'provider_claim.challenge_upheld': { label: "Provider's challenge upheld: a deduction or activity validation the provider challenged, paid", source: 'RULES.md §1.4 [M] (SC36: agreed sums are paid, disputed sums go to GC14)' },
  'provider_claim.counting_coding': { label: 'Counting and coding query settled: a change in how the provider counts or codes activity, as agreed', source: 'RULES.md §1.4 [M] (SC36: agreed sums are paid, disputed sums go to GC14)' },
  'provider_claim.outside_contract': { label: 'Charge outside the contract, as agreed', source: 'RULES.md §1.4 [M] (SC36: agreed sums are paid, disputed sums go to GC14)' },
  'determination.pendulum': { label: 'Contract-setting arbitration: adjustment to the pendulum determination', source: 'RULES.md §1.3 [S2] (pendulum decision on each issue)' },
  'determination.gc14': { label: 'GC14 dispute: adjustment to a settlement or expert determination', source: 'RULES.md §1.3 [S2]' },
} as const;

export type PaymentRuleId = keyof typeof PAYMENT_RULES;

/**
 * The rules a statement adjustment may name: relationship money that the payment model does not compute
 * itself (sanctions, withholds and their release, provider claims, determinations).
 */
export const ADJUSTMENT_RULE_IDS = [
  'gc9.withhold',
  'gc9.withhold_repayment',
  'gc9.withhold_retention',
  'sanction.per_breach',
  'sanction.per_patient',
  'sanction.share_of_value',
  'cquin.withheld',
  'cquin.released',
  'provider_claim.challenge_upheld',
  'provider_claim.counting_coding',
  'provider_claim.outside_contract',
  'determination.pendulum',
  'determination.gc14',
] as const satisfies readonly PaymentRuleId[];

export type AdjustmentRuleId = (typeof ADJUSTMENT_RULE_IDS)[number];

/** True when `id` is a rule a statement adjustment may name. */
export function isAdjustmentRuleId(id: unknown): id is AdjustmentRuleId {
  return typeof id === 'string' && (ADJUSTMENT_RULE_IDS as readonly string[]).includes(id);
}
