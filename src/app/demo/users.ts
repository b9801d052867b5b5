import type { Role } from '../actor.ts';

/** One demo user per role. Every demo password is "concordat" (shown on the sign-in page). */
export const DEMO_PASSWORD = 'concordat';

export const DEMO_USERS: readonly { username: string; displayName: string; organisationCode: string; role: Role }[] = [
  { username: 'commissioner', displayName: 'Bedfordshire CCG contracting lead', organisationCode: '06F', role: 'commissioner' },
  { username: 'provider', displayName: 'Bedford Hospital finance lead', organisationCode: 'RC1', role: 'provider' },
  { username: 'circle', displayName: 'Circle contracts manager', organisationCode: 'ZCIRC', role: 'provider' },
  { username: 'system', displayName: 'NHS England system view', organisationCode: 'X24', role: 'system' },
  { username: 'admin', displayName: 'Concordat administrator', organisationCode: 'X24', role: 'admin' },
];
