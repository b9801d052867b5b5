import { describe, expect, it } from 'vitest';
import { assessRoute, chooseRoute, type RouteAnswers } from './route-chooser.ts';

const pounds = (whole: number) => whole * 100;
const NO_B = { patientChoiceOffered: false } as const;

describe('route chooser (reg 6)', () => {
  it('Direct Award A is mandatory when only the existing provider can provide the services', () => {
    const a = assessRoute({ existingProvider: true, framework: false, onlyExistingProviderCapable: true }, '2025-01-06');
    expect(a).toMatchObject({ permitted: ['direct_award_a'], mandatory: true });
    expect(a.answers.map((x) => x.answer)).toEqual([true, false, true]);
  });

  it('Direct Award B is mandatory when patients choose among unrestricted qualifying providers', () => {
    const a = assessRoute({
      existingProvider: false, framework: false, patientChoiceOffered: true, providersUnrestricted: true,
      offeredToAllMeetingRequirements: true, expressionOfInterestArrangements: true,
    }, '2025-01-06');
    expect(a).toMatchObject({ permitted: ['direct_award_b'], mandatory: true });
  });

  it('an expiring contract, no considerable change and a satisfying provider allow Direct Award C, MSP or competitive', () => {
    const a = assessRoute({
      existingProvider: true, framework: false, onlyExistingProviderCapable: false, ...NO_B, expiringContract: true,
      considerableChange: { existingLifetimeValuePence: pounds(1_600_000), proposedLifetimeValuePence: pounds(2_050_000), authorityDriven: true, materiallyDifferent: false },
      providerSatisfying: true,
    }, '2025-01-06');
    expect(a).toMatchObject({ permitted: ['direct_award_c', 'most_suitable_provider', 'competitive'], mandatory: false });
    expect(a.considerableChange?.met).toBe(false);
    expect(a.answers.find((x) => x.question.startsWith('Is the considerable change'))?.answer).toBe(false);
  });

  it('a considerable change rules out Direct Award C (£1.6m to £2.2m, authority-driven)', () => {
    const a = assessRoute({
      existingProvider: true, framework: false, onlyExistingProviderCapable: false, ...NO_B, expiringContract: true,
      considerableChange: { existingLifetimeValuePence: pounds(1_600_000), proposedLifetimeValuePence: pounds(2_200_000), authorityDriven: true, materiallyDifferent: false },
    }, '2025-01-06');
    expect(a.permitted).toEqual(['most_suitable_provider', 'competitive']);
  });

  it('a framework agreement goes to the Competitive Process, and the direct-award questions are recorded as not asked', () => {
    const a = assessRoute({ existingProvider: true, framework: true }, '2025-01-06');
    expect(a.permitted).toEqual(['competitive']);
    expect(a.answers.filter((x) => x.notAsked).length).toBe(5);
  });

  it('names each question still to be answered', () => {
    expect(() => assessRoute({ existingProvider: true, framework: false } as RouteAnswers, '2025-01-06'))
      .toThrow('answers.onlyExistingProviderCapable: must be answered: Direct Award Process A applies when only the existing provider can provide the services');
  });

  it('records the chosen route with its reason, and refuses a route the regulation does not permit', () => {
    const a = assessRoute({ existingProvider: false, framework: false, ...NO_B }, '2025-01-06');
    expect(chooseRoute(a, 'most_suitable_provider', 'one provider clearly most suitable').reason).toBe('one provider clearly most suitable');
    expect(() => chooseRoute(a, 'direct_award_c', 'x')).toThrow(/route: direct_award_c is not permitted here/);
    expect(() => chooseRoute(a, 'competitive', ' ')).toThrow(/reason: say why/);
  });

  it('is not available before the PSR came into force', () => {
    expect(() => assessRoute({ existingProvider: false, framework: false, ...NO_B }, '2023-12-31')).toThrow(/not in force on 2023-12-31/);
  });
});
