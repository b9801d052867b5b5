/**
 * Seed 004 (The Guardian, 11 Oct 2013): Serco "falsified its performance data when reporting to the
 * local NHS trust so that it appeared to meet targets in the contract that it failed to achieve", then
 * sought to hand its Cornwall GP out-of-hours service to Devon Doctors as a subcontractor. NHS Kernow
 * CCG (11N) commissions; Serco (ZSERC, an illustrative code) provides.
 *
 * Real: that figures were falsified to appear to meet contract targets, and the proposed subcontract to
 * Devon Doctors. Illustrative: the indicators' thresholds and consequences, every figure returned and
 * corrected, every date, the notice and its remedial action plan, and the withholdings.
 */

import type { NoticeEvent } from '../../contract-management/index.ts';
import type { PerformanceIndicator, PerformanceReturn } from '../../performance/index.ts';
import type { SeedRelationship } from './seed.ts';

const M = 100_000_000; // £1m in pence
const PARTIES = { commissionerCode: '11N', providerCode: 'ZSERC' } as const;
const CONTRACT = 'CORNWALL-OOH-2013';
/** £28m over four years (the demo contract) is £7m a year: £583,333.33 a month. */
export const SERCO_MONTHLY_VALUE_PENCE = 58_333_333;

const NQR_SOURCE = 'National Quality Requirements for GP out-of-hours services (Department of Health, 2006), a quality requirement of the contract; not in RULES.md, so threshold and consequence are illustrative';

export const SERCO_INDICATORS: readonly PerformanceIndicator[] = [
  {
    id: 'OOH-URGENT-20', name: 'Urgent cases: definitive clinical assessment within 20 minutes of the call being answered', scope: 'national', measure: 'share', direction: 'at_least', unit: 'urgent cases',
    terms: [{ fromYear: '2013/14', threshold: 950_000, consequence: { kind: 'per_breach', amountPence: 1_000_000 }, source: NQR_SOURCE, confidence: 'M' }],
  },
  {
    id: 'OOH-CALLS-60S', name: 'Calls answered within 60 seconds', scope: 'national', measure: 'share', direction: 'at_least', unit: 'calls',
    terms: [{ fromYear: '2013/14', threshold: 950_000, consequence: { kind: 'per_breach', amountPence: 500_000 }, source: NQR_SOURCE, confidence: 'M' }],
  },
];

type Row = [period: string, indicatorId: string, numerator: number, denominator: number, submittedOn: string, note?: string];
const RESTATED = 'Restated after audit: the earlier return was altered to appear to meet the standard';

/** In ledger order. April to June urgent-case figures were falsified and restated in July. */
const ROWS: readonly Row[] = [
  ['2013-04', 'OOH-URGENT-20', 1_212, 1_260, '2013-05-10'],
  ['2013-04', 'OOH-CALLS-60S', 9_480, 9_900, '2013-05-10'],
  ['2013-05', 'OOH-URGENT-20', 1_190, 1_245, '2013-06-10'],
  ['2013-05', 'OOH-CALLS-60S', 9_650, 10_100, '2013-06-10'],
  ['2013-06', 'OOH-URGENT-20', 1_150, 1_205, '2013-07-10'],
  ['2013-06', 'OOH-CALLS-60S', 9_300, 9_800, '2013-07-10'],
  ['2013-04', 'OOH-URGENT-20', 1_098, 1_260, '2013-07-22', RESTATED],
  ['2013-05', 'OOH-URGENT-20', 1_071, 1_245, '2013-07-22', RESTATED],
  ['2013-06', 'OOH-URGENT-20', 1_102, 1_205, '2013-07-22', RESTATED],
  ['2013-07', 'OOH-URGENT-20', 1_160, 1_210, '2013-08-09'],
  ['2013-07', 'OOH-CALLS-60S', 9_900, 10_300, '2013-08-09'],
];

export const SERCO_RETURNS: readonly PerformanceReturn[] = ROWS.map(([period, indicatorId, numerator, denominator, submittedOn, note], i) => ({
  id: `KERNOW-OOH-R${i + 1}`, sequence: i + 1, contractReference: CONTRACT, period, indicatorId, numerator, denominator, submittedOn, submittedBy: 'ZSERC', ...(note ? { note } : {}),
}));

/** The notice that followed the restated returns, its remedial action plan, a missed milestone and withholding. */
export const SERCO_NOTICE: readonly NoticeEvent[] = [
  {
    type: 'issue', noticeId: 'CPN-KERNOW-2013-01', by: 'commissioner', on: '2013-07-26', edition: '2013/14', ...PARTIES, contractReference: CONTRACT,
    subject: 'Urgent cases not assessed within 20 minutes in April to June 2013; the returns for those months were restated after they were found to have been altered',
    breachKeys: ['CORNWALL-OOH-2013 OOH-URGENT-20 2013-04', 'CORNWALL-OOH-2013 OOH-URGENT-20 2013-05', 'CORNWALL-OOH-2013 OOH-URGENT-20 2013-06'],
  },
  { type: 'accept', by: 'provider', on: '2013-07-30' },
  { type: 'hold_meeting', by: 'commissioner', on: '2013-08-07', outcome: 'remedial_action_plan' },
  {
    type: 'agree_rap', by: 'provider', on: '2013-08-14',
    milestones: [
      { id: 'M1', description: 'Independent audit of call-handling and triage data', dueDate: '2013-09-30' },
      { id: 'M2', description: 'Urgent cases assessed within 20 minutes at 95% for two consecutive months', dueDate: '2013-11-30' },
    ],
  },
  { type: 'achieve_milestone', by: 'provider', on: '2013-09-27', milestoneId: 'M1' },
  { type: 'miss_milestone', by: 'commissioner', on: '2013-12-02', milestoneId: 'M2' },
  { type: 'withhold', by: 'commissioner', on: '2013-12-10', period: '2013-12', actualMonthlyValuePence: SERCO_MONTHLY_VALUE_PENCE },
  { type: 'exception_report', by: 'commissioner', on: '2013-12-12', to: 'provider_board' },
  { type: 'exception_report', by: 'commissioner', on: '2014-01-10', to: 'regulator' },
  { type: 'withhold', by: 'commissioner', on: '2014-01-10', period: '2014-01', actualMonthlyValuePence: SERCO_MONTHLY_VALUE_PENCE },
  { type: 'remedy', by: 'commissioner', on: '2014-02-17' },
];

export const SERCO_CORNWALL: SeedRelationship = {
  name: 'NHS Kernow CCG and Serco: Cornwall GP out-of-hours',
  seed: 'Seed 004 (The Guardian, 11 Oct 2013): falsified performance data; the service offered to Devon Doctors as a subcontractor',
  ...PARTIES,
  asAt: '2014-03-31',
  contracts: [
    { reference: CONTRACT, title: 'Cornwall GP out-of-hours service', ...PARTIES, model: 'standard_block', startDate: '2013-04-01', endDate: '2017-03-31', valuePence: 28 * M, status: 'live', edition: '2013/14', illustrative: true },
  ],
  subcontracts: [
    {
      reference: 'CORNWALL-OOH-2013-SUB-DD', title: 'Cornwall out-of-hours delivery subcontract (proposed)', commissionerCode: 'ZSERC', providerCode: 'ZDEVD',
      model: 'subcontract', startDate: '2013-11-01', endDate: '2017-03-31', valuePence: 20 * M, status: 'draft', parentReference: CONTRACT, illustrative: true,
    },
  ],
  consents: [],
  indicators: SERCO_INDICATORS,
  returns: SERCO_RETURNS,
  noticeLogs: [SERCO_NOTICE],
  provenance: [
    'Real (seed 004): performance data falsified so that Serco appeared to meet contract targets; the proposed subcontract to Devon Doctors, without the commissioner\'s consent.',
    'Illustrative: indicator thresholds and consequences, every figure and date, the notice, its plan, the withholdings and the subcontract\'s value (the demo economy\'s).',
  ],
};
