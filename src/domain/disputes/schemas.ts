/**
 * zod schemas for GC14 and contract-setting dispute steps, for the HTTP API and CLI. The machines
 * check again (stage, appointer, pendulum), so these are a convenience. The API should set `by` from
 * the signed-in organisation's side (or 'regulator' for a regulator's user), never from the body.
 */

import { z } from 'zod';
import type { ContractSettingOpenEvent, ContractSettingStepEvent } from './contract-setting.ts';
import type { Gc14RaiseEvent, Gc14StepEvent } from './gc14.ts';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const text = z.string().trim().min(1);
const pence = z.number().int().refine(Number.isSafeInteger, 'must be a safe integer number of pence');
const micros = z.number().int().min(0).max(1_000_000);
const side = z.enum(['commissioner', 'provider']);
const actor = z.enum(['commissioner', 'provider', 'regulator']);

const appointee = z.object({
  id: text, name: text, role: z.enum(['mediator', 'expert', 'arbitrator', 'facilitator']),
  appointedBy: z.enum(['commissioner', 'provider', 'parties', 'regulator']), description: z.string().optional(),
});
const fee = z.object({
  appointeeId: text, amountPence: pence, description: text,
  payer: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('paid_by'), side }),
    z.object({ kind: z.literal('shared'), commissionerShareMicros: micros }),
    z.object({ kind: z.literal('regulator') }),
  ]),
});
const result = { summary: text, amountPence: pence.optional(), inFavourOf: side.optional() };
const offer = z.union([z.object({ amountPence: pence }), z.object({ terms: text })]);
const issue = z.object({ id: text, title: text, measure: z.enum(['amount', 'terms']) });

export const gc14RaiseSchema = z.object({
  type: z.literal('raise'), on: date, by: side, disputeId: text, contractReference: text, commissionerCode: text, providerCode: text, edition: text, subject: text,
  amountInDisputePence: pence.optional(),
});

export const gc14StepSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('escalate_to_mediation'), on: date, by: side, early: z.boolean().optional() }),
  z.object({ type: z.literal('appoint'), on: date, by: side, appointee }),
  z.object({ type: z.literal('record_fee'), on: date, by: side, fee }),
  z.object({ type: z.literal('refer_to_expert'), on: date, by: side }),
  z.object({ type: z.literal('settle'), on: date, by: side, ...result }),
  z.object({ type: z.literal('determine'), on: date, by: side, ...result }),
  z.object({ type: z.literal('withdraw'), on: date, by: side, reason: text }),
]);

export const contractSettingOpenSchema = z.object({
  type: z.literal('open'), on: date, by: actor, disputeId: text, commissionerCode: text, providerCode: text,
  contractYear: z.string().regex(/^\d{4}\/\d{2}$/, "must be a contract year like '2013/14'"), contractReference: text.optional(), edition: text,
  issues: z.array(issue).min(1).readonly(),
});

export const contractSettingStepSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('add_issue'), on: date, by: actor, issue }),
  z.object({ type: z.literal('appoint'), on: date, by: actor, appointee }),
  z.object({ type: z.literal('record_fee'), on: date, by: actor, fee }),
  z.object({ type: z.literal('refer_to_mediation'), on: date, by: actor }),
  z.object({ type: z.literal('refer_to_arbitration'), on: date, by: actor }),
  z.object({ type: z.literal('submit_final_offer'), on: date, by: actor, issueId: text, offer }),
  z.object({ type: z.literal('determine'), on: date, by: actor, issueId: text, offer, reasons: text }),
  z.object({ type: z.literal('agree'), on: date, by: actor, summary: text }),
  z.object({ type: z.literal('withdraw'), on: date, by: actor, reason: text }),
]);

// Type-level checks: what the schemas accept is what the machines take.
type Assignable<A, B extends A> = B;
export type _Gc14RaiseCheck = Assignable<Gc14RaiseEvent, z.infer<typeof gc14RaiseSchema>>;
export type _Gc14StepCheck = Assignable<Gc14StepEvent, z.infer<typeof gc14StepSchema>>;
export type _OpenCheck = Assignable<ContractSettingOpenEvent, z.infer<typeof contractSettingOpenSchema>>;
export type _StepCheck = Assignable<ContractSettingStepEvent, z.infer<typeof contractSettingStepSchema>>;
