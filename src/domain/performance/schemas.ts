/**
 * zod schemas for a monthly performance return and an indicator definition, for the HTTP API and CLI.
 * Storage assigns a return's id and ledger sequence; the submitter's ODS code comes from the actor.
 */

import { z } from 'zod';
import type { PerformanceIndicator, PerformanceReturn } from './index.ts';

const text = z.string().trim().min(1);
const count = z.number().int().min(0).refine(Number.isSafeInteger, 'must be a safe whole number');
const pence = z.number().int().min(0).refine(Number.isSafeInteger, 'must be a safe integer number of pence');
const micros = z.number().int().min(0).max(1_000_000);

/** What a provider submits: one indicator's figure for one month. */
export const performanceReturnInputSchema = z.object({
  contractReference: text,
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM'),
  indicatorId: text,
  numerator: count,
  denominator: count.optional(),
  submittedOn: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD'),
  note: z.string().optional(),
});

export const performanceIndicatorSchema = z.object({
  id: text, name: text, scope: z.enum(['national', 'local']), measure: z.enum(['count', 'share']), direction: z.enum(['at_least', 'at_most']), unit: text,
  terms: z.array(z.object({
    fromYear: z.string().regex(/^\d{4}\/\d{2}$/, "must be a contract year like '2019/20'"),
    threshold: count,
    consequence: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('none') }),
      z.object({ kind: z.literal('per_breach'), amountPence: pence }),
      z.object({ kind: z.literal('per_patient'), amountPence: pence }),
      z.object({ kind: z.literal('share_of_monthly_value'), rateMicros: micros }),
    ]),
    source: text,
    confidence: z.enum(['S', 'S2', 'M', 'C', 'contract']),
  })).readonly(),
});

type Assignable<A, B extends A> = B;
export type _ReturnCheck = Assignable<Omit<PerformanceReturn, 'id' | 'sequence' | 'submittedBy'>, z.infer<typeof performanceReturnInputSchema>>;
export type _IndicatorCheck = Assignable<PerformanceIndicator, z.infer<typeof performanceIndicatorSchema>>;
