/**
 * What a user enters on top of contracts and statements to describe a health economy's service
 * lines: cost structure, workforce, provider facts and patient pathways. Entered through web forms
 * or the cost and workforce template (cost-template.ts); stored by the app with an id each; read by
 * the economy builder (build-economy.ts), which names the entry behind every figure it takes.
 *
 * Money is integer pence, shares are micros, activity is units a year (spells, attendances,
 * contacts: whatever the line counts, said in `activityUnit`).
 */

import type { Micros, Pence } from '../money.ts';
import type { Location, SemiFixedCost, ServiceCode } from './types.ts';

/** Fields every entry has. */
export interface EntryCommon {
  /** The stored entry's id (the provenance of every figure taken from it). */
  readonly id: string;
  /** True when the figures are illustrative rather than a provider's own reported figures. */
  readonly illustrative: boolean;
  /** Where the figures came from, for people (a board paper, service-line reporting, "illustrative"). */
  readonly note?: string;
  /** The line of the uploaded file it came from, when it came from a file. */
  readonly line?: number;
}

/** The economics of one provider's service line (one row of the template's "Service lines" table). */
export interface ServiceLineEntry extends EntryCommon {
  readonly provider: string;
  readonly service: ServiceCode;
  /** Units of activity a year. Omitted: taken from the contracts' plan lines for the year. */
  readonly annualActivity?: number;
  /** What a unit is: 'spells', 'attendances', 'contacts'. */
  readonly activityUnit?: string;
  /** Share of income that is variable cost (consumables, drugs), micros. */
  readonly variableCostShare: Micros;
  /** Cost that steps with volume: one step (a theatre list, a clinic) per band of annual volume. */
  readonly semiFixed?: SemiFixedCost;
  /** Cost a year that stays when activity goes (estate, equipment, overheads), pence. */
  readonly fixedCost: Pence;
  /** Below this many units a year the line closes (0: no volume test). */
  readonly minimumViableVolume?: number;
  /** The line fails when its last 12 months lose more than this (omitted: no financial test). */
  readonly maxAnnualLoss?: Pence;
  /** Part of this line's fixed cost carried by another line of the same provider (trauma by elective). */
  readonly supportedBy?: { readonly service: ServiceCode; readonly share: Micros };
  /** Where this line's patients go if it closes, nearest first (provider codes). */
  readonly nearestProviders?: readonly string[];
}

/** One staff group of a service line (one row of the template's "Workforce" table). */
export interface WorkforceEntry extends EntryCommon {
  readonly provider: string;
  readonly service: ServiceCode;
  /** 'consultant', 'nurse', 'physiotherapist'... */
  readonly staffGroup: string;
  /** Whole-time equivalents in post. */
  readonly headcount: number;
  /** Cost of one whole-time equivalent a year, pence. */
  readonly annualUnitCost: Pence;
  /** Below this many the service cannot run a safe rota. */
  readonly minimumViable: number;
}

/** Facts about a provider that are not in its contracts (one row of the "Providers" table). */
export interface ProviderEntry extends EntryCommon {
  readonly provider: string;
  /** Cash at the economy date, pence (omitted: cash is not modelled). */
  readonly openingCash?: Pence;
  /** Where it is, for "nearest provider" when no nearest providers are entered. */
  readonly location?: Location;
}

/** A patient pathway for the fragmentation index. */
export interface PathwayEntry extends EntryCommon {
  readonly pathway: string;
  readonly name: string;
  readonly commissioners: readonly string[];
  readonly steps: readonly ServiceCode[];
}

/** An entry before it is stored: what the template parser returns (the app gives each an id). */
export type Draft<E extends EntryCommon> = Omit<E, 'id'>;
