/**
 * Seed 000 (HSJ): NEW Devon CCG (99P) and Northern Devon Healthcare NHS Trust (RBZ). Relations
 * "strained over the last two years", with "arbitration required to agree the 2013-14 contract and
 * mediation needed to address in-year issues" (David Flory, NHS TDA); for 2014-15 the trust appointed
 * Ian Tipney, former chief executive of Somerset Primary Care Trust, as facilitator, "paid a total of
 * £12,007 for the role, including expenses".
 *
 * Real: the parties and their ODS codes, arbitration for 2013-14, in-year mediation, the facilitator, his
 * fee and that the trust appointed him. Illustrative: every date, the issues in dispute and the final
 * offers, the mediator, the mediation's outcome (matching the demo economy's £1.2m variation to
 * NDEVON-ACUTE-2013-14), and who paid the facilitator (inferred from the trust appointing him).
 */

import type { ContractSettingEvent, Gc14Event } from '../../disputes/index.ts';
import type { SeedRelationship } from './seed.ts';

const M = 100_000_000; // £1m in pence
const PARTIES = { commissionerCode: '99P', providerCode: 'RBZ' } as const;

/** The facilitator's fee, including expenses (seed 000): £12,007. */
export const NEW_DEVON_FACILITATOR_FEE_PENCE = 1_200_700;

/** 2013-14: not agreed before the year began; settled by pendulum arbitration. */
export const NEW_DEVON_2013_14_ARBITRATION: readonly ContractSettingEvent[] = [
  {
    type: 'open', disputeId: 'NDEVON-CS-2013-14', by: 'provider', on: '2013-03-01', edition: '2013/14', ...PARTIES,
    contractYear: '2013/14', contractReference: 'NDEVON-ACUTE-2013-14',
    issues: [
      { id: 'value', title: 'Contract value for 2013/14 (activity plan and prices)', measure: 'amount' },
      { id: 'marginal-rate', title: 'Use of the 70% retained under the emergency marginal rate', measure: 'terms' },
    ],
  },
  { type: 'refer_to_arbitration', by: 'regulator', on: '2013-04-08' },
  { type: 'appoint', by: 'regulator', on: '2013-04-08', appointee: { id: 'panel', name: 'Arbitration panel (illustrative)', role: 'arbitrator', appointedBy: 'regulator', description: 'convened under the national contract dispute process' } },
  { type: 'submit_final_offer', by: 'commissioner', on: '2013-04-19', issueId: 'value', offer: { amountPence: 15_650_000_000 } },
  { type: 'submit_final_offer', by: 'provider', on: '2013-04-19', issueId: 'value', offer: { amountPence: 158 * M } },
  { type: 'submit_final_offer', by: 'commissioner', on: '2013-04-19', issueId: 'marginal-rate', offer: { terms: 'Retained 70% funds the CCG\'s demand management schemes' } },
  { type: 'submit_final_offer', by: 'provider', on: '2013-04-19', issueId: 'marginal-rate', offer: { terms: 'Retained 70% is reinvested in the trust\'s discharge and community services' } },
  { type: 'determine', by: 'regulator', on: '2013-05-24', issueId: 'value', offer: { amountPence: 158 * M }, reasons: 'The trust\'s activity plan is the more reasonable (illustrative)' },
  { type: 'determine', by: 'regulator', on: '2013-05-24', issueId: 'marginal-rate', offer: { terms: 'Retained 70% funds the CCG\'s demand management schemes' }, reasons: 'The CCG\'s schemes are the more reasonable use (illustrative)' },
];

/** 2013-14 in-year issues: GC14 escalated negotiation, then mediation, settled. */
export const NEW_DEVON_2013_14_MEDIATION: readonly Gc14Event[] = [
  {
    type: 'raise', disputeId: 'NDEVON-GC14-2013-01', by: 'provider', on: '2013-07-01', edition: '2013/14', ...PARTIES,
    contractReference: 'NDEVON-ACUTE-2013-14', subject: 'In-year issues: payment for activity above plan and the CCG\'s activity challenges (illustrative)', amountInDisputePence: 240_000_000,
  },
  { type: 'escalate_to_mediation', by: 'provider', on: '2013-07-23' },
  { type: 'appoint', by: 'commissioner', on: '2013-07-26', appointee: { id: 'mediator', name: 'Mediator (illustrative)', role: 'mediator', appointedBy: 'parties' } },
  { type: 'settle', by: 'commissioner', on: '2013-09-20', summary: '£1.2m paid to the trust for in-year activity, by contract variation from 1 October 2013 (illustrative)', amountPence: 120_000_000, inFavourOf: 'provider' },
];

/** 2014-15: negotiations with a facilitator the trust appointed; agreed without arbitration. */
export const NEW_DEVON_2014_15_FACILITATION: readonly ContractSettingEvent[] = [
  {
    type: 'open', disputeId: 'NDEVON-CS-2014-15', by: 'provider', on: '2014-02-03', edition: '2014/15', ...PARTIES,
    contractYear: '2014/15', contractReference: 'NDEVON-ACUTE-2014-15',
    issues: [{ id: 'value', title: 'Contract value for 2014/15', measure: 'amount' }],
  },
  {
    type: 'appoint', by: 'provider', on: '2014-02-10',
    appointee: { id: 'tipney', name: 'Ian Tipney', role: 'facilitator', appointedBy: 'provider', description: 'former chief executive of Somerset Primary Care Trust' },
  },
  { type: 'agree', by: 'commissioner', on: '2014-04-14', summary: 'Contract for 2014/15 agreed with the facilitator\'s support; no arbitration (date illustrative)' },
  {
    type: 'record_fee', by: 'provider', on: '2014-04-30',
    fee: { appointeeId: 'tipney', amountPence: NEW_DEVON_FACILITATOR_FEE_PENCE, description: 'Facilitation of the 2014-15 contract negotiations, including expenses (seed 000)', payer: { kind: 'paid_by', side: 'provider' } },
  },
];

export const NEW_DEVON: SeedRelationship = {
  name: 'NEW Devon CCG and Northern Devon Healthcare NHS Trust',
  seed: 'Seed 000 (HSJ): relations "strained over the last two years"; arbitration for 2013-14, mediation for in-year issues, a facilitator paid £12,007 for 2014-15',
  ...PARTIES,
  asAt: '2014-12-31',
  contracts: [
    {
      reference: 'NDEVON-ACUTE-2013-14', title: 'Northern Devon Healthcare acute and community services 2013/14', ...PARTIES,
      model: 'standard_activity', startDate: '2013-04-01', endDate: '2014-03-31', valuePence: 158 * M, status: 'live', edition: '2013/14', illustrative: true,
    },
    {
      reference: 'NDEVON-ACUTE-2014-15', title: 'Northern Devon Healthcare acute and community services 2014/15', ...PARTIES,
      model: 'standard_activity', startDate: '2014-04-01', endDate: '2015-03-31', valuePence: 161 * M, status: 'live', edition: '2014/15', illustrative: true,
    },
  ],
  gc14Logs: [NEW_DEVON_2013_14_MEDIATION],
  contractSettingLogs: [NEW_DEVON_2013_14_ARBITRATION, NEW_DEVON_2014_15_FACILITATION],
  provenance: [
    'Real (seed 000): the parties, arbitration to agree the 2013-14 contract, mediation for in-year issues, Ian Tipney appointed by the trust as facilitator for 2014-15 and paid £12,007 including expenses.',
    'Illustrative: all dates, the issues and final offers (the determined value matches the demo contract\'s £158m), the arbitration panel and mediator, the £1.2m mediation outcome (the demo contract\'s variation, so no ledger entry), and that the trust paid the facilitator (it appointed him).',
  ],
};
