import { describe, expect, it } from 'vitest';
import { applyNoticeStep, issueNotice, relationshipRules, type NoticeStepEvent } from '../contract-management/index.ts';
import { applyContractSettingStep, openContractSettingDispute } from '../disputes/index.ts';
import { computeStatement } from '../payments/index.ts';
import { computeBreaches, FIFTY_TWO_WEEK_WAITS } from '../performance/index.ts';
import {
  armsRace,
  checkMoneyEntries,
  determinationEntry,
  entryRule,
  moneyByYear,
  noticeMoneyEntries,
  type RelationshipMoneyEntry,
  sanctionEntries,
  statementAdjustments,
} from './index.ts';

const PARTIES = { contractReference: 'C-2025', commissionerCode: '15N', providerCode: 'RH8' };
const M = 100_000_000;

function entry(over: Partial<RelationshipMoneyEntry> & Pick<RelationshipMoneyEntry, 'id' | 'period' | 'kind' | 'ruleId' | 'amountPence'>): RelationshipMoneyEntry {
  return { ...PARTIES, description: over.id, ...over };
}

describe('the money ledger', () => {
  it('names each entry\'s rule with its label and source', () => {
    expect(entryRule({ ruleId: 'gc9.withhold' })).toMatchObject({ id: 'gc9.withhold', source: 'RULES.md §1.2 item 4 [M]' });
  });

  it('refuses an entry of the wrong sign for its kind, or a rule its kind may not name', () => {
    expect(() => checkMoneyEntries([entry({ id: 'a', period: '2025-06', kind: 'sanction', ruleId: 'sanction.per_breach', amountPence: 100 })])).toThrowError(/^money\.0\.amountPence: a sanction is a deduction/);
    expect(() => checkMoneyEntries([entry({ id: 'a', period: '2025-06', kind: 'charge_outside_contract', ruleId: 'provider_claim.outside_contract', amountPence: -1 })])).toThrowError(/a charge outside the contract is a payment to the provider/);
    expect(() => checkMoneyEntries([entry({ id: 'a', period: '2025-06', kind: 'withhold_retention', ruleId: 'gc9.withhold_retention', amountPence: -1 })])).toThrowError(/retention moves no money/);
    expect(() => checkMoneyEntries([entry({ id: 'a', period: '2025-06', kind: 'withhold', ruleId: 'sanction.per_breach', amountPence: -1 })])).toThrowError(/^money\.0\.ruleId: a withholding \(gc9\) names gc9\.withhold/);
    expect(() => checkMoneyEntries([entry({ id: 'a', period: '2025-06', kind: 'challenge', ruleId: 'provider_claim.challenge_upheld', amountPence: 1 }), entry({ id: 'a', period: '2025-07', kind: 'challenge', ruleId: 'provider_claim.challenge_upheld', amountPence: 1 })])).toThrowError(/money\.1\.id: 'a' appears twice/);
  });

  it('totals each side by year: the commissioner net of repayments, the provider\'s charges', () => {
    const years = moneyByYear([
      entry({ id: 's1', period: '2025-06', kind: 'sanction', ruleId: 'sanction.per_patient', amountPence: -3_500_000 }),
      entry({ id: 'w1', period: '2026-02', kind: 'withhold', ruleId: 'gc9.withhold', amountPence: -2_000_000 }),
      entry({ id: 'r1', period: '2026-03', kind: 'withhold_repayment', ruleId: 'gc9.withhold_repayment', amountPence: 2_000_000 }),
      entry({ id: 'c1', period: '2025-09', kind: 'charge_outside_contract', ruleId: 'provider_claim.outside_contract', amountPence: 700_000 }),
      entry({ id: 'd1', period: '2026-04', kind: 'determination_adjustment', ruleId: 'determination.gc14', amountPence: -50_000 }),
    ]);
    expect(years.map((y) => [y.year, y.commissioner.netPence, y.provider.netPence, y.determinationsPence])).toEqual([['2025/26', 3_500_000, 700_000, 0], ['2026/27', 0, 0, -50_000]]);
    expect(years[0].commissioner.byKind).toEqual({ sanction: -3_500_000, withhold: -2_000_000, withhold_repayment: 2_000_000 });
  });

  it('calls it an arms race when both sides grow in each of the last two years, and a quiet year breaks the run', () => {
    const y = (year: string, c: number, p: number) => ({ year, commissioner: { byKind: {}, netPence: c }, provider: { byKind: {}, netPence: p }, determinationsPence: 0 });
    expect(armsRace([y('2013/14', 1, 1), y('2014/15', 2, 2), y('2015/16', 3, 3)]).escalating).toBe(true);
    expect(armsRace([y('2013/14', 1, 1), y('2014/15', 2, 2), y('2015/16', 3, 2)]).escalating).toBe(false);
    expect(armsRace([y('2012/13', 1, 1), y('2013/14', 2, 2), y('2015/16', 3, 3)]).steps.map((s) => s.to)).toEqual(['2013/14', '2014/15', '2015/16']);
    expect(armsRace([y('2012/13', 1, 1), y('2013/14', 2, 2), y('2015/16', 3, 3)]).escalating).toBe(false);
  });
});

describe('entries that follow from other records', () => {
  it('prices a sanction for each breach, naming its rule and the breach', () => {
    const breaches = computeBreaches([FIFTY_TWO_WEEK_WAITS], [{ id: 'r', sequence: 1, contractReference: 'C-2025', period: '2019-06', indicatorId: 'RTT-52WW', numerator: 3, submittedOn: '2019-07-10', submittedBy: 'RH8' }]);
    expect(sanctionEntries(breaches, PARTIES)).toEqual([{
      id: 'sanction C-2025 RTT-52WW 2019-06', ...PARTIES, period: '2019-06', kind: 'sanction', ruleId: 'sanction.per_patient', amountPence: -750_000,
      description: 'Referral to treatment: patients waiting more than 52 weeks, 2019-06: 3 patients waiting over 52 weeks; 3 patients waiting over 52 weeks beyond the threshold x £2,500.00',
      origin: { breachKey: 'C-2025 RTT-52WW 2019-06' },
    }]);
  });

  it('turns a notice\'s withholdings into entries: withheld, then repaid or retained', () => {
    const rules = relationshipRules('2025/26');
    const steps: NoticeStepEvent[] = [
      { type: 'hold_meeting', by: 'commissioner', on: '2026-01-07', outcome: 'remedial_action_plan' },
      { type: 'agree_rap', by: 'provider', on: '2026-01-14', milestones: [{ id: 'M1', description: 'x', dueDate: '2026-01-30' }] },
      { type: 'miss_milestone', by: 'commissioner', on: '2026-02-02', milestoneId: 'M1' },
      { type: 'withhold', by: 'commissioner', on: '2026-02-10', period: '2026-02', actualMonthlyValuePence: 1_341_666_667 },
      { type: 'remedy', by: 'commissioner', on: '2026-04-20' },
    ];
    const n = steps.reduce((x, e) => applyNoticeStep(x, e, rules), issueNotice({ type: 'issue', noticeId: 'CPN-1', by: 'commissioner', on: '2025-12-19', edition: '2025/26', subject: 'x', ...PARTIES }, rules));
    expect(noticeMoneyEntries(n).map((e) => [e.kind, e.period, e.amountPence, e.ruleId])).toEqual([
      ['withhold', '2026-02', -26_833_333, 'gc9.withhold'],
      ['withhold_repayment', '2026-04', 26_833_333, 'gc9.withhold_repayment'],
    ]);
  });

  it('makes the statement follow a pendulum determination', () => {
    const rules = relationshipRules('2013/14');
    let d = openContractSettingDispute({ type: 'open', disputeId: 'CS', by: 'provider', on: '2013-03-01', edition: '2013/14', contractYear: '2013/14', contractReference: 'C-2013', commissionerCode: '99P', providerCode: 'RBZ', issues: [{ id: 'value', title: 'Contract value', measure: 'amount' }] }, rules);
    for (const e of [
      { type: 'refer_to_arbitration', by: 'regulator', on: '2013-04-15' },
      { type: 'submit_final_offer', by: 'commissioner', on: '2013-04-22', issueId: 'value', offer: { amountPence: 156 * M } },
      { type: 'submit_final_offer', by: 'provider', on: '2013-04-22', issueId: 'value', offer: { amountPence: 158 * M } },
      { type: 'determine', by: 'regulator', on: '2013-05-31', issueId: 'value', offer: { amountPence: 158 * M }, reasons: 'x' },
    ] as const) d = applyContractSettingStep(d, e, rules);
    // Paid on the commissioner's offer while the dispute ran; the determination adds the difference in June.
    const adj = determinationEntry(d, 'value', { id: 'det', period: '2013-06', basisPence: 156 * M, contractReference: 'C-2013' });
    expect(adj).toMatchObject({ kind: 'determination_adjustment', ruleId: 'determination.pendulum', amountPence: 2 * M });
    const s = computeStatement({ year: '2013/14', terms: { model: 'block', annualValuePence: 156 * M }, months: [], adjustments: statementAdjustments([adj], 'C-2013', '2013/14') });
    expect(s.totalPence).toBe(158 * M);
    expect(s.lines.find((l) => l.reference === 'det')!.description).toMatch(/determined at £158,000,000\.00 \(the provider's final offer\) against £156,000,000\.00 paid/);
  });
});

describe('statement adjustments from the ledger', () => {
  it('take only the contract\'s entries for the statement\'s year', () => {
    const entries = [
      entry({ id: 'a', period: '2026-03', kind: 'sanction', ruleId: 'sanction.per_breach', amountPence: -1 }),
      entry({ id: 'b', period: '2026-04', kind: 'sanction', ruleId: 'sanction.per_breach', amountPence: -2 }),
      entry({ id: 'c', period: '2026-03', kind: 'sanction', ruleId: 'sanction.per_breach', amountPence: -3, contractReference: 'OTHER' }),
    ];
    expect(statementAdjustments(entries, 'C-2025', '2025/26').map((a) => a.reference)).toEqual(['a']);
  });
});
