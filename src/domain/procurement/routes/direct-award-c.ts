/**
 * Direct Award Process C (PSR reg 6(5), RULES.md §3.1 [S2]): optional, to the existing provider of
 * an expiring contract when the considerable change threshold is not met and the provider is
 * satisfying the contract. Notice of intention (Schedule 3), standstill and representations
 * (reg 12), review, the five working days after a review, then the award.
 */

import type { Machine } from '../engine.ts';
import type { ProcurementContext, ProcurementEvent, ProcurementRecord } from '../types.ts';
import {
  abandoning, authorise, awardingAfterStandstill, declaringConflicts, decidingProvider, decidingReview, namingDecisionMakers,
  procurementDeadlines, publishingAwardNotice, publishingIntention, receivingRepresentations, weightingCriteria,
} from './shared.ts';
import { STANDSTILL_STATES } from './standstill-states.ts';

const BEFORE_NOTICE = ['deciding', 'decided'];

export const directAwardC: Machine<ProcurementRecord, ProcurementEvent, ProcurementContext> = {
  name: 'direct_award_c',
  label: 'Direct Award Process C',
  initial: 'deciding',
  states: [
    { name: 'deciding', label: 'assessing the existing provider against the key criteria' },
    { name: 'decided', label: 'decided, notice of intention to be published' },
    ...STANDSTILL_STATES,
  ],
  transitions: [
    namingDecisionMakers(BEFORE_NOTICE),
    ...declaringConflicts([...BEFORE_NOTICE, 'standstill', 'under_review']),
    weightingCriteria(['deciding']),
    decidingProvider(['deciding'], 'decided', 'incumbent', { psr: true }),
    publishingIntention(['decided'], 'intention_da_c'),
    receivingRepresentations(),
    decidingReview('deciding'),
    awardingAfterStandstill(),
    publishingAwardNotice(['awarded'], 'concluded', 'award_confirmation'),
    abandoning([...BEFORE_NOTICE, 'standstill', 'under_review', 'review_wait']),
  ],
  authorise,
  deadlines: (r, c) => procurementDeadlines(r, c, 'award_confirmation'),
};
