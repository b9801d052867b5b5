import { describe, expect, it } from 'vitest';
import { applyNoticeStep, issueNotice, relationshipRules } from '../contract-management/index.ts';
import { raiseDispute } from '../disputes/index.ts';
import { actionsDue, relationshipRecord, type RelationshipCases } from './index.ts';

const R2025 = relationshipRules('2025/26');

/** NHS Devon (15N) issues a notice to the Royal Devon (RH8) on Friday 19 December 2025. */
const CPN = issueNotice({
  type: 'issue', noticeId: 'CPN-DEVON-2025-01', by: 'commissioner', on: '2025-12-19', edition: '2025/26',
  contractReference: 'DEVON-ACUTE-2025-26', commissionerCode: '15N', providerCode: 'RH8', subject: 'Cancer 62-day standard missed three months running',
}, R2025);
/** And, in another relationship, the Royal Devon raises a GC14 dispute with Cornwall (QT6) on 2 January 2026. */
const GC14 = raiseDispute({
  type: 'raise', disputeId: 'GC14-CORNWALL-2026-01', by: 'provider', on: '2026-01-02', edition: '2025/26',
  contractReference: 'CORNWALL-ACUTE-2025-26', commissionerCode: 'QT6', providerCode: 'RH8', subject: 'Out-of-area activity unpaid',
}, R2025);
const CASES: RelationshipCases = { notices: [CPN], gc14Disputes: [GC14], contractSettingDisputes: [] };

describe('actions due for the signed-in organisation', () => {
  it('list the contract management meeting of a notice issued Friday 19 December 2025 as due on Wednesday 7 January 2026', () => {
    const [meeting] = actionsDue('15N', CASES, '2025-12-22');
    expect(meeting).toMatchObject({
      step: 'hold_meeting', dueDate: '2026-01-07', status: 'due', operationalDaysLeft: 9, ourSide: 'commissioner', counterpartyCode: 'RH8',
      basis: '10 operational days after the notice of 2025-12-19', confidence: 'M',
    });
    expect(meeting.source).toMatch(/RULES\.md §1\.2 item 2 \[M\]/);
  });

  it('list an overdue step as overdue, first', () => {
    const list = actionsDue('RH8', CASES, '2026-01-08');
    expect(list.map((a) => [a.subject.id, a.step, a.status, a.dueDate])).toEqual([
      ['CPN-DEVON-2025-01', 'hold_meeting', 'overdue', '2026-01-07'],
      ['GC14-CORNWALL-2026-01', 'conclude_negotiation', 'due', '2026-01-23'],
      ['CPN-DEVON-2025-01', 'respond', 'no_deadline', null],
    ]);
    expect(list[0].operationalDaysOverdue).toBe(1);
  });

  it('show each organisation only its own relationships, and only steps it takes', () => {
    expect(actionsDue('QT6', CASES, '2026-01-08').map((a) => a.subject.id)).toEqual(['GC14-CORNWALL-2026-01']);
    // The recipient's response is the provider's step, not the commissioner's.
    expect(actionsDue('15N', CASES, '2026-01-08').map((a) => a.step)).toEqual(['hold_meeting']);
    expect(actionsDue('X24', CASES, '2026-01-08')).toEqual([]);
  });

  it('drop a step once it is taken', () => {
    const met = applyNoticeStep(CPN, { type: 'hold_meeting', by: 'provider', on: '2026-01-07', outcome: 'remedial_action_plan' }, R2025);
    const list = actionsDue('15N', { ...CASES, notices: [met] }, '2026-01-08');
    expect(list.map((a) => [a.step, a.dueDate])).toEqual([['agree_rap', '2026-01-14']]);
  });
});

describe('the relationship record', () => {
  const base = { commissionerCode: '15N', providerCode: 'RH8', contracts: [], money: [], gc14Disputes: [], contractSettingDisputes: [] };

  it('lists the open notice and the overdue meeting, and counts both in its health', () => {
    const r = relationshipRecord({ ...base, asAt: '2026-01-08', notices: [CPN] });
    expect(r.notices.open.map((n) => [n.id, n.state, n.stateLabel])).toEqual([['CPN-DEVON-2025-01', 'issued', 'issued, awaiting acceptance or dispute']]);
    expect(r.overdue.map((s) => [s.step, s.dueDate])).toEqual([['hold_meeting', '2026-01-07']]);
    expect(r.health.factors.filter((f) => f.points > 0).map((f) => [f.id, f.count])).toEqual([['notice', 1], ['overdue_action', 1]]);
    expect(r.health.band).toBe('watch');
  });

  it('is "good" with nothing in it, and says so', () => {
    const r = relationshipRecord({ ...base, asAt: '2026-01-08', notices: [] });
    expect(r.health).toMatchObject({ band: 'good', score: 0 });
    expect(r.health.explanation).toBe('Good: 0 points from 2023-04-01 to 2026-01-08. Watch at 2 or more, strained at 5 or more.');
  });

  it('refuses a case that belongs to another relationship, naming it', () => {
    expect(() => relationshipRecord({ ...base, asAt: '2026-01-08', notices: [], gc14Disputes: [GC14] })).toThrowError(/^gc14Disputes\.0: belongs to QT6 and RH8, not to this relationship \(15N and RH8\)/);
  });
});
