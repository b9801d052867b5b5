/** Users of the product: administrators list and create them (each in a role its organisation's side allows). */

import * as auth from './auth.ts';
import type { Actor, Role } from './actor.ts';
import type { Scope } from './scope.ts';
import { listUsers as listUserRecords } from '../storage/repositories/users.ts';

export interface NewUserInput {
  readonly username: string;
  readonly displayName: string;
  readonly organisationCode: string;
  readonly role: Role;
  readonly password: string;
}

export interface UserView {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly organisationCode: string;
  readonly role: string;
}

export async function listUsers(ctx: Scope): Promise<UserView[]> {
  await ctx.require('users.manage');
  return (await listUserRecords(ctx.db)).map((u) => ({ userId: u.id, username: u.username, displayName: u.displayName, organisationCode: u.organisationCode, role: u.role }));
}

export async function createUser(ctx: Scope, input: NewUserInput): Promise<Actor> {
  await ctx.require('users.manage');
  return ctx.write(['users'], async (w) => {
    const user = await auth.createUser(w.db, input);
    await w.record({
      action: 'user.create', entityType: 'user', entityId: user.userId,
      detail: { username: user.username, organisationCode: user.organisationCode, role: user.role },
    });
    return user;
  });
}
