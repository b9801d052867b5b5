/**
 * National standards with a sourced consequence. Only what RULES.md gives is here; a contract adds its
 * local requirements (and may restate a national one with its own terms) as further indicators.
 */

import type { PerformanceIndicator } from './indicators.ts';

/**
 * Referral to treatment: patients waiting more than 52 weeks (a count; the standard is none).
 * - 2019/20: £2,500 per patient (RULES.md §1.2 [S2], Anthony Collins Mar 2019: fines returned from
 *   6 April 2019, "shared between the CCG and the provider"; only the provider's deduction is modelled).
 * - 2020/21 and 2021/22: national-standard sanctions suspended (RULES.md §1.5 [S], CQUIN 2022/23).
 * - From 2022/23: not sourced, so no national sanction; a contract states its own.
 */
export const FIFTY_TWO_WEEK_WAITS: PerformanceIndicator = {
  id: 'RTT-52WW',
  name: 'Referral to treatment: patients waiting more than 52 weeks',
  scope: 'national',
  measure: 'count',
  direction: 'at_most',
  unit: 'patients waiting over 52 weeks',
  terms: [
    {
      fromYear: '2019/20', threshold: 0, consequence: { kind: 'per_patient', amountPence: 250_000 },
      source: 'RULES.md §1.2 [S2] (Anthony Collins, Mar 2019): 52-week-wait fines from 6 Apr 2019, £2,500 per patient', confidence: 'S2',
    },
    {
      fromYear: '2020/21', threshold: 0, consequence: { kind: 'none' },
      source: 'RULES.md §1.5 [S] (CQUIN 2022/23): national-standard sanctions suspended in 2020/21-2021/22', confidence: 'S',
    },
    {
      fromYear: '2022/23', threshold: 0, consequence: { kind: 'none' },
      source: 'RULES.md §1.5 [M]: no national sanction is sourced after the suspension; set one per contract if it applies', confidence: 'M',
    },
  ],
};

/** The national standards Concordat carries, by id. */
export const NATIONAL_STANDARDS: Readonly<Record<string, PerformanceIndicator>> = {
  [FIFTY_TWO_WEEK_WAITS.id]: FIFTY_TWO_WEEK_WAITS,
};
