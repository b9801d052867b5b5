/**
 * Direct Award Process B (PSR reg 6(4), RULES.md §3.1 [S]): mandatory where patients choose among an
 * unrestricted number of providers and contracts go to every provider meeting the requirements. So
 * the process stays open for expressions of interest; each provider assessed as meeting the
 * requirements is awarded its own contract, and each award has its notice within 30 days
 * (RULES.md §3.4 [S2]). The authority closes the arrangement when it ends.
 */

import type { Machine } from '../engine.ts';
import { selectionOutcome } from '../selection.ts';
import { STAY } from '../engine.ts';
import type { ProcurementContext, ProcurementEvent, ProcurementRecord } from '../types.ts';
import {
  abandoning, assessingProviders, authorise, awardingDirectly, closingOffers, debarmentRequired, declaringConflicts,
  namingDecisionMakers, procurementDeadlines, publishingAwardNotice, receivingOffers,
} from './shared.ts';
import { unmanagedConflicts } from '../conflicts.ts';

const OPEN = ['accepting'];

export const directAwardB: Machine<ProcurementRecord, ProcurementEvent, ProcurementContext> = {
  name: 'direct_award_b',
  label: 'Direct Award Process B',
  initial: 'accepting',
  states: [
    { name: 'accepting', label: 'accepting providers who meet the requirements' },
    { name: 'closed', label: 'closed to new providers', terminal: true },
    { name: 'abandoned', label: 'abandoned', terminal: true },
  ],
  transitions: [
    namingDecisionMakers(OPEN),
    ...declaringConflicts(OPEN),
    receivingOffers(OPEN, { deadline: false }),
    assessingProviders(OPEN),
    awardingDirectly(OPEN, STAY, (r, code, c) => {
      if (r.decisionMakers.length === 0) return 'name the decision-makers first';
      if (unmanagedConflicts(r.conflicts).length) return 'record how each declared conflict was managed first';
      const a = r.assessments.find((x) => x.bidderCode === code);
      if (!a) return `${code} has not been assessed against the requirements`;
      const o = selectionOutcome(a, debarmentRequired(c, a.assessedOn));
      return o.eligible ? null : `${code} does not meet the requirements: ${o.reasons.join('; ')}`;
    }),
    publishingAwardNotice(OPEN, STAY, 'award_direct'),
    closingOffers(OPEN, 'closed'),
    abandoning(OPEN),
  ],
  authorise,
  deadlines: (r, c) => procurementDeadlines(r, c, 'award_direct'),
};
