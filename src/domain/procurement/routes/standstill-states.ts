/** The states from the notice of intention onwards, shared by DA-C, MSP and the Competitive Process. */

import type { StateDefinition } from '../engine.ts';

export const STANDSTILL_STATES: readonly StateDefinition[] = [
  { name: 'standstill', label: 'in standstill after the notice of intention (reg 12)' },
  { name: 'under_review', label: 'reviewing the decision after representations (reg 12(4))' },
  { name: 'review_wait', label: 'waiting five working days after the review' },
  { name: 'awarded', label: 'awarded, notice confirming the award due' },
  { name: 'concluded', label: 'concluded: award notice published', terminal: true },
  { name: 'abandoned', label: 'abandoned', terminal: true },
];
