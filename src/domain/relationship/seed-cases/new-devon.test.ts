import { describe, expect, it } from 'vitest';
import { relationshipRules } from '../../contract-management/index.ts';
import { applyContractSettingStep, replayContractSettingDispute } from '../../disputes/index.ts';
import { computeStatement } from '../../payments/index.ts';
import { determinationEntry, statementAdjustments } from '../index.ts';
import { NEW_DEVON, NEW_DEVON_2013_14_ARBITRATION, NEW_DEVON_FACILITATOR_FEE_PENCE, replaySeed, seedRelationship } from './index.ts';

const M = 100_000_000;

describe('NEW Devon CCG (99P) and Northern Devon Healthcare (RBZ), seed 000', () => {
  const record = seedRelationship(NEW_DEVON);

  it('reads as strained, and shows how: each factor, its weight and count, and the thresholds', () => {
    expect(record.health.band).toBe('strained');
    const scored = record.health.factors.filter((f) => f.points > 0).map((f) => [f.id, f.count, f.weight, f.points]);
    expect(scored).toEqual([
      ['contract_arbitration', 1, 3, 3],
      ['contract_setting_dispute', 1, 1, 1],
      ['gc14_mediation', 1, 2, 2],
      ['facilitator', 1, 1, 1],
    ]);
    expect(record.health.score).toBe(7);
    expect(record.health.thresholds).toEqual({ watchAt: 2, strainedAt: 5 });
    expect(record.health.factors.find((f) => f.id === 'facilitator')!.evidence).toEqual(['NDEVON-CS-2014-15: Ian Tipney']);
    expect(record.health.explanation).toMatch(/^Strained: 7 points from 2012-04-01 to 2014-12-31: contract-setting disputes that went to arbitration 1 x 3 = 3;/);
  });

  it('was not strained before the arbitration: the band follows the record as at a date', () => {
    expect(seedRelationship(NEW_DEVON, '2013-03-31').health.band).toBe('good');
    expect(seedRelationship(NEW_DEVON, '2013-06-30').health.band).toBe('watch');
  });

  it('shows the 2013-14 contract settled by arbitration and the 2014-15 one agreed with a facilitator', () => {
    expect(record.contracts.map((c) => [c.reference, c.agreedBy])).toEqual([['NDEVON-ACUTE-2013-14', 'arbitration'], ['NDEVON-ACUTE-2014-15', 'facilitated negotiation']]);
  });

  it('shows the dispute timeline and the facilitator\'s fee of £12,007', () => {
    expect(NEW_DEVON_FACILITATOR_FEE_PENCE).toBe(1_200_700);
    const titles = record.timeline.map((e) => `${e.date} ${e.title}`);
    expect(titles).toContain('2013-05-24 Pendulum determination: Contract value for 2013/14 (activity plan and prices)');
    expect(titles).toContain('2013-07-26 Mediator appointed');
    expect(titles).toContain('2014-02-10 Facilitator appointed');
    const fee = record.timeline.find((e) => e.title.startsWith('Fee:'))!;
    expect(fee).toMatchObject({ date: '2014-04-30', kind: 'contract_setting_dispute', subjectId: 'NDEVON-CS-2014-15', amountPence: 1_200_700, title: 'Fee: Ian Tipney (facilitator), £12,007.00' });
    expect(fee.detail).toMatch(/including expenses \(seed 000\); paid by the provider$/);
    expect(record.timeline.find((e) => e.title === 'Facilitator appointed')!.detail).toBe('Ian Tipney, former chief executive of Somerset Primary Care Trust, appointed facilitator by the provider');
  });

  it('totals the disputes\' costs by who bore them', () => {
    expect(record.disputeCosts).toEqual({ totalPence: 1_200_700, commissionerPence: 0, providerPence: 1_200_700, regulatorPence: 0 });
    expect(record.disputes.map((d) => [d.id, d.kind, d.furthestStage, d.state])).toEqual([
      ['NDEVON-CS-2013-14', 'contract_setting', 'arbitration', 'determined'],
      ['NDEVON-GC14-2013-01', 'gc14', 'mediation', 'resolved'],
      ['NDEVON-CS-2014-15', 'contract_setting', 'negotiation', 'agreed'],
    ]);
    expect(record.disputes[1].outcome).toMatch(/^Settled in mediation: £1\.2m paid to the trust/);
  });

  it('refuses a 50:50 determination on the 2013-14 contract value, naming the issue', () => {
    const beforeDetermination = NEW_DEVON_2013_14_ARBITRATION.filter((e) => e.type !== 'determine');
    const rules = relationshipRules('2013/14');
    const d = replayContractSettingDispute(beforeDetermination, rules);
    expect(() => applyContractSettingStep(d, { type: 'determine', by: 'regulator', on: '2013-05-24', issueId: 'value', offer: { amountPence: 15_725_000_000 }, reasons: 'Halfway' }, rules))
      .toThrowError("determinations.value: issue 'value' (Contract value for 2013/14 (activity plan and prices)): the determination £157,250,000.00 is neither the commissioner's final offer £156,500,000.00 nor the provider's £158,000,000.00; pendulum arbitration awards one party's offer exactly on each issue, no 50:50s (RULES.md §1.3 [S2])");
  });

  it('makes the 2013-14 statement follow the determination', () => {
    const [arbitration] = replaySeed(NEW_DEVON).contractSettingDisputes;
    // Paid 1/12 of the commissioner's offer a month while the dispute ran; the determination adds the rest in June.
    const adj = determinationEntry(arbitration, 'value', { id: 'NDEVON-DET-2013-14', period: '2013-06', basisPence: 15_650_000_000, contractReference: 'NDEVON-ACUTE-2013-14', illustrative: true });
    const s = computeStatement({ year: '2013/14', terms: { model: 'block', annualValuePence: 15_650_000_000 }, months: [], adjustments: statementAdjustments([adj], 'NDEVON-ACUTE-2013-14', '2013/14') });
    expect(s.totalPence).toBe(158 * M);
    expect(s.lines.at(-1)).toMatchObject({ period: '2013-06', rule: { id: 'determination.pendulum' }, amountPence: 150_000_000 });
  });

  it('has nothing overdue and no notices', () => {
    expect(record.overdue).toEqual([]);
    expect(record.notices).toEqual({ open: [], closed: [] });
  });
});
