import { describe, expect, it } from 'vitest';
import { computeStatement, statementInputSchema } from './index.ts';

describe('statement input schema', () => {
  it('accepts a valid request and the engine takes what it parses', () => {
    const parsed = statementInputSchema.parse({
      year: '2019/20',
      terms: { model: 'blended', fixedAnnualPence: 1_200, cquin: { achievementMicros: 1_000_000 } },
      months: [{ period: '2019-04', pricedPence: 200, pricedByPod: { NEL: 200 }, planPence: 100 }],
    });
    // fixed £12 over the year + 20% of (£2 - £1) + CQUIN 1.25% of £12.20 (15p)
    expect(computeStatement(parsed).totalPence).toBe(1_200 + 20 + 15);
  });

  it('rejects an unknown model, fractional pence and a rate above 100%', () => {
    expect(statementInputSchema.safeParse({ year: '2019/20', terms: { model: 'capitation' }, months: [] }).success).toBe(false);
    expect(statementInputSchema.safeParse({ year: '2019/20', terms: { model: 'block', annualValuePence: 1.5 }, months: [] }).success).toBe(false);
    expect(statementInputSchema.safeParse({ year: '2019/20', terms: { model: 'blended', fixedAnnualPence: 1, rateMicros: 1_000_001 }, months: [] }).success).toBe(false);
  });
});
