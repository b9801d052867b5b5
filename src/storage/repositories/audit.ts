import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

export interface AuditEntry {
  readonly id: number;
  readonly at: string;
  readonly userId: string;
  readonly organisationCode: string | null;
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly detail: unknown;
}

/** Appends one record; the table refuses updates and deletes (see migration 0001). */
export async function appendAudit(
  db: Kysely<Database>,
  e: Omit<AuditEntry, 'id' | 'at'> & { readonly at: string },
): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      at: e.at,
      user_id: e.userId,
      organisation_code: e.organisationCode,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      detail: JSON.stringify(e.detail ?? {}),
    })
    .execute();
}

export async function listAudit(
  db: Kysely<Database>,
  f: { readonly entityType?: string; readonly entityId?: string; readonly organisationCode?: string; readonly limit: number; readonly offset: number },
): Promise<{ items: AuditEntry[]; total: number }> {
  let q = db.selectFrom('audit_log');
  if (f.entityType) q = q.where('entity_type', '=', f.entityType);
  if (f.entityId) q = q.where('entity_id', '=', f.entityId);
  if (f.organisationCode) q = q.where('organisation_code', '=', f.organisationCode);
  const [{ total }] = await q.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const rows = await q.selectAll().orderBy('id', 'desc').limit(f.limit).offset(f.offset).execute();
  return {
    total: Number(total),
    items: rows.map((r) => ({
      id: Number(r.id), at: r.at, userId: r.user_id, organisationCode: r.organisation_code, action: r.action,
      entityType: r.entity_type, entityId: r.entity_id, detail: r.detail,
    })),
  };
}
