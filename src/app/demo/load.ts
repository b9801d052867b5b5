import { sql, type Kysely } from 'kysely';
import type { Database } from '../../storage/schema.ts';
import { addSuccessor, upsertOrganisation } from '../../storage/repositories/organisations.ts';
import { upsertService } from '../../storage/repositories/services.ts';
import { createUser } from '../auth.ts';
import type { Clock } from '../clock.ts';
import { addVariation, createContract } from '../contracts.ts';
import { Scope } from '../scope.ts';
import { DEMO_CONTRACTS } from './contracts.ts';
import { loadDemoPayments } from './payments.ts';
import { loadDemoRelationships, type DemoRelationshipSummary } from './relationship.ts';
import { loadDemoProcurement } from './procurement.ts';
import { loadDemoEconomy } from './economy.ts';
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
  /** The relationship's seed cases (demo/relationship.ts): the contracts they added, cases, returns, money entries. */
  readonly relationships?: DemoRelationshipSummary;
}

/**
 * Loads the demo economy as an import does (the system scope): registry, services and users in one
 * transaction; the seed contracts are recorded through the same use case users let contracts with,
 * so they obey every rule the product does; payment data is then entered by the demo users
 * themselves where one exists for the organisation (demo/payments.ts).
 */
export async function loadDemo(db: Kysely<Database>, clock: Clock): Promise<DemoSummary> {
  const ctx = Scope.system(db, clock);
  await ctx.write(['registry'], async (w) => {
    for (const o of DEMO_ORGANISATIONS) await upsertOrganisation(w.db, o);
    for (const s of DEMO_SUCCESSORS) await addSuccessor(w.db, s);
    for (const s of DEMO_SERVICES) await upsertService(w.db, s);
    for (const u of DEMO_USERS) await createUser(w.db, { ...u, password: DEMO_PASSWORD });
    await w.record({ action: 'demo.registry', entityType: 'economy', entityId: 'demo', detail: { organisations: DEMO_ORGANISATIONS.length, users: DEMO_USERS.length } });
  });
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
  const payments = await loadDemoPayments(db, clock);
  const relationships = await loadDemoRelationships(db, clock);
  await loadDemoProcurement(db, clock);
  // The impact economy is built from the contracts and statements above, so it comes last.
  await loadDemoEconomy(db, clock);
  await db.insertInto('app_meta').values({ key: LOADED_KEY, value: clock.now().toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: clock.now().toISOString() })).execute();
  return {
    activitySubmissions: payments.submissions,
    organisations: DEMO_ORGANISATIONS.length,
    services: DEMO_SERVICES.length,
    contracts: DEMO_CONTRACTS.length,
    variations,
    users: DEMO_USERS.length,
    relationships,
  };
}

/**
 * Empties every table and loads the demo again (administrators). The append-only tables refuse
 * TRUNCATE except inside this transaction, which says so (`concordat.reset`); the reset itself is
 * the first audit record afterwards, naming who did it. The data version (migration 0008) is kept:
 * truncating the audit log raises it in the same transaction, so every answer read before the
 * reset is known to be old the moment the tables are empty.
 */
export async function resetDemo(ctx: Scope): Promise<DemoSummary> {
  await ctx.require('demo.reset');
  const by = { userId: ctx.actor.userId, username: ctx.actor.username, organisationCode: ctx.actor.organisationCode };
  await ctx.db.transaction().execute(async (trx) => {
    await sql`select set_config('concordat.reset', 'on', true)`.execute(trx);
    const tables = await sql<{ tablename: string }>`select tablename from pg_tables where schemaname = current_schema()
      and tablename not like 'kysely_%' and tablename <> 'data_version'`.execute(trx);
    const names = tables.rows.map((r) => `"${r.tablename}"`).join(', ');
    if (names) await sql.raw(`truncate ${names} restart identity cascade`).execute(trx);
  });
  await Scope.system(ctx.db, ctx.clock).write([], (w) => w.record({ action: 'demo.reset', entityType: 'economy', entityId: 'demo', detail: { by } }));
  return loadDemo(ctx.db, ctx.clock);
}
