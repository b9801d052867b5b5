import { randomBytes, randomUUID, scryptSync, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import { invalid, unauthenticated } from '../domain/errors.ts';
import type { Database } from '../storage/schema.ts';
import * as users from '../storage/repositories/users.ts';
import { findOrganisation } from '../storage/repositories/organisations.ts';
import { ROLES, type Actor, type Role } from './actor.ts';
import type { Clock } from './clock.ts';

const SESSION_HOURS = 12;

export function hashPassword(password: string): string {
  const salt = randomBytes(16).toString('hex');
  const hash = scryptSync(password, salt, 32).toString('hex');
  return `scrypt:${salt}:${hash}`;
}

export function verifyPassword(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split(':');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const candidate = scryptSync(password, salt, 32);
  const expected = Buffer.from(hash, 'hex');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

function toActor(u: users.UserRecord): Actor {
  return { userId: u.id, username: u.username, displayName: u.displayName, organisationCode: u.organisationCode, role: u.role as Role };
}

export interface SignedIn {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: Actor;
}

/** Checks the password and opens a session. The message does not say which of the two was wrong. */
export async function signIn(db: Kysely<Database>, clock: Clock, username: string, password: string): Promise<SignedIn> {
  const user = await users.findUserByUsername(db, username);
  if (!user || !verifyPassword(password, user.passwordHash)) throw unauthenticated('unknown user name or wrong password');
  const token = randomBytes(24).toString('base64url');
  const expiresAt = new Date(clock.now().getTime() + SESSION_HOURS * 3600_000).toISOString();
  await users.insertSession(db, token, user.id, expiresAt);
  return { token, expiresAt, user: toActor(user) };
}

export async function actorForToken(db: Kysely<Database>, clock: Clock, token: string): Promise<Actor> {
  const user = await users.findSessionUser(db, token, clock.now().toISOString());
  if (!user) throw unauthenticated('your session has ended: sign in again');
  return toActor(user);
}

export async function signOut(db: Kysely<Database>, token: string): Promise<void> {
  await users.deleteSession(db, token);
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly organisationCode: string;
  readonly role: Role;
  readonly password: string;
}

export async function createUser(db: Kysely<Database>, u: NewUser): Promise<Actor> {
  if (!ROLES.includes(u.role)) throw invalid('role', `must be one of ${ROLES.join(', ')}`);
  if (!(await findOrganisation(db, u.organisationCode))) throw invalid('organisationCode', `unknown organisation "${u.organisationCode}"`);
  const record = { id: randomUUID(), username: u.username, displayName: u.displayName, organisationCode: u.organisationCode, role: u.role, passwordHash: hashPassword(u.password) };
  await users.insertUser(db, record);
  return toActor(record);
}
