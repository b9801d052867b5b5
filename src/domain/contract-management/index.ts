/**
 * Contract management under GC9 of the NHS Standard Contract (RULES.md §1.2 [M]) and the rule
 * parameters of each Standard Contract edition (GC9, GC14, contract setting), with their sources.
 */

export { type Side, SIDES, SIDE_LABELS, otherSide, isSide } from './sides.ts';
export {
  type Appointer,
  type Confidence,
  type ContractRuleOverrides,
  type ContractSettingRules,
  type CpnIssuers,
  type Gc14Rules,
  type Gc9Rules,
  type RelationshipRules,
  type RuleOverride,
  type Sourced,
  type StandardContractEdition,
  STANDARD_CONTRACT_EDITIONS,
  describeRule,
  editionInForce,
  relationshipRules,
  standardContractEdition,
} from './editions.ts';
export {
  type ContractPerformanceNotice,
  type ExceptionReport,
  type Failure,
  type FailureKind,
  type ImmediateAction,
  type IssueNotice,
  type MeetingOutcome,
  type Milestone,
  type MilestoneInput,
  type NoticeEvent,
  type NoticeState,
  type NoticeStepEvent,
  type NoticeStepType,
  type Withholding,
  CLOSED_NOTICE_STATES,
  FAILURE_LABELS,
  NOTICE_STATES,
  NOTICE_STATE_LABELS,
} from './notice.ts';
export { type AvailableStep, type NoticeStepRule, type StepActor, NOTICE_STEPS, availableSteps, mayIssue, stepTakenBy } from './transitions.ts';
export { applyNoticeStep, issueNotice, recipientOf, replayNotice } from './machine.ts';
export { periodPlus, repaymentPeriod, retainableFrom, withholdingCap, withholdingTotals } from './withholding.ts';
export { type DueStep, type DueStepAsAt, type DueSubject, overdueSteps, stepsAsAt } from './due.ts';
export { meetingDueDate, noticeDueSteps } from './deadlines.ts';
export { issueNoticeSchema, noticeStepSchema, sideSchema } from './schemas.ts';
