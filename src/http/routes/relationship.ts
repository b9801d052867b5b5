import { createRoute, z } from '@hono/zod-openapi';
import { router } from '../env.ts';
import { ErrorSchema, IsoDate, OdsCode } from '../schemas.ts';
import {
  ActionsDueSchema, CaseId, ContractSettingOpenBody, ContractSettingStepBody, DisputeViewSchema, Gc14StepBody, ManagementTermsBody, ManagementTermsSchema,
  MoneyBody, MoneyEntrySchema, NoticeBody, NoticeStepBody, NoticeSummarySchema, NoticeViewSchema, OcdsImplementationSchema, PerformanceSchema,
  RaiseBody, RelationshipViewSchema, ReturnsBody, SubmittedReturnsSchema,
} from './relationship-schemas.ts';

const json = <T>(schema: T) => ({ 'application/json': { schema } });
const errors = {
  400: { description: 'Invalid input; `issues` names each field (a pendulum determination that is not one party\'s final offer names the issue)', content: json(ErrorSchema) },
  403: { description: 'Not permitted: your organisation is not the side that takes this step (the message names the rule)', content: json(ErrorSchema) },
  404: { description: 'No such contract, notice, dispute or relationship visible to you', content: json(ErrorSchema) },
  409: { description: 'The notice or dispute is not in a state that allows the step (the message names the state)', content: json(ErrorSchema) },
};
const reads = { 400: errors[400], 404: errors[404] };
const ContractParam = z.object({ id: z.string().min(1).max(100).openapi({ description: 'Contract id or reference', example: 'CORNWALL-OOH-2013' }) });
const PairParam = z.object({ commissioner: OdsCode.openapi({ example: '99P' }), provider: OdsCode.openapi({ example: 'RBZ' }) });
const CaseParam = z.object({ id: CaseId });
const AsAt = z.object({ asAt: IsoDate.optional().openapi({ description: 'Read as at this date (default today; an ended relationship: its last activity)' }) });
const flag = z.enum(['true', 'false']).optional();

/**
 * The relationship (issue 8): the record of a commissioner-provider pair, actions due, contract
 * performance notices (GC9) and their steps, GC14 and contract-setting disputes and their steps,
 * management terms, performance returns, money each way and OCDS implementation data. Each state
 * change is one endpoint; who may take it is the rights table and the machine's side for the step.
 */
export function relationshipRoutes() {
  const r = router();
  r.openapi(
    createRoute({
      method: 'get', path: '/relationships/{commissioner}/{provider}', tags: ['Relationship'], summary: 'The relationship record of a commissioner-provider pair',
      description: 'Contracts over time and how each was agreed, money each way by year (the arms race), notices open and closed, disputes with their timeline, costs and fees, what is overdue, flags, and the health band with each factor and its evidence.',
      request: { params: PairParam, query: AsAt },
      responses: { 200: { description: 'The record', content: json(RelationshipViewSchema) }, ...reads },
    }),
    async (c) => {
      const { commissioner, provider } = c.req.valid('param');
      return c.json((await c.get('workspace').getRelationship(commissioner, provider, c.req.valid('query').asAt)) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/actions-due', tags: ['Relationship'], summary: 'What your organisation must do across all its relationships',
      description: 'Every pending step on notices and disputes your organisation takes (alone or with the other party), overdue first, each with its deadline, how it was reached and the rule\'s source. System and administrator users may name an organisation.',
      request: { query: AsAt.extend({ organisation: OdsCode.optional() }) },
      responses: { 200: { description: 'Actions due', content: json(ActionsDueSchema) }, 400: errors[400], 403: errors[403] },
    }),
    async (c) => c.json((await c.get('workspace').listActionsDue(c.req.valid('query'))) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/notices', tags: ['Contract management'], summary: 'Contract performance notices on the contracts you may see',
      request: { query: AsAt.extend({ contract: z.string().max(100).optional(), overdue: flag, state: z.enum(['open', 'closed']).optional() }) },
      responses: { 200: { description: 'Notices, newest first, each with what is due', content: json(z.array(NoticeSummarySchema)) }, ...reads },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json((await c.get('workspace').listNotices({ ...q, overdue: q.overdue === 'true' })) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/notices/{id}', tags: ['Contract management'], summary: 'A contract performance notice: its steps, deadlines and what you may do now',
      request: { params: CaseParam, query: AsAt },
      responses: { 200: { description: 'The notice', content: json(NoticeViewSchema) }, ...reads },
    }),
    async (c) => c.json((await c.get('workspace').getNotice(c.req.valid('param').id, c.req.valid('query').asAt)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/contracts/{id}/notices', tags: ['Contract management'], summary: 'Issue a contract performance notice (GC9)',
      description: 'Issued today by the co-ordinating commissioner to the provider, or by the provider where the contract\'s edition allows it. The contract management meeting is due within the edition\'s operational days.',
      request: { params: ContractParam, body: { content: json(NoticeBody), required: true } },
      responses: { 201: { description: 'The notice', content: json(NoticeViewSchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').issueNotice(c.req.valid('param').id, c.req.valid('json'))) as never, 201),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/notices/{id}/steps', tags: ['Contract management'], summary: 'Take a GC9 step on a notice',
      description: 'Accept or dispute, hold the meeting, agree the remedial action plan, report milestones, withhold, confirm the remedy, retain, close... A step the notice\'s state does not allow is refused naming the state (409); a step the other side takes is refused (403).',
      request: { params: CaseParam, body: { content: json(NoticeStepBody), required: true } },
      responses: { 200: { description: 'The notice after the step', content: json(NoticeViewSchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').takeNoticeStep(c.req.valid('param').id, c.req.valid('json'))) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/disputes', tags: ['Disputes'], summary: 'GC14 and contract-setting disputes you may see',
      request: { query: AsAt.extend({ open: flag }) },
      responses: { 200: { description: 'Disputes, newest first', content: json(z.array(DisputeViewSchema)) }, ...reads },
    }),
    async (c) => {
      const q = c.req.valid('query');
      return c.json((await c.get('workspace').listDisputes({ asAt: q.asAt, open: q.open === undefined ? undefined : q.open === 'true' })) as never, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/disputes/{id}', tags: ['Disputes'], summary: 'A dispute: its stages or issues, timeline, appointees, fees and who pays',
      request: { params: CaseParam, query: AsAt },
      responses: { 200: { description: 'The dispute', content: json(DisputeViewSchema) }, ...reads },
    }),
    async (c) => c.json((await c.get('workspace').getDispute(c.req.valid('param').id, c.req.valid('query').asAt)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/contracts/{id}/disputes', tags: ['Disputes'], summary: 'Raise a GC14 dispute under a contract',
      request: { params: ContractParam, body: { content: json(RaiseBody), required: true } },
      responses: { 201: { description: 'The dispute, in escalated negotiation', content: json(DisputeViewSchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').raiseDispute(c.req.valid('param').id, c.req.valid('json'))) as never, 201),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/gc14-disputes/{id}/steps', tags: ['Disputes'], summary: 'Take a GC14 step',
      description: 'Escalate to mediation, appoint the mediator or expert, record a fee, refer to the expert, settle, record the determination, withdraw.',
      request: { params: CaseParam, body: { content: json(Gc14StepBody), required: true } },
      responses: { 200: { description: 'The dispute after the step', content: json(DisputeViewSchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').takeDisputeStep(c.req.valid('param').id, c.req.valid('json'))) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/relationships/{commissioner}/{provider}/contract-setting-disputes', tags: ['Disputes'], summary: 'Open a contract-setting dispute over a contract year',
      request: { params: PairParam, body: { content: json(ContractSettingOpenBody), required: true } },
      responses: { 201: { description: 'The dispute, in negotiation', content: json(DisputeViewSchema) }, ...errors },
    }),
    async (c) => {
      const { commissioner, provider } = c.req.valid('param');
      return c.json((await c.get('workspace').openContractSettingDispute(commissioner, provider, c.req.valid('json'))) as never, 201);
    },
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/contract-setting-disputes/{id}/steps', tags: ['Disputes'], summary: 'Take a contract-setting step',
      description: 'Refer to mediation or arbitration, appoint a facilitator, mediator or arbitrator, record a fee, submit a final offer, enter the arbitrator\'s pendulum determination (exactly one party\'s final offer on the issue, or 400 naming the issue), agree, withdraw.',
      request: { params: CaseParam, body: { content: json(ContractSettingStepBody), required: true } },
      responses: { 200: { description: 'The dispute after the step', content: json(DisputeViewSchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').takeContractSettingStep(c.req.valid('param').id, c.req.valid('json'))) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts/{id}/management-terms', tags: ['Contract management'], summary: "A contract's edition, rule overrides and performance indicators",
      request: { params: ContractParam },
      responses: { 200: { description: 'The terms in force, every rule with its source, and their history', content: json(ManagementTermsSchema) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').getManagementTerms(c.req.valid('param').id)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'put', path: '/contracts/{id}/management-terms', tags: ['Contract management'], summary: "Set a contract's edition, rule overrides and performance indicators",
      description: 'A new version of the terms (what is left out is carried forward), audited and sealed. Refused when an indicator with returns would be dropped or a notice or dispute in progress would no longer stand.',
      request: { params: ContractParam, body: { content: json(ManagementTermsBody), required: true } },
      responses: { 200: { description: 'The terms in force', content: json(ManagementTermsSchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').setManagementTerms(c.req.valid('param').id, c.req.valid('json') as never)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts/{id}/performance', tags: ['Performance'], summary: "A contract's performance: returns (superseded ones included), breaches and what corrections revealed",
      request: { params: ContractParam },
      responses: { 200: { description: 'Performance', content: json(PerformanceSchema) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').getPerformance(c.req.valid('param').id)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/contracts/{id}/performance-returns', tags: ['Performance'], summary: 'Submit monthly performance returns',
      description: 'All or nothing, every row at fault named. A return for a month and indicator already returned supersedes the earlier one (say why in `note`); the earlier figure stays readable, marked superseded.',
      request: { params: ContractParam, body: { content: json(ReturnsBody), required: true } },
      responses: { 201: { description: 'The returns recorded', content: json(SubmittedReturnsSchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').submitPerformanceReturns(c.req.valid('param').id, c.req.valid('json'))) as never, 201),
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/contracts/{id}/ocds-implementation', tags: ['Performance'], summary: "The contract's breaches as OCDS implementation data (performance failures)",
      description: 'The OCDS Performance Failures extension\'s `contracts[].implementation.performanceFailures`, for the contract\'s release.',
      request: { params: ContractParam },
      responses: { 200: { description: 'Implementation data', content: json(OcdsImplementationSchema) }, 404: errors[404] },
    }),
    async (c) => c.json((await c.get('workspace').ocdsImplementation(c.req.valid('param').id)) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'post', path: '/contracts/{id}/money-entries', tags: ['Relationship'], summary: 'Record money on your side of the relationship',
      description: 'CQUIN shortfalls and releases (the commissioner), upheld challenges, counting and coding changes and charges outside the contract (the provider), determination adjustments (either). Sanctions and withholdings are computed, never typed. Each becomes a statement line naming its rule in its month.',
      request: { params: ContractParam, body: { content: json(MoneyBody), required: true } },
      responses: { 201: { description: 'The entry', content: json(MoneyEntrySchema) }, ...errors },
    }),
    async (c) => c.json((await c.get('workspace').recordMoney(c.req.valid('param').id, c.req.valid('json') as never)) as never, 201),
  );
  return r;
}
