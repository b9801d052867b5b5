/**
 * The two sides of a commissioner-provider relationship, as the Standard Contract speaks of them: the
 * co-ordinating commissioner (acting for any associate commissioners) and the provider.
 */

/** 'commissioner' is the co-ordinating commissioner; associates act through it (RULES.md §1.2). */
export type Side = 'commissioner' | 'provider';

export const SIDES: readonly Side[] = ['commissioner', 'provider'];

export const SIDE_LABELS: Readonly<Record<Side, string>> = {
  commissioner: 'co-ordinating commissioner',
  provider: 'provider',
};

/**
 * The other party.
 *
 * @example otherSide('commissioner') // 'provider'
 */
export function otherSide(side: Side): Side {
  return side === 'commissioner' ? 'provider' : 'commissioner';
}

/**
 * True for 'commissioner' or 'provider'.
 *
 * @example isSide('regulator') // false
 */
export function isSide(value: unknown): value is Side {
  return value === 'commissioner' || value === 'provider';
}
