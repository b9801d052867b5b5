/**
 * zod schemas for the payment engine's input, for the HTTP API and CLI to validate requests before
 * calling computeStatement. The engine checks its input again itself (it throws invalid naming the
 * field), so these are a convenience, not the only guard.
 */

import { z } from 'zod';
import { MICROS_PER_UNIT } from '../money.ts';
import { POINTS_OF_DELIVERY } from '../pricing/index.ts';
import type { MonthActivity, PaymentTerms, StatementInput } from './types.ts';

const pence = z.number().int().refine(Number.isSafeInteger, 'must be a safe integer number of pence');
const nonNegativePence = pence.refine((v) => v >= 0, 'must not be negative');
const micros = z.number().int().min(0).max(MICROS_PER_UNIT);
const pod = z.enum(POINTS_OF_DELIVERY as unknown as ['OPFA', 'OPFU', 'OPPROC', 'DC', 'EL', 'NEL']);
const scope = z.array(pod).readonly();

export const cquinTermsSchema = z.object({
  rateMicros: micros.optional(),
  achievementMicros: micros,
  mode: z.enum(['earned', 'shortfall']).optional(),
});

const base = { cquin: cquinTermsSchema.optional() };

export const paymentTermsSchema = z.discriminatedUnion('model', [
  z.object({ model: z.literal('block'), annualValuePence: nonNegativePence, ...base }),
  z.object({ model: z.literal('activity'), scope: scope.optional(), ...base }),
  z.object({
    model: z.literal('aligned_payment_incentive'),
    fixedAnnualPence: nonNegativePence,
    variableScope: scope.optional(),
    baselinePence: nonNegativePence.optional(),
    variableRateMicros: micros.optional(),
    ...base,
  }),
  z.object({ model: z.literal('marginal_rate'), baselinePence: nonNegativePence, scope: scope.optional(), rateMicros: micros.optional(), ...base }),
  z.object({ model: z.literal('blended'), fixedAnnualPence: nonNegativePence, scope: scope.optional(), rateMicros: micros.optional(), ...base }),
  z.object({
    model: z.literal('outcomes_based'),
    annualValuePence: nonNegativePence,
    contractYear: z.number().int().min(1),
    atRiskShareByContractYear: z.array(micros).min(1).readonly(),
    outcomeAchievementMicros: micros.nullable(),
    ...base,
  }),
  z.object({ model: z.literal('minimum_income_guarantee'), floorAnnualPence: nonNegativePence, scope: scope.optional(), ...base }),
  z.object({ model: z.literal('low_volume'), annualValuePence: nonNegativePence, ...base }),
]);

export const monthActivitySchema = z.object({
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a period YYYY-MM'),
  pricedPence: pence.nullable(),
  pricedByPod: z.partialRecord(pod, pence).optional(),
  volumes: z.partialRecord(pod, z.number().int().min(0)).optional(),
  planPence: pence,
});

/** The engine's input without `parameters` (the server supplies its own table). */
export const statementInputSchema = z.object({
  year: z.string().regex(/^\d{4}\/\d{2}$/, "must be a payment-scheme year like '2025/26'"),
  terms: paymentTermsSchema,
  months: z.array(monthActivitySchema),
  throughPeriod: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional(),
});

// Type-level checks: what the schemas accept is what the engine takes.
type Assignable<A, B extends A> = B;
export type _TermsCheck = Assignable<PaymentTerms, z.infer<typeof paymentTermsSchema>>;
export type _MonthCheck = Assignable<MonthActivity, z.infer<typeof monthActivitySchema>>;
export type _InputCheck = Assignable<StatementInput, z.infer<typeof statementInputSchema>>;
