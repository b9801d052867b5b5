/**
 * A registry of tariff years: picks the tariff in force for an activity date. Payment-scheme years
 * run April to March (RULES.md preamble: rules keyed by effective date; §2.4 the MFF in force in the
 * month the care was delivered).
 */

import { conflict } from '../errors.ts';
import { schemeYearOf, type SchemeYear } from './schemeYear.ts';
import type { Tariff } from './types.ts';

export interface TariffRegistry {
  readonly byYear: Readonly<Record<SchemeYear, Tariff>>;
}

/**
 * @example const registry = createTariffRegistry([DEMO_TARIFF_2025_26]);
 */
export function createTariffRegistry(tariffs: readonly Tariff[]): TariffRegistry {
  const byYear: Record<SchemeYear, Tariff> = Object.create(null) as Record<SchemeYear, Tariff>;
  for (const t of tariffs) {
    if (Object.hasOwn(byYear, t.year)) throw conflict(`two tariffs for ${t.year}`);
    byYear[t.year] = t;
  }
  return { byYear };
}

/**
 * The tariff in force on an activity date ('YYYY-MM-DD') or in a period ('YYYY-MM'), or undefined.
 *
 * @example tariffInForce(registry, '2026-03-31')?.year // '2025/26'
 */
export function tariffInForce(registry: TariffRegistry, dateOrPeriod: string): Tariff | undefined {
  const year = schemeYearOf(dateOrPeriod);
  return Object.hasOwn(registry.byYear, year) ? registry.byYear[year] : undefined;
}

/**
 * The scheme years the registry holds, oldest first.
 *
 * @example registryYears(createTariffRegistry([DEMO_TARIFF_2025_26])) // ['2025/26']
 */
export function registryYears(registry: TariffRegistry): SchemeYear[] {
  return Object.keys(registry.byYear).sort();
}
