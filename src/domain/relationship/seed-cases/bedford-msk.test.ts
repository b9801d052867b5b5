import { describe, expect, it } from 'vitest';
import { actionsDue } from '../index.ts';
import { BEDFORD_MSK, BEDFORD_REFUSAL_REASON, replaySeed, seedRelationship } from './index.ts';

describe('Bedford Hospital (RC1) and the Bedfordshire MSK subcontract from Circle (ZCIRC), seed 004', () => {
  const record = seedRelationship(BEDFORD_MSK);

  it('shows the subcontract unsigned by the trust, and not agreed', () => {
    expect(record.flags.unsignedContracts.map((c) => [c.reference, c.unsignedBy, c.agreedBy])).toEqual([['BEDS-MSK-2014-SUB-BH', ['provider'], 'not agreed']]);
    expect(record.contracts[0].parentReference).toBe('BEDS-MSK-2014');
  });

  it('shows the refusal and the dispute it started on the timeline, with the trust\'s reason', () => {
    const refusal = record.timeline.find((e) => e.title.includes('refuses to sign'))!;
    expect(refusal).toMatchObject({ date: '2014-11-07', title: 'The provider refuses to sign BEDS-MSK-2014-SUB-BH', detail: BEDFORD_REFUSAL_REASON });
    expect(record.disputes).toHaveLength(1);
    expect(record.disputes[0]).toMatchObject({ id: 'BEDS-MSK-SUB-2014-15', kind: 'contract_setting', state: 'negotiation', contractReference: 'BEDS-MSK-2014-SUB-BH' });
    expect(record.disputes[0].title).toMatch(/Minimum income guarantee for 2014-15/);
  });

  it('lists agreeing the subcontract as due from both parties, with no national date for 2014/15 recorded', () => {
    const cases = replaySeed(BEDFORD_MSK);
    for (const org of ['RC1', 'ZCIRC']) {
      const [a] = actionsDue(org, cases, '2014-12-31');
      expect(a).toMatchObject({ step: 'agree', mustAct: 'either', dueDate: null, status: 'no_deadline', confidence: 'M' });
    }
    expect(actionsDue('06F', cases, '2014-12-31')).toEqual([]);
  });

  it('reads as "watch": an unsigned contract and a dispute', () => {
    expect(record.health.band).toBe('watch');
    expect(record.health.factors.filter((f) => f.points > 0).map((f) => [f.id, f.evidence])).toEqual([
      ['contract_setting_dispute', ['BEDS-MSK-SUB-2014-15']],
      ['unsigned_contract', ['BEDS-MSK-2014-SUB-BH']],
    ]);
  });

  it('before the refusal, only the missing signature shows', () => {
    const early = seedRelationship(BEDFORD_MSK, '2014-10-31');
    expect(early.disputes).toEqual([]);
    expect(early.flags.unsignedContracts).toHaveLength(1);
  });
});
