import { describe, expect, it } from 'vitest';
import { computeBreaches, FIFTY_TWO_WEEK_WAITS, ocdsPerformanceFailures, type PerformanceIndicator } from './index.ts';

const URGENT: PerformanceIndicator = {
  id: 'URGENT-20', name: 'Urgent cases assessed within 20 minutes', scope: 'national', measure: 'share', direction: 'at_least', unit: 'urgent cases',
  terms: [{ fromYear: '2013/14', threshold: 950_000, consequence: { kind: 'per_breach', amountPence: 1_000_000 }, source: 'illustrative', confidence: 'C' }],
};

describe('breaches as OCDS performance failures', () => {
  it('give one failure per indicator and month, with the period, the number of events and the penalties', () => {
    const breaches = computeBreaches([URGENT, FIFTY_TWO_WEEK_WAITS], [
      { id: 'a', sequence: 1, contractReference: 'C', period: '2013-06', indicatorId: 'URGENT-20', numerator: 1_102, denominator: 1_205, submittedOn: '2013-07-22', submittedBy: 'P' },
      { id: 'b', sequence: 2, contractReference: 'C', period: '2019-06', indicatorId: 'RTT-52WW', numerator: 4, submittedOn: '2019-07-10', submittedBy: 'P' },
    ]);
    const f = ocdsPerformanceFailures(breaches, (key) => (key.includes('2013') ? true : null));
    expect(f).toEqual([
      // Sorted by contract, indicator and month.
      {
        id: 'C/RTT-52WW/2019-06', period: { startDate: '2019-06-01T00:00:00Z', endDate: '2019-06-30T23:59:59Z' }, category: 'Referral to treatment: patients waiting more than 52 weeks',
        events: 4, penaltyContracted: expect.stringMatching(/^£2,500\.00 for each case beyond the threshold \(RULES\.md §1\.2 \[S2\]/),
        penaltyImposed: '£10,000.00: 4 patients waiting over 52 weeks beyond the threshold x £2,500.00', penaltyPaid: null,
      },
      {
        id: 'C/URGENT-20/2013-06', period: { startDate: '2013-06-01T00:00:00Z', endDate: '2013-06-30T23:59:59Z' }, category: 'Urgent cases assessed within 20 minutes',
        // 95% of 1,205 is 1,144.75, so 1,145 are needed: 43 cases short.
        events: 43, penaltyContracted: '£10,000.00 for each month in breach (illustrative)', penaltyImposed: '£10,000.00: £10,000.00 for the month in breach', penaltyPaid: true,
      },
    ]);
  });
});
