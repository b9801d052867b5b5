/**
 * The Most Suitable Provider Process (PSR reg 6, RULES.md §3.1): the authority identifies the most
 * suitable provider, assessing the providers it considers against the key criteria and the basic
 * selection criteria, without a competition. Then notice of intention, standstill and review as for
 * DA-C. The notice's contents are not in RULES.md and are modelled on Schedule 3 [M].
 */

import type { Machine } from '../engine.ts';
import type { ProcurementContext, ProcurementEvent, ProcurementRecord } from '../types.ts';
import {
  abandoning, assessingProviders, authorise, awardingAfterStandstill, declaringConflicts, decidingProvider, decidingReview,
  namingDecisionMakers, procurementDeadlines, publishingAwardNotice, publishingIntention, receivingOffers,
  receivingRepresentations, scoringProviders, weightingCriteria,
} from './shared.ts';
import { STANDSTILL_STATES } from './standstill-states.ts';

const BEFORE_NOTICE = ['identifying', 'decided'];

export const mostSuitableProvider: Machine<ProcurementRecord, ProcurementEvent, ProcurementContext> = {
  name: 'most_suitable_provider',
  label: 'Most Suitable Provider Process',
  initial: 'identifying',
  states: [
    { name: 'identifying', label: 'identifying the most suitable provider' },
    { name: 'decided', label: 'decided, notice of intention to be published' },
    ...STANDSTILL_STATES,
  ],
  transitions: [
    namingDecisionMakers(BEFORE_NOTICE),
    ...declaringConflicts([...BEFORE_NOTICE, 'standstill', 'under_review']),
    weightingCriteria(['identifying']),
    receivingOffers(['identifying'], { deadline: false }),
    assessingProviders(['identifying']),
    scoringProviders(['identifying']),
    decidingProvider(['identifying'], 'decided', 'top_ranked', { psr: true }),
    publishingIntention(['decided'], 'intention_msp'),
    receivingRepresentations(),
    decidingReview('identifying'),
    awardingAfterStandstill(),
    publishingAwardNotice(['awarded'], 'concluded', 'award_confirmation'),
    abandoning([...BEFORE_NOTICE, 'standstill', 'under_review', 'review_wait']),
  ],
  authorise,
  deadlines: (r, c) => procurementDeadlines(r, c, 'award_confirmation'),
};
