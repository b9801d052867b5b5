import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import {
  applyNoticeStep,
  availableSteps,
  type ContractPerformanceNotice,
  issueNotice,
  type IssueNotice,
  type NoticeEvent,
  noticeDueSteps,
  type NoticeStepEvent,
  overdueSteps,
  relationshipRules,
  replayNotice,
  stepsAsAt,
  withholdingTotals,
} from './index.ts';

const RULES = relationshipRules('2025/26');
/** £161m a year, as a month: the Actual Monthly Value a withholding is capped against. */
const MONTHLY = 1_341_666_667;

const ISSUE: IssueNotice = {
  type: 'issue', noticeId: 'CPN-2025-01', by: 'commissioner', on: '2025-12-19', edition: '2025/26',
  contractReference: 'DEVON-ACUTE-2025-26', commissionerCode: '15N', providerCode: 'RH8',
  subject: 'Referral to treatment: 52-week waits above the trajectory for three months',
};

function run(events: readonly NoticeStepEvent[], start: IssueNotice = ISSUE, rules = RULES): ContractPerformanceNotice {
  return events.reduce((n, e) => applyNoticeStep(n, e, rules), issueNotice(start, rules));
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

const TO_RAP: NoticeStepEvent[] = [
  { type: 'dispute', by: 'provider', on: '2025-12-22', reasons: 'The trajectory was never agreed for December' },
  { type: 'hold_meeting', by: 'commissioner', on: '2026-01-07', outcome: 'remedial_action_plan' },
];
const RAP: NoticeStepEvent = {
  type: 'agree_rap', by: 'provider', on: '2026-01-14',
  milestones: [
    { id: 'M1', description: 'Validated waiting list and insourcing contract in place', dueDate: '2026-01-30' },
    { id: 'M2', description: '52-week waits back on trajectory', dueDate: '2026-03-31' },
  ],
};

describe('contract management meeting deadline', () => {
  it('is Wednesday 7 January 2026 for a notice issued on Friday 19 December 2025 (10 operational days over Christmas)', () => {
    const n = issueNotice(ISSUE, RULES);
    const meeting = noticeDueSteps(n, RULES).find((s) => s.step === 'hold_meeting')!;
    expect(meeting.dueDate).toBe('2026-01-07');
    expect(meeting.mustAct).toBe('either');
    expect(meeting.basis).toBe('10 operational days after the notice of 2025-12-19');
    expect(meeting.source).toMatch(/RULES\.md §1\.2 item 2 \[M\]/);
    expect(meeting.confidence).toBe('M');
  });

  it('is still due on the 7th and listed as overdue from the 8th', () => {
    const n = issueNotice(ISSUE, RULES);
    const steps = noticeDueSteps(n, RULES);
    expect(stepsAsAt(steps, '2026-01-07').find((s) => s.step === 'hold_meeting')).toMatchObject({ status: 'due', operationalDaysLeft: 0 });
    expect(stepsAsAt(steps, '2025-12-19').find((s) => s.step === 'hold_meeting')).toMatchObject({ status: 'due', operationalDaysLeft: 10 });
    const overdue = overdueSteps(steps, '2026-01-09');
    expect(overdue.map((s) => s.step)).toEqual(['hold_meeting']);
    expect(overdue[0].operationalDaysOverdue).toBe(2);
    expect(overdue[0].subject).toMatchObject({ kind: 'contract_performance_notice', id: 'CPN-2025-01', commissionerCode: '15N', providerCode: 'RH8' });
  });

  it('follows a contract that overrides the edition', () => {
    const rules = relationshipRules('2025/26', { gc9: { meetingOperationalDays: { value: 5, reason: 'Local variation' } } });
    const meeting = noticeDueSteps(issueNotice(ISSUE, rules), rules).find((s) => s.step === 'hold_meeting')!;
    expect(meeting.dueDate).toBe('2025-12-30'); // 22, 23, 24, 29, 30 December
    expect(meeting.source).toMatch(/^Contract override: Local variation/);
  });
});

describe('who may issue a notice', () => {
  it('is the co-ordinating commissioner only under the 2013/14 edition', () => {
    const rules = relationshipRules('2013/14');
    const e = error(() => issueNotice({ ...ISSUE, by: 'provider', edition: '2013/14', on: '2013-10-01' }, rules));
    expect(e.kind).toBe('forbidden');
    expect(e.message).toMatch(/under the 2013\/14 edition only the co-ordinating commissioner may issue/);
  });

  it('is either party under the 2025/26 edition', () => {
    const n = issueNotice({ ...ISSUE, by: 'provider', subject: 'Activity challenges not resolved within the agreed timetable' }, RULES);
    expect(n.issuedBy).toBe('provider');
    expect(noticeDueSteps(n, RULES).find((s) => s.step === 'respond')!.mustAct).toBe('commissioner');
  });
});

describe('illegal steps', () => {
  it('are refused as a conflict naming the current state', () => {
    const e = error(() => run([RAP]));
    expect(e.kind).toBe('conflict');
    expect(e.message).toBe("cannot agree the remedial action plan: notice CPN-2025-01 is issued, awaiting acceptance or dispute (state 'issued')");
  });

  it('by the wrong side are forbidden', () => {
    const e = error(() => run([{ type: 'withdraw', by: 'provider', on: '2025-12-20', reason: 'x' }]));
    expect(e.kind).toBe('forbidden');
    expect(e.message).toMatch(/only the co-ordinating commissioner may withdraw the contract performance notice/);
    expect(error(() => run([{ type: 'accept', by: 'commissioner', on: '2025-12-20' }])).message).toMatch(/only the provider may accept/);
  });

  it('dated before the last step are refused', () => {
    expect(error(() => run([{ type: 'accept', by: 'provider', on: '2025-12-18' }])).message).toMatch(/^on: is before the notice's last step \(2025-12-19\)/);
  });

  it('leave the notice as it was', () => {
    const n = issueNotice(ISSUE, RULES);
    expect(() => applyNoticeStep(n, RAP, RULES)).toThrow();
    expect(n.state).toBe('issued');
    expect(n.events).toHaveLength(1);
  });
});

describe('remedial action plan', () => {
  it('is due 5 operational days after the meeting', () => {
    const n = run(TO_RAP);
    expect(n.state).toBe('rap_pending');
    expect(n.response).toEqual({ accepted: false, on: '2025-12-22', reasons: 'The trajectory was never agreed for December' });
    const due = noticeDueSteps(n, RULES)[0];
    expect(due).toMatchObject({ step: 'agree_rap', dueDate: '2026-01-14', basis: '5 operational days after the meeting of 2026-01-07' });
  });

  it('cannot be recorded as not agreed before its deadline has passed', () => {
    const e = error(() => run([...TO_RAP, { type: 'fail_to_agree_rap', by: 'commissioner', on: '2026-01-14' }]));
    expect(e.message).toMatch(/due by 2026-01-14/);
    expect(run([...TO_RAP, { type: 'fail_to_agree_rap', by: 'commissioner', on: '2026-01-15' }]).state).toBe('remedy_failed');
  });

  it('lists its milestones as the steps due, and a missed one as overdue', () => {
    const n = run([...TO_RAP, RAP]);
    expect(n.state).toBe('rap_in_progress');
    const due = noticeDueSteps(n, RULES);
    expect(due.map((s) => [s.step, s.dueDate, s.mustAct])).toEqual([['achieve_milestone', '2026-01-30', 'provider'], ['achieve_milestone', '2026-03-31', 'provider']]);
    expect(overdueSteps(due, '2026-02-02').map((s) => s.label)).toEqual(["achieve milestone 'M1': Validated waiting list and insourcing contract in place"]);
  });

  it('refuses a milestone recorded missed before its due date', () => {
    expect(error(() => run([...TO_RAP, RAP, { type: 'miss_milestone', by: 'commissioner', on: '2026-01-30', milestoneId: 'M1' }])).message).toMatch(/due on 2026-01-30; it is not missed until after that day/);
  });

  it('closes as remedied when every milestone is achieved', () => {
    const n = run([...TO_RAP, RAP,
      { type: 'achieve_milestone', by: 'provider', on: '2026-01-29', milestoneId: 'M1' },
      { type: 'achieve_milestone', by: 'provider', on: '2026-03-20', milestoneId: 'M2' },
    ]);
    expect(n).toMatchObject({ state: 'closed', closure: 'remedied', closedOn: '2026-03-20' });
    expect(availableSteps(n)).toEqual([]);
  });
});

describe('withholding, repayment and retention', () => {
  const MISSED: NoticeStepEvent[] = [...TO_RAP, RAP, { type: 'miss_milestone', by: 'commissioner', on: '2026-02-02', milestoneId: 'M1' }];

  it('withholds up to 2% of the Actual Monthly Value, the cap by default', () => {
    const n = run([...MISSED, { type: 'withhold', by: 'commissioner', on: '2026-02-10', period: '2026-02', actualMonthlyValuePence: MONTHLY }]);
    expect(n.state).toBe('remedy_failed');
    expect(n.withholdings).toEqual([{ period: '2026-02', amountPence: 26_833_333, actualMonthlyValuePence: MONTHLY, capPence: 26_833_333, withheldOn: '2026-02-10', status: 'held', settledOn: null, settledPeriod: null }]);
  });

  it('refuses more than the cap, naming it and its source', () => {
    const e = error(() => run([...MISSED, { type: 'withhold', by: 'commissioner', on: '2026-02-10', period: '2026-02', actualMonthlyValuePence: MONTHLY, amountPence: 26_833_334 }]));
    expect(e.kind).toBe('invalid');
    expect(e.message).toMatch(/^amountPence: £268,333\.34 is more than the cap of £268,333\.33: 2% of the Actual Monthly Value £13,416,666\.67 \(RULES\.md §1\.2 item 4 \[M\]/);
  });

  it('withholds once a month', () => {
    const w = { type: 'withhold', by: 'commissioner', on: '2026-02-10', period: '2026-02', actualMonthlyValuePence: MONTHLY, amountPence: 1_000_000 } as const;
    expect(error(() => run([...MISSED, w, { ...w, on: '2026-02-11' }])).message).toMatch(/already recorded on notice CPN-2025-01: one a month/);
  });

  it('is the commissioner\'s alone, and only on a notice it issued', () => {
    expect(error(() => run([...MISSED, { type: 'withhold', by: 'provider', on: '2026-02-10', period: '2026-02', actualMonthlyValuePence: MONTHLY }])).kind).toBe('forbidden');
    const providerIssued = { ...ISSUE, by: 'provider' as const };
    const flipped: NoticeStepEvent[] = [
      { type: 'accept', by: 'commissioner', on: '2025-12-22' },
      { type: 'hold_meeting', by: 'provider', on: '2026-01-07', outcome: 'remedial_action_plan' },
      { type: 'fail_to_agree_rap', by: 'provider', on: '2026-01-15' },
    ];
    const e = error(() => run([...flipped, { type: 'withhold', by: 'provider', on: '2026-01-20', period: '2026-01', actualMonthlyValuePence: MONTHLY }], providerIssued));
    expect(e.kind).toBe('conflict');
    expect(e.message).toMatch(/was issued by the provider/);
  });

  it('repays what was withheld in the month of the remedy, and the plan carries on', () => {
    const n = run([...MISSED,
      { type: 'withhold', by: 'commissioner', on: '2026-02-10', period: '2026-02', actualMonthlyValuePence: MONTHLY },
      { type: 'withhold', by: 'commissioner', on: '2026-03-10', period: '2026-03', actualMonthlyValuePence: 1_300_000_000 },
      { type: 'remedy', by: 'commissioner', on: '2026-04-20' },
    ]);
    expect(n.state).toBe('rap_in_progress');
    expect(n.rap!.milestones.find((m) => m.id === 'M1')).toMatchObject({ missedOn: '2026-02-02', achievedOn: '2026-04-20' });
    expect(n.withholdings.map((w) => [w.period, w.status, w.settledPeriod])).toEqual([['2026-02', 'repaid', '2026-04'], ['2026-03', 'repaid', '2026-04']]);
    expect(withholdingTotals(n.withholdings)).toEqual({ heldPence: 0, repaidPence: 26_833_333 + 26_000_000, retainedPence: 0 });
  });

  it('retains what was withheld once the failure has persisted the configured months, not before', () => {
    const held: NoticeStepEvent[] = [...MISSED, { type: 'withhold', by: 'commissioner', on: '2026-02-10', period: '2026-02', actualMonthlyValuePence: MONTHLY }];
    expect(error(() => run([...held, { type: 'retain', by: 'commissioner', on: '2026-04-30' }])).message).toMatch(/may be retained from 2026-05-01, after the failure has persisted 3 months/);
    const n = run([...held, { type: 'retain', by: 'commissioner', on: '2026-05-01' }]);
    expect(n.withholdings[0]).toMatchObject({ status: 'retained', settledOn: '2026-05-01', settledPeriod: '2026-05' });
    // A later remedy repays nothing already retained.
    const remedied = applyNoticeStep(n, { type: 'remedy', by: 'commissioner', on: '2026-06-01' }, RULES);
    expect(withholdingTotals(remedied.withholdings)).toEqual({ heldPence: 0, repaidPence: 0, retainedPence: 26_833_333 });
  });

  it('will not close unremedied while money is still withheld', () => {
    const held: NoticeStepEvent[] = [...MISSED, { type: 'withhold', by: 'commissioner', on: '2026-02-10', period: '2026-02', actualMonthlyValuePence: MONTHLY }];
    expect(error(() => run([...held, { type: 'close', by: 'commissioner', on: '2026-03-01', reason: 'Contract terminated under GC17' }])).message).toMatch(/while £268,333\.33 is still withheld: retain or repay it first/);
    const closed = run([...held, { type: 'retain', by: 'commissioner', on: '2026-05-01' }, { type: 'close', by: 'commissioner', on: '2026-05-02', reason: 'Contract terminated under GC17' }]);
    expect(closed).toMatchObject({ state: 'closed', closure: 'closed_unremedied' });
  });

  it('repays anything held when the notice is withdrawn', () => {
    const n = run([...MISSED,
      { type: 'withhold', by: 'commissioner', on: '2026-02-10', period: '2026-02', actualMonthlyValuePence: MONTHLY },
      { type: 'withdraw', by: 'commissioner', on: '2026-03-05', reason: 'Data error found in the waiting list' },
    ]);
    expect(n.state).toBe('withdrawn');
    expect(n.withholdings[0]).toMatchObject({ status: 'repaid', settledPeriod: '2026-03' });
  });

  it('is remedied, after failure to agree a plan, by agreeing one', () => {
    const failed = run([...TO_RAP, { type: 'fail_to_agree_rap', by: 'commissioner', on: '2026-01-20' },
      { type: 'withhold', by: 'commissioner', on: '2026-01-21', period: '2026-01', actualMonthlyValuePence: MONTHLY }]);
    expect(error(() => applyNoticeStep(failed, { type: 'remedy', by: 'commissioner', on: '2026-02-01' }, RULES)).message).toMatch(/agree the remedial action plan instead/);
    expect(availableSteps(failed).map((s) => s.step)).toContain('agree_rap');
    const agreed = applyNoticeStep(failed, { type: 'agree_rap', by: 'provider', on: '2026-02-03', milestones: [{ id: 'M1', description: 'Back on trajectory', dueDate: '2026-03-31' }] }, RULES);
    expect(agreed.state).toBe('rap_in_progress');
    expect(agreed.withholdings[0]).toMatchObject({ status: 'repaid', settledPeriod: '2026-02' });
  });

  it('sends exception reports to the provider\'s Board before the regulator', () => {
    const failed = run([...MISSED]);
    expect(error(() => applyNoticeStep(failed, { type: 'exception_report', by: 'commissioner', on: '2026-02-05', to: 'regulator' }, RULES)).message).toMatch(/Board before the regulator/);
    const board = applyNoticeStep(failed, { type: 'exception_report', by: 'commissioner', on: '2026-02-05', to: 'provider_board' }, RULES);
    const reg = applyNoticeStep(board, { type: 'exception_report', by: 'commissioner', on: '2026-02-20', to: 'regulator' }, RULES);
    expect(reg.exceptionReports).toEqual([{ to: 'provider_board', on: '2026-02-05' }, { to: 'regulator', on: '2026-02-20' }]);
  });

  it('lists the retention decision, with the date it becomes possible', () => {
    const n = run([...MISSED, { type: 'withhold', by: 'commissioner', on: '2026-02-10', period: '2026-02', actualMonthlyValuePence: MONTHLY }]);
    const steps = noticeDueSteps(n, RULES);
    expect(steps.map((s) => [s.step, s.mustAct, s.dueDate])).toEqual([['remedy', 'provider', null], ['retain', 'commissioner', null]]);
    expect(steps[1].label).toBe('decide whether to retain £268,333.33 withheld (possible from 2026-05-01)');
  });
});

describe('other meeting outcomes', () => {
  it('joint investigation: the report is due on the agreed date; the plan counts from the report', () => {
    const ji = run([{ type: 'accept', by: 'provider', on: '2025-12-22' }, { type: 'hold_meeting', by: 'provider', on: '2026-01-06', outcome: 'joint_investigation', reportDueDate: '2026-02-13' }]);
    expect(noticeDueSteps(ji, RULES).map((s) => [s.step, s.dueDate])).toEqual([['report_joint_investigation', '2026-02-13']]);
    const reported = applyNoticeStep(ji, { type: 'report_joint_investigation', by: 'commissioner', on: '2026-02-12', outcome: 'remedial_action_plan' }, RULES);
    expect(noticeDueSteps(reported, RULES)[0]).toMatchObject({ step: 'agree_rap', dueDate: '2026-02-19', basis: '5 operational days after the joint investigation report of 2026-02-12' });
  });

  it('immediate action plan: completing it closes the notice; a missing action list is refused', () => {
    expect(error(() => run([{ type: 'hold_meeting', by: 'commissioner', on: '2026-01-05', outcome: 'immediate_action_plan' }])).message).toMatch(/^actions: an immediate action plan lists at least one action/);
    const n = run([{ type: 'hold_meeting', by: 'commissioner', on: '2026-01-05', outcome: 'immediate_action_plan', actions: [{ description: 'Daily validation of the waiting list', dueDate: '2026-01-16' }] },
      { type: 'complete_immediate_actions', by: 'commissioner', on: '2026-01-16' }]);
    expect(n).toMatchObject({ state: 'closed', closure: 'remedied' });
  });

  it('withdrawal at the meeting ends the notice', () => {
    expect(run([{ type: 'hold_meeting', by: 'commissioner', on: '2026-01-05', outcome: 'withdraw' }])).toMatchObject({ state: 'withdrawn', closedOn: '2026-01-05' });
  });
});

describe('replay', () => {
  it('rebuilds the same notice from its event log', () => {
    const steps: NoticeStepEvent[] = [...TO_RAP, RAP, { type: 'achieve_milestone', by: 'provider', on: '2026-01-29', milestoneId: 'M1' }];
    const events: NoticeEvent[] = [ISSUE, ...steps];
    expect(replayNotice(events, RULES)).toEqual(run(steps));
  });

  it('refuses a log that does not start with the issue, naming the position', () => {
    expect(() => replayNotice([RAP], RULES)).toThrowError(/^events\.0: a notice's log starts with its issue/);
    expect(() => replayNotice([ISSUE, ISSUE], RULES)).toThrowError(/^events\.1: a notice is issued once/);
  });

  it('offers the steps open to each side now', () => {
    const n = issueNotice(ISSUE, RULES);
    expect(availableSteps(n).map((s) => `${s.step}:${s.by}`)).toEqual(['accept:provider', 'dispute:provider', 'withdraw:commissioner', 'hold_meeting:either']);
  });
});
