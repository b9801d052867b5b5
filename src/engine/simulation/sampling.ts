/**
 * Draws one trial's uncertain inputs from the scenario's distributions. The draws happen in a fixed
 * order (demand growth, referral shift, staff turnover, price change) from the trial's own stream,
 * so a trial's inputs depend only on (seed, trial index).
 */

import type { TrialParams } from '../../domain/impact/monthly-projection.ts';
import type { Distribution, Uncertainty } from '../../domain/impact/scenario.ts';
import type { Xoshiro128 } from '../../domain/impact/random.ts';

export function draw(d: Distribution, rng: Xoshiro128): number {
  switch (d.distribution) {
    case 'uniform':
      return d.min + (d.max - d.min) * rng.next();
    case 'triangular': {
      const u = rng.next();
      const { min: a, mode: c, max: b } = d;
      if (b === a) return a;
      const f = (c - a) / (b - a);
      return u < f ? a + Math.sqrt(u * (b - a) * (c - a)) : b - Math.sqrt((1 - u) * (b - a) * (b - c));
    }
    case 'normal': {
      // Box-Muller; 1 - u keeps the logarithm's argument in (0, 1].
      const u1 = 1 - rng.next();
      const u2 = rng.next();
      let x = d.mean + d.sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
      if (d.min !== undefined && x < d.min) x = d.min;
      if (d.max !== undefined && x > d.max) x = d.max;
      return x;
    }
  }
}

/** Fills `out` with one trial's inputs. */
export function sampleTrial(u: Uncertainty | undefined, rng: Xoshiro128, out: TrialParams): void {
  out.demandGrowth = u?.demandGrowth ? draw(u.demandGrowth, rng) : 0;
  out.referralShift = u?.referralShift ? draw(u.referralShift, rng) : NaN;
  out.staffTurnover = u?.staffTurnover ? Math.min(1, Math.max(0, draw(u.staffTurnover, rng))) : 0;
  out.priceChange = u?.priceChange ? draw(u.priceChange, rng) : 0;
}

/**
 * The median of a distribution: the value the trials' inputs are centred on. Used for the central
 * case, the deterministic run the Monte Carlo median should be compared with (not the
 * no-uncertainty run, whose inputs are all zero).
 *
 * @example medianOf({ distribution: 'triangular', min: -0.02, mode: -0.01, max: 0.005 }) // about -0.0087
 */
export function medianOf(d: Distribution): number {
  switch (d.distribution) {
    case 'uniform':
      return (d.min + d.max) / 2;
    case 'triangular': {
      const { min: a, mode: c, max: b } = d;
      if (b === a) return a;
      return c - a >= (b - a) / 2 ? a + Math.sqrt(((b - a) * (c - a)) / 2) : b - Math.sqrt(((b - a) * (b - c)) / 2);
    }
    case 'normal': {
      // Clipping is monotone, so it moves the median only if the mean itself is outside the bounds.
      let m = d.mean;
      if (d.min !== undefined && m < d.min) m = d.min;
      if (d.max !== undefined && m > d.max) m = d.max;
      return m;
    }
  }
}

/** Each uncertain input at its median (the central case); inputs without uncertainty as in the projection. */
export function centralInputs(u: Uncertainty | undefined): TrialParams {
  return {
    demandGrowth: u?.demandGrowth ? medianOf(u.demandGrowth) : 0,
    referralShift: u?.referralShift ? medianOf(u.referralShift) : NaN,
    staffTurnover: u?.staffTurnover ? Math.min(1, Math.max(0, medianOf(u.staffTurnover))) : 0,
    priceChange: u?.priceChange ? medianOf(u.priceChange) : 0,
  };
}
