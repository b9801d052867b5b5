import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import { assertNoticePublishable, noticeIssues, noticeItems, type NoticeContent } from './notices.ts';

/** A complete Schedule 3 notice of intention (Direct Award Process C). */
const DA_C: NoticeContent = {
  statementOfIntention: 'The authority intends to award a contract to the existing provider following Direct Award Process C.',
  title: 'Cambridgeshire community services 2025-2028',
  reference: 'CCS-COMMUNITY-2025',
  provider: { name: 'Cambridgeshire Community Services NHS Trust', address: 'Unit 7-8 Meadow Park, Meadow Lane, St Ives, PE27 4LG', organisationCode: 'RYV' },
  services: { description: 'Community health services', cpvCode: '85100000' },
  approximateLifetimeValuePence: 28_500_000_000,
  decisionMakers: ['Director of contracting, NHS Cambridgeshire and Peterborough ICB'],
  reasons: [
    { criterion: 'quality_and_innovation', reason: 'Good CQC ratings sustained' },
    { criterion: 'value', reason: 'Within the allocation' },
    { criterion: 'integration_collaboration_sustainability', reason: 'Part of the place partnership' },
    { criterion: 'access_inequalities_choice', reason: 'Waits for community services below the regional median' },
    { criterion: 'social_value', reason: 'Local employer' },
  ],
  declaredConflicts: [{ description: 'A decision-maker is a trustee of a charity the trust funds', managedHow: 'Did not vote on the award' }],
};

/** Each Schedule 3 item, what removing it looks like, and what the error must say. */
const ITEMS: [string, (c: NoticeContent) => NoticeContent, RegExp][] = [
  ['para 1 statement of intention', ({ statementOfIntention: _, ...c }) => c, /^content\.statementOfIntention: Schedule 3 para 1: statement that the authority intends to award to the existing provider following Direct Award Process C is missing/],
  ['para 2 reference', ({ reference: _, ...c }) => c, /^content\.title: Schedule 3 para 2: contract title and reference reference missing/],
  ['para 2 title', ({ title: _, ...c }) => c, /Schedule 3 para 2: contract title and reference title missing/],
  ['para 3 provider address', (c) => ({ ...c, provider: { name: c.provider!.name, address: ' ' } }), /Schedule 3 para 3: the provider's name and registered office or principal place of business registered office or principal place of business missing/],
  ['para 4 CPV code', (c) => ({ ...c, services: { description: 'Community health services', cpvCode: '' } }), /Schedule 3 para 4: description of the services with the most relevant CPV code CPV code missing/],
  ['para 5 lifetime value', ({ approximateLifetimeValuePence: _, ...c }) => c, /Schedule 3 para 5: approximate lifetime value of the contract is missing/],
  ['para 6 decision-makers', (c) => ({ ...c, decisionMakers: [] }), /Schedule 3 para 6: details of the award decision-makers are missing/],
  ['para 7 reasons', ({ reasons: _, ...c }) => c, /Schedule 3 para 7: the decision-makers' reasons with reference to the key criteria are missing/],
  ['para 8 conflicts', ({ declaredConflicts: _, ...c }) => c, /Schedule 3 para 8: declared conflicts or potential conflicts of interest are missing/],
  ['para 9 management of conflicts', (c) => ({ ...c, declaredConflicts: [{ description: 'Trustee of a funded charity', managedHow: '' }] }), /Schedule 3 para 9: how declared conflicts of interest were managed is missing for "Trustee of a funded charity"/],
];

describe('notice contents (Schedules)', () => {
  it('a complete Schedule 3 notice can be published', () => {
    expect(noticeIssues('intention_da_c', DA_C)).toEqual([]);
    expect(() => assertNoticePublishable('intention_da_c', DA_C)).not.toThrow();
  });

  it('lists the nine Schedule 3 items, all verified [S]', () => {
    const items = noticeItems('intention_da_c');
    expect(items.map((i) => i.paragraph)).toEqual(['para 1', 'para 2', 'para 3', 'para 4', 'para 5', 'para 6', 'para 7', 'para 8', 'para 9']);
    expect(items.every((i) => i.tag === 'S')).toBe(true);
  });

  it.each(ITEMS)('a DA-C notice of intention missing %s cannot be published, and the error names it', (_name, remove, message) => {
    let error: unknown;
    try {
      assertNoticePublishable('intention_da_c', remove(DA_C));
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConcordatError);
    expect((error as ConcordatError).kind).toBe('invalid');
    expect((error as ConcordatError).issues).toHaveLength(1);
    expect((error as ConcordatError).message).toMatch(message);
  });

  it('"none declared" is an empty list of conflicts, which satisfies paras 8 and 9', () => {
    expect(noticeIssues('intention_da_c', { ...DA_C, declaredConflicts: [] })).toEqual([]);
  });

  it('para 7 needs a reason against every key criterion (reg 5: all five must be considered)', () => {
    const issues = noticeIssues('intention_da_c', { ...DA_C, reasons: DA_C.reasons!.slice(0, 3) });
    expect(issues.map((i) => i.message)).toEqual([
      "Schedule 3 para 7: the decision-makers' reasons with reference to the key criteria give no reason against Improving access, reducing health inequalities and facilitating choice, Social value",
    ]);
  });

  it('refuses a CPV code that is not one', () => {
    expect(noticeIssues('intention_da_c', { ...DA_C, services: { description: 'x', cpvCode: '851' } })[0].message).toMatch(/"851" is not a CPV code/);
  });

  it('Schedule 10 (competitive) adds the framework items', () => {
    const competitive = { ...DA_C, statementOfIntention: 'The authority intends to award following the Competitive Process.' };
    expect(noticeIssues('intention_competitive', competitive).map((i) => i.message)).toEqual([
      'Schedule 10 framework: whether a framework agreement was used and, if so, its duration and who may use it whether a framework agreement was used is missing',
    ]);
    expect(noticeIssues('intention_competitive', { ...competitive, framework: { used: true, durationMonths: 48 } })[0].message).toMatch(/framework who may use it missing/);
    expect(noticeIssues('intention_competitive', { ...competitive, framework: { used: false } })).toEqual([]);
  });

  it('marks contents RULES.md does not verify as unverified', () => {
    const issues = noticeIssues('intention_msp', {});
    expect(issues.length).toBe(8); // para 9 has nothing to check while para 8 (the conflicts) is missing
    expect(issues.every((i) => i.message.includes('[contents unverified'))).toBe(true);
    expect(noticeItems('award_direct').every((i) => i.tag === 'M')).toBe(true);
  });
});
