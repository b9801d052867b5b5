import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface Service {
  readonly code: string;
  readonly name: string;
  /** Who by law commissions it: 'icb', 'nhs_england_specialised', 'nhs_england_direct' or 'local_authority'. */
  readonly commissionedBy: string;
  readonly description: string;
}

export async function listServices(db: Kysely<Database>): Promise<Service[]> {
  const rows = await db.selectFrom('services').selectAll().orderBy('name').execute();
  return rows.map((r) => ({ code: r.code, name: r.name, commissionedBy: r.commissioned_by, description: r.description }));
}

export async function upsertService(db: Kysely<Database>, s: Service): Promise<void> {
  await db
    .insertInto('services')
    .values({ code: s.code, name: s.name, commissioned_by: s.commissionedBy, description: s.description })
    .onConflict((oc) => oc.column('code').doUpdateSet({ name: s.name, commissioned_by: s.commissionedBy, description: s.description }))
    .execute();
}

export async function existingServiceCodes(db: Kysely<Database>, codes: readonly string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.selectFrom('services').select('code').where('code', 'in', [...new Set(codes)]).execute();
  return new Set(rows.map((r) => r.code));
}
