/**
 * Building a tariff from parsed rows, and looking prices up in it.
 */

import { conflict, invalid } from '../errors.ts';
import { DEFAULT_TARIFF_RULES } from './rules.ts';
import { isSchemeYear, type SchemeYear } from './schemeYear.ts';
import type { ApcPrice, HipFractureBpt, MffEntry, OutpatientPrice, Tariff, TariffRules } from './types.ts';

/** Parts of a tariff year, e.g. the rows from parseAnnexAApc / parseBenchmarkApcCsv / parseMffCsv. */
export interface TariffParts {
  readonly year: SchemeYear;
  readonly source: string;
  readonly apc?: readonly ApcPrice[];
  readonly outpatient?: readonly OutpatientPrice[];
  readonly mff?: readonly MffEntry[];
  readonly hipFractureBpt?: HipFractureBpt | null;
  readonly rules?: TariffRules;
}

function keyed<T>(rows: readonly T[], keyOf: (r: T) => string, what: string): Record<string, T> {
  const out: Record<string, T> = Object.create(null) as Record<string, T>;
  for (const r of rows) {
    const k = keyOf(r);
    if (Object.hasOwn(out, k)) throw conflict(`${what} ${k} appears twice`);
    out[k] = r;
  }
  return out;
}

/**
 * Assembles a tariff year. Throws invalid for a bad year label or a tariff with no prices at all,
 * conflict for a code given twice.
 *
 * @example
 * const t = buildTariff({ year: '2025/26', source: 'Annex A', apc: parseAnnexAApc(rows).rows });
 */
export function buildTariff(parts: TariffParts): Tariff {
  if (!isSchemeYear(parts.year)) throw invalid('year', `not a payment-scheme year label like '2025/26': "${parts.year}"`);
  const apc = parts.apc ?? [];
  const outpatient = parts.outpatient ?? [];
  if (apc.length === 0 && outpatient.length === 0) throw invalid('tariff', 'a tariff needs at least one APC or outpatient price');
  return {
    year: parts.year,
    source: parts.source,
    apc: keyed(apc, (r) => r.hrg, 'HRG'),
    outpatient: keyed(outpatient, (r) => r.tfc, 'treatment function code'),
    mff: keyed(parts.mff ?? [], (r) => r.provider, 'MFF provider'),
    bestPractice: { hipFracture: parts.hipFractureBpt ?? null },
    rules: parts.rules ?? DEFAULT_TARIFF_RULES,
  };
}

/**
 * A copy of `tariff` with its market forces factor table replaced (MFF is published per year
 * alongside prices; RULES.md §2.4).
 *
 * @example withMff(DEMO_TARIFF_2025_26, [{ provider: 'RXX', name: null, mffMicros: 1_046_100 }])
 */
export function withMff(tariff: Tariff, mff: readonly MffEntry[]): Tariff {
  return { ...tariff, mff: keyed(mff, (r) => r.provider, 'MFF provider') };
}

/**
 * The APC prices for an HRG, or undefined.
 *
 * @example apcPriceOf(DEMO_TARIFF_2025_26, 'HN12A')?.combinedElectivePence // 1390000
 */
export function apcPriceOf(tariff: Tariff, hrg: string): ApcPrice | undefined {
  return Object.hasOwn(tariff.apc, hrg) ? tariff.apc[hrg] : undefined;
}

/**
 * The outpatient prices for a treatment function code, or undefined.
 *
 * @example outpatientPriceOf(DEMO_TARIFF_2025_26, '110')?.firstPence // 16800
 */
export function outpatientPriceOf(tariff: Tariff, tfc: string): OutpatientPrice | undefined {
  return Object.hasOwn(tariff.outpatient, tfc) ? tariff.outpatient[tfc] : undefined;
}

/**
 * The provider's MFF in micros, or undefined when the tariff has none for it.
 *
 * @example mffOf(withMff(tariff, [{ provider: 'RA1', name: null, mffMicros: 1_046_100 }]), 'RA1') // 1046100
 */
export function mffOf(tariff: Tariff, provider: string): number | undefined {
  return Object.hasOwn(tariff.mff, provider) ? tariff.mff[provider].mffMicros : undefined;
}
