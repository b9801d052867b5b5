/**
 * The economy model for impact and sustainability (capability C8): providers and their service
 * lines, the commissioners who pay for them, and the dependencies between lines. Money is integer
 * pence; shares and rates are micros (1,000,000 = 100%); activity is a count of units a year.
 *
 * Everything here is plain JSON-serialisable data so an economy can live in a file or a database
 * and be passed to worker threads. An economy built from stored data (build-economy.ts) says where
 * every figure came from: the optional `sources` and `provenance` fields below. The projection
 * kernel reads none of them.
 */

import type { Micros, Pence } from '../money.ts';

/** A service code, e.g. 'MSK-ELECTIVE', 'TRAUMA-ORTHO', 'DERMATOLOGY'. */
export type ServiceCode = string;

/** The service codes the demo economy uses (an economy may use others). */
export const SERVICE_CODES = [
  'MSK-ELECTIVE',
  'TRAUMA-ORTHO',
  'DERMATOLOGY',
  'A-AND-E',
  'COMMUNITY',
  'PRIMARY-CARE',
  'CANCER',
  'GP-OOH',
  'SEXUAL-HEALTH',
  'HIV-TREATMENT',
  'OTHER-ACUTE',
] as const;

/** The tables a user enters on top of contracts and statements (the cost and workforce template). */
export type EntryTable = 'service-lines' | 'workforce' | 'providers' | 'pathways';

/**
 * Where a figure came from. Income is traced per contract in {@link IncomeContribution}; the other
 * figures carry one of these.
 */
export type Provenance =
  /** A row the user entered (web form or uploaded template), by its stored id and the file line it came from. */
  | { readonly kind: 'entry'; readonly table: EntryTable; readonly entryId: string; readonly line?: number; readonly illustrative: boolean; readonly note?: string }
  /** Activity from a contract's plan lines for the year. */
  | { readonly kind: 'plan'; readonly contracts: readonly string[]; readonly note?: string }
  /** The organisation registry (names, kinds, open and close dates, successors). */
  | { readonly kind: 'registry'; readonly organisation: string }
  /** Worked out from other figures, saying how. */
  | { readonly kind: 'derived'; readonly note: string }
  /** Nothing was entered; the builder's stated default applies. */
  | { readonly kind: 'default'; readonly note: string }
  /** A hand-written figure in a synthetic economy (fixtures/synthetic-economy.ts, generated-economy.ts). */
  | { readonly kind: 'illustrative'; readonly note: string };

/** How a contract's money was split to one service line and commissioner. */
export type SplitBasis =
  /** The statement row named the service line and commissioner itself. */
  | 'statement'
  /** In proportion to the contract's plan lines by service for the year. */
  | 'plan-lines'
  /** Equally across the contract's services (no statement detail, no plan by service). */
  | 'equal-across-services'
  /** The contract has one service (or one provider / commissioner): nothing to split. */
  | 'whole';

/** One contract's part of a service line's income from one commissioner. */
export interface IncomeContribution {
  readonly contractId: string;
  /** The contract reference people know it by. */
  readonly contract: string;
  readonly amount: Pence;
  /**
   * 'statement': the sum of the contract's payment statement lines for `periods`; 'contract-value':
   * the contract's value as at the economy date spread evenly over its term, for `periods`.
   */
  readonly basis: 'statement' | 'contract-value';
  /** Months of the economy's year this amount covers. */
  readonly periods: readonly string[];
  readonly split: SplitBasis;
  /** The activity submissions behind the statement months, where the statement says. */
  readonly submissions?: readonly string[];
}

/** One staff group working in a service line. */
export interface WorkforceGroup {
  /** e.g. 'consultant', 'nurse', 'physiotherapist'. */
  readonly staffGroup: string;
  /** Whole-time equivalents in post at the start. */
  readonly headcount: number;
  /** Annual cost of one whole-time equivalent, pence (the entered figure, from the cost template). */
  readonly annualUnitCost: Pence;
  /** Below this many the service cannot run a safe rota and closes. */
  readonly minimumViable: number;
  readonly provenance?: Provenance;
}

/** Income a line earns from one commissioner a year (at the start, before any lever). */
export interface IncomeSource {
  readonly commissioner: string;
  readonly annualIncome: Pence;
  /** The contracts this income comes from; their amounts add up to `annualIncome`. */
  readonly sources?: readonly IncomeContribution[];
}

/**
 * Semi-fixed cost moves in steps: one step (a theatre list, a ward, a clinic) per band of annual
 * volume. Cost = ceil(annual volume / annualVolumePerStep) x annualCostPerStep.
 */
export interface SemiFixedCost {
  readonly annualVolumePerStep: number;
  readonly annualCostPerStep: Pence;
}

export interface ServiceLine {
  readonly service: ServiceCode;
  /** Income by commissioner (the sum is the line's annual income). */
  readonly income: readonly IncomeSource[];
  /** Units of activity a year (spells, attendances, contacts). */
  readonly annualActivity: number;
  /** Share of the starting income that is variable cost (consumables, drugs), as micros. */
  readonly variableCostShare: Micros;
  readonly semiFixed?: SemiFixedCost;
  /** Fixed cost a year (estate, equipment, overhead allocation): stays when activity goes. */
  readonly fixedCost: Pence;
  readonly workforce: readonly WorkforceGroup[];
  /** Below this many units a year the line closes. */
  readonly minimumViableVolume: number;
  /**
   * Optional financial test: the line fails when its result over the last 12 months is a loss
   * bigger than this (0 = must break even). Omitted: the provider carries any loss.
   */
  readonly maxAnnualLoss?: Pence;
  /** Where this line's patients go if it closes, nearest first (provider codes). */
  readonly nearestProviders?: readonly string[];
  /** Note on where the figures came from, for people (seed citation, 'illustrative', the entry's note). */
  readonly source?: string;
  /** Where the activity, and the cost figures (variable share, steps, fixed cost, minimums, nearest providers), came from. */
  readonly provenance?: { readonly activity: Provenance; readonly costs: Provenance };
}

export interface Location {
  readonly lat: number;
  readonly lon: number;
}

export type ProviderKind =
  | 'nhs-trust'
  | 'foundation-trust'
  | 'independent'
  | 'voluntary'
  | 'icp'
  | 'gp-practices'
  | 'local-authority'
  | 'other';

/** When an organisation opened and closed, and who took over (from the registry). */
export interface OrganisationDates {
  /** ISO date; omitted when unknown. */
  readonly openDate?: string;
  /** ISO date of the last day it existed; omitted while open. */
  readonly closeDate?: string;
  /** Who took over its services, and from when (registry successor links). */
  readonly successor?: { readonly code: string; readonly effectiveDate: string };
}

export interface Provider extends OrganisationDates {
  /** ODS code, or a 'Z...' code for an illustrative organisation without a verified one. */
  readonly code: string;
  readonly name: string;
  readonly kind: ProviderKind;
  /** True when the organisation or its code is illustrative rather than verified. */
  readonly illustrative?: boolean;
  /** Cash at the start, pence. Omitted: cash is not modelled and the provider cannot run out. */
  readonly cash?: Pence;
  readonly location?: Location;
  readonly serviceLines: readonly ServiceLine[];
  /** Where the opening cash and location came from. */
  readonly provenance?: Provenance;
}

/**
 * 'prime-contractor': a provider paying its subcontractors (its payments to them are part of its
 * own costs, entered in its cost structure, so they are not counted twice in its result).
 */
export type CommissionerKind = 'ccg' | 'icb' | 'nhs-england' | 'local-authority' | 'prime-contractor' | 'other';

export interface Commissioner extends OrganisationDates {
  readonly code: string;
  readonly name: string;
  readonly kind: CommissionerKind;
  readonly illustrative?: boolean;
}

/**
 * Part of one line's fixed cost is carried by another line's contribution at the same provider:
 * trauma's fixed cost recovered from elective orthopaedic income. Each month the supporting line
 * passes up to `share` of the dependent line's fixed cost, limited to what it has left after its
 * own costs. When elective volume falls, less is passed and trauma's result worsens.
 */
export interface Dependency {
  readonly provider: string;
  readonly service: ServiceCode;
  readonly supportedBy: ServiceCode;
  readonly share: Micros;
  readonly note?: string;
  readonly provenance?: Provenance;
}

/** A patient pathway for the fragmentation index: the services one patient uses, in order. */
export interface Pathway {
  readonly id: string;
  readonly name: string;
  /** The commissioners responsible for this patient's area (CCG/ICB, local authority, NHS England). */
  readonly commissioners: readonly string[];
  readonly steps: readonly ServiceCode[];
  readonly note?: string;
  readonly provenance?: Provenance;
}

/** A contract the economy was built from (or a proposal in it, such as a draft contract). */
export interface EconomyContract {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly model: string;
  /** Status as at the economy date. */
  readonly status: string;
  readonly startDate: string;
  /** End date as at the economy date. */
  readonly endDate: string;
  /** Value over the whole term as at the economy date, pence. */
  readonly valuePence: Pence;
  readonly parties: readonly { readonly organisation: string; readonly role: string }[];
  readonly services: readonly ServiceCode[];
  /** Income the contract gives the economy's year (statements and/or value); 0 for a draft. */
  readonly incomeInYear: Pence;
  /** Months of the year whose income comes from the contract's statements. */
  readonly statementPeriods: readonly string[];
}

export interface Economy {
  readonly id: string;
  readonly name: string;
  /** Price base of the figures, e.g. '2014-15'. */
  readonly priceBase: string;
  /** Built from data: contracts and organisations as at this ISO date. */
  readonly asAt?: string;
  /** Built from data: the financial year whose income the lines carry, e.g. '2014/15'. */
  readonly year?: string;
  /** Built from data: the contracts it was built from, and proposals such as draft contracts. */
  readonly contracts?: readonly EconomyContract[];
  readonly providers: readonly Provider[];
  readonly commissioners: readonly Commissioner[];
  readonly dependencies: readonly Dependency[];
  readonly pathways?: readonly Pathway[];
  readonly notes?: readonly string[];
}
