import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly organisationCode: string;
  readonly organisationKind: string;
  readonly role: string;
  readonly passwordHash: string;
  /** Creates and lists the users of its own organisation. */
  readonly managesUsers: boolean;
}

type Row = { id: string; username: string; display_name: string; organisation_code: string; role: string; password_hash: string; kind: string; manages_users: boolean };

function toUser(r: Row): UserRecord {
  return {
    id: r.id, username: r.username, displayName: r.display_name, organisationCode: r.organisation_code, organisationKind: r.kind,
    role: r.role, passwordHash: r.password_hash, managesUsers: r.manages_users,
  };
}

function withOrganisation(db: Kysely<Database>) {
  return db.selectFrom('users as u').innerJoin('organisations as o', 'o.code', 'u.organisation_code')
    .select(['u.id', 'u.username', 'u.display_name', 'u.organisation_code', 'u.role', 'u.password_hash', 'o.kind', 'u.manages_users']);
}

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRecord | undefined> {
  const r = await withOrganisation(db).where('u.username', '=', username).executeTakeFirst();
  return r ? toUser(r) : undefined;
}

export async function listUsers(db: Kysely<Database>, organisationCode?: string): Promise<UserRecord[]> {
  let q = withOrganisation(db);
  if (organisationCode) q = q.where('u.organisation_code', '=', organisationCode);
  const rows = await q.orderBy('u.username').execute();
  return rows.map(toUser);
}

/** The users who recorded a contract's variations, and those with the given ids, in one query. */
export async function usersOfContractHistory(db: Kysely<Database>, contractId: string, ids: readonly string[]): Promise<UserRecord[]> {
  const rows = await withOrganisation(db)
    .where((eb) => {
      const variations = eb('u.id', 'in', db.selectFrom('contract_variations').select('created_by').where('contract_id', '=', contractId));
      return ids.length ? eb.or([variations, eb('u.id', 'in', [...ids])]) : variations;
    })
    .execute();
  return rows.map(toUser);
}

/** Users by id (a history's names); ids no user has are left out. */
export async function usersById(db: Kysely<Database>, ids: readonly string[]): Promise<UserRecord[]> {
  if (ids.length === 0) return [];
  const rows = await withOrganisation(db).where('u.id', 'in', [...ids]).execute();
  return rows.map(toUser);
}

export async function insertUser(db: Kysely<Database>, u: Omit<UserRecord, 'organisationKind'>): Promise<void> {
  await db.insertInto('users').values({
    id: u.id, username: u.username, display_name: u.displayName, organisation_code: u.organisationCode, role: u.role, password_hash: u.passwordHash,
    manages_users: u.managesUsers,
  }).execute();
}

/** Sessions are found by the SHA-256 of their token; the token itself is never stored. */
export async function insertSession(db: Kysely<Database>, tokenSha256: string, userId: string, expiresAt: string): Promise<void> {
  await db.insertInto('sessions').values({ token_sha256: tokenSha256, user_id: userId, expires_at: expiresAt }).execute();
}

export async function findSessionUser(db: Kysely<Database>, tokenSha256: string, now: string): Promise<{ user: UserRecord; expiresAt: string } | undefined> {
  const r = await withOrganisation(db)
    .innerJoin('sessions as s', 's.user_id', 'u.id')
    .select('s.expires_at')
    .where('s.token_sha256', '=', tokenSha256)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
  return r ? { user: toUser(r), expiresAt: r.expires_at } : undefined;
}

export async function deleteSession(db: Kysely<Database>, tokenSha256: string): Promise<void> {
  await db.deleteFrom('sessions').where('token_sha256', '=', tokenSha256).execute();
}
