import { describe, expect, it } from 'vitest';
import { computeStatement } from '../../payments/index.ts';
import { returnHistory } from '../../performance/index.ts';
import { actionsDue, statementAdjustments } from '../index.ts';
import { replaySeed, SERCO_CORNWALL, SERCO_INDICATORS, SERCO_RETURNS, seedRelationship } from './index.ts';

describe('Serco, Cornwall GP out-of-hours (11N and ZSERC), seed 004', () => {
  const replayed = replaySeed(SERCO_CORNWALL);

  it('keeps the falsified returns, marked superseded by the restated ones', () => {
    const superseded = returnHistory(SERCO_RETURNS).filter((r) => r.status === 'superseded');
    expect(superseded.map((r) => [r.period, r.indicatorId, r.numerator, r.supersededBy])).toEqual([
      ['2013-04', 'OOH-URGENT-20', 1_212, 'KERNOW-OOH-R7'],
      ['2013-05', 'OOH-URGENT-20', 1_190, 'KERNOW-OOH-R8'],
      ['2013-06', 'OOH-URGENT-20', 1_150, 'KERNOW-OOH-R9'],
    ]);
    expect(SERCO_RETURNS.find((r) => r.id === 'KERNOW-OOH-R7')!.note).toMatch(/altered to appear to meet the standard/);
  });

  it('shows the breaches the falsified figures hid', () => {
    expect(replayed.hiddenBreaches.map((h) => [h.key, h.superseded.valueText, h.current.valueText, h.sanctionHiddenPence])).toEqual([
      ['CORNWALL-OOH-2013 OOH-URGENT-20 2013-04', '96.2% (1212 of 1260 urgent cases)', '87.1% (1098 of 1260 urgent cases)', 1_000_000],
      ['CORNWALL-OOH-2013 OOH-URGENT-20 2013-05', '95.6% (1190 of 1245 urgent cases)', '86.0% (1071 of 1245 urgent cases)', 1_000_000],
      ['CORNWALL-OOH-2013 OOH-URGENT-20 2013-06', '95.4% (1150 of 1205 urgent cases)', '91.5% (1102 of 1205 urgent cases)', 1_000_000],
    ]);
    // A breach the original returns did show is not "hidden".
    expect(replayed.breaches.map((b) => b.key)).toContain('CORNWALL-OOH-2013 OOH-CALLS-60S 2013-06');
    expect(replayed.hiddenBreaches.map((h) => h.key)).not.toContain('CORNWALL-OOH-2013 OOH-CALLS-60S 2013-06');
  });

  it('has the notice that followed cite exactly the hidden breaches', () => {
    expect(replayed.notices[0].breachKeys).toEqual(replayed.hiddenBreaches.map((h) => h.key));
  });

  it('before the correction, no breach of the urgent-case standard shows at all', () => {
    expect(replaySeed(SERCO_CORNWALL, '2013-07-21').breaches.map((b) => b.indicator.id)).toEqual(['OOH-CALLS-60S']);
  });

  it('flags the subcontract to Devon Doctors made without the commissioner\'s consent', () => {
    const r = seedRelationship(SERCO_CORNWALL);
    expect(r.flags.subcontractsWithoutConsent).toHaveLength(1);
    expect(r.flags.subcontractsWithoutConsent[0]).toMatchObject({ commissionerCode: '11N', subcontract: { reference: 'CORNWALL-OOH-2013-SUB-DD', providerCode: 'ZDEVD' } });
    expect(r.flags.subcontractsWithoutConsent[0].message).toMatch(/ZSERC subcontracts to ZDEVD from 2013-11-01 without the consent of 11N/);
    expect(seedRelationship({ ...SERCO_CORNWALL, consents: [{ subcontractReference: 'CORNWALL-OOH-2013-SUB-DD', consentedBy: '11N', on: '2013-10-15' }] }).flags.subcontractsWithoutConsent).toEqual([]);
  });

  it('in January 2014: the notice is open with two months withheld and the retention decision listed for the commissioner', () => {
    const r = seedRelationship(SERCO_CORNWALL, '2014-01-31');
    expect(r.notices.open).toHaveLength(1);
    expect(r.notices.open[0]).toMatchObject({ id: 'CPN-KERNOW-2013-01', state: 'remedy_failed', withheldPence: 2 * 1_166_667, repaidPence: 0 });
    const cases = replaySeed(SERCO_CORNWALL, '2014-01-31');
    const mine = actionsDue('11N', cases, '2014-01-31');
    expect(mine.map((a) => [a.step, a.mustAct, a.status])).toEqual([['retain', 'commissioner', 'no_deadline']]);
    expect(mine[0].label).toBe('decide whether to retain £23,333.34 withheld (possible from 2014-03-01)');
    expect(actionsDue('ZSERC', cases, '2014-01-31').map((a) => a.label)).toEqual(["remedy the missed milestone 'M2'"]);
  });

  it('puts sanctions, the withholdings and their repayment on the 2013/14 statement, which still adds up', () => {
    const money = replayed.money;
    const s = computeStatement({ year: '2013/14', terms: { model: 'block', annualValuePence: 700_000_000 }, months: [], adjustments: statementAdjustments(money, 'CORNWALL-OOH-2013', '2013/14') });
    const lines = s.lines.filter((l) => l.reference).map((l) => [l.period, l.rule.id, l.amountPence]);
    expect(lines).toEqual([
      ['2013-04', 'sanction.per_breach', -1_000_000],
      ['2013-05', 'sanction.per_breach', -1_000_000],
      ['2013-06', 'sanction.per_breach', -500_000], // calls answered within 60 seconds
      ['2013-06', 'sanction.per_breach', -1_000_000], // urgent cases within 20 minutes
      ['2013-12', 'gc9.withhold', -1_166_667],
      ['2014-01', 'gc9.withhold', -1_166_667],
      ['2014-02', 'gc9.withhold_repayment', 1_166_667],
      ['2014-02', 'gc9.withhold_repayment', 1_166_667],
    ]);
    // £7m a year, less £35,000 of sanctions; the withholdings are repaid within the year.
    expect(s.totalPence).toBe(700_000_000 - 3_500_000);
    expect(s.lines.reduce((t, l) => t + l.amountPence, 0)).toBe(s.totalPence);
  });

  it('reads as "watch": the notice, its exception report to the regulator and the subcontract', () => {
    const r = seedRelationship(SERCO_CORNWALL);
    expect(r.health.band).toBe('watch');
    expect(r.health.factors.filter((f) => f.points > 0).map((f) => f.id)).toEqual(['notice', 'exception_report_to_regulator', 'subcontract_without_consent']);
    expect(r.notices.closed.map((n) => [n.id, n.state, n.repaidPence])).toEqual([['CPN-KERNOW-2013-01', 'closed', 2_333_334]]);
    expect(SERCO_INDICATORS.every((i) => i.terms.every((t) => /illustrative/.test(t.source)))).toBe(true);
  });
});
