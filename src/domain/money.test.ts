import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apportion, divideRounded, roundPence, splitEvenly } from './money.ts';

describe('the one rounding rule', () => {
  it('rounds a floating-point amount half away from zero', () => {
    expect([roundPence(2.5), roundPence(-2.5), roundPence(2.4999), roundPence(-0.4), roundPence(0)]).toEqual([3, -3, 2, 0, 0]);
    expect(Object.is(roundPence(-0.4), -0)).toBe(false);
  });

  it('agrees with the exact integer form wherever both apply', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e12, max: 1e12 }), fc.integer({ min: 1, max: 1_000_000 }), (n, d) => {
        expect(roundPence(n / d)).toBe(divideRounded(n, d));
      }),
      { numRuns: 5_000 },
    );
    // The ties themselves, where a float could go either way.
    for (const d of [2, 4, 8, 12, 100]) for (let n = -1_000; n <= 1_000; n += d / 2) expect(roundPence(n / d)).toBe(divideRounded(n, d));
  });
});

describe('apportion', () => {
  it('adds up exactly and stays within a penny of each exact share', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -5e11, max: 5e11 }),
        fc.array(fc.integer({ min: 0, max: 5e11 }), { minLength: 1, maxLength: 12 }),
        (total, weights) => {
          const parts = apportion(total, weights);
          expect(parts.reduce((s, p) => s + p, 0)).toBe(total);
          const sum = weights.reduce((s, w) => s + w, 0);
          parts.forEach((p, i) => {
            const exact = sum === 0 ? total / weights.length : (total * weights[i]) / sum;
            expect(Math.abs(p - exact)).toBeLessThan(1.000001);
          });
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('gives splitEvenly for equal weights, and zero to a zero weight', () => {
    expect(apportion(100, [5, 5, 5])).toEqual(splitEvenly(100, 3));
    expect(apportion(-100, [1, 1, 1])).toEqual(splitEvenly(-100, 3));
    expect(apportion(999, [3, 0, 1])).toEqual([749, 0, 250]);
  });

  it('refuses negative or fractional weights', () => {
    expect(() => apportion(10, [1, -1])).toThrow(RangeError);
    expect(() => apportion(10, [0.5])).toThrow(RangeError);
  });
});
