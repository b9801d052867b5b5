/**
 * Users of the product. The administrator lists and creates users of any organisation; an
 * organisation's user administrator (a user flagged `managesUsers`) lists and creates the users of
 * its own organisation only, in the roles its side allows but never system or administrator. Whose
 * users the caller may manage is decided once, here (`administration`), through the Scope and the
 * rights table (`users.manage`, `users.manage_own`); every creation is audited.
 */

import { rolesFor } from '../domain/access/rights.ts';
import { forbidden } from '../domain/errors.ts';
import { listUsers as listUserRecords } from '../storage/repositories/users.ts';
import * as auth from './auth.ts';
import type { Actor, Role } from './actor.ts';
import type { Scope } from './scope.ts';

export interface NewUserInput {
  readonly username: string;
  readonly displayName: string;
  readonly organisationCode: string;
  readonly role: Role;
  readonly password: string;
  /** Make the new user a user administrator of its organisation. */
  readonly managesUsers?: boolean;
}

export interface UserView {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly organisationCode: string;
  readonly role: string;
  readonly managesUsers: boolean;
}

/** The roles an organisation's user administrator may give: its side's, but never system or administrator. */
const ORGANISATION_ROLES: readonly Role[] = ['commissioner', 'provider'];

/** Whose users the caller may manage: everyone's (the administrator) or one organisation's. */
type Administration = { readonly of: 'every_organisation' } | { readonly of: 'own_organisation'; readonly organisationCode: string };

/**
 * Decides whose users the caller may manage, for an organisation when one is named (the new
 * user's): the administrator every organisation's; a user administrator its own only; anyone else
 * none (403 naming the rule).
 */
async function administration(ctx: Scope, organisationCode: string = ctx.actor.organisationCode): Promise<Administration> {
  if (await ctx.may('users.manage')) return { of: 'every_organisation' };
  await ctx.require('users.manage_own', { organisationCode });
  return { of: 'own_organisation', organisationCode };
}

/** Users the caller may manage: every user for the administrator, its own organisation's for a user administrator. */
export async function listUsers(ctx: Scope): Promise<UserView[]> {
  const a = await administration(ctx);
  const records = await listUserRecords(ctx.db, a.of === 'own_organisation' ? a.organisationCode : undefined);
  return records.map((u) => ({
    userId: u.id, username: u.username, displayName: u.displayName, organisationCode: u.organisationCode, role: u.role, managesUsers: u.managesUsers,
  }));
}

/** Creates a user, audited: of any organisation (the administrator) or of the caller's own (its user administrator). */
export async function createUser(ctx: Scope, input: NewUserInput): Promise<Actor> {
  const a = await administration(ctx, input.organisationCode);
  if (a.of === 'own_organisation' && !ORGANISATION_ROLES.includes(input.role)) {
    throw forbidden(`an organisation's user administrator gives the roles its side allows (${rolesFor(ctx.side).filter((r) => ORGANISATION_ROLES.includes(r)).join(' or ')}); only the administrator creates ${input.role} users`);
  }
  return ctx.write(['users'], async (w) => {
    const user = await auth.createUser(w.db, input);
    await w.record({
      action: 'user.create', entityType: 'user', entityId: user.userId,
      detail: { username: user.username, organisationCode: user.organisationCode, role: user.role, managesUsers: user.managesUsers, as: a.of },
    });
    return user;
  });
}

/** The signed-in user with what the web app should offer it (each still decided again when it acts). */
export interface Account extends Actor {
  readonly youMay: {
    /** Let a contract as its co-ordinating commissioner. */
    readonly letContracts: boolean;
    /** Let a subcontract under a contract it provides. */
    readonly letSubcontracts: boolean;
    /** List and create users (of every organisation, or of its own). */
    readonly manageUsers: boolean;
    /** Users of every organisation (the administrator), not only its own. */
    readonly manageEveryOrganisationsUsers: boolean;
  };
}

export async function account(ctx: Scope): Promise<Account> {
  const [every, own] = await Promise.all([ctx.may('users.manage'), ctx.may('users.manage_own', { organisationCode: ctx.actor.organisationCode })]);
  return {
    ...ctx.actor,
    youMay: {
      letContracts: ctx.mayHolding('contract.create', ['coordinating_commissioner']),
      letSubcontracts: ctx.mayHolding('subcontract.create', ['parent_provider']),
      manageUsers: every || own,
      manageEveryOrganisationsUsers: every,
    },
  };
}
