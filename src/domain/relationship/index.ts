/**
 * The commissioner-provider relationship (DESIGN.md C5, C6): the money ledger each way and how it
 * reaches the payment statement, contracts over time, the relationship record with its health
 * indicator and timeline, and the actions due across relationships. The seed cases are in seed-cases/.
 */

export {
  type ArmsRace,
  type MoneyKind,
  type MoneyOrigin,
  type RelationshipMoneyEntry,
  type SideMoney,
  type YearMoney,
  MONEY_KINDS,
  armsRace,
  checkMoneyEntries,
  entryRule,
  moneyByYear,
  statementAdjustments,
} from './money.ts';
export { type ContractParties, determinationEntry, gc14OutcomeEntry, noticeMoneyEntries, sanctionEntries } from './money-sources.ts';
export {
  type AgreementRoute,
  type ConsentFlag,
  type RelationshipContract,
  type SubcontractConsent,
  agreementRoute,
  contractYears,
  subcontractsWithoutConsent,
  unsignedSides,
} from './contracts.ts';
export { type ActionDue, type RelationshipCases, type RulesFor, EDITION_RULES, actionsDue, dueStepsOf } from './actions.ts';
export {
  type HealthBand,
  type HealthFactor,
  type HealthFactorId,
  type HealthIndicator,
  type HealthInput,
  type HealthPolicy,
  DEFAULT_HEALTH_POLICY,
  HEALTH_FACTOR_LABELS,
  relationshipHealth,
} from './health.ts';
export { type TimelineEvent, relationshipTimeline } from './timeline.ts';
export {
  type DisputeSummary,
  type NoticeSummary,
  type RecordContract,
  type RelationshipRecord,
  type RelationshipRecordInput,
  contractSettingSummary,
  gc14Summary,
  noticeSummary,
  relationshipRecord,
} from './record.ts';
export { moneyEntrySchema } from './schemas.ts';
