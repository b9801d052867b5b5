import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';

/** Every migration in order. One set for PGlite and PostgreSQL. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
};
