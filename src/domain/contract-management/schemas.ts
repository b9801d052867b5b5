/**
 * zod schemas for contract performance notice steps, for the HTTP API and CLI to validate a request
 * before calling the state machine. The machine checks again itself (guards that need the notice's
 * state), so these are a convenience, not the only guard. The API should set `by` from the signed-in
 * organisation's side, never from the request body.
 */

import { z } from 'zod';
import type { IssueNotice, NoticeStepEvent } from './notice.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const period = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM');
const text = z.string().trim().min(1);
const pence = z.number().int().refine(Number.isSafeInteger, 'must be a safe integer number of pence');
export const sideSchema = z.enum(['commissioner', 'provider']);
const step = { on: date, by: sideSchema };

export const issueNoticeSchema = z.object({
  type: z.literal('issue'), ...step, noticeId: text, contractReference: text, commissionerCode: text, providerCode: text, edition: text, subject: text,
  breachKeys: z.array(text).readonly().optional(),
});

export const noticeStepSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('accept'), ...step }),
  z.object({ type: z.literal('dispute'), ...step, reasons: text }),
  z.object({ type: z.literal('withdraw'), ...step, reason: text }),
  z.object({
    type: z.literal('hold_meeting'), ...step,
    outcome: z.enum(['withdraw', 'immediate_action_plan', 'joint_investigation', 'remedial_action_plan']),
    actions: z.array(z.object({ description: text, dueDate: date })).readonly().optional(),
    reportDueDate: date.optional(),
    note: z.string().optional(),
  }),
  z.object({ type: z.literal('complete_immediate_actions'), ...step }),
  z.object({ type: z.literal('require_rap'), ...step, reason: text }),
  z.object({ type: z.literal('report_joint_investigation'), ...step, outcome: z.enum(['withdraw', 'remedial_action_plan']) }),
  z.object({ type: z.literal('agree_rap'), ...step, milestones: z.array(z.object({ id: text, description: text, dueDate: date })).min(1).readonly() }),
  z.object({ type: z.literal('fail_to_agree_rap'), ...step }),
  z.object({ type: z.literal('achieve_milestone'), ...step, milestoneId: text }),
  z.object({ type: z.literal('miss_milestone'), ...step, milestoneId: text }),
  z.object({ type: z.literal('fail_to_implement_rap'), ...step, reason: text }),
  z.object({ type: z.literal('withhold'), ...step, period, actualMonthlyValuePence: pence, amountPence: pence.optional() }),
  z.object({ type: z.literal('exception_report'), ...step, to: z.enum(['provider_board', 'regulator']) }),
  z.object({ type: z.literal('remedy'), ...step }),
  z.object({ type: z.literal('retain'), ...step }),
  z.object({ type: z.literal('review'), ...step, note: text }),
  z.object({ type: z.literal('close'), ...step, reason: text }),
]);

// Type-level checks: what the schemas accept is what the machine takes.
type Assignable<A, B extends A> = B;
export type _IssueCheck = Assignable<IssueNotice, z.infer<typeof issueNoticeSchema>>;
export type _StepCheck = Assignable<NoticeStepEvent, z.infer<typeof noticeStepSchema>>;
