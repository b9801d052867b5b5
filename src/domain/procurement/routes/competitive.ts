/**
 * The Competitive Process (PSR reg 6, RULES.md §3.1): a contract notice invites offers; offers are
 * assessed against the basic selection criteria and exclusions (regs 19-20) and scored against the
 * weighted key criteria (reg 5); the highest-scoring eligible offer is chosen; notice of intention
 * (Schedule 10), standstill, representations and review (reg 12); then the award, which creates the
 * contract. Frameworks are concluded by this process.
 */

import type { Machine } from '../engine.ts';
import type { ProcurementContext, ProcurementEvent, ProcurementRecord } from '../types.ts';
import {
  abandoning, assessingProviders, authorise, awardingAfterStandstill, closingOffers, declaringConflicts, decidingProvider,
  decidingReview, namingDecisionMakers, procurementDeadlines, publishingAwardNotice, publishingContractNotice,
  publishingIntention, receivingOffers, receivingRepresentations, scoringProviders, weightingCriteria,
} from './shared.ts';
import { STANDSTILL_STATES } from './standstill-states.ts';

const BEFORE_NOTICE = ['planning', 'inviting_offers', 'evaluating', 'decided'];

export const competitive: Machine<ProcurementRecord, ProcurementEvent, ProcurementContext> = {
  name: 'competitive',
  label: 'Competitive Process',
  initial: 'planning',
  states: [
    { name: 'planning', label: 'planning: key criteria and contract notice being prepared' },
    { name: 'inviting_offers', label: 'inviting offers' },
    { name: 'evaluating', label: 'evaluating offers' },
    { name: 'decided', label: 'decided, notice of intention to be published' },
    ...STANDSTILL_STATES,
  ],
  transitions: [
    namingDecisionMakers(BEFORE_NOTICE),
    ...declaringConflicts([...BEFORE_NOTICE, 'standstill', 'under_review']),
    weightingCriteria(['planning']),
    publishingContractNotice(['planning'], 'inviting_offers'),
    receivingOffers(['inviting_offers'], { deadline: true }),
    closingOffers(['inviting_offers'], 'evaluating'),
    assessingProviders(['evaluating']),
    scoringProviders(['evaluating']),
    decidingProvider(['evaluating'], 'decided', 'top_ranked', { psr: true }),
    publishingIntention(['decided'], 'intention_competitive'),
    receivingRepresentations(),
    decidingReview('evaluating'),
    awardingAfterStandstill(),
    publishingAwardNotice(['awarded'], 'concluded', 'award_confirmation'),
    abandoning([...BEFORE_NOTICE, 'standstill', 'under_review', 'review_wait']),
  ],
  authorise,
  deadlines: (r, c) => procurementDeadlines(r, c, 'award_confirmation'),
};
