/**
 * Breaches as OCDS implementation data: the Performance Failures extension
 * (https://extensions.open-contracting.org/en/extensions/performance_failures/, OCDS 1.1), which adds
 * `contracts[].implementation.performanceFailures[]`: per period and category, the number of events, the
 * penalty the contract provides for, the penalty imposed and whether it was paid.
 */

import { formatPounds } from '../money.ts';
import { periodEnd, periodStart } from '../time/index.ts';
import type { Breach } from './breaches.ts';
import type { IndicatorTerms } from './indicators.ts';

/** The extension's documentation and schema address, for the release package's `extensions` list. */
export const OCDS_PERFORMANCE_FAILURES_EXTENSION = 'https://raw.githubusercontent.com/open-contracting-extensions/ocds_performance_failures/master/extension.json';

/** One entry of `implementation.performanceFailures` (the extension's PerformanceFailure object). */
export interface OcdsPerformanceFailure {
  readonly id: string;
  readonly period: { readonly startDate: string; readonly endDate: string };
  readonly category: string;
  readonly events: number;
  readonly penaltyContracted: string;
  readonly penaltyImposed: string;
  readonly penaltyPaid: boolean | null;
}

function contracted(t: IndicatorTerms): string {
  const c = t.consequence;
  switch (c.kind) {
    case 'none':
      return `No financial consequence (${t.source})`;
    case 'per_breach':
      return `${formatPounds(c.amountPence)} for each month in breach (${t.source})`;
    case 'per_patient':
      return `${formatPounds(c.amountPence)} for each case beyond the threshold (${t.source})`;
    case 'share_of_monthly_value':
      return `${(c.rateMicros / 10_000).toFixed(2)}% of the Actual Monthly Value (${t.source})`;
  }
}

/**
 * The breaches of a published contract as OCDS performance failures, one per indicator and month.
 * `events` is the number of cases beyond the threshold, or 1 for a standard measured only as met or
 * not. Whether a penalty was paid comes from the payment statements; null when not known.
 *
 * @example ocdsPerformanceFailures(computeBreaches(indicators, returns))[0].penaltyImposed // '£10,000.00: £10,000.00 for the month in breach'
 */
export function ocdsPerformanceFailures(breaches: readonly Breach[], paid: (breachKey: string) => boolean | null = () => null): OcdsPerformanceFailure[] {
  return breaches.map((b) => ({
    id: b.key.replace(/ /g, '/'),
    period: { startDate: `${periodStart(b.return.period)}T00:00:00Z`, endDate: `${periodEnd(b.return.period)}T23:59:59Z` },
    category: b.indicator.name,
    events: Math.max(1, b.casesBeyondThreshold),
    penaltyContracted: contracted(b.terms),
    penaltyImposed: `${formatPounds(b.sanctionPence)}: ${b.sanctionBasis}`,
    penaltyPaid: paid(b.key),
  }));
}
