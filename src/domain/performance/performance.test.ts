import { describe, expect, it } from 'vitest';
import {
  assessCurrentReturns,
  checkIndicator,
  computeBreaches,
  currentReturns,
  FIFTY_TWO_WEEK_WAITS,
  hiddenBreaches,
  type PerformanceIndicator,
  type PerformanceReturn,
  returnHistory,
} from './index.ts';

/** A local quality requirement: at least 95% of urgent calls assessed within 20 minutes, £10,000 a month in breach. */
const URGENT: PerformanceIndicator = {
  id: 'URGENT-20', name: 'Urgent calls clinically assessed within 20 minutes', scope: 'local', measure: 'share', direction: 'at_least', unit: 'urgent calls',
  terms: [{ fromYear: '2013/14', threshold: 950_000, consequence: { kind: 'per_breach', amountPence: 1_000_000 }, source: 'Local quality requirement (illustrative)', confidence: 'C' }],
};

let seq = 0;
function ret(over: Partial<PerformanceReturn> & Pick<PerformanceReturn, 'indicatorId' | 'period' | 'numerator'>): PerformanceReturn {
  seq++;
  return { id: `R${seq}`, sequence: seq, contractReference: 'C-1', submittedOn: '2014-01-01', submittedBy: 'ZP', ...over };
}

describe('52-week waits (RULES.md §1.2 [S2], §1.5 [S])', () => {
  it('costs £2,500 a patient in 2019/20', () => {
    const [b] = computeBreaches([FIFTY_TWO_WEEK_WAITS], [ret({ indicatorId: 'RTT-52WW', period: '2019-06', numerator: 14 })]);
    expect(b).toMatchObject({ year: '2019/20', met: false, casesBeyondThreshold: 14, sanctionPence: 3_500_000, sanctionBasis: '14 patients waiting over 52 weeks beyond the threshold x £2,500.00' });
    expect(b.terms.confidence).toBe('S2');
  });

  it('is still a breach in 2020/21 but with the sanction suspended, saying why', () => {
    const [b] = computeBreaches([FIFTY_TWO_WEEK_WAITS], [ret({ indicatorId: 'RTT-52WW', period: '2020-06', numerator: 14 })]);
    expect(b.sanctionPence).toBe(0);
    expect(b.sanctionBasis).toMatch(/suspended in 2020\/21-2021\/22/);
  });

  it('is not assessed in a year before its terms begin', () => {
    expect(assessCurrentReturns([FIFTY_TWO_WEEK_WAITS], [ret({ indicatorId: 'RTT-52WW', period: '2018-06', numerator: 14 })])).toEqual([]);
  });

  it('is met with no one waiting over 52 weeks', () => {
    expect(computeBreaches([FIFTY_TWO_WEEK_WAITS], [ret({ indicatorId: 'RTT-52WW', period: '2019-06', numerator: 0 })])).toEqual([]);
  });
});

describe('share measures', () => {
  it('compare exactly: 950 of 1,000 meets 95%, 949 does not', () => {
    const a = assessCurrentReturns([URGENT], [
      ret({ indicatorId: 'URGENT-20', period: '2013-05', numerator: 950, denominator: 1000 }),
      ret({ indicatorId: 'URGENT-20', period: '2013-06', numerator: 949, denominator: 1000 }),
      ret({ indicatorId: 'URGENT-20', period: '2013-07', numerator: 0, denominator: 0 }),
    ]);
    expect(a.map((x) => [x.return.period, x.met, x.valueText])).toEqual([
      ['2013-05', true, '95.0% (950 of 1000 urgent calls)'],
      ['2013-06', false, '94.9% (949 of 1000 urgent calls)'],
      ['2013-07', true, 'no urgent calls in scope'],
    ]);
  });

  it('count the cases short of the threshold for a per-patient consequence', () => {
    const perCall: PerformanceIndicator = { ...URGENT, terms: [{ ...URGENT.terms[0], consequence: { kind: 'per_patient', amountPence: 5_000 } }] };
    // 95% of 1,001 is 950.95 calls: 951 are needed, so 930 is 21 short.
    const [b] = computeBreaches([perCall], [ret({ indicatorId: 'URGENT-20', period: '2013-06', numerator: 930, denominator: 1001 })]);
    expect(b.casesBeyondThreshold).toBe(21);
    expect(b.sanctionPence).toBe(105_000);
  });

  it('price a share-of-value consequence from the Actual Monthly Value, and say when it is missing', () => {
    const share: PerformanceIndicator = { ...URGENT, terms: [{ ...URGENT.terms[0], consequence: { kind: 'share_of_monthly_value', rateMicros: 10_000 } }] };
    const r = [ret({ indicatorId: 'URGENT-20', period: '2013-06', numerator: 900, denominator: 1000 })];
    expect(computeBreaches([share], r, { actualMonthlyValue: () => 58_333_333 })[0]).toMatchObject({ sanctionPence: 583_333, sanctionBasis: '1.0% of the Actual Monthly Value £583,333.33' });
    expect(() => computeBreaches([share], r)).toThrowError(/Actual Monthly Value, which is not given for C-1 2013-06/);
  });

  it('need the cases in scope', () => {
    expect(() => computeBreaches([URGENT], [ret({ indicatorId: 'URGENT-20', period: '2013-06', numerator: 900 })])).toThrowError(/denominator: URGENT-20 is a share/);
  });
});

describe('the returns ledger', () => {
  const first = ret({ indicatorId: 'URGENT-20', period: '2013-05', numerator: 962, denominator: 1000, submittedOn: '2013-06-05' });
  const corrected = ret({ indicatorId: 'URGENT-20', period: '2013-05', numerator: 871, denominator: 1000, submittedOn: '2013-07-20', note: 'Restated after audit' });
  const other = ret({ indicatorId: 'URGENT-20', period: '2013-06', numerator: 955, denominator: 1000, submittedOn: '2013-07-05' });

  it('keeps a superseded return, marking what replaced it', () => {
    const h = returnHistory([corrected, first, other]);
    expect(h.map((r) => [r.id, r.status, r.supersededBy])).toEqual([[first.id, 'superseded', corrected.id], [corrected.id, 'current', null], [other.id, 'current', null]]);
    expect(currentReturns([first, corrected, other]).map((r) => r.id)).toEqual([corrected.id, other.id]);
  });

  it('computes breaches from the current returns only', () => {
    expect(computeBreaches([URGENT], [first, other])).toEqual([]);
    expect(computeBreaches([URGENT], [first, corrected, other]).map((b) => [b.return.id, b.sanctionPence])).toEqual([[corrected.id, 1_000_000]]);
  });

  it('shows what a superseded return hid', () => {
    const [h] = hiddenBreaches([URGENT], [first, corrected, other]);
    expect(h.key).toBe('C-1 URGENT-20 2013-05');
    expect(h.superseded).toMatchObject({ met: true, valueText: '96.2% (962 of 1000 urgent calls)' });
    expect(h.current).toMatchObject({ met: false, valueText: '87.1% (871 of 1000 urgent calls)' });
    expect(h.sanctionHiddenPence).toBe(1_000_000);
    // A correction that changes nothing hides nothing.
    expect(hiddenBreaches([URGENT], [first, other])).toEqual([]);
  });

  it('refuses duplicate sequences and impossible figures, naming the field', () => {
    expect(() => returnHistory([first, { ...corrected, sequence: first.sequence }])).toThrowError(/returns\.1\.sequence: .* appears twice/);
    expect(() => returnHistory([{ ...first, numerator: 1001 }])).toThrowError(/returns\.0\.numerator: 1001 is more than the 1000 cases in scope/);
    expect(() => computeBreaches([], [first])).toThrowError(/no indicator 'URGENT-20' on the contract/);
  });
});

describe('indicator definitions', () => {
  it('are checked, naming the field', () => {
    expect(() => checkIndicator({ ...URGENT, terms: [{ ...URGENT.terms[0], threshold: 1_500_000 }] })).toThrowError(/terms\.0\.threshold: must be a share in micros/);
    expect(() => checkIndicator({ ...URGENT, terms: [{ ...URGENT.terms[0], fromYear: '2013-14' }] })).toThrowError(/terms\.0\.fromYear: must be a contract year like '2019\/20'/);
    expect(() => checkIndicator({ ...URGENT, terms: [{ ...URGENT.terms[0], source: '' }] })).toThrowError(/terms\.0\.source/);
    expect(checkIndicator(FIFTY_TWO_WEEK_WAITS)).toBe(FIFTY_TWO_WEEK_WAITS);
  });
});
