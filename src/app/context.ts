import type { Kysely } from 'kysely';
import type { Database } from '../storage/schema.ts';
import type { Actor } from './actor.ts';
import type { Clock } from './clock.ts';

/** What every use case receives: the database, who is acting, and the time. */
export interface UseCaseContext {
  readonly db: Kysely<Database>;
  readonly actor: Actor;
  readonly clock: Clock;
}

export interface Page<T> {
  readonly items: readonly T[];
  readonly total: number;
  readonly limit: number;
  readonly offset: number;
}
