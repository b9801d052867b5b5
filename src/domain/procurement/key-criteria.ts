/**
 * The five key criteria of PSR reg 5 (RULES.md §3.2 [S2]): all five must be considered and the
 * authority chooses the weighting. Weights are micros (25% = 250,000) and must total 100%; scores
 * are whole numbers on the authority's scale. Ranking compares exact integers (weight x score), so
 * no rounding can reorder bidders; the percentage shown is rounded only for display.
 */

import { invalidMany, type Issue } from '../errors.ts';
import { divideRounded, MICROS_PER_UNIT, type Micros } from '../money.ts';

export const KEY_CRITERIA = [
  'quality_and_innovation',
  'value',
  'integration_collaboration_sustainability',
  'access_inequalities_choice',
  'social_value',
] as const;
export type KeyCriterion = (typeof KEY_CRITERIA)[number];

/** Reg 5's wording, for notices and pages. */
export const KEY_CRITERIA_LABELS: Readonly<Record<KeyCriterion, string>> = {
  quality_and_innovation: 'Quality and innovation',
  value: 'Value',
  integration_collaboration_sustainability: 'Integration, collaboration and service sustainability',
  access_inequalities_choice: 'Improving access, reducing health inequalities and facilitating choice',
  social_value: 'Social value',
};

export function isKeyCriterion(value: unknown): value is KeyCriterion {
  return typeof value === 'string' && (KEY_CRITERIA as readonly string[]).includes(value);
}

/** The weight of each key criterion, in micros; together 1,000,000 (100%). */
export type KeyCriteriaWeights = Readonly<Record<KeyCriterion, Micros>>;

/** The scale scores are given on: whole numbers from 0 to `max` (e.g. 0-5 or 0-100). */
export interface ScoringScale {
  readonly max: number;
}

/** One bidder's scores against each key criterion. */
export interface BidderScores {
  readonly bidderCode: string;
  readonly scores: Readonly<Record<KeyCriterion, number>>;
  /** Why each score was given (reg 24 asks for the reasons). */
  readonly rationale?: Readonly<Partial<Record<KeyCriterion, string>>>;
}

/**
 * Checks that every key criterion has a weight, none is negative, and they total exactly 100%.
 * Throws one invalid error listing every problem, each naming its criterion.
 *
 * @example checkWeights({ quality_and_innovation: 400_000, value: 300_000,
 *   integration_collaboration_sustainability: 100_000, access_inequalities_choice: 100_000, social_value: 100_000 })
 */
export function checkWeights(weights: Partial<Record<string, unknown>>): asserts weights is KeyCriteriaWeights {
  const issues: Issue[] = [];
  let total = 0;
  for (const c of KEY_CRITERIA) {
    const w = weights[c];
    if (typeof w !== 'number' || !Number.isSafeInteger(w) || w < 0) {
      issues.push({ path: ['weights', c], message: `${KEY_CRITERIA_LABELS[c]} needs a weight: reg 5 requires all five key criteria to be considered` });
    } else total += w;
  }
  for (const k of Object.keys(weights)) {
    if (!isKeyCriterion(k)) issues.push({ path: ['weights', k], message: 'is not one of the five key criteria of reg 5' });
  }
  if (issues.length === 0 && total !== MICROS_PER_UNIT) {
    issues.push({ path: ['weights'], message: `must total 100%, not ${total / 10_000}%` });
  }
  if (issues.length) throw invalidMany(issues);
}

/** Checks a bidder's scores are whole numbers within the scale for every key criterion. */
export function checkScores(entry: BidderScores, scale: ScoringScale): void {
  const issues: Issue[] = [];
  if (!Number.isSafeInteger(scale.max) || scale.max < 1) issues.push({ path: ['scale', 'max'], message: 'must be a whole number of at least 1' });
  for (const c of KEY_CRITERIA) {
    const s = entry.scores?.[c];
    if (typeof s !== 'number' || !Number.isSafeInteger(s) || s < 0 || s > scale.max) {
      issues.push({ path: ['scores', entry.bidderCode, c], message: `${KEY_CRITERIA_LABELS[c]} needs a whole score from 0 to ${scale.max}` });
    }
  }
  if (issues.length) throw invalidMany(issues);
}

export interface RankedBidder {
  readonly bidderCode: string;
  /** Weighted score as micros of the maximum (1,000,000 = full marks), rounded for display. */
  readonly weightedScore: Micros;
  /** 1 is best; tied bidders share a rank. */
  readonly rank: number;
  /** Other bidders with exactly the same weighted score. */
  readonly tiedWith: readonly string[];
  /** Each criterion's weighted contribution in micros, rounded for display. */
  readonly contributions: Readonly<Record<KeyCriterion, Micros>>;
}

/**
 * Ranks bidders by weighted score, best first; bidders with equal scores share a rank (and must be
 * separated by a recorded tie-break decision, not by list order).
 *
 * @example rankBidders(weights, { max: 5 }, [a, b])[0].bidderCode
 */
export function rankBidders(weights: KeyCriteriaWeights, scale: ScoringScale, entries: readonly BidderScores[]): RankedBidder[] {
  checkWeights(weights);
  entries.forEach((e) => checkScores(e, scale));
  const seen = new Set<string>();
  for (const e of entries) {
    if (seen.has(e.bidderCode)) throw invalidMany([{ path: ['scores', e.bidderCode], message: 'is scored twice' }]);
    seen.add(e.bidderCode);
  }
  // Exact numerator: sum of weight (micros) x score; the weighted score is this / max.
  const exact = entries.map((e) => ({
    e,
    n: KEY_CRITERIA.reduce((sum, c) => sum + weights[c] * e.scores[c], 0),
  }));
  exact.sort((a, b) => b.n - a.n || (a.e.bidderCode < b.e.bidderCode ? -1 : 1));
  return exact.map(({ e, n }) => {
    const better = exact.filter((x) => x.n > n).length;
    const contributions = Object.fromEntries(KEY_CRITERIA.map((c) => [c, divideRounded(weights[c] * e.scores[c], scale.max)])) as Record<KeyCriterion, Micros>;
    return {
      bidderCode: e.bidderCode,
      weightedScore: divideRounded(n, scale.max),
      rank: better + 1,
      tiedWith: exact.filter((x) => x.n === n && x.e !== e).map((x) => x.e.bidderCode),
      contributions,
    };
  });
}

/**
 * A weighted score (micros) as a percentage for people: 812,500 -> "81.25%".
 *
 * @example formatScore(812_500) // '81.25%'
 */
export function formatScore(score: Micros): string {
  return `${(score / 10_000).toFixed(2)}%`;
}
