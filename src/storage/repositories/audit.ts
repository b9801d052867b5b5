import type { Kysely } from 'kysely';
import { contentSha256, sha256Hex } from '../ledger/canonical.ts';
import { AUDIT_LOCK, lock } from '../locks.ts';
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

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

/** What an audit record's hash covers: everything but its id (the chain's order is the id order). */
export function auditContent(e: NewAuditEntry): unknown {
  return {
    at: e.at, userId: e.userId, organisationCode: e.organisationCode, action: e.action,
    entityType: e.entityType, entityId: e.entityId, detail: e.detail ?? {},
  };
}

/** The audit chain: each record's hash covers the one before, so a deleted or altered record shows. */
export function auditChainHash(previous: string | null, e: NewAuditEntry): string {
  return sha256Hex(`${previous ?? ''}|${contentSha256(auditContent(e))}`);
}

/**
 * Appends one record, chained to the last, and returns its id. Must run inside a transaction: the
 * audit lock is held until commit so two writers cannot chain onto the same record. The table
 * refuses updates, deletes and truncation (migrations 0001 and 0003).
 */
export async function appendAudit(db: Kysely<Database>, entry: NewAuditEntry): Promise<number> {
  // Stored as read back (timestamps to the millisecond in ISO form), so the hash can be recomputed.
  const e: NewAuditEntry = { ...entry, at: new Date(entry.at).toISOString(), detail: entry.detail ?? {} };
  await lock(db, AUDIT_LOCK);
  const last = await db.selectFrom('audit_log').select('chain_sha256').orderBy('id', 'desc').limit(1).executeTakeFirst();
  const chain = auditChainHash(last?.chain_sha256 ?? null, e);
  const row = await db
    .insertInto('audit_log')
    .values({
      at: e.at,
      user_id: e.userId,
      organisation_code: e.organisationCode,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      detail: JSON.stringify(e.detail ?? {}),
      chain_sha256: chain,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(row.id);
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
