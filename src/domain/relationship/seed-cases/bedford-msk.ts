/**
 * Seed 004 (HSJ, 7 Nov 2014): Bedford Hospital NHS Trust (RC1) "refused to sign the contract" to become
 * a subcontractor of Circle (ZCIRC, an illustrative code), prime contractor for Bedfordshire MSK under
 * NHS Bedfordshire CCG (06F), after its MSK referrals fell about 30%; its board papers say it "would
 * not be in the trust's best interests to sign a contract without any mitigation to the consequent
 * impact on trauma and linked services". It asked for a minimum income guarantee for 2014-15, declined
 * by the CCG and Circle.
 *
 * Real: the refusal and its reason, the MIG request and its refusal, the parties. Illustrative: the
 * subcontract's reference, value and dates, and the dispute's dates. The relationship is the prime
 * contractor (in the commissioner's place) and the trust.
 */

import type { ContractSettingEvent } from '../../disputes/index.ts';
import type { SeedRelationship } from './seed.ts';

const M = 100_000_000; // £1m in pence
const PARTIES = { commissionerCode: 'ZCIRC', providerCode: 'RC1' } as const;
const REFERENCE = 'BEDS-MSK-2014-SUB-BH';

export const BEDFORD_REFUSAL_REASON = 'It "would not be in the trust\'s best interests to sign a contract without any mitigation to the consequent impact on trauma and linked services" (Bedford Hospital board papers, HSJ 7 Nov 2014)';

/** The dispute the refusal started: the trust's minimum income guarantee and the terms of signing. */
export const BEDFORD_DISPUTE: readonly ContractSettingEvent[] = [
  {
    type: 'open', disputeId: 'BEDS-MSK-SUB-2014-15', by: 'provider', on: '2014-11-07', edition: '2014/15', ...PARTIES,
    contractYear: '2014/15', contractReference: REFERENCE,
    issues: [
      { id: 'mig', title: 'Minimum income guarantee for 2014-15 to cross-subsidise the trauma service', measure: 'amount' },
      { id: 'mitigation', title: 'Mitigation of the impact on trauma and linked services before signing', measure: 'terms' },
    ],
  },
];

export const BEDFORD_MSK: SeedRelationship = {
  name: 'Circle (Bedfordshire MSK prime contractor) and Bedford Hospital NHS Trust',
  seed: 'Seed 004 (HSJ, 7 Nov 2014): Bedford Hospital refuses to sign the MSK subcontract; a minimum income guarantee asked for and declined',
  ...PARTIES,
  asAt: '2014-12-31',
  contracts: [
    {
      reference: REFERENCE, title: 'Trauma and orthopaedic MSK subcontract offered to Bedford Hospital under the Bedfordshire MSK prime contract', ...PARTIES,
      model: 'subcontract', startDate: '2014-04-01', endDate: '2019-03-31', valuePence: 35 * M, status: 'draft', edition: '2014/15', parentReference: 'BEDS-MSK-2014',
      signatures: { commissioner: '2014-04-01', provider: null },
      refusal: { by: 'provider', on: '2014-11-07', reason: BEDFORD_REFUSAL_REASON },
      illustrative: true,
    },
  ],
  contractSettingLogs: [BEDFORD_DISPUTE],
  provenance: [
    'Real (seed 004): Bedford Hospital refused to sign the subcontract, for the reason quoted; it asked for a minimum income guarantee for 2014-15, which the CCG and Circle declined.',
    'Illustrative: the subcontract\'s reference, value (five years at about £7m, after the 30% fall in MSK referrals from about £10m) and dates; the dispute\'s dates. The subcontract is not yet in the demo economy.',
  ],
};
