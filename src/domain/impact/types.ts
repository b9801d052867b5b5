/**
 * The economy model for impact and sustainability (capability C8): providers and their service
 * lines, the commissioners who pay for them, and the dependencies between lines. Money is integer
 * pence; shares and rates are micros (1,000,000 = 100%); activity is a count of units a year.
 *
 * Everything here is plain JSON-serialisable data so an economy can live in a file or a database.
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

/** One staff group working in a service line. */
export interface WorkforceGroup {
  /** e.g. 'consultant', 'nurse', 'physiotherapist'. */
  readonly staffGroup: string;
  /** Whole-time equivalents in post at the start. */
  readonly headcount: number;
  /** Annual cost of one whole-time equivalent, pence (see demo-economy.ts for the PSSRU derivation). */
  readonly annualUnitCost: Pence;
  /** Below this many the service cannot run a safe rota and closes. */
  readonly minimumViable: number;
}

/** Income a line earns from one commissioner a year (at the start, before any lever). */
export interface IncomeSource {
  readonly commissioner: string;
  readonly annualIncome: Pence;
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
  /** Note on where the figures came from (seed citation or 'illustrative'). */
  readonly source?: string;
}

export interface Location {
  readonly lat: number;
  readonly lon: number;
}

export type ProviderKind = 'nhs-trust' | 'foundation-trust' | 'independent' | 'icp' | 'gp-practices';

export interface Provider {
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
}

export type CommissionerKind = 'ccg' | 'icb' | 'nhs-england' | 'local-authority';

export interface Commissioner {
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
}

/** A patient pathway for the fragmentation index: the services one patient uses, in order. */
export interface Pathway {
  readonly id: string;
  readonly name: string;
  /** The commissioners responsible for this patient's area (CCG/ICB, local authority, NHS England). */
  readonly commissioners: readonly string[];
  readonly steps: readonly ServiceCode[];
  readonly note?: string;
}

export interface Economy {
  readonly id: string;
  readonly name: string;
  /** Price base of the figures, e.g. '2014-15'. */
  readonly priceBase: string;
  readonly providers: readonly Provider[];
  readonly commissioners: readonly Commissioner[];
  readonly dependencies: readonly Dependency[];
  readonly pathways?: readonly Pathway[];
  readonly notes?: readonly string[];
}
