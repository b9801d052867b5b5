import { sql, type Kysely } from 'kysely';
import { sealExisting } from '../ledger/seal-existing.ts';

/**
 * Trust and integrity:
 * - the ledger: every stored figure a statement or a contract's history reads is sealed, in order,
 *   into a hash chain per contract (and per tariff year), each entry pointing at its audit record;
 * - the audit log is itself a hash chain;
 * - contracts and their parties, services, variations, acceptances and variation proposals are
 *   append-only, and DELETE and TRUNCATE are refused as well as UPDATE (the demo reset is the one
 *   deliberate exception: it sets `concordat.reset` for its own transaction);
 * - session tokens are stored as their SHA-256;
 * - acceptance of a new contract by the other parties, subcontract consent, and variations proposed
 *   by one party and decided by the co-ordinating commissioner;
 * - one submission chain per contract: no two submissions share a predecessor, one root.
 *
 * Records a database already held are sealed here, once (storage/ledger/seal-existing.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('ledger_entries')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('content', 'jsonb', (c) => c.notNull())
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('previous_sha256', 'text')
    .addColumn('chain_sha256', 'text', (c) => c.notNull())
    .addColumn('audit_id', 'bigint')
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('ledger_entries_scope_seq', ['scope', 'seq'])
    .addCheckConstraint('ledger_entries_seq', sql`seq >= 1`)
    .execute();
  await db.schema.createIndex('ledger_entries_entity').on('ledger_entries').columns(['entity_type', 'entity_id']).execute();

  await db.schema.alterTable('audit_log').addColumn('chain_sha256', 'text').execute();

  // Sessions: only the token's hash is kept, so a copy of the database opens no session.
  await sql`delete from sessions`.execute(db);
  await sql`alter table sessions rename column token to token_sha256`.execute(db);

  await db.schema.alterTable('contracts').addColumn('let_by_organisation', 'text').execute();
  // Subcontracts are looked up by their parent on every contract page.
  await db.schema.createIndex('contracts_parent').on('contracts').column('parent_contract_id').execute();

  await db.schema
    .createTable('contract_acceptances')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('organisation_code', 'text', (c) => c.notNull().references('organisations.code'))
    // A party role, or 'subcontract_consent' for the parent contract's commissioner.
    .addColumn('capacity', 'text', (c) => c.notNull())
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('contract_acceptances_once', ['contract_id', 'organisation_code', 'capacity'])
    .addCheckConstraint('contract_acceptances_decision', sql`decision in ('accepted', 'declined')`)
    .execute();

  await db.schema
    .createTable('variation_proposals')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('proposal', 'jsonb', (c) => c.notNull())
    .addColumn('proposed_by', 'text', (c) => c.notNull())
    .addColumn('proposed_by_organisation', 'text', (c) => c.notNull())
    .addColumn('proposed_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('variation_proposals_contract').on('variation_proposals').column('contract_id').execute();

  await db.schema
    .createTable('variation_decisions')
    .addColumn('proposal_id', 'text', (c) => c.primaryKey().references('variation_proposals.id'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('variation_id', 'text', (c) => c.references('contract_variations.id'))
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_by_organisation', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('variation_decisions_decision', sql`decision in ('agreed', 'rejected', 'withdrawn')`)
    .execute();

  // A submission's place in its contract's chain is its ledger entry (hash over the previous entry
  // and every stored figure); the old per-submission hash is kept for records made before.
  await sql`alter table activity_submissions alter column chain_sha256 drop not null`.execute(db);

  // One chain of submissions per contract: one root, and no two submissions after the same one.
  await sql`create unique index activity_submissions_one_successor on activity_submissions (contract_id, coalesce(previous_id, ''))`.execute(db);

  // Refuses TRUNCATE unless the demo reset asked for it in its own transaction.
  await sql`
    create function refuse_truncate() returns trigger language plpgsql as $$
    begin
      if coalesce(current_setting('concordat.reset', true), '') <> 'on' then
        raise exception '% is append-only: it cannot be truncated', tg_table_name using errcode = 'P0001';
      end if;
      return null;
    end $$`.execute(db);

  // The audit log may have its chain hash written once (by the upgrade that seals old records).
  await sql`drop trigger audit_log_append_only on audit_log`.execute(db);
  await sql`
    create function audit_log_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'UPDATE' and old.chain_sha256 is null and new.chain_sha256 is not null
         and (to_jsonb(new) - 'chain_sha256') = (to_jsonb(old) - 'chain_sha256') then
        return new;
      end if;
      raise exception 'audit_log is append-only' using errcode = 'P0001';
    end $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log for each row execute function audit_log_guard()`.execute(db);

  await sql`drop trigger contract_variations_append_only on contract_variations`.execute(db);
  for (const table of ['contracts', 'contract_parties', 'contract_services', 'contract_variations', 'contract_acceptances', 'variation_proposals', 'variation_decisions', 'ledger_entries']) {
    await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.id(table)} for each row execute function refuse_change()`.execute(db);
  }
  for (const table of ['audit_log', 'contracts', 'contract_parties', 'contract_services', 'contract_variations', 'contract_acceptances', 'variation_proposals', 'variation_decisions', 'ledger_entries', 'activity_submissions', 'plan_lines']) {
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.id(table)} for each statement execute function refuse_truncate()`.execute(db);
  }
  await sealExisting(db, new Date().toISOString());
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['variation_decisions', 'variation_proposals', 'contract_acceptances', 'ledger_entries']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
