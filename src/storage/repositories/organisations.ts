import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import { commissionerKinds, type Organisation, type OrganisationKind, type Sector, type SuccessorLink } from '../../domain/registry/organisation.ts';
import type { Database, OrganisationsTable } from '../schema.ts';

type Db = Kysely<Database>;

function toOrganisation(row: Selectable<OrganisationsTable>): Organisation {
  return {
    code: row.code,
    name: row.name,
    kind: row.kind as OrganisationKind,
    sector: row.sector as Sector,
    parentCode: row.parent_code,
    regionCode: row.region_code,
    postcode: row.postcode,
    openDate: row.open_date,
    closeDate: row.close_date,
    source: row.source,
    odsVerified: row.ods_verified,
    note: row.note,
  };
}

export interface OrganisationFilter {
  readonly kind?: string;
  readonly sector?: string;
  readonly search?: string;
  readonly openOn?: string;
  readonly parent?: string;
  /** Only commissioning organisations, or only providing ones. */
  readonly side?: 'commissioner' | 'provider';
  readonly limit: number;
  readonly offset: number;
}

export async function listOrganisations(db: Db, f: OrganisationFilter): Promise<{ items: Organisation[]; total: number }> {
  let q = db.selectFrom('organisations');
  if (f.kind) q = q.where('kind', '=', f.kind);
  if (f.sector) q = q.where('sector', '=', f.sector);
  if (f.parent) q = q.where('parent_code', '=', f.parent);
  if (f.side) q = q.where('kind', f.side === 'commissioner' ? 'in' : 'not in', commissionerKinds());
  if (f.search) {
    const like = `%${f.search.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('name', 'ilike', like), eb('code', 'ilike', like)]));
  }
  if (f.openOn) {
    const d = f.openOn;
    q = q
      .where((eb) => eb.or([eb('open_date', 'is', null), eb('open_date', '<=', d)]))
      .where((eb) => eb.or([eb('close_date', 'is', null), eb('close_date', '>=', d)]));
  }
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await q.selectAll().orderBy('name').orderBy('code').limit(f.limit).offset(f.offset).execute();
  return { items: rows.map(toOrganisation), total: Number(total) };
}

export async function findOrganisation(db: Db, code: string): Promise<Organisation | undefined> {
  const row = await db.selectFrom('organisations').selectAll().where('code', '=', code).executeTakeFirst();
  return row ? toOrganisation(row) : undefined;
}

export async function findOrganisations(db: Db, codes: readonly string[]): Promise<Map<string, Organisation>> {
  if (codes.length === 0) return new Map();
  const rows = await db.selectFrom('organisations').selectAll().where('code', 'in', [...new Set(codes)]).execute();
  return new Map(rows.map((r) => [r.code, toOrganisation(r)]));
}

/**
 * Inserts or updates by ODS code. Returns whether the row was created, changed or left as it was,
 * so an import can report counts honestly.
 */
export async function upsertOrganisation(db: Db, org: Organisation): Promise<'created' | 'updated' | 'unchanged'> {
  const existing = await findOrganisation(db, org.code);
  const values = {
    name: org.name,
    kind: org.kind,
    sector: org.sector,
    parent_code: org.parentCode,
    region_code: org.regionCode,
    postcode: org.postcode,
    open_date: org.openDate,
    close_date: org.closeDate,
    source: org.source,
    ods_verified: org.odsVerified,
    note: org.note,
  };
  if (!existing) {
    await db.insertInto('organisations').values({ code: org.code, ...values }).execute();
    return 'created';
  }
  const same =
    existing.name === org.name && existing.kind === org.kind && existing.sector === org.sector &&
    existing.parentCode === org.parentCode && existing.regionCode === org.regionCode &&
    existing.postcode === org.postcode && existing.openDate === org.openDate && existing.closeDate === org.closeDate;
  if (same) return 'unchanged';
  await db
    .updateTable('organisations')
    .set({ ...values, note: org.note ?? existing.note, updated_at: sql<string>`now()` as unknown as string })
    .where('code', '=', org.code)
    .execute();
  return 'updated';
}

export async function addSuccessor(db: Db, link: SuccessorLink): Promise<void> {
  await db
    .insertInto('organisation_successors')
    .values({
      predecessor_code: link.predecessorCode,
      successor_code: link.successorCode,
      effective_date: link.effectiveDate,
      reason: link.reason,
    })
    .onConflict((oc) => oc.columns(['predecessor_code', 'successor_code']).doUpdateSet({ effective_date: link.effectiveDate, reason: link.reason }))
    .execute();
}

export async function successorLinks(db: Db, code: string): Promise<{ predecessors: SuccessorLink[]; successors: SuccessorLink[] }> {
  const rows = await db
    .selectFrom('organisation_successors')
    .selectAll()
    .where((eb) => eb.or([eb('predecessor_code', '=', code), eb('successor_code', '=', code)]))
    .orderBy('effective_date')
    .execute();
  const links = rows.map((r) => ({
    predecessorCode: r.predecessor_code,
    successorCode: r.successor_code,
    effectiveDate: r.effective_date,
    reason: r.reason as SuccessorLink['reason'],
  }));
  return { predecessors: links.filter((l) => l.successorCode === code), successors: links.filter((l) => l.predecessorCode === code) };
}

export async function childOrganisations(db: Db, code: string): Promise<Organisation[]> {
  const rows = await db.selectFrom('organisations').selectAll().where('parent_code', '=', code).orderBy('name').execute();
  return rows.map(toOrganisation);
}
