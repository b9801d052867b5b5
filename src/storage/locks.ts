import { sql, type Kysely } from 'kysely';
import type { Database } from './schema.ts';

/**
 * Holds a named lock until the enclosing transaction ends (PostgreSQL advisory transaction lock; on
 * PGlite, which is one connection, it costs nothing and transactions queue anyway). Appends to one
 * contract's ledger, its variation numbers and its submission chain are serialised this way, so two
 * users submitting at once queue instead of forking the chain.
 *
 * Callers take contract locks before the audit lock (appendAudit takes it last), so two
 * transactions never wait on each other in a circle.
 *
 * @example await lock(trx, `contract:${id}`)
 */
export async function lock(db: Kysely<Database>, key: string): Promise<void> {
  await sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`.execute(db);
}

export const AUDIT_LOCK = 'audit-log';
