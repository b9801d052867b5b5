import { describe, expect, it } from 'vitest';
import { checkWeights, formatScore, rankBidders, type KeyCriteriaWeights } from './key-criteria.ts';

const WEIGHTS: KeyCriteriaWeights = {
  quality_and_innovation: 400_000, value: 300_000, integration_collaboration_sustainability: 100_000, access_inequalities_choice: 100_000, social_value: 100_000,
};
const s = (q: number, v: number, i: number, a: number, so: number) => ({
  quality_and_innovation: q, value: v, integration_collaboration_sustainability: i, access_inequalities_choice: a, social_value: so,
});

describe('key criteria (reg 5)', () => {
  it('accepts weights totalling 100%', () => {
    expect(() => checkWeights(WEIGHTS)).not.toThrow();
  });

  it('refuses weights that do not total 100%, saying the total', () => {
    expect(() => checkWeights({ ...WEIGHTS, social_value: 50_000 })).toThrow('weights: must total 100%, not 95%');
  });

  it('refuses a missing key criterion, naming it', () => {
    const { social_value: _omit, ...four } = WEIGHTS;
    expect(() => checkWeights(four)).toThrow(/weights\.social_value: Social value needs a weight/);
  });

  it('refuses a criterion that is not one of the five', () => {
    expect(() => checkWeights({ ...WEIGHTS, price: 0 })).toThrow(/weights\.price/);
  });

  it('ranks by weighted score: 0.4x4+0.3x3+0.1x5+0.1x5+0.1x5 = 4.0 of 5 beats 0.4x3+0.3x5+0.1x4x3 = 3.9 of 5', () => {
    const ranked = rankBidders(WEIGHTS, { max: 5 }, [
      { bidderCode: 'B', scores: s(3, 5, 4, 4, 4) },
      { bidderCode: 'A', scores: s(4, 3, 5, 5, 5) },
    ]);
    expect(ranked.map((r) => [r.bidderCode, r.weightedScore, r.rank])).toEqual([['A', 800_000, 1], ['B', 780_000, 2]]);
    expect(formatScore(ranked[0].weightedScore)).toBe('80.00%');
    expect(ranked[0].contributions.quality_and_innovation).toBe(320_000);
  });

  it('gives tied bidders the same rank and names who they tie with', () => {
    const ranked = rankBidders(WEIGHTS, { max: 5 }, [
      { bidderCode: 'A', scores: s(5, 0, 0, 0, 0) }, // 0.4 x 5 = 2.0
      { bidderCode: 'B', scores: s(0, 5, 0, 5, 0) }, // 0.3 x 5 + 0.1 x 5 = 2.0
      { bidderCode: 'C', scores: s(0, 0, 0, 0, 5) },
    ]);
    expect(ranked.map((r) => r.rank)).toEqual([1, 1, 3]);
    expect(ranked[0].tiedWith).toEqual(['B']);
  });

  it('refuses a score outside the scale, naming the bidder and criterion', () => {
    expect(() => rankBidders(WEIGHTS, { max: 5 }, [{ bidderCode: 'A', scores: s(6, 0, 0, 0, 0) }])).toThrow(/scores\.A\.quality_and_innovation/);
  });
});
