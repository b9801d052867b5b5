/**
 * From priced units to the months the payment engine takes.
 */

import { invalid } from '../errors.ts';
import { isPence, type Pence } from '../money.ts';
import type { PointOfDelivery } from '../pricing/index.ts';
import { periodsOfSchemeYear, type SchemeYear } from '../tariff/index.ts';
import type { MonthActivity } from './types.ts';

/** One priced unit (or an aggregate of several): its period, point of delivery, value and count. */
export interface PricedItem {
  readonly period: string;
  readonly pod: PointOfDelivery;
  readonly pence: Pence;
  /** Units this item stands for; default 1. */
  readonly units?: number;
}

/**
 * Sums priced items into MonthActivity rows for one scheme year, with the plan per period.
 * Every period of the year with activity or a plan appears; items outside the year are an error.
 *
 * @example
 * summariseMonths('2025/26', [{ period: '2025-04', pod: 'OPFA', pence: 17_574 }], { '2025-04': 20_000 })
 * // [{ period: '2025-04', pricedPence: 17574, pricedByPod: { OPFA: 17574 }, volumes: { OPFA: 1 }, planPence: 20000 }]
 */
export function summariseMonths(
  year: SchemeYear,
  items: Iterable<PricedItem>,
  planByPeriod: Readonly<Record<string, Pence>> = {},
): MonthActivity[] {
  const periods = periodsOfSchemeYear(year);
  type Acc = { priced: Pence; byPod: Partial<Record<PointOfDelivery, Pence>>; volumes: Partial<Record<PointOfDelivery, number>> };
  const acc = new Map<string, Acc>();
  let i = 0;
  for (const item of items) {
    if (!periods.includes(item.period)) throw invalid(['items', i, 'period'], `${item.period} is not in ${year}`);
    if (!isPence(item.pence)) throw invalid(['items', i, 'pence'], 'must be a whole number of pence');
    const a = acc.get(item.period) ?? { priced: 0, byPod: {}, volumes: {} };
    a.priced += item.pence;
    a.byPod[item.pod] = (a.byPod[item.pod] ?? 0) + item.pence;
    a.volumes[item.pod] = (a.volumes[item.pod] ?? 0) + (item.units ?? 1);
    acc.set(item.period, a);
    i++;
  }
  const out: MonthActivity[] = [];
  for (const period of periods) {
    const a = acc.get(period);
    const plan = Object.hasOwn(planByPeriod, period) ? planByPeriod[period] : undefined;
    if (!a && plan === undefined) continue;
    out.push({
      period,
      pricedPence: a ? a.priced : null,
      pricedByPod: a?.byPod ?? {},
      volumes: a?.volumes ?? {},
      planPence: plan ?? 0,
    });
  }
  return out;
}
