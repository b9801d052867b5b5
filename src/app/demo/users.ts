import type { Role } from '../actor.ts';

/** Demo users, one per role for Bedfordshire, and a commissioner and provider from Sussex (another economy). Every password is "concordat". */
export const DEMO_PASSWORD = 'concordat';

export const DEMO_USERS: readonly { username: string; displayName: string; organisationCode: string; role: Role; managesUsers?: boolean }[] = [
  { username: 'commissioner', displayName: 'Bedfordshire CCG contracting lead', organisationCode: '06F', role: 'commissioner' },
  { username: 'provider', displayName: 'Bedford Hospital finance lead', organisationCode: 'RC1', role: 'provider' },
  { username: 'circle', displayName: 'Circle contracts manager', organisationCode: 'ZCIRC', role: 'provider' },
  // Also the ICB's user administrator: creates and lists QHG's own users.
  { username: 'icb', displayName: 'BLMK ICB contracting lead', organisationCode: 'QHG', role: 'commissioner', managesUsers: true },
  { username: 'sussex-commissioner', displayName: 'Coastal West Sussex CCG contracts manager', organisationCode: '09G', role: 'commissioner' },
  { username: 'sussex-provider', displayName: 'Western Sussex Hospitals income lead', organisationCode: 'RYR', role: 'provider' },
  { username: 'system', displayName: 'NHS England system view', organisationCode: 'X24', role: 'system' },
  { username: 'admin', displayName: 'Concordat administrator', organisationCode: 'X24', role: 'admin' },
];
