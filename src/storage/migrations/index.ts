import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_payments.ts';

/** Every migration in order. One set for PGlite and PostgreSQL. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_payments': m0002,
};
