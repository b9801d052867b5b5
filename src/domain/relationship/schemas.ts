/**
 * zod schema for a typed relationship money entry (provider claims, CQUIN, determinations), for the
 * HTTP API and CLI. Sanctions and withholdings are derived from breaches and notices, not typed; the
 * ledger checks kinds, rules and signs again (checkMoneyEntries).
 */

import { z } from 'zod';
import { ADJUSTMENT_RULE_IDS } from '../payments/index.ts';
import type { RelationshipMoneyEntry } from './money.ts';

const text = z.string().trim().min(1);

export const moneyEntrySchema = z.object({
  id: text,
  commissionerCode: text,
  providerCode: text,
  contractReference: text,
  period: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM'),
  kind: z.enum(['sanction', 'withhold', 'withhold_repayment', 'withhold_retention', 'cquin_shortfall', 'cquin_release', 'challenge', 'counting_coding_query', 'charge_outside_contract', 'determination_adjustment']),
  ruleId: z.enum(ADJUSTMENT_RULE_IDS),
  amountPence: z.number().int().refine(Number.isSafeInteger, 'must be a safe integer number of pence'),
  description: text,
  origin: z.object({ noticeId: z.string().optional(), breachKey: z.string().optional(), disputeId: z.string().optional(), issueId: z.string().optional() }).optional(),
  illustrative: z.boolean().optional(),
});

type Assignable<A, B extends A> = B;
export type _EntryCheck = Assignable<RelationshipMoneyEntry, z.infer<typeof moneyEntrySchema>>;
