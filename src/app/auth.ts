import { createHash, randomBytes, randomUUID, scrypt as scryptCallback, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import type { Kysely } from 'kysely';
import { rolesFor, ROLES, type OrganisationSide, type Role } from '../domain/access/rights.ts';
import { invalid, TooManyRequests, unauthenticated } from '../domain/errors.ts';
import { isCommissionerKind, type OrganisationKind } from '../domain/registry/organisation.ts';
import type { Database } from '../storage/schema.ts';
import * as users from '../storage/repositories/users.ts';
import { findOrganisation } from '../storage/repositories/organisations.ts';
import type { Actor } from './actor.ts';
import type { Clock } from './clock.ts';

const SESSION_HOURS = 12;
// scrypt runs on libuv's thread pool, never on the event loop: a flood of sign-ins cannot stall the API.
const scrypt = promisify(scryptCallback) as (password: string, salt: string, keylen: number) => Promise<Buffer>;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16).toString('hex');
  const hash = await scrypt(password, salt, 32);
  return `scrypt:${salt}:${hash.toString('hex')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, salt, hash] = stored.split(':');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const candidate = await scrypt(password, salt, 32);
  const expected = Buffer.from(hash, 'hex');
  return candidate.length === expected.length && timingSafeEqual(candidate, expected);
}

/** A hash no password matches, checked for unknown user names so they take as long as known ones. */
let decoyHash: Promise<string> | undefined;
const decoy = () => (decoyHash ??= hashPassword(randomBytes(16).toString('hex')));

/** Only the token's SHA-256 is stored: a copy of the database opens no session. */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function sideOf(kind: string): OrganisationSide {
  return isCommissionerKind(kind as OrganisationKind) ? 'commissioner' : 'provider';
}

function toActor(u: users.UserRecord): Actor {
  return {
    userId: u.id, username: u.username, displayName: u.displayName, organisationCode: u.organisationCode, role: u.role as Role,
    side: sideOf(u.organisationKind), managesUsers: u.managesUsers,
  };
}

export interface SignedIn {
  readonly token: string;
  readonly expiresAt: string;
  readonly user: Actor;
}

export interface ThrottleLimits {
  /** Failed sign-ins for one user name within the window before it is held. */
  readonly failuresPerUser: number;
  /** Sign-in attempts from one address within the window. */
  readonly attemptsPerAddress: number;
  readonly windowMs: number;
}

export const DEFAULT_THROTTLE: ThrottleLimits = { failuresPerUser: 5, attemptsPerAddress: 30, windowMs: 15 * 60_000 };

/**
 * Sign-in throttling, per user name (failures) and per address (attempts), in this process's memory.
 * Guessing a password is held after a handful of tries however many addresses it comes from, and
 * one address cannot make the server run scrypt without end.
 */
export class SignInThrottle {
  readonly #clock: Clock;
  readonly #limits: ThrottleLimits;
  readonly #failures = new Map<string, number[]>();
  readonly #attempts = new Map<string, number[]>();

  constructor(clock: Clock, limits: ThrottleLimits = DEFAULT_THROTTLE) {
    this.#clock = clock;
    this.#limits = limits;
  }

  #recent(map: Map<string, number[]>, key: string): number[] {
    const since = this.#clock.now().getTime() - this.#limits.windowMs;
    const kept = (map.get(key) ?? []).filter((t) => t > since);
    if (kept.length) map.set(key, kept);
    else map.delete(key);
    // A bound on memory: a flood of distinct keys forgets the oldest.
    if (map.size > 100_000) map.delete(map.keys().next().value as string);
    return kept;
  }

  #refuse(times: number[], what: string): never {
    const retry = Math.max(1, Math.ceil((times[0] + this.#limits.windowMs - this.#clock.now().getTime()) / 1000));
    throw new TooManyRequests(`too many sign-in attempts ${what}; try again in ${Math.ceil(retry / 60)} minute(s)`, retry);
  }

  /** Counts an attempt; refuses (429) when the user name or the address is over its limit. */
  attempt(username: string, address: string): void {
    const fromAddress = this.#recent(this.#attempts, address);
    if (fromAddress.length >= this.#limits.attemptsPerAddress) this.#refuse(fromAddress, 'from your address');
    const failed = this.#recent(this.#failures, username.toLowerCase());
    if (failed.length >= this.#limits.failuresPerUser) this.#refuse(failed, 'for this user name');
    this.#attempts.set(address, [...fromAddress, this.#clock.now().getTime()]);
  }

  failed(username: string): void {
    const key = username.toLowerCase();
    this.#failures.set(key, [...this.#recent(this.#failures, key), this.#clock.now().getTime()]);
  }

  succeeded(username: string): void {
    this.#failures.delete(username.toLowerCase());
  }
}

/**
 * Checks the password and opens a session. The message does not say which of the two was wrong, and
 * an unknown user name takes as long as a known one (the password is checked against a decoy).
 */
export async function signIn(
  db: Kysely<Database>, clock: Clock, throttle: SignInThrottle, username: string, password: string, address: string,
): Promise<SignedIn> {
  throttle.attempt(username, address);
  const user = await users.findUserByUsername(db, username);
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoy()));
  if (!user || !ok) {
    throttle.failed(username);
    throw unauthenticated('unknown user name or wrong password');
  }
  throttle.succeeded(username);
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(clock.now().getTime() + SESSION_HOURS * 3600_000).toISOString();
  await users.insertSession(db, tokenHash(token), user.id, expiresAt);
  return { token, expiresAt, user: toActor(user) };
}

/** The session's user and when the session ends; unauthenticated when there is no such live session. */
export async function sessionForToken(db: Kysely<Database>, clock: Clock, token: string): Promise<{ actor: Actor; expiresAt: string }> {
  const found = await users.findSessionUser(db, tokenHash(token), clock.now().toISOString());
  if (!found) throw unauthenticated('your session has ended: sign in again');
  return { actor: toActor(found.user), expiresAt: found.expiresAt };
}

export async function signOut(db: Kysely<Database>, token: string): Promise<void> {
  await users.deleteSession(db, tokenHash(token));
}

export interface NewUser {
  readonly username: string;
  readonly displayName: string;
  readonly organisationCode: string;
  readonly role: Role;
  readonly password: string;
  /** An organisation user administrator (creates and lists its own organisation's users). */
  readonly managesUsers?: boolean;
}

/** A user of an organisation, in a role its side allows (a provider's users cannot be commissioners). */
export async function createUser(db: Kysely<Database>, u: NewUser): Promise<Actor> {
  if (!ROLES.includes(u.role)) throw invalid('role', `must be one of ${ROLES.join(', ')}`);
  const org = await findOrganisation(db, u.organisationCode);
  if (!org) throw invalid('organisationCode', `unknown organisation "${u.organisationCode}"`);
  const side = sideOf(org.kind);
  if (!rolesFor(side).includes(u.role)) {
    throw invalid('role', `${org.name} is a ${side}: its users may be ${rolesFor(side).join(' or ')}, not ${u.role}`);
  }
  const record = {
    id: randomUUID(), username: u.username, displayName: u.displayName, organisationCode: u.organisationCode, role: u.role,
    passwordHash: await hashPassword(u.password), managesUsers: u.managesUsers ?? false,
  };
  await users.insertUser(db, record);
  return toActor({ ...record, organisationKind: org.kind });
}

/** A user as an actor, by user name (the demo enters its data as its users). */
export async function actorForUsername(db: Kysely<Database>, username: string): Promise<Actor | undefined> {
  const u = await users.findUserByUsername(db, username);
  return u ? toActor(u) : undefined;
}
