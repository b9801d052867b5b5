import type { Migration } from 'kysely';
import * as m0001 from './0001_foundation.ts';
import * as m0002 from './0002_payments.ts';
import * as m0003 from './0003_trust.ts';
import * as m0004 from './0004_relationship.ts';
import * as m0005 from './0005_procurement.ts';
import * as m0006 from './0006_impact.ts';
import * as m0007 from './0007_users.ts';
import * as m0008 from './0008_data_version.ts';

/** Every migration in order. One set for PGlite and PostgreSQL. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '0001_foundation': m0001,
  '0002_payments': m0002,
  '0003_trust': m0003,
  '0004_relationship': m0004,
  '0005_procurement': m0005,
  '0006_impact': m0006,
  '0007_users': m0007,
  '0008_data_version': m0008,
};
