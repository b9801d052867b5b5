import type { Kysely } from 'kysely';
import { auditChainHash } from '../repositories/audit.ts';
import type { Database } from '../schema.ts';
import { seal } from './ledger.ts';
import type { SealedKind } from './sealed.ts';

/**
 * Seals what a database held before the ledger existed (run once, by the upgrade that creates it):
 * chains the audit log in id order and seals every contract, variation, payment terms, submission and
 * tariff year in the order they were recorded. Their seals carry no audit record of their own.
 */
export async function sealExisting(db: Kysely<Database>, at: string): Promise<{ auditRecords: number; sealed: number }> {
  let previous: string | null = null;
  const audit = await db.selectFrom('audit_log').selectAll().orderBy('id').execute();
  for (const r of audit) {
    const chain = auditChainHash(previous, {
      at: r.at, userId: r.user_id, organisationCode: r.organisation_code, action: r.action, entityType: r.entity_type, entityId: r.entity_id, detail: r.detail,
    });
    await db.updateTable('audit_log').set({ chain_sha256: chain }).where('id', '=', r.id).execute();
    previous = chain;
  }
  const ordered: { kind: SealedKind; id: string }[] = [
    ...(await db.selectFrom('contracts').select('id').orderBy('created_at').orderBy('id').execute()).map((r) => ({ kind: 'contract', id: r.id })),
    ...(await db.selectFrom('contract_variations').select('id').orderBy('contract_id').orderBy('sequence').execute()).map((r) => ({ kind: 'variation', id: r.id })),
    ...(await db.selectFrom('contract_payment_terms').select(['contract_id', 'scheme_year']).orderBy('set_at').execute())
      .map((r) => ({ kind: 'payment_terms', id: `${r.contract_id}/${r.scheme_year}` })),
    ...(await db.selectFrom('activity_submissions').select('id').orderBy('seq').execute()).map((r) => ({ kind: 'activity_submission', id: r.id })),
    ...(await db.selectFrom('tariff_years').select('year').orderBy('year').execute()).map((r) => ({ kind: 'tariff_year', id: r.year })),
  ];
  for (const r of ordered) await seal(db, [r], { auditId: null, at });
  return { auditRecords: audit.length, sealed: ordered.length };
}
