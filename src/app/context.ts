import type { Scope } from './scope.ts';

/**
 * What every use case receives: the caller-bound Scope (who is acting, the time, and the only way to
 * read contracts, check rights and record changes).
 */
export type UseCaseContext = Scope;

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}
