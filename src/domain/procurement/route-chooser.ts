/**
 * Choosing the PSR process (reg 6, RULES.md §3.1 [S] legislation.gov.uk, [S2] Burges Salmon): the
 * regulation's questions, asked in its order, with the answers recorded so the decision record shows
 * how the route was reached. Direct Award A and B are mandatory when they apply; Direct Award C is
 * optional; otherwise the authority follows the Most Suitable Provider or the Competitive Process
 * (a framework agreement always uses the Competitive Process, RULES.md §3.1 [S2]).
 */

import { invalid, invalidMany, type Issue } from '../errors.ts';
import type { IsoDate } from '../time/date.ts';
import { considerableChange, type ConsiderableChangeQuestion, type ConsiderableChangeResult } from './considerable-change.ts';
import { psrParametersOn, type PsrParameters } from './parameters.ts';

export const PSR_ROUTES = ['direct_award_a', 'direct_award_b', 'direct_award_c', 'most_suitable_provider', 'competitive'] as const;
export type PsrRoute = (typeof PSR_ROUTES)[number];
/** Before 1 January 2024: tender or roll over, decided with reasons. */
export type Route = PsrRoute | 'legacy';

export const ROUTE_LABELS: Readonly<Record<Route, string>> = {
  direct_award_a: 'Direct Award Process A',
  direct_award_b: 'Direct Award Process B',
  direct_award_c: 'Direct Award Process C',
  most_suitable_provider: 'Most Suitable Provider Process',
  competitive: 'Competitive Process',
  legacy: 'Before the Provider Selection Regime: tender or roll over',
};

/** The regulation's questions. Leave a question unanswered only where an earlier answer settles it. */
export interface RouteAnswers {
  /** Is there an existing provider of these services? */
  readonly existingProvider: boolean;
  /** Can the services be provided only by the existing provider, due to their nature? (DA-A) */
  readonly onlyExistingProviderCapable?: boolean;
  /** Is the procurement to conclude a framework agreement? */
  readonly framework: boolean;
  /** Are patients offered a choice of provider? (DA-B) */
  readonly patientChoiceOffered?: boolean;
  /** Is the number of providers unrestricted? (DA-B) */
  readonly providersUnrestricted?: boolean;
  /** Are contracts offered to all providers who meet the requirements? (DA-B) */
  readonly offeredToAllMeetingRequirements?: boolean;
  /** Are there arrangements for providers to express interest? (DA-B) */
  readonly expressionOfInterestArrangements?: boolean;
  /** Is an existing contract expiring and to be replaced? (DA-C) */
  readonly expiringContract?: boolean;
  /** The considerable change question, answered with values (DA-C). */
  readonly considerableChange?: ConsiderableChangeQuestion;
  /** Is the existing provider satisfying the contract, and likely to satisfy the proposed one? (DA-C) */
  readonly providerSatisfying?: boolean;
}

export interface RecordedAnswer {
  readonly question: string;
  readonly regulation: string;
  readonly answer: boolean | null;
  /** Why the question was not asked, when an earlier answer settled it. */
  readonly notAsked?: string;
}

export interface RouteAssessment {
  readonly assessedOn: IsoDate;
  /** The routes the regulation allows; one mandatory route, or the authority's choice among several. */
  readonly permitted: readonly PsrRoute[];
  readonly mandatory: boolean;
  readonly answers: readonly RecordedAnswer[];
  readonly considerableChange: ConsiderableChangeResult | null;
  readonly explanation: string;
}

/** The authority's recorded choice of route, with its reason. */
export interface RouteDecision extends RouteAssessment {
  readonly route: PsrRoute;
  readonly reason: string;
}

/** The next question must be answered before the later ones can be asked: stop here if it is not. */
function need(issues: Issue[], answers: RouteAnswers, key: keyof RouteAnswers, why: string): void {
  if (answers[key] === undefined) throw invalidMany([...issues, { path: ['answers', key], message: `must be answered: ${why}` }]);
}

/**
 * Asks the regulation's questions in order and says which routes are permitted. Throws an invalid
 * error naming each question that must still be answered.
 *
 * @example assessRoute({ existingProvider: false, framework: false, patientChoiceOffered: false }, '2025-01-06').permitted
 * // ['most_suitable_provider', 'competitive']
 */
export function assessRoute(answers: RouteAnswers, assessedOn: IsoDate, parameters: PsrParameters = psrParametersOn(assessedOn)): RouteAssessment {
  const issues: Issue[] = [];
  const recorded: RecordedAnswer[] = [];
  const ask = (question: string, regulation: string, answer: boolean | undefined, notAsked?: string) =>
    recorded.push({ question, regulation, answer: notAsked ? null : (answer ?? null), ...(notAsked ? { notAsked } : {}) });
  const done = (permitted: PsrRoute[], mandatory: boolean, explanation: string, cc: ConsiderableChangeResult | null = null): RouteAssessment => {
    if (issues.length) throw invalidMany(issues);
    return { assessedOn, permitted, mandatory, answers: recorded, considerableChange: cc, explanation };
  };

  if (typeof answers.existingProvider !== 'boolean') issues.push({ path: ['answers', 'existingProvider'], message: 'must be answered' });
  if (typeof answers.framework !== 'boolean') issues.push({ path: ['answers', 'framework'], message: 'must be answered' });
  if (issues.length) throw invalidMany(issues);
  ask('Is there an existing provider of these services?', 'reg 6(3)', answers.existingProvider);
  ask('Is the procurement to conclude a framework agreement?', 'reg 6(3)(b), 6(4)', answers.framework);

  // Direct Award A: existing provider, only it is capable, not a framework (mandatory).
  if (answers.existingProvider && !answers.framework) {
    need(issues, answers, 'onlyExistingProviderCapable', 'Direct Award Process A applies when only the existing provider can provide the services');
    ask('Are the services capable of being provided only by the existing provider due to their nature?', 'reg 6(3)', answers.onlyExistingProviderCapable);
    if (answers.onlyExistingProviderCapable) return done(['direct_award_a'], true, 'Direct Award Process A is mandatory: only the existing provider can provide these services (reg 6(3)).');
  } else {
    ask('Are the services capable of being provided only by the existing provider due to their nature?', 'reg 6(3)', undefined, answers.framework ? 'a framework agreement cannot use Direct Award Process A' : 'there is no existing provider');
  }

  // Direct Award B: patient choice, unrestricted providers, offered to all qualifying, expressions of interest.
  const bKeys = ['patientChoiceOffered', 'providersUnrestricted', 'offeredToAllMeetingRequirements', 'expressionOfInterestArrangements'] as const;
  const bQuestions: Record<(typeof bKeys)[number], string> = {
    patientChoiceOffered: 'Are patients offered a choice of provider?',
    providersUnrestricted: 'Is the number of providers unrestricted?',
    offeredToAllMeetingRequirements: 'Are contracts offered to all providers who meet the requirements?',
    expressionOfInterestArrangements: 'Are there arrangements for providers to express interest?',
  };
  if (!answers.framework) {
    let stop = false;
    for (const k of bKeys) {
      if (stop) {
        ask(bQuestions[k], 'reg 6(4)', undefined, 'an earlier Direct Award Process B condition is not met');
        continue;
      }
      need(issues, answers, k, 'Direct Award Process B conditions are asked in turn');
      ask(bQuestions[k], 'reg 6(4)', answers[k]);
      if (answers[k] === false) stop = true;
    }
    if (!stop && bKeys.every((k) => answers[k] === true)) {
      return done(['direct_award_b'], true, 'Direct Award Process B is mandatory: patients choose among an unrestricted number of qualifying providers (reg 6(4)).');
    }
  } else {
    for (const k of bKeys) ask(bQuestions[k], 'reg 6(4)', undefined, 'a framework agreement cannot use Direct Award Process B');
  }

  // Direct Award C (optional): existing provider, expiring contract, no considerable change, satisfying.
  let cc: ConsiderableChangeResult | null = null;
  let cEligible = false;
  if (answers.existingProvider && !answers.framework) {
    need(issues, answers, 'expiringContract', 'Direct Award Process C replaces an expiring contract');
    ask('Is the term of an existing contract due to expire, to be replaced by a new one?', 'reg 6(5)(b)', answers.expiringContract);
    if (answers.expiringContract) {
      need(issues, answers, 'considerableChange', 'the considerable change threshold decides whether Direct Award Process C may be used');
      cc = considerableChange(answers.considerableChange!, parameters.considerableChange);
      recorded.push({ question: 'Is the considerable change threshold met?', regulation: 'reg 6(5)', answer: cc ? cc.met : null });
      if (cc && !cc.met) {
        need(issues, answers, 'providerSatisfying', 'Direct Award Process C needs the existing provider to be satisfying the contract');
        ask('Is the existing provider satisfying the existing contract and likely to satisfy the proposed contract to a sufficient standard?', 'reg 6(5)', answers.providerSatisfying);
        cEligible = answers.providerSatisfying === true;
      }
    }
  }
  const permitted: PsrRoute[] = [...(cEligible ? (['direct_award_c'] as const) : []), ...(answers.framework ? [] : (['most_suitable_provider'] as const)), 'competitive'];
  const explanation = answers.framework
    ? 'A framework agreement is concluded by the Competitive Process.'
    : cEligible
      ? 'Direct Award Process C may be followed (existing provider satisfying an expiring contract, no considerable change); the authority may instead follow the Most Suitable Provider or the Competitive Process.'
      : 'Neither direct award applies: the authority follows the Most Suitable Provider Process or the Competitive Process.';
  return done(permitted, false, explanation, cc);
}

/**
 * The authority's choice of route among those permitted, with its reason.
 *
 * @example chooseRoute(assessment, 'competitive', 'A ten-year prime provider contract new to the market').route // 'competitive'
 */
export function chooseRoute(assessment: RouteAssessment, route: PsrRoute, reason: string): RouteDecision {
  if (!assessment.permitted.includes(route)) {
    throw invalid('route', `${route} is not permitted here; the regulation allows ${assessment.permitted.join(', ')}`);
  }
  if (!assessment.mandatory && !reason.trim()) throw invalid('reason', 'say why this route was chosen');
  return { ...assessment, route, reason: reason.trim() || assessment.explanation };
}
