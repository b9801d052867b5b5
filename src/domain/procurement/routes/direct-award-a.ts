/**
 * Direct Award Process A (PSR reg 6(3), RULES.md §3.1 [S]): mandatory where there is an existing
 * provider, only it can provide the services due to their nature, and no framework is concluded.
 * No standstill (reg 12 applies to DA-C, MSP and competitive only); the award notice follows within
 * 30 days (RULES.md §3.4 [S2]).
 */

import type { Machine } from '../engine.ts';
import type { ProcurementContext, ProcurementEvent, ProcurementRecord } from '../types.ts';
import {
  abandoning, authorise, awardingDirectly, declaringConflicts, decidingProvider, namingDecisionMakers,
  procurementDeadlines, publishingAwardNotice,
} from './shared.ts';

const BEFORE_AWARD = ['deciding', 'decided'];

export const directAwardA: Machine<ProcurementRecord, ProcurementEvent, ProcurementContext> = {
  name: 'direct_award_a',
  label: 'Direct Award Process A',
  initial: 'deciding',
  states: [
    { name: 'deciding', label: 'deciding the award to the existing provider' },
    { name: 'decided', label: 'decided, contract to be entered into' },
    { name: 'awarded', label: 'awarded, award notice due within 30 days' },
    { name: 'concluded', label: 'concluded: award notice published', terminal: true },
    { name: 'abandoned', label: 'abandoned', terminal: true },
  ],
  transitions: [
    namingDecisionMakers(BEFORE_AWARD),
    ...declaringConflicts(BEFORE_AWARD),
    decidingProvider(['deciding'], 'decided', 'incumbent', { psr: true }),
    awardingDirectly(['decided'], 'awarded', (r, code) => (code === r.decision?.providerCode ? null : `the decision was to award to ${r.decision?.providerCode}`)),
    publishingAwardNotice(['awarded'], 'concluded', 'award_direct'),
    abandoning(BEFORE_AWARD),
  ],
  authorise,
  deadlines: (r, c) => procurementDeadlines(r, c, 'award_direct'),
};
