/**
 * Seed 003 (HFMA conference, Bob Alexander, NHS TDA): the "arms race", providers "tracking down every
 * last opportunity to charge" and commissioners "too keen to issue fines", a game he called "who fails
 * first". The seed names no relationship, so the demo shows it on Coastal West Sussex CCG (09G) and
 * Western Sussex Hospitals NHS Foundation Trust (RYR), whose MSK work moved to BupaCSH (seed 004).
 *
 * Real: the parties and ODS codes, and the demo economy's WSHFT-ACUTE-2015-16 contract. Illustrative:
 * every amount and date below, and the 2013/14 and 2014/15 contracts (not yet in the demo economy).
 */

import type { Gc14Event } from '../../disputes/index.ts';
import type { AdjustmentRuleId } from '../../payments/index.ts';
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

/** Each side's money by month, growing year on year (illustrative). */
const ROWS: readonly Row[] = [
  // 2013/14
  ['2013-09', 'sanction', 'sanction.per_breach', -150 * K, 'A&E four-hour standard missed in September (local consequence)'],
  ['2014-01', 'sanction', 'sanction.per_breach', -250 * K, 'A&E four-hour standard missed in January (local consequence)'],
  ['2014-03', 'cquin_shortfall', 'cquin.withheld', -600 * K, 'CQUIN goals not evidenced for 2013/14'],
  ['2013-11', 'charge_outside_contract', 'provider_claim.outside_contract', 300 * K, 'Non-contract activity charged: out-of-area patients'],
  ['2014-02', 'counting_coding_query', 'provider_claim.counting_coding', 500 * K, 'Ambulatory care unbundled from the emergency tariff'],
  // 2014/15
  ['2014-07', 'sanction', 'sanction.per_breach', -300 * K, 'A&E four-hour standard missed in July (local consequence)'],
  ['2014-12', 'sanction', 'sanction.per_breach', -600 * K, 'A&E four-hour standard missed in December (local consequence)'],
  ['2015-03', 'cquin_shortfall', 'cquin.withheld', -1_100 * K, 'CQUIN goals not evidenced for 2014/15'],
  ['2014-08', 'challenge', 'provider_claim.challenge_upheld', 400 * K, 'Readmissions deduction challenged by the trust and upheld'],
  ['2014-10', 'counting_coding_query', 'provider_claim.counting_coding', 1 * M, 'Outpatient procedures recoded from attendances'],
  ['2015-01', 'charge_outside_contract', 'provider_claim.outside_contract', 600 * K, 'Winter escalation beds charged outside the contract'],
  // 2015/16
  ['2015-06', 'sanction', 'sanction.per_breach', -700 * K, 'A&E four-hour standard missed in June (local consequence)'],
  ['2015-11', 'sanction', 'sanction.per_breach', -900 * K, 'Referral to treatment standard missed in November (local consequence)'],
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
  gc14Logs: [ARMS_RACE_CODING_DISPUTE],
  provenance: [
    'Real (seed 003): the arms race as described; the parties (ODS codes) and WSHFT-ACUTE-2015-16 are the demo economy\'s.',
    'Illustrative: the relationship chosen, every amount and date, the 2013/14 and 2014/15 contracts (to be added to the demo economy), and the coding dispute.',
  ],
};
