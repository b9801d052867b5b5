import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import { rollOverVariation } from './award-contract.ts';
import { COMMUNITY_ROLLOVER_EVENTS } from './fixtures/community-services-rollover.ts';
import type { NoticeContent } from './notices.ts';
import { assessRoute, chooseRoute } from './route-chooser.ts';
import { applyProcurementEvent, procurementOverdueAsAt, replayProcurement } from './routes/index.ts';
import type { ProcurementActor, ProcurementEvent, ProcurementOpening, ProcurementRecord } from './types.ts';

const LEAD: ProcurementActor = { organisationCode: 'QUE', role: 'lead_commissioner' };
const RYV = { organisationCode: 'RYV', name: 'Cambridgeshire Community Services NHS Trust', address: 'Unit 7-8 Meadow Park, Meadow Lane, St Ives, PE27 4LG' };
const RRU = { organisationCode: 'RRU', name: 'London Ambulance Service NHS Trust', address: '220 Waterloo Road, London, SE1 8SD' };
const pounds = (whole: number) => whole * 100;
const REASONS = [
  { criterion: 'quality_and_innovation', reason: 'Good CQC ratings sustained' },
  { criterion: 'value', reason: 'Within the allocation' },
  { criterion: 'integration_collaboration_sustainability', reason: 'Part of the place partnership' },
  { criterion: 'access_inequalities_choice', reason: 'Waits below the regional median' },
  { criterion: 'social_value', reason: 'Local employer' },
] as const;

function refusal(f: () => unknown): ConcordatError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConcordatError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

function opening(route: ProcurementOpening['route'], extra: Partial<ProcurementOpening> = {}): ProcurementOpening {
  return {
    id: `p-${route}`, reference: `REF-${route}`, title: `Community services (${route})`,
    route,
    authorities: [{ organisationCode: 'QUE', name: 'NHS Cambridgeshire and Peterborough ICB', lead: true }],
    services: { description: 'Community health services', cpvCode: '85100000', serviceCodes: ['COMMUNITY'] },
    approximateLifetimeValuePence: pounds(28_500_000),
    contractPeriod: { startDate: '2025-04-01', endDate: '2028-03-31' },
    framework: false,
    ...extra,
  };
}

const named: ProcurementEvent = { type: 'decision_makers_named', on: '2025-01-02', by: LEAD, decisionMakers: [{ name: 'Director of contracting', role: 'Decision-maker', organisationCode: 'QUE' }] };

describe('Direct Award Process C', () => {
  const route = chooseRoute(assessRoute({
    existingProvider: true, framework: false, onlyExistingProviderCapable: false, patientChoiceOffered: false, expiringContract: true,
    considerableChange: { existingLifetimeValuePence: pounds(28_000_000), proposedLifetimeValuePence: pounds(28_500_000), authorityDriven: true, materiallyDifferent: false },
    providerSatisfying: true,
  }, '2025-01-02'), 'direct_award_c', 'The provider is meeting the contract; services unchanged');
  const opened: ProcurementEvent = { type: 'opened', on: '2025-01-02', by: LEAD, procurement: opening('direct_award_c', { routeDecision: route, incumbent: { ...RYV, contractReference: 'CCS-COMMUNITY-2022' } }) };
  const content: NoticeContent = {
    statementOfIntention: 'The authority intends to award a contract to the existing provider following Direct Award Process C.',
    title: 'Community services (direct_award_c)', reference: 'REF-direct_award_c', provider: RYV,
    services: { description: 'Community health services', cpvCode: '85100000' }, approximateLifetimeValuePence: pounds(28_500_000),
    decisionMakers: ['Director of contracting'], reasons: REASONS, declaredConflicts: [],
  };
  const decided: ProcurementEvent[] = [opened, named, { type: 'provider_decided', on: '2025-01-03', by: LEAD, providerCode: 'RYV', reasons: REASONS }];
  const intention = (c: NoticeContent): ProcurementEvent => ({ type: 'intention_notice_published', on: '2025-04-17', by: LEAD, notice: { id: 'n1', kind: 'intention_da_c', publishedOn: '2025-04-17', content: c } });

  it('awards only to the existing provider', () => {
    const r = replayProcurement(decided.slice(0, 2));
    const other = refusal(() => applyProcurementEvent(r, { type: 'provider_decided', on: '2025-01-03', by: LEAD, providerCode: 'RRU', reasons: REASONS }));
    expect(other.message).toMatch(/this route awards to the existing provider \(RYV\)/);
  });

  it('cannot publish an intention notice missing a Schedule 3 item; the error names it', () => {
    const r = replayProcurement(decided);
    const { approximateLifetimeValuePence: _omit, ...missing } = content;
    expect(refusal(() => applyProcurementEvent(r, intention(missing))).message).toBe('content.approximateLifetimeValuePence: Schedule 3 para 5: approximate lifetime value of the contract is missing');
    expect(r.notices).toEqual([]);
  });

  it('a notice published on Thursday 17 April 2025 runs over Easter: award possible from Friday 2 May', () => {
    const r = replayProcurement([...decided, intention(content)]);
    expect(r.state).toBe('standstill');
    expect(r.standstill).toMatchObject({ beginsOn: '2025-04-18', representationsDeadline: '2025-05-01', earliestAwardOn: '2025-05-02' });
    const award = (on: string): ProcurementEvent => ({ type: 'contract_awarded', on, by: LEAD, award: { providerCode: 'RYV', awardedOn: on, valuePence: pounds(28_500_000), contractReference: 'CCS-COMMUNITY-2025', contractPeriod: { startDate: '2025-06-01', endDate: '2028-03-31' } } });
    expect(refusal(() => applyProcurementEvent(r, award('2025-05-01'))).kind).toBe('conflict');
    expect(applyProcurementEvent(r, award('2025-05-02')).state).toBe('awarded');
  });

  it('a review may send the decision back, which clears it and the standstill', () => {
    let r = replayProcurement([...decided, intention(content)]);
    r = applyProcurementEvent(r, { type: 'representation_received', on: '2025-04-22', by: { organisationCode: 'RRU', role: 'provider' }, representation: { id: 'r1', providerCode: 'RRU', receivedOn: '2025-04-22', grounds: 'We could provide these services' } });
    expect(r.state).toBe('under_review');
    r = applyProcurementEvent(r, { type: 'review_decided', on: '2025-04-30', by: LEAD, outcome: 'return_to_step', reasons: 'Reassess the key criteria with the new information' });
    expect(r).toMatchObject({ state: 'deciding', decision: null, standstill: null });
  });

  it('a review may abandon the procurement', () => {
    let r = replayProcurement([...decided, intention(content)]);
    r = applyProcurementEvent(r, { type: 'representation_received', on: '2025-04-22', by: { organisationCode: 'RRU', role: 'provider' }, representation: { id: 'r1', providerCode: 'RRU', receivedOn: '2025-04-22', grounds: 'x' } });
    r = applyProcurementEvent(r, { type: 'review_decided', on: '2025-04-30', by: LEAD, outcome: 'abandon', reasons: 'Service to be redesigned' });
    expect(r).toMatchObject({ state: 'abandoned', abandonment: { on: '2025-04-30', reasons: 'Service to be redesigned' } });
    expect(refusal(() => applyProcurementEvent(r, named)).message).toMatch(/now: the Direct Award Process C is abandoned \(state "abandoned"\); no further steps are possible/);
  });

  it('needs the route chooser to have chosen DA-C', () => {
    const e = refusal(() => replayProcurement([{ ...opened, procurement: { ...opening('direct_award_c'), incumbent: RYV } } as ProcurementEvent]));
    expect(e.message).toMatch(/procurement\.routeDecision: records the route chooser's questions and answers/);
  });
});

describe('Direct Award Process A', () => {
  const route = chooseRoute(assessRoute({ existingProvider: true, framework: false, onlyExistingProviderCapable: true }, '2025-01-02'), 'direct_award_a', '');
  const events: ProcurementEvent[] = [
    { type: 'opened', on: '2025-01-02', by: LEAD, procurement: opening('direct_award_a', { routeDecision: route, incumbent: RRU, title: '999 ambulance services' }) },
    named,
    { type: 'provider_decided', on: '2025-01-10', by: LEAD, providerCode: 'RRU', reasons: REASONS },
    { type: 'contract_awarded', on: '2025-02-03', by: LEAD, award: { providerCode: 'RRU', awardedOn: '2025-02-03', valuePence: pounds(28_500_000), contractReference: 'LAS-999-2025', contractPeriod: { startDate: '2025-04-01', endDate: '2028-03-31' } } },
  ];

  it('has no standstill: the contract is entered into straight after the decision', () => {
    const r = replayProcurement(events);
    expect(r.state).toBe('awarded');
    expect(r.standstill).toBeNull();
  });

  it('the award notice is due within 30 days: overdue from 6 March 2025 if not published', () => {
    const r = replayProcurement(events);
    expect(procurementOverdueAsAt(r, '2025-03-05')).toEqual([]);
    const overdue = procurementOverdueAsAt(r, '2025-03-06');
    expect(overdue.map((d) => [d.key, d.due])).toEqual([['award_notice:RRU', '2025-03-05']]);
    expect(overdue[0].cite).toMatch(/RULES\.md §3\.4 \[S2\]/);
  });

  it('publishing the Schedule 2 award notice concludes it', () => {
    const notice: ProcurementEvent = {
      type: 'award_notice_published', on: '2025-02-20', by: LEAD,
      notice: { id: 'a1', kind: 'award_direct', publishedOn: '2025-02-20', content: { title: '999 ambulance services', reference: 'LAS-999-2025', provider: RRU, services: { description: '999 emergency ambulance services', cpvCode: '85143000' }, approximateLifetimeValuePence: pounds(28_500_000), decisionMakers: ['Director of contracting'], reasons: REASONS, declaredConflicts: [], awardedOn: '2025-02-03' } },
    };
    const r = replayProcurement([...events, notice]);
    expect(r.state).toBe('concluded');
    expect(procurementOverdueAsAt(r, '2025-12-31')).toEqual([]);
  });
});

describe('Direct Award Process B', () => {
  const route = chooseRoute(assessRoute({ existingProvider: false, framework: false, patientChoiceOffered: true, providersUnrestricted: true, offeredToAllMeetingRequirements: true, expressionOfInterestArrangements: true }, '2025-01-02'), 'direct_award_b', '');
  const assessed = (code: string, met: boolean): ProcurementEvent => ({ type: 'bidder_assessed', on: '2025-01-20', by: LEAD, assessment: { bidderCode: code, assessedOn: '2025-01-20', basicSelection: [{ criterion: 'CQC registration', met }], exclusions: [] } });
  const award = (code: string): ProcurementEvent => ({ type: 'contract_awarded', on: '2025-02-03', by: LEAD, award: { providerCode: code, awardedOn: '2025-02-03', valuePence: pounds(500_000), contractReference: `MSK-CHOICE-${code}`, contractPeriod: { startDate: '2025-04-01', endDate: '2026-03-31' } } });
  const events: ProcurementEvent[] = [
    { type: 'opened', on: '2025-01-02', by: LEAD, procurement: opening('direct_award_b', { routeDecision: route, title: 'Elective MSK under patient choice' }) },
    named,
    { type: 'offer_received', on: '2025-01-10', by: { organisationCode: 'RGT', role: 'provider' }, bidder: { organisationCode: 'RGT', name: 'Cambridge University Hospitals NHS Foundation Trust', address: 'Hills Road, Cambridge' } },
    { type: 'offer_received', on: '2025-01-11', by: { organisationCode: 'ZCIRC', role: 'provider' }, bidder: { organisationCode: 'ZCIRC', name: 'Circle Health', address: 'Illustrative' } },
    assessed('RGT', true),
    assessed('ZCIRC', false),
  ];

  it('awards a contract to every provider meeting the requirements, and refuses one that does not', () => {
    const r = replayProcurement([...events, award('RGT')]);
    expect(r.awards.map((a) => a.providerCode)).toEqual(['RGT']);
    expect(refusal(() => applyProcurementEvent(r, award('ZCIRC'))).message).toMatch(/ZCIRC does not meet the requirements: does not meet basic selection criterion: CQC registration/);
  });

  it('a provider may not make an offer in another provider\'s name', () => {
    const r = replayProcurement(events.slice(0, 2));
    const e = refusal(() => applyProcurementEvent(r, { type: 'offer_received', on: '2025-01-10', by: { organisationCode: 'ZCIRC', role: 'provider' }, bidder: { organisationCode: 'RGT', name: 'x', address: 'y' } }));
    expect(e.message).toMatch(/ZCIRC may only make its own offer/);
  });
});

describe('Most Suitable Provider Process', () => {
  it('identifies the most suitable provider by the key criteria and goes into standstill on its notice', () => {
    const route = chooseRoute(assessRoute({ existingProvider: false, framework: false, patientChoiceOffered: false }, '2025-03-03'), 'most_suitable_provider', 'One provider is clearly most suitable');
    const weights = { quality_and_innovation: 200_000, value: 200_000, integration_collaboration_sustainability: 200_000, access_inequalities_choice: 200_000, social_value: 200_000 };
    const scores = (code: string, n: number): ProcurementEvent => ({ type: 'bidder_scored', on: '2025-03-10', by: LEAD, scores: { bidderCode: code, scores: { quality_and_innovation: n, value: n, integration_collaboration_sustainability: n, access_inequalities_choice: n, social_value: n } } });
    const assessed = (code: string): ProcurementEvent => ({ type: 'bidder_assessed', on: '2025-03-07', by: LEAD, assessment: { bidderCode: code, assessedOn: '2025-03-07', basicSelection: [], exclusions: [], debarmentListChecked: true } });
    const r = replayProcurement([
      { type: 'opened', on: '2025-03-03', by: LEAD, procurement: opening('most_suitable_provider', { routeDecision: route }) },
      { ...named, on: '2025-03-03' },
      { type: 'criteria_weighted', on: '2025-03-03', by: LEAD, weights, scale: { max: 5 } },
      { type: 'offer_received', on: '2025-03-04', by: LEAD, bidder: RYV },
      { type: 'offer_received', on: '2025-03-04', by: LEAD, bidder: { organisationCode: 'RT1', name: 'Cambridgeshire and Peterborough NHS Foundation Trust', address: 'Elizabeth House, Fulbourn' } },
      assessed('RYV'), assessed('RT1'), scores('RYV', 4), scores('RT1', 3),
      { type: 'provider_decided', on: '2025-03-14', by: LEAD, providerCode: 'RYV', reasons: REASONS },
      { type: 'intention_notice_published', on: '2025-03-17', by: LEAD, notice: { id: 'msp1', kind: 'intention_msp', publishedOn: '2025-03-17', content: {
        statementOfIntention: 'The authority intends to award following the Most Suitable Provider Process.', title: 'Community services', reference: 'REF-msp', provider: RYV,
        services: { description: 'Community health services', cpvCode: '85100000' }, approximateLifetimeValuePence: pounds(28_500_000), decisionMakers: ['Director of contracting'], reasons: REASONS, declaredConflicts: [],
      } } },
    ]);
    expect(r.state).toBe('standstill');
    // Begins Tue 18 March; 8th working day after it: 19, 20, 21, 24, 25, 26, 27, 28 March.
    expect(r.standstill?.representationsDeadline).toBe('2025-03-28');
  });

  it('from 24 February 2025 a provider whose debarment-list check is not recorded cannot be chosen', () => {
    const route = chooseRoute(assessRoute({ existingProvider: false, framework: false, patientChoiceOffered: false }, '2025-03-03'), 'most_suitable_provider', 'x');
    const r = replayProcurement([
      { type: 'opened', on: '2025-03-03', by: LEAD, procurement: opening('most_suitable_provider', { routeDecision: route }) },
      { ...named, on: '2025-03-03' },
      { type: 'offer_received', on: '2025-03-04', by: LEAD, bidder: RYV },
      { type: 'bidder_assessed', on: '2025-03-07', by: LEAD, assessment: { bidderCode: 'RYV', assessedOn: '2025-03-07', basicSelection: [], exclusions: [] } },
    ]);
    const e = refusal(() => applyProcurementEvent(r, { type: 'provider_decided', on: '2025-03-14', by: LEAD, providerCode: 'RYV', reasons: REASONS }));
    expect(e.message).toMatch(/the debarment list was not checked/);
  });
});

describe('legacy: roll over or tender (before 2024)', () => {
  it('records the community services roll-over with its reasons and Monitor\'s advice, and makes the variation', () => {
    const r: ProcurementRecord = replayProcurement(COMMUNITY_ROLLOVER_EVENTS);
    expect(r.state).toBe('rolled_over');
    expect(r.legacyDecision).toMatchObject({ decision: 'roll_over', decidedOn: '2015-01-30', rollOverUntil: '2016-03-31' });
    expect(r.legacyDecision?.adviceConsidered).toMatch(/Monitor/);
    const v = rollOverVariation(r, '2015-04-01', 9_500_000_000);
    expect(v).toMatchObject({ contractReference: 'CCS-COMMUNITY-2014-15', effectiveDate: '2015-04-01', changes: { endDate: '2016-03-31' } });
    expect(v.rationale).toMatch(/^Rolled over rather than tendered \(decided 2015-01-30\)/);
  });

  it('refuses a decision without reasons', () => {
    const r = replayProcurement(COMMUNITY_ROLLOVER_EVENTS.slice(0, 2));
    expect(refusal(() => applyProcurementEvent(r, { ...(COMMUNITY_ROLLOVER_EVENTS[2] as Extract<ProcurementEvent, { type: 'legacy_decided' }>), reasons: ' ' })).message).toMatch(/reasons: record the reasons/);
  });

  it('a tender decision runs to award on a reasoned choice', () => {
    const opened = COMMUNITY_ROLLOVER_EVENTS[0] as Extract<ProcurementEvent, { type: 'opened' }>;
    const by = opened.by;
    const r = replayProcurement([
      ...COMMUNITY_ROLLOVER_EVENTS.slice(0, 2),
      { type: 'legacy_decided', on: '2015-01-30', by, decision: 'tender', reasons: 'Test the market as Monitor advised' },
      { type: 'offer_received', on: '2015-03-02', by, bidder: RYV },
      { type: 'offers_closed', on: '2015-03-31', by },
      { type: 'bidder_assessed', on: '2015-04-10', by, assessment: { bidderCode: 'RYV', assessedOn: '2015-04-10', basicSelection: [], exclusions: [] } },
      { type: 'provider_decided', on: '2015-05-01', by, providerCode: 'RYV', reasons: [], summary: 'Only compliant tender; good value' },
      { type: 'contract_awarded', on: '2015-06-01', by, award: { providerCode: 'RYV', awardedOn: '2015-06-01', valuePence: 9_500_000_000, contractReference: 'CCS-COMMUNITY-2015', contractPeriod: { startDate: '2015-07-01', endDate: '2016-03-31' } } },
    ]);
    expect(r.state).toBe('awarded');
  });

  it('a legacy route cannot be opened once the PSR is in force', () => {
    const opened = COMMUNITY_ROLLOVER_EVENTS[0];
    expect(() => replayProcurement([{ ...opened, on: '2024-01-02' }])).toThrow(/on: a procurement opened on or after 2024-01-01 follows the Provider Selection Regime/);
  });
});
