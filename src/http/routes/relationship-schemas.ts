/**
 * Request and response schemas of the relationship's endpoints: notices and their GC9 steps, GC14 and
 * contract-setting disputes, performance returns and indicators, money entries. A step's side is the
 * signed-in organisation's, never the body's; its date is today unless the step happened elsewhere
 * (a meeting, an appointment, a determination), when `on` gives the day.
 */

import { z } from '@hono/zod-openapi';
import type { ContractSettingOpenInput, ContractSettingStepInput, Gc14StepInput, RaiseInput } from '../../app/relationship/disputes.ts';
import type { MoneyInput } from '../../app/relationship/money.ts';
import type { NoticeInput, NoticeStepInput } from '../../app/relationship/notices.ts';
import type { ReturnInput } from '../../app/relationship/performance.ts';
import { IsoDate, OdsCode, Pence, Text } from '../schemas.ts';

const Required = (max: number) => Text(max).pipe(z.string().trim().min(1, 'is required'));
const Period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM').openapi({ example: '2013-12' });
const Count = z.number().int('must be a whole number').min(0, 'must be 0 or more').refine(Number.isSafeInteger, 'is too large');
const Micros = z.number().int().min(0).max(1_000_000).openapi({ description: 'A share in millionths: 950000 is 95%' });
/** Notice and dispute ids appear in paths: no slash. */
export const CaseId = z.string().min(3).max(80).regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, 'letters, digits and - _ . only').openapi({ example: 'CPN-DEVON-2025-01' });
const On = IsoDate.optional().openapi({ description: 'Only for a step that happened elsewhere (a meeting, report, appointment, determination or agreement): the day it happened, not in the future. Other steps are dated today.' });

// --- notices --------------------------------------------------------------------------------------

export const NoticeBody = z.object({
  subject: Required(2000).openapi({ example: 'Cancer 62-day standard missed three months running' }),
  breachKeys: z.array(Text(200)).max(100).optional().openapi({ description: "Computed breaches the notice rests on, as the contract's performance lists them ('contract indicator period')" }),
  noticeId: CaseId.optional(),
  providerCode: OdsCode.optional().openapi({ description: 'For a contract with several providers: the one the notice concerns' }),
}).strict().openapi('NewContractPerformanceNotice');

const step = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) => z.object({ type: z.literal(type), on: On, ...shape }).strict();
const milestone = z.object({ id: Required(40), description: Required(500), dueDate: IsoDate }).strict();

export const NoticeStepBody = z.discriminatedUnion('type', [
  step('accept', {}),
  step('dispute', { reasons: Required(2000) }),
  step('withdraw', { reason: Required(2000) }),
  step('hold_meeting', {
    outcome: z.enum(['withdraw', 'immediate_action_plan', 'joint_investigation', 'remedial_action_plan']),
    actions: z.array(z.object({ description: Required(500), dueDate: IsoDate }).strict()).max(50).optional(),
    reportDueDate: IsoDate.optional(),
    note: Text(2000).optional(),
  }),
  step('complete_immediate_actions', {}),
  step('require_rap', { reason: Required(2000) }),
  step('report_joint_investigation', { outcome: z.enum(['withdraw', 'remedial_action_plan']) }),
  step('agree_rap', { milestones: z.array(milestone).min(1, 'a remedial action plan sets at least one milestone').max(50) }),
  step('fail_to_agree_rap', {}),
  step('achieve_milestone', { milestoneId: Required(40) }),
  step('miss_milestone', { milestoneId: Required(40) }),
  step('fail_to_implement_rap', { reason: Required(2000) }),
  step('withhold', {
    period: Period,
    actualMonthlyValuePence: Pence.min(0).optional().openapi({ description: "The month's Actual Monthly Value; default: the month's payment under the contract's payment terms" }),
    amountPence: Pence.optional().openapi({ description: 'Default: the cap' }),
  }),
  step('exception_report', { to: z.enum(['provider_board', 'regulator']) }),
  step('remedy', {}),
  step('retain', {}),
  step('review', { note: Required(2000) }),
  step('close', { reason: Required(2000) }),
]).openapi('NoticeStep');

// --- disputes -------------------------------------------------------------------------------------

const appointee = z.object({
  id: Required(40), name: Required(200), role: z.enum(['mediator', 'expert', 'arbitrator', 'facilitator']),
  appointedBy: z.enum(['commissioner', 'provider', 'parties', 'regulator']), description: Text(500).optional(),
}).strict();
const fee = z.object({
  appointeeId: Required(40), amountPence: Pence, description: Required(500),
  payer: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('paid_by'), side: z.enum(['commissioner', 'provider']) }).strict(),
    z.object({ kind: z.literal('shared'), commissionerShareMicros: Micros }).strict(),
    z.object({ kind: z.literal('regulator') }).strict(),
  ]),
}).strict();
const result = { summary: Required(2000), amountPence: Pence.min(0).optional(), inFavourOf: z.enum(['commissioner', 'provider']).optional() };

export const RaiseBody = z.object({
  subject: Required(2000).openapi({ example: 'Counting and coding: same-day emergency care recoded as admissions' }),
  amountInDisputePence: Pence.min(0).optional(),
  disputeId: CaseId.optional(),
}).strict().openapi('NewGc14Dispute');

export const Gc14StepBody = z.discriminatedUnion('type', [
  step('escalate_to_mediation', { early: z.boolean().optional().openapi({ description: 'Both parties agree to go to mediation before the negotiation period ends' }) }),
  step('appoint', { appointee }),
  step('record_fee', { fee }),
  step('refer_to_expert', {}),
  step('settle', result),
  step('determine', result),
  step('withdraw', { reason: Required(2000) }),
]).openapi('Gc14Step');

const issue = z.object({ id: Required(40), title: Required(300), measure: z.enum(['amount', 'terms']) }).strict();
const offer = z.union([z.object({ amountPence: Pence }).strict(), z.object({ terms: Required(2000) }).strict()]);

export const ContractSettingOpenBody = z.object({
  contractYear: z.string().regex(/^\d{4}\/\d{2}$/, "must be a contract year like '2014/15'").openapi({ example: '2014/15' }),
  contractReference: Text(60).optional(),
  issues: z.array(issue).min(1, 'name at least one issue in dispute').max(50),
  disputeId: CaseId.optional(),
}).strict().openapi('NewContractSettingDispute');

export const ContractSettingStepBody = z.discriminatedUnion('type', [
  step('add_issue', { issue }),
  step('appoint', { appointee }),
  step('record_fee', { fee }),
  step('refer_to_mediation', {}),
  step('refer_to_arbitration', {}),
  step('submit_final_offer', { issueId: Required(40), offer }),
  step('determine', { issueId: Required(40), offer, reasons: Required(2000) }),
  step('agree', { summary: Required(2000) }),
  step('withdraw', { reason: Required(2000) }),
]).openapi('ContractSettingStep');

// --- performance ----------------------------------------------------------------------------------

const consequence = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }).strict(),
  z.object({ kind: z.literal('per_breach'), amountPence: Pence.min(0) }).strict(),
  z.object({ kind: z.literal('per_patient'), amountPence: Pence.min(0) }).strict(),
  z.object({ kind: z.literal('share_of_monthly_value'), rateMicros: Micros }).strict(),
]);

export const IndicatorSchema = z.object({
  id: Required(40), name: Required(300), scope: z.enum(['national', 'local']), measure: z.enum(['count', 'share']),
  direction: z.enum(['at_least', 'at_most']), unit: Required(100),
  terms: z.array(z.object({
    fromYear: z.string().regex(/^\d{4}\/\d{2}$/, "must be a contract year like '2019/20'"),
    threshold: Count,
    consequence,
    source: Required(1000),
    confidence: z.enum(['S', 'S2', 'M', 'C', 'contract']),
  }).strict()).max(30),
}).strict().openapi('PerformanceIndicator');

export const ManagementTermsBody = z.object({
  edition: z.string().regex(/^\d{4}\/\d{2}$/, "must be a Standard Contract edition like '2025/26'").optional(),
  overrides: z.object({
    gc9: z.record(z.string(), z.object({ value: z.unknown(), reason: Required(1000) }).strict()).optional(),
    gc14: z.record(z.string(), z.object({ value: z.unknown(), reason: Required(1000) }).strict()).optional(),
    contractSetting: z.record(z.string(), z.object({ value: z.unknown(), reason: Required(1000) }).strict()).optional(),
  }).strict().optional().openapi({ description: 'Per-rule overrides of the edition, each with its reason (checked against the rule)' }),
  indicators: z.array(IndicatorSchema).max(100).optional(),
  reason: Required(2000).openapi({ description: 'Why the terms are set or changed' }),
}).strict().openapi('ManagementTermsInput');

export const ReturnsBody = z.object({
  returns: z.array(z.object({
    period: Period, indicatorId: Required(40), numerator: Count, denominator: Count.optional(),
    note: Text(2000).optional().openapi({ description: 'Required for a correction: why the figure is restated' }),
  }).strict()).min(1).max(2000),
}).strict().openapi('PerformanceReturns');

// --- money ----------------------------------------------------------------------------------------

export const MoneyBody = z.object({
  kind: z.enum(['cquin_shortfall', 'cquin_release', 'challenge', 'counting_coding_query', 'charge_outside_contract', 'determination_adjustment']),
  period: Period,
  amountPence: Pence.openapi({ description: 'Signed effect on what the commissioner pays: a CQUIN shortfall is negative, a charge positive' }),
  description: Required(1000),
  ruleId: Text(60).optional(),
  reference: z.string().min(1).max(80).regex(/^[A-Za-z0-9][A-Za-z0-9/_.-]*$/, 'letters, digits and - _ . / only').optional(),
  corrects: z.string().min(1).max(80).optional().openapi({ description: 'The reference of the entry this one corrects' }),
  note: Text(2000).optional(),
  origin: z.object({ noticeId: Text(80).optional(), breachKey: Text(200).optional(), disputeId: Text(80).optional(), issueId: Text(80).optional() }).strict().optional(),
}).strict().openapi('NewMoneyEntry');

// Type-level checks: what the schemas accept is what the use cases take.
type Assignable<A, B extends A> = B;
export type _NoticeCheck = Assignable<NoticeInput, z.infer<typeof NoticeBody>>;
export type _NoticeStepCheck = Assignable<NoticeStepInput, z.infer<typeof NoticeStepBody>>;
export type _RaiseCheck = Assignable<RaiseInput, z.infer<typeof RaiseBody>>;
export type _Gc14StepCheck = Assignable<Gc14StepInput, z.infer<typeof Gc14StepBody>>;
export type _OpenCheck = Assignable<ContractSettingOpenInput, z.infer<typeof ContractSettingOpenBody>>;
export type _CsStepCheck = Assignable<ContractSettingStepInput, z.infer<typeof ContractSettingStepBody>>;
export type _ReturnCheck = Assignable<ReturnInput, z.infer<typeof ReturnsBody>['returns'][number]>;
export type _MoneyCheck = Assignable<MoneyInput, z.infer<typeof MoneyBody>>;

// --- responses (the main shapes; domain objects inside are described by their fields) --------------

const DueStep = z.object({
  subject: z.object({ kind: z.string(), id: z.string(), contractReference: z.string().nullable(), commissionerCode: z.string(), providerCode: z.string() }),
  step: z.string(), label: z.string(), mustAct: z.string(), dueDate: z.string().nullable(), basis: z.string(), source: z.string(), confidence: z.string(),
  asAt: z.string(), status: z.enum(['overdue', 'due', 'no_deadline']), operationalDaysOverdue: z.number().int(), operationalDaysLeft: z.number().int(),
}).openapi('DueStep');
const Timeline = z.object({ date: z.string(), kind: z.string(), subjectId: z.string(), title: z.string(), detail: z.string(), amountPence: z.number().int().optional() }).openapi('TimelineEvent');
const Org = z.object({ code: z.string(), name: z.string() });

export const NoticeViewSchema = z.object({
  notice: z.record(z.string(), z.unknown()).openapi({ description: 'The notice: its state, response, meeting, plans, milestones, withholdings, exception reports and events' }),
  stateLabel: z.string(), contract: z.object({ id: z.string(), reference: z.string(), title: z.string() }), commissioner: Org, provider: Org, asAt: z.string(),
  rules: z.object({ edition: z.string(), rulesFrom: z.string(), gc9: z.record(z.string(), z.unknown()), overridden: z.array(z.string()) }),
  due: z.array(DueStep), overdue: z.boolean(),
  steps: z.array(z.object({ step: z.string(), label: z.string(), by: z.string(), source: z.string(), youMay: z.boolean() })),
  yourSide: z.string().nullable(),
  events: z.array(z.object({ seq: z.number().int(), type: z.string(), on: z.string(), by: z.string(), recordedByOrganisation: z.string(), recordedAt: z.string() })),
  timeline: z.array(Timeline), money: z.array(z.record(z.string(), z.unknown())),
}).openapi('ContractPerformanceNotice');

export const NoticeSummarySchema = z.object({
  id: z.string(), contractReference: z.string(), commissionerCode: z.string(), commissionerName: z.string(), providerCode: z.string(), providerName: z.string(),
  issuedBy: z.string(), issuedOn: z.string(), subject: z.string(), state: z.string(), stateLabel: z.string(), closedOn: z.string().nullable(),
  due: z.array(DueStep), overdue: z.boolean(),
}).openapi('NoticeSummary');

const Costs = z.object({ totalPence: z.number().int(), commissionerPence: z.number().int(), providerPence: z.number().int(), regulatorPence: z.number().int(), fees: z.array(z.record(z.string(), z.unknown())) });
export const DisputeViewSchema = z.object({
  kind: z.enum(['gc14', 'contract_setting']), summary: z.record(z.string(), z.unknown()),
  gc14: z.record(z.string(), z.unknown()).nullable(), contractSetting: z.record(z.string(), z.unknown()).nullable(),
  contract: z.object({ id: z.string(), reference: z.string(), title: z.string() }).nullable(), commissioner: Org, provider: Org, asAt: z.string(),
  rules: z.object({ edition: z.string(), rulesFrom: z.string(), gc14: z.record(z.string(), z.unknown()), contractSetting: z.record(z.string(), z.unknown()) }),
  due: z.array(DueStep), overdue: z.boolean(),
  steps: z.array(z.object({ step: z.string(), label: z.string(), by: z.string(), source: z.string(), youMay: z.boolean() })),
  yourSide: z.string().nullable(), timeline: z.array(Timeline), costs: Costs,
}).openapi('Dispute');

export const RelationshipViewSchema = z.object({
  commissioner: Org, provider: Org, asAt: z.string(), asAtBasis: z.enum(['requested', 'today', 'last activity']),
  record: z.object({
    contracts: z.array(z.record(z.string(), z.unknown())), moneyByYear: z.array(z.record(z.string(), z.unknown())), armsRace: z.record(z.string(), z.unknown()),
    notices: z.object({ open: z.array(z.record(z.string(), z.unknown())), closed: z.array(z.record(z.string(), z.unknown())) }),
    disputes: z.array(z.record(z.string(), z.unknown())), disputeCosts: z.record(z.string(), z.number()), dueSteps: z.array(DueStep), overdue: z.array(DueStep),
    flags: z.record(z.string(), z.unknown()), health: z.record(z.string(), z.unknown()), timeline: z.array(Timeline),
  }).passthrough(),
  money: z.array(z.record(z.string(), z.unknown())), hiddenBreaches: z.array(z.record(z.string(), z.unknown())),
  youMay: z.object({ openContractSetting: z.boolean() }),
}).openapi('Relationship');

export const ActionsDueSchema = z.object({
  organisationCode: z.string(), asAt: z.string(),
  items: z.array(DueStep.extend({ ourSide: z.string(), counterpartyCode: z.string(), counterpartyName: z.string() })),
}).openapi('ActionsDue');

export const PerformanceSchema = z.object({
  contract: z.object({ id: z.string(), reference: z.string(), title: z.string() }),
  indicators: z.array(IndicatorSchema), returns: z.array(z.record(z.string(), z.unknown())), assessments: z.array(z.record(z.string(), z.unknown())),
  breaches: z.array(z.record(z.string(), z.unknown())), hiddenBreaches: z.array(z.record(z.string(), z.unknown())), sanctionsPence: z.number().int(),
  youMay: z.object({ submitReturns: z.boolean(), setTerms: z.boolean() }),
}).openapi('ContractPerformance');

export const ManagementTermsSchema = z.object({
  contractId: z.string(), reference: z.string(), edition: z.string(), basis: z.enum(['recorded', 'default']), version: z.number().int().nullable(),
  overrides: z.record(z.string(), z.unknown()), indicators: z.array(IndicatorSchema), rules: z.record(z.string(), z.unknown()),
  history: z.array(z.record(z.string(), z.unknown())), nationalStandards: z.array(IndicatorSchema),
  youMay: z.object({ setTerms: z.boolean(), issueNotice: z.boolean(), raiseDispute: z.boolean(), recordMoney: z.boolean(), submitReturns: z.boolean() }),
}).openapi('ManagementTerms');

export const OcdsImplementationSchema = z.object({
  contractId: z.string(), reference: z.string(), extensions: z.array(z.string()),
  implementation: z.object({
    performanceFailures: z.array(z.object({
      id: z.string(), period: z.object({ startDate: z.string(), endDate: z.string() }), category: z.string(), events: z.number().int(),
      penaltyContracted: z.string(), penaltyImposed: z.string(), penaltyPaid: z.boolean().nullable(),
    })),
  }),
}).openapi('OcdsImplementation');

export const SubmittedReturnsSchema = z.array(z.object({ id: z.string(), period: z.string(), indicatorId: z.string(), supersedes: z.string().nullable() })).openapi('SubmittedReturns');
export const MoneyEntrySchema = z.record(z.string(), z.unknown()).openapi('MoneyEntry');
