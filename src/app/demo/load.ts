import { sql, type Kysely } from 'kysely';
import type { Database } from '../../storage/schema.ts';
import { addSuccessor, upsertOrganisation } from '../../storage/repositories/organisations.ts';
import { upsertService } from '../../storage/repositories/services.ts';
import { appendAudit } from '../../storage/repositories/audit.ts';
import { requireAdmin, type Actor } from '../actor.ts';
import { createUser } from '../auth.ts';
import type { Clock } from '../clock.ts';
import { addVariation, createContract } from '../contracts.ts';
import { DEMO_CONTRACTS } from './contracts.ts';
import { loadDemoPayments } from './payments.ts';
import { DEMO_ORGANISATIONS, DEMO_SUCCESSORS } from './organisations.ts';
import { DEMO_SERVICES } from './services.ts';
import { DEMO_PASSWORD, DEMO_USERS } from './users.ts';

const LOADED_KEY = 'demo_loaded_at';

export async function isDemoLoaded(db: Kysely<Database>): Promise<boolean> {
  const row = await db.selectFrom('app_meta').select('value').where('key', '=', LOADED_KEY).executeTakeFirst();
  return row !== undefined;
}

export interface DemoSummary {
  readonly organisations: number;
  readonly services: number;
  readonly contracts: number;
  readonly variations: number;
  readonly users: number;
  readonly activitySubmissions?: number;
}

/**
 * Loads the demo economy. Registry, services and users go in one transaction; contracts then go
 * through the same use case a commissioner's would, so the demo obeys every rule the product does.
 */
export async function loadDemo(db: Kysely<Database>, clock: Clock, actor: Actor): Promise<DemoSummary> {
  requireAdmin(actor);
  await db.transaction().execute(async (trx) => {
    for (const o of DEMO_ORGANISATIONS) await upsertOrganisation(trx, o);
    for (const s of DEMO_SUCCESSORS) await addSuccessor(trx, s);
    for (const s of DEMO_SERVICES) await upsertService(trx, s);
    for (const u of DEMO_USERS) await createUser(trx, { ...u, password: DEMO_PASSWORD });
  });
  const ctx = { db, actor, clock };
  const ids = new Map<string, string>();
  let variations = 0;
  for (const c of DEMO_CONTRACTS) {
    const { parentReference, variations: vs, ...terms } = c;
    const created = await createContract(ctx, { ...terms, parentContractId: parentReference ? ids.get(parentReference) ?? null : null });
    ids.set(c.reference, created.contract.id);
    for (const v of vs ?? []) {
      await addVariation(ctx, created.contract.id, v);
      variations++;
    }
  }
  const payments = await loadDemoPayments(db, clock, actor);
  await db.insertInto('app_meta').values({ key: LOADED_KEY, value: clock.now().toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: clock.now().toISOString() })).execute();
  return {
    activitySubmissions: payments.submissions,
    organisations: DEMO_ORGANISATIONS.length,
    services: DEMO_SERVICES.length,
    contracts: DEMO_CONTRACTS.length,
    variations,
    users: DEMO_USERS.length,
  };
}

/** Empties every table and loads the demo again. The reset itself is the first audit record afterwards. */
export async function resetDemo(db: Kysely<Database>, clock: Clock, actor: Actor): Promise<DemoSummary> {
  requireAdmin(actor);
  const tables = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = current_schema()
    and tablename not like 'kysely_%'`.execute(db);
  const names = tables.rows.map((r) => `"${r.tablename}"`).join(', ');
  if (names) await sql.raw(`truncate ${names} restart identity cascade`).execute(db);
  await appendAudit(db, {
    at: clock.now().toISOString(), userId: actor.userId, organisationCode: actor.organisationCode,
    action: 'demo.reset', entityType: 'economy', entityId: 'demo', detail: {},
  });
  return loadDemo(db, clock, actor);
}
