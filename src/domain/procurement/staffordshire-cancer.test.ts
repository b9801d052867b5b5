import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import { contractFromAward } from './award-contract.ts';
import { decisionRecord } from './decision-record.ts';
import { publicNotices } from './public-notices.ts';
import { STAFFORDSHIRE_CANCER_EVENTS, STAFFORDSHIRE_INTENTION_CONTENT, STAFFORDSHIRE_LEAD } from './fixtures/staffordshire-cancer.ts';
import { applyProcurementEvent, nextSteps, procurementDeadlinesOf, procurementOverdueAsAt, replayProcurement } from './routes/index.ts';
import { ranking, procurementContext } from './routes/shared.ts';
import type { ProcurementEvent } from './types.ts';

const upTo = (type: string, nth = 1): ProcurementEvent[] => {
  let seen = 0;
  const i = STAFFORDSHIRE_CANCER_EVENTS.findIndex((e) => e.type === type && ++seen === nth);
  return STAFFORDSHIRE_CANCER_EVENTS.slice(0, i);
};
const eventOf = (type: string) => STAFFORDSHIRE_CANCER_EVENTS.find((e) => e.type === type)!;

function refusal(f: () => unknown): ConcordatError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConcordatError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('Staffordshire cancer: four CCGs through the Competitive Process to award', () => {
  const record = replayProcurement(STAFFORDSHIRE_CANCER_EVENTS);

  it('ends concluded, with the contract awarded to the highest-scoring eligible bidder', () => {
    expect(record.state).toBe('concluded');
    expect(record.authorities.map((a) => a.organisationCode)).toEqual(['05V', '04Y', '05D', '05Q']);
    expect(record.awards).toEqual([expect.objectContaining({ providerCode: 'RJE', awardedOn: '2025-01-30', valuePence: 120_000_000_000 })]);
  });

  it('scores the bidders by the weighted key criteria: RJE 78.5%, RRE 75.5%, the consortium 72.5%; the bidder failing financial standing is not ranked', () => {
    // Independent arithmetic on a 0-10 scale: 0.35q + 0.25v + 0.20i + 0.10a + 0.10s.
    // RJE 8,7,9,8,7 -> 2.8+1.75+1.8+0.8+0.7 = 7.85; RRE 7,8,8,7,8 -> 7.55; ZSCCP 8,9,5,6,6 -> 7.25.
    const ranked = ranking(record, procurementContext());
    expect(ranked.map((r) => [r.bidderCode, r.weightedScore, r.rank])).toEqual([['RJE', 785_000, 1], ['RRE', 755_000, 2], ['ZSCCP', 725_000, 3]]);
    const dr = decisionRecord(record);
    const zcchl = dr.providers.find((p) => p.organisationCode === 'ZCCHL')!;
    expect(zcchl).toMatchObject({ eligible: false, rank: null });
    expect(zcchl.selectionReasons[0]).toMatch(/economic and financial standing/);
  });

  it('standstill after the notice of Monday 6 January 2025: from 7 January, representations until the end of Friday 17 January', () => {
    expect(record.standstill).toMatchObject({ publishedOn: '2025-01-06', beginsOn: '2025-01-07', representationsDeadline: '2025-01-17' });
    expect(record.representations).toEqual([expect.objectContaining({ providerCode: 'RRE', inTime: true })]);
  });

  it('the awarded contract links back to its procurement', () => {
    const { contract, link } = contractFromAward(record, record.awards[0]);
    expect(link).toEqual({ procurementId: 'staffs-cancer-2025', procurementReference: 'STAFFS-CANCER-2025', awardedOn: '2025-01-30', providerCode: 'RJE' });
    expect(contract).toMatchObject({ reference: 'STAFFS-CANCER-2025', model: 'prime_contractor', signedValuePence: 120_000_000_000, startDate: '2025-04-01', endDate: '2035-03-31', status: 'agreed', serviceCodes: ['CANCER'] });
    expect(contract.parties).toEqual([
      { organisationCode: '05V', role: 'coordinating_commissioner' },
      { organisationCode: '04Y', role: 'associate_commissioner' },
      { organisationCode: '05D', role: 'associate_commissioner' },
      { organisationCode: '05Q', role: 'associate_commissioner' },
      { organisationCode: 'RJE', role: 'provider' },
    ]);
  });

  it('refuses to award during the five working days after the review, naming the dates', () => {
    const beforeAward = replayProcurement(upTo('contract_awarded'));
    expect(beforeAward.state).toBe('review_wait');
    const early = { ...eventOf('contract_awarded'), on: '2025-01-29' } as ProcurementEvent;
    const e = refusal(() => applyProcurementEvent(beforeAward, { ...early, award: { ...(early as { award: object }).award, awardedOn: '2025-01-29' } } as ProcurementEvent));
    expect(e.kind).toBe('conflict');
    expect(e.message).toMatch(/wait until the end of 2025-01-29 \(five working days\); award from 2025-01-30/);
  });

  it('refuses representations after midnight at the end of the 8th working day', () => {
    const inStandstill = replayProcurement(upTo('representation_received'));
    const late: ProcurementEvent = { type: 'representation_received', on: '2025-01-18', by: { organisationCode: 'ZSCCP', role: 'provider' }, representation: { id: 'rep-late', providerCode: 'ZSCCP', receivedOn: '2025-01-18', grounds: 'late' } };
    expect(refusal(() => applyProcurementEvent(inStandstill, late)).message).toMatch(/closed at midnight at the end of 2025-01-17/);
  });

  it('without representations the contract may be entered into the day after the deadline, not before', () => {
    const inStandstill = replayProcurement(upTo('representation_received'));
    const award = (on: string): ProcurementEvent => ({ type: 'contract_awarded', on, by: STAFFORDSHIRE_LEAD, award: { providerCode: 'RJE', awardedOn: on, valuePence: 120_000_000_000, contractReference: 'STAFFS-CANCER-2025', contractPeriod: { startDate: '2025-04-01', endDate: '2035-03-31' } } });
    expect(refusal(() => applyProcurementEvent(inStandstill, award('2025-01-17'))).message).toMatch(/may be entered into from 2025-01-18/);
    expect(applyProcurementEvent(inStandstill, award('2025-01-18')).state).toBe('awarded');
  });

  it('refuses an illegal step, naming the current state and the steps possible', () => {
    const planning = replayProcurement(upTo('contract_notice_published'));
    const e = refusal(() => applyProcurementEvent(planning, eventOf('provider_decided')));
    expect(e.kind).toBe('conflict');
    expect(e.message).toMatch(/cannot take "provider_decided" now: the Competitive Process is planning: key criteria and contract notice being prepared \(state "planning"\); possible now: decision_makers_named, conflict_declared, conflict_managed, criteria_weighted, contract_notice_published, abandoned/);
  });

  it('refuses a step by a party without the role, and a provider acting for another', () => {
    const open = replayProcurement(upTo('offers_closed'));
    const byProvider = { ...eventOf('offers_closed'), by: { organisationCode: 'RJE', role: 'provider' } } as ProcurementEvent;
    expect(refusal(() => applyProcurementEvent(open, byProvider)).kind).toBe('forbidden');
    const notLead = { ...eventOf('offers_closed'), by: { organisationCode: '05D', role: 'lead_commissioner' } } as ProcurementEvent;
    expect(refusal(() => applyProcurementEvent(open, notLead)).message).toMatch(/05D is not the lead authority/);
  });

  it('will not decide for a bidder that is not the highest-scoring eligible offer', () => {
    const evaluating = replayProcurement(upTo('provider_decided'));
    const wrong = { ...eventOf('provider_decided'), providerCode: 'RRE' } as ProcurementEvent;
    expect(refusal(() => applyProcurementEvent(evaluating, wrong)).message).toMatch(/RRE is not the highest-scoring eligible offer \(RJE\)/);
    const excluded = { ...eventOf('provider_decided'), providerCode: 'ZCCHL' } as ProcurementEvent;
    expect(refusal(() => applyProcurementEvent(evaluating, excluded)).message).toMatch(/ZCCHL may not be awarded: does not meet basic selection criterion: economic and financial standing/);
  });

  it('will not publish a Schedule 10 notice missing an item; the error names it', () => {
    const decided = replayProcurement(upTo('intention_notice_published'));
    const { decisionMakers: _omit, ...content } = STAFFORDSHIRE_INTENTION_CONTENT;
    const notice = { ...eventOf('intention_notice_published'), notice: { id: 'x', kind: 'intention_competitive', publishedOn: '2025-01-06', content } } as ProcurementEvent;
    expect(refusal(() => applyProcurementEvent(decided, notice)).message).toBe('content.decisionMakers: Schedule 10 para 6: details of the award decision-makers are missing');
  });

  it('will not decide while a declared conflict has no recorded management', () => {
    const unmanaged = STAFFORDSHIRE_CANCER_EVENTS.filter((e) => e.type !== 'conflict_managed');
    const i = unmanaged.findIndex((e) => e.type === 'provider_decided');
    const evaluating = replayProcurement(unmanaged.slice(0, i));
    expect(refusal(() => applyProcurementEvent(evaluating, unmanaged[i])).message).toMatch(/record how each declared conflict was managed before deciding: coi-1/);
  });

  it('shows its deadlines and nothing overdue once the award notice is out', () => {
    const keys = procurementDeadlinesOf(record).map((d) => [d.key, d.due, d.met]);
    expect(keys).toEqual([
      ['offers_close', '2024-09-30', true],
      ['representations_close', '2025-01-17', true],
      ['standstill_award_from', '2025-01-18', true],
      ['review_wait_award_from', '2025-01-30', true],
      ['award_notice:RJE', '2025-03-01', true],
    ]);
    expect(procurementOverdueAsAt(record, '2025-06-01')).toEqual([]);
  });

  it('an award notice not published within 30 days is overdue from the 31st day', () => {
    const awarded = replayProcurement(upTo('award_notice_published'));
    expect(procurementOverdueAsAt(awarded, '2025-03-01')).toEqual([]);
    expect(procurementOverdueAsAt(awarded, '2025-03-02').map((d) => d.key)).toEqual(['award_notice:RJE']);
  });

  it('offers the lead commissioner the next steps, and providers only theirs', () => {
    const standstill = replayProcurement(upTo('representation_received'));
    expect(nextSteps(standstill, 'provider').map((s) => s.event)).toEqual(['representation_received']);
    expect(nextSteps(standstill, 'lead_commissioner').map((s) => s.event)).toContain('contract_awarded');
  });

  it('keeps the reg 24 decision record: route answers, weights, scores, conflicts, notices and timeline', () => {
    const dr = decisionRecord(record);
    expect(dr.routeSelection?.permitted).toEqual(['most_suitable_provider', 'competitive']);
    expect(dr.keyCriteria?.weights.map((w) => w.weight)).toEqual([350_000, 250_000, 200_000, 100_000, 100_000]);
    expect(dr.conflicts[0].managedHow).toMatch(/Excluded from the evaluation panel/);
    expect(dr.notices.map((n) => [n.kind, n.schedule])).toEqual([['contract_notice', null], ['intention_competitive', 'Schedule 10'], ['award_confirmation', null]]);
    expect(dr.timeline).toHaveLength(STAFFORDSHIRE_CANCER_EVENTS.length);
    expect(JSON.parse(JSON.stringify(dr))).toEqual(dr);
  });
});

describe('public notices page', () => {
  it('lists the published notices newest first, each item in Schedule order, with the representations deadline on the intention', () => {
    const notices = publicNotices([replayProcurement(STAFFORDSHIRE_CANCER_EVENTS)]);
    expect(notices.map((n) => [n.noticeId, n.publishedOn])).toEqual([
      ['STAFFS-CANCER-2025-AWD', '2025-02-10'], ['STAFFS-CANCER-2025-INT', '2025-01-06'], ['STAFFS-CANCER-2025-CN', '2024-07-01'],
    ]);
    const intention = notices[1];
    expect(intention.representationsBy).toBe('2025-01-17');
    expect(intention.items.map((i) => i.paragraph)).toEqual(['statement', 'para 2', 'para 3', 'para 4', 'para 5', 'para 6', 'para 7', 'para 8', 'framework']);
    expect(intention.items.find((i) => i.paragraph === 'para 5')?.text).toBe('£1,200,000,000.00');
    expect(intention.items.find((i) => i.paragraph === 'para 4')?.text).toMatch(/\(CPV 85100000\)$/);
  });
});
