import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface UserRecord {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly organisationCode: string;
  readonly role: string;
  readonly passwordHash: string;
}

function toUser(r: { id: string; username: string; display_name: string; organisation_code: string; role: string; password_hash: string }): UserRecord {
  return { id: r.id, username: r.username, displayName: r.display_name, organisationCode: r.organisation_code, role: r.role, passwordHash: r.password_hash };
}

export async function findUserByUsername(db: Kysely<Database>, username: string): Promise<UserRecord | undefined> {
  const r = await db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
  return r ? toUser(r) : undefined;
}

export async function listUsers(db: Kysely<Database>): Promise<UserRecord[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('username').execute();
  return rows.map(toUser);
}

export async function insertUser(db: Kysely<Database>, u: UserRecord): Promise<void> {
  await db.insertInto('users').values({
    id: u.id, username: u.username, display_name: u.displayName, organisation_code: u.organisationCode, role: u.role, password_hash: u.passwordHash,
  }).execute();
}

export async function insertSession(db: Kysely<Database>, token: string, userId: string, expiresAt: string): Promise<void> {
  await db.insertInto('sessions').values({ token, user_id: userId, expires_at: expiresAt }).execute();
}

export async function findSessionUser(db: Kysely<Database>, token: string, now: string): Promise<UserRecord | undefined> {
  const r = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .selectAll('u')
    .where('s.token', '=', token)
    .where('s.expires_at', '>', now)
    .executeTakeFirst();
  return r ? toUser(r) : undefined;
}

export async function deleteSession(db: Kysely<Database>, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('token', '=', token).execute();
}
