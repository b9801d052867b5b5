import { describe, expect, it } from 'vitest';
import { relationshipRules } from '../contract-management/index.ts';
import { ConcordatError } from '../errors.ts';
import {
  applyContractSettingStep,
  checkPendulumDetermination,
  type ContractSettingDispute,
  type ContractSettingOpenEvent,
  type ContractSettingStepEvent,
  contractSettingDueSteps,
  determinedAmount,
  openContractSettingDispute,
  replayContractSettingDispute,
} from './index.ts';

const RULES = relationshipRules('2019/20');
const OPEN: ContractSettingOpenEvent = {
  type: 'open', disputeId: 'CS-2019-20', by: 'commissioner', on: '2019-02-01', edition: '2019/20',
  commissionerCode: '15N', providerCode: 'RH8', contractYear: '2019/20',
  issues: [
    { id: 'value', title: 'Contract value', measure: 'amount' },
    { id: 'readmissions', title: 'Emergency readmissions threshold', measure: 'terms' },
  ],
};
const TO_ARBITRATION: ContractSettingStepEvent[] = [
  { type: 'refer_to_mediation', by: 'regulator', on: '2019-03-04' },
  { type: 'refer_to_arbitration', by: 'regulator', on: '2019-03-19' },
  { type: 'submit_final_offer', by: 'commissioner', on: '2019-03-22', issueId: 'value', offer: { amountPence: 15_600_000_000 } },
  { type: 'submit_final_offer', by: 'provider', on: '2019-03-22', issueId: 'value', offer: { amountPence: 15_800_000_000 } },
];

function run(steps: readonly ContractSettingStepEvent[]): ContractSettingDispute {
  return steps.reduce((d, e) => applyContractSettingStep(d, e, RULES), openContractSettingDispute(OPEN, RULES));
}
function error(f: () => unknown): ConcordatError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConcordatError);
    return e as ConcordatError;
  }
  throw new Error('expected a ConcordatError');
}

describe('pendulum determination ("no 50:50s", RULES.md §1.3 [S2])', () => {
  it('is refused when it is not exactly one party\'s final offer, naming the issue', () => {
    const e = error(() => run([...TO_ARBITRATION, { type: 'determine', by: 'regulator', on: '2019-03-29', issueId: 'value', offer: { amountPence: 15_700_000_000 }, reasons: 'Split the difference' }]));
    expect(e.kind).toBe('invalid');
    expect(e.issues[0].path).toEqual(['determinations', 'value']);
    expect(e.message).toBe("determinations.value: issue 'value' (Contract value): the determination £157,000,000.00 is neither the commissioner's final offer £156,000,000.00 nor the provider's £158,000,000.00; pendulum arbitration awards one party's offer exactly on each issue, no 50:50s (RULES.md §1.3 [S2])");
  });

  it('is refused a penny away from an offer', () => {
    expect(() => run([...TO_ARBITRATION, { type: 'determine', by: 'regulator', on: '2019-03-29', issueId: 'value', offer: { amountPence: 15_800_000_001 }, reasons: 'x' }])).toThrowError(/issue 'value' \(Contract value\)/);
  });

  it('awards one party\'s offer, and the statement follows the determined amount', () => {
    const d = run([...TO_ARBITRATION, { type: 'determine', by: 'regulator', on: '2019-03-29', issueId: 'value', offer: { amountPence: 15_800_000_000 }, reasons: 'The provider\'s activity plan is the more reasonable' }]);
    expect(d.determinations[0]).toMatchObject({ issueId: 'value', awardedTo: 'provider' });
    expect(determinedAmount(d, 'value')).toBe(15_800_000_000);
    expect(d.state).toBe('arbitration'); // one issue still open
  });

  it('works on issues of wording as well as money, and closes the dispute when every issue is determined', () => {
    const d = run([...TO_ARBITRATION,
      { type: 'submit_final_offer', by: 'commissioner', on: '2019-03-22', issueId: 'readmissions', offer: { terms: 'No payment for readmissions within 30 days' } },
      { type: 'submit_final_offer', by: 'provider', on: '2019-03-22', issueId: 'readmissions', offer: { terms: 'Readmissions paid in full, reinvestment plan agreed' } },
      { type: 'determine', by: 'regulator', on: '2019-03-29', issueId: 'value', offer: { amountPence: 15_600_000_000 }, reasons: 'x' },
      { type: 'determine', by: 'regulator', on: '2019-03-29', issueId: 'readmissions', offer: { terms: 'Readmissions paid in full, reinvestment plan agreed' }, reasons: 'y' },
    ]);
    expect(d.determinations.map((x) => [x.issueId, x.awardedTo])).toEqual([['value', 'commissioner'], ['readmissions', 'provider']]);
    expect(d).toMatchObject({ state: 'determined', closedOn: '2019-03-29' });
    expect(() => checkPendulumDetermination(d.issues[1], { commissioner: { terms: 'a' }, provider: { terms: 'b' } }, { terms: 'a or b' })).toThrowError(/issue 'readmissions' \(Emergency readmissions threshold\): the determination "a or b" is neither/);
  });

  it('waits for both final offers, naming the one missing', () => {
    expect(() => run([...TO_ARBITRATION.slice(0, 3), { type: 'determine', by: 'regulator', on: '2019-03-29', issueId: 'value', offer: { amountPence: 15_600_000_000 }, reasons: 'x' }]))
      .toThrowError(/issue 'value' \(Contract value\) cannot be determined before both final offers are in; missing: provider/);
  });

  it('says "both" when the final offers were the same', () => {
    expect(checkPendulumDetermination(OPEN.issues[0], { commissioner: { amountPence: 1 }, provider: { amountPence: 1 } }, { amountPence: 1 })).toBe('both');
  });
});

describe('final offers', () => {
  it('are final: one per party per issue', () => {
    expect(error(() => run([...TO_ARBITRATION, { type: 'submit_final_offer', by: 'provider', on: '2019-03-25', issueId: 'value', offer: { amountPence: 15_750_000_000 } }])).message)
      .toMatch(/already made its final offer on issue 'value' \(Contract value\); a final offer is final/);
  });

  it('match the issue: money for money, wording for terms', () => {
    expect(() => run([...TO_ARBITRATION, { type: 'submit_final_offer', by: 'provider', on: '2019-03-25', issueId: 'readmissions', offer: { amountPence: 5 } }])).toThrowError(/offer\.terms: issue 'readmissions' .* is about terms/);
  });

  it('are made by the parties, not the regulator', () => {
    expect(error(() => run([...TO_ARBITRATION.slice(0, 2), { type: 'submit_final_offer', by: 'regulator', on: '2019-03-22', issueId: 'value', offer: { amountPence: 1 } }])).kind).toBe('forbidden');
  });

  it('are listed as due from each party that has not made one', () => {
    const due = contractSettingDueSteps(run(TO_ARBITRATION.slice(0, 3)), RULES);
    expect(due.map((s) => [s.step, s.mustAct])).toEqual([['submit_final_offer', 'provider'], ['submit_final_offer', 'commissioner'], ['submit_final_offer', 'provider']]);
  });
});

describe('the national timetable', () => {
  it('2019/20: agree by 1 March, then a two-week mediation window (RULES.md §1.3 [S2])', () => {
    expect(contractSettingDueSteps(openContractSettingDispute(OPEN, RULES), RULES)[0]).toMatchObject({ step: 'agree', dueDate: '2019-03-01', confidence: 'S2' });
    expect(contractSettingDueSteps(run(TO_ARBITRATION.slice(0, 1)), RULES)[0]).toMatchObject({ step: 'conclude_mediation', dueDate: '2019-03-18', basis: '14 days from the referral on 2019-03-04' });
  });

  it('has no date where the year\'s timetable is not recorded', () => {
    const rules = relationshipRules('2013/14');
    const d = openContractSettingDispute({ ...OPEN, edition: '2013/14', contractYear: '2013/14' }, rules);
    expect(contractSettingDueSteps(d, rules)[0]).toMatchObject({ dueDate: null, basis: 'no national date recorded for this year', confidence: 'M' });
  });
});

describe('facilitators and other steps', () => {
  it('appoints a facilitator in negotiation, not in arbitration', () => {
    const f = { id: 'fac', name: 'F. Acilitator', role: 'facilitator', appointedBy: 'provider' } as const;
    expect(run([{ type: 'appoint', by: 'provider', on: '2019-02-04', appointee: f }]).appointees[0]).toMatchObject({ id: 'fac', appointedBy: 'provider', appointedOn: '2019-02-04' });
    expect(error(() => run([...TO_ARBITRATION, { type: 'appoint', by: 'provider', on: '2019-03-25', appointee: f }])).message).toMatch(/a facilitator is not appointed while the dispute is in arbitration/);
  });

  it('refuses an illegal step naming the state', () => {
    const e = error(() => run([{ type: 'submit_final_offer', by: 'provider', on: '2019-02-05', issueId: 'value', offer: { amountPence: 1 } }]));
    expect(e.message).toBe("cannot submit a final offer: the 2019/20 contract-setting dispute CS-2019-20 is in negotiation (state 'negotiation')");
  });

  it('rebuilds from its event log', () => {
    expect(replayContractSettingDispute([OPEN, ...TO_ARBITRATION], RULES)).toEqual(run(TO_ARBITRATION));
  });
});
