/**
 * The seed cases of the commissioner-provider relationship, as data (DESIGN.md seed cases; issue 8):
 * NEW Devon (seed 000), the arms race (seed 003), Serco in Cornwall and Bedford Hospital (seed 004).
 */

export { type ReplayedSeed, type SeedRelationship, replaySeed, seedRelationship } from './seed.ts';
export { NEW_DEVON, NEW_DEVON_2013_14_ARBITRATION, NEW_DEVON_2013_14_MEDIATION, NEW_DEVON_2014_15_FACILITATION, NEW_DEVON_FACILITATOR_FEE_PENCE } from './new-devon.ts';
export { ARMS_RACE, ARMS_RACE_BREACH_MONTHS, ARMS_RACE_CODING_DISPUTE, ARMS_RACE_INDICATORS, ARMS_RACE_MONEY, ARMS_RACE_RETURNS } from './arms-race.ts';
export { SERCO_CORNWALL, SERCO_INDICATORS, SERCO_MONTHLY_VALUE_PENCE, SERCO_NOTICE, SERCO_RETURNS } from './serco-cornwall.ts';
export { BEDFORD_DISPUTE, BEDFORD_MSK, BEDFORD_REFUSAL_REASON } from './bedford-msk.ts';

import { ARMS_RACE } from './arms-race.ts';
import { BEDFORD_MSK } from './bedford-msk.ts';
import { NEW_DEVON } from './new-devon.ts';
import { SERCO_CORNWALL } from './serco-cornwall.ts';
import type { SeedRelationship } from './seed.ts';

/** Every relationship seed case. */
export const SEED_RELATIONSHIPS: readonly SeedRelationship[] = [NEW_DEVON, ARMS_RACE, SERCO_CORNWALL, BEDFORD_MSK];
