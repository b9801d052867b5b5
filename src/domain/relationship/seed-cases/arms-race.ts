/**
 * Seed 003 (HFMA conference, Bob Alexander, NHS TDA): the "arms race", providers "tracking down every
 * last opportunity to charge" and commissioners "too keen to issue fines", a game he called "who fails
 * first". The seed names no relationship, so the demo shows it on Coastal West Sussex CCG (09G) and
 * Western Sussex Hospitals NHS Foundation Trust (RYR), whose MSK work moved to BupaCSH (seed 004).
 *
 * Real: the parties and ODS codes, and the demo economy's WSHFT-ACUTE-2015-16 contract. Illustrative:
 * every amount and date below, and the 2013/14 and 2014/15 contracts.
 *
 * The commissioner's fines are computed, not typed (issue 8: "breaches computed, not typed"): a local
 * A&E four-hour requirement whose consequence per month in breach the CCG raised each year, and the
 * trust's monthly returns, which miss it in more months each year. The provider's charges and the
 * CQUIN shortfalls are typed, as a party records them.
 */

import type { Gc14Event } from '../../disputes/index.ts';
import type { AdjustmentRuleId } from '../../payments/index.ts';
import type { PerformanceIndicator, PerformanceReturn } from '../../performance/index.ts';
import type { MoneyKind, RelationshipMoneyEntry } from '../money.ts';
import type { SeedRelationship } from './seed.ts';

const M = 100_000_000; // £1m in pence
const K = 100_000; // £1,000 in pence
const PARTIES = { commissionerCode: '09G', providerCode: 'RYR' } as const;

type Row = [period: string, kind: MoneyKind, ruleId: AdjustmentRuleId, amountPence: number, description: string];

const CONTRACT_OF_YEAR: Readonly<Record<string, string>> = { '2013': 'WSHFT-ACUTE-2013-14', '2014': 'WSHFT-ACUTE-2014-15', '2015': 'WSHFT-ACUTE-2015-16' };

function contractFor(period: string): string {
  const y = Number(period.slice(0, 4));
  const start = Number(period.slice(5, 7)) >= 4 ? y : y - 1;
  return CONTRACT_OF_YEAR[String(start)];
}

const LOCAL_AE = 'Local consequence agreed between Coastal West Sussex CCG and Western Sussex Hospitals for the A&E four-hour standard, raised each year (illustrative: the arms race, seed 003; not in RULES.md)';

/** The local A&E requirement: 95% within four hours; the fine per month in breach rises each year (illustrative). */
export const ARMS_RACE_INDICATORS: readonly PerformanceIndicator[] = [
  {
    id: 'WSX-AE-4HR', name: 'A&E: patients admitted, transferred or discharged within four hours of arrival', scope: 'local', measure: 'share', direction: 'at_least', unit: 'A&E attendances',
    terms: [
      { fromYear: '2013/14', threshold: 950_000, consequence: { kind: 'per_breach', amountPence: 200 * K }, source: LOCAL_AE, confidence: 'C' },
      { fromYear: '2014/15', threshold: 950_000, consequence: { kind: 'per_breach', amountPence: 300 * K }, source: LOCAL_AE, confidence: 'C' },
      { fromYear: '2015/16', threshold: 950_000, consequence: { kind: 'per_breach', amountPence: 400 * K }, source: LOCAL_AE, confidence: 'C' },
    ],
  },
];

/** Months the standard is missed: two in 2013/14, three in 2014/15, four in 2015/16 (illustrative). */
export const ARMS_RACE_BREACH_MONTHS: readonly string[] = ['2013-09', '2014-01', '2014-07', '2014-12', '2015-02', '2015-06', '2015-11', '2015-12', '2016-01'];

function monthsFrom(start: string, count: number): string[] {
  const out: string[] = [];
  let [y, m] = start.split('-').map(Number);
  for (let i = 0; i < count; i++) {
    out.push(`${y}-${String(m).padStart(2, '0')}`);
    [y, m] = m === 12 ? [y + 1, 1] : [y, m + 1];
  }
  return out;
}

/** The trust's monthly A&E returns, April 2013 to March 2016, each submitted on the 10th of the next month (illustrative). */
export const ARMS_RACE_RETURNS: readonly PerformanceReturn[] = monthsFrom('2013-04', 36).map((period, i) => {
  const attendances = 11_800 + ((i * 37) % 900);
  const share = ARMS_RACE_BREACH_MONTHS.includes(period) ? 930_000 - (i % 5) * 4_000 : 955_000 + (i % 4) * 3_000;
  const [next] = monthsFrom(period, 2).slice(1);
  return {
    id: `WSX-AE-R${i + 1}`, sequence: i + 1, contractReference: contractFor(period), period, indicatorId: 'WSX-AE-4HR',
    numerator: Math.floor((share * attendances) / 1_000_000), denominator: attendances, submittedOn: `${next}-10`, submittedBy: 'RYR',
  };
});

/** Each side's typed money by month, growing year on year (illustrative); the fines come from the returns. */
const ROWS: readonly Row[] = [
  // 2013/14
  ['2014-03', 'cquin_shortfall', 'cquin.withheld', -600 * K, 'CQUIN goals not evidenced for 2013/14'],
  ['2013-11', 'charge_outside_contract', 'provider_claim.outside_contract', 300 * K, 'Non-contract activity charged: out-of-area patients'],
  ['2014-02', 'counting_coding_query', 'provider_claim.counting_coding', 500 * K, 'Ambulatory care unbundled from the emergency tariff'],
  // 2014/15
  ['2015-03', 'cquin_shortfall', 'cquin.withheld', -1_100 * K, 'CQUIN goals not evidenced for 2014/15'],
  ['2014-08', 'challenge', 'provider_claim.challenge_upheld', 400 * K, 'Readmissions deduction challenged by the trust and upheld'],
  ['2014-10', 'counting_coding_query', 'provider_claim.counting_coding', 1 * M, 'Outpatient procedures recoded from attendances'],
  ['2015-01', 'charge_outside_contract', 'provider_claim.outside_contract', 600 * K, 'Winter escalation beds charged outside the contract'],
  // 2015/16
  ['2016-03', 'cquin_shortfall', 'cquin.withheld', -1_500 * K, 'CQUIN goals not evidenced for 2015/16'],
  ['2015-07', 'challenge', 'provider_claim.challenge_upheld', 700 * K, 'Activity challenges on emergency admissions overturned'],
  ['2015-09', 'counting_coding_query', 'provider_claim.counting_coding', 1_800 * K, 'Same-day emergency care counted as admissions'],
  ['2016-01', 'charge_outside_contract', 'provider_claim.outside_contract', 1 * M, 'Delayed transfers of care charged per bed day'],
];

export const ARMS_RACE_MONEY: readonly RelationshipMoneyEntry[] = ROWS.map(([period, kind, ruleId, amountPence, description], i) => ({
  id: `WSX-${period}-${i + 1}`, ...PARTIES, contractReference: contractFor(period), period, kind, ruleId, amountPence, description, illustrative: true,
}));

/** The counting and coding row of 2015/16 became a GC14 dispute (illustrative), still in negotiation. */
export const ARMS_RACE_CODING_DISPUTE: readonly Gc14Event[] = [
  {
    type: 'raise', disputeId: 'WSX-GC14-2016-01', by: 'commissioner', on: '2016-03-01', edition: '2015/16', ...PARTIES,
    contractReference: 'WSHFT-ACUTE-2015-16', subject: 'Counting and coding: further same-day emergency care recoded as admissions (illustrative)', amountInDisputePence: 2_400 * K,
  },
];

export const ARMS_RACE: SeedRelationship = {
  name: 'Coastal West Sussex CCG and Western Sussex Hospitals NHS Foundation Trust: the arms race',
  seed: 'Seed 003 (HFMA conference): providers charging for everything, commissioners fining; "who fails first"',
  ...PARTIES,
  asAt: '2016-03-31',
  contracts: [
    { reference: 'WSHFT-ACUTE-2013-14', title: 'Western Sussex Hospitals acute services 2013/14', ...PARTIES, model: 'standard_activity', startDate: '2013-04-01', endDate: '2014-03-31', valuePence: 255 * M, status: 'expired', edition: '2013/14', illustrative: true },
    { reference: 'WSHFT-ACUTE-2014-15', title: 'Western Sussex Hospitals acute services 2014/15', ...PARTIES, model: 'standard_activity', startDate: '2014-04-01', endDate: '2015-03-31', valuePence: 262 * M, status: 'expired', edition: '2014/15', illustrative: true },
    { reference: 'WSHFT-ACUTE-2015-16', title: 'Western Sussex Hospitals acute services 2015/16', ...PARTIES, model: 'standard_activity', startDate: '2015-04-01', endDate: '2016-03-31', valuePence: 268 * M, status: 'live', edition: '2015/16', illustrative: true },
  ],
  money: ARMS_RACE_MONEY,
  indicators: ARMS_RACE_INDICATORS,
  returns: ARMS_RACE_RETURNS,
  gc14Logs: [ARMS_RACE_CODING_DISPUTE],
  provenance: [
    'Real (seed 003): the arms race as described; the parties (ODS codes) and WSHFT-ACUTE-2015-16 are the demo economy\'s.',
    'Illustrative: the relationship chosen, every amount and date, the 2013/14 and 2014/15 contracts, the local A&E requirement with its rising fine and every return, and the coding dispute.',
  ],
};
