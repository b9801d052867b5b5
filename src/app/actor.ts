import { ROLES, type OrganisationSide, type Role } from '../domain/access/rights.ts';

export { ROLES, type Role };

/**
 * Who is acting: a user of one organisation, in one role. A commissioner or provider user reads and
 * acts for its own organisation only; a system user reads across the whole economy but changes
 * nothing; an administrator also runs imports, resets the demo and manages users. What each may do is
 * the rights table (src/domain/access/rights.ts), applied by the caller-bound Scope (scope.ts).
 */
export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly organisationCode: string;
  readonly role: Role;
  /** Whether the user's organisation commissions or provides care (from its kind in the registry). */
  readonly side: OrganisationSide;
  /** An organisation user administrator: creates and lists the users of its own organisation. */
  readonly managesUsers: boolean;
}

/** The actor the system scope records changes as (imports, demo load, command-line administration). */
export const SYSTEM_ACTOR: Actor = {
  userId: 'system',
  username: 'system',
  displayName: 'Concordat (command line)',
  organisationCode: 'X24',
  role: 'admin',
  side: 'commissioner',
  managesUsers: false,
};
