import { sql, type Kysely } from 'kysely';

/**
 * Impact (C8) as stored data: economies owned by an organisation; versions of an economy built as
 * at a date (the input read from contracts, statements, plans and entries, and the economy built
 * from it, so a version re-runs with the same result); the cost, workforce, provider and pathway
 * figures entered on top (append-only: a correction supersedes, as activity submissions do);
 * scenarios owned by an organisation; scenario runs (kept, sealed, optionally with the decision
 * they belong to); and the link from a decision (a variation, its proposal, an award, a service
 * move) to the run that showed its impact first.
 *
 * Versions, entries, runs and decision links refuse UPDATE (but an entry's superseded_by, once),
 * DELETE and TRUNCATE (the demo reset excepted); versions, entries and runs are sealed in the
 * ledger under `economy:<id>`. Economies and scenarios are working documents: their name and
 * sharing change through Concordat, audited.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('economies')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_organisation', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sharing', 'text', (c) => c.notNull().defaultTo('private'))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('economies_id', sql`id ~ '^[a-z0-9][a-z0-9-]{1,62}$'`)
    .addCheckConstraint('economies_sharing', sql`sharing in ('private', 'economy', 'published')`)
    .execute();
  await db.schema.createIndex('economies_owner').on('economies').column('owner_organisation').execute();

  await db.schema
    .createTable('economy_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('economy_id', 'text', (c) => c.notNull().references('economies.id'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('as_at', 'date', (c) => c.notNull())
    .addColumn('year', 'text', (c) => c.notNull())
    .addColumn('input_sha256', 'text', (c) => c.notNull())
    .addColumn('input', 'jsonb', (c) => c.notNull())
    .addColumn('built', 'jsonb', (c) => c.notNull())
    .addColumn('warnings', 'jsonb', (c) => c.notNull())
    // Every party to the contracts it was built from: who "across the economy" means.
    .addColumn('organisations', 'jsonb', (c) => c.notNull())
    .addColumn('built_by', 'text', (c) => c.notNull())
    .addColumn('built_by_organisation', 'text')
    .addColumn('built_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('economy_versions_seq', ['economy_id', 'seq'])
    .addCheckConstraint('economy_versions_year', sql`year ~ '^[0-9]{4}/[0-9]{2}$'`)
    .addCheckConstraint('economy_versions_sha', sql`input_sha256 ~ '^[0-9a-f]{64}$'`)
    .execute();
  await db.schema.createIndex('economy_versions_as_at').on('economy_versions').columns(['economy_id', 'as_at']).execute();

  await db.schema
    .createTable('economy_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Order of recording.
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('economy_id', 'text', (c) => c.notNull().references('economies.id'))
    .addColumn('year', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    // provider, provider + service, provider + service + staff group, or pathway: one current entry each.
    .addColumn('entry_key', 'text', (c) => c.notNull())
    .addColumn('provider', 'text')
    .addColumn('service', 'text')
    .addColumn('entry', 'jsonb', (c) => c.notNull())
    .addColumn('illustrative', 'boolean', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('source_file', 'text')
    .addColumn('source_line', 'integer')
    .addColumn('entered_by', 'text', (c) => c.notNull())
    .addColumn('entered_by_organisation', 'text')
    .addColumn('entered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('superseded_by', 'text')
    .addCheckConstraint('economy_entries_year', sql`year ~ '^[0-9]{4}/[0-9]{2}$'`)
    .addCheckConstraint('economy_entries_kind', sql`kind in ('service-lines', 'workforce', 'providers', 'pathways')`)
    // Deferred: the earlier entry is marked superseded before its successor is inserted.
    .addForeignKeyConstraint('economy_entries_superseded_by', ['superseded_by'], 'economy_entries', ['id'], (fk) => fk.deferrable().initiallyDeferred())
    .execute();
  await sql`create unique index economy_entries_current on economy_entries (economy_id, year, kind, entry_key) where superseded_by is null`.execute(db);

  await db.schema
    .createTable('scenarios')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('owner_organisation', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('economy_id', 'text', (c) => c.notNull().references('economies.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('sharing', 'text', (c) => c.notNull().defaultTo('private'))
    .addColumn('scenario', 'jsonb', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_by', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('scenarios_id', sql`id ~ '^[a-z0-9][a-z0-9-]{1,62}$'`)
    .addCheckConstraint('scenarios_sharing', sql`sharing in ('private', 'economy')`)
    .execute();
  await db.schema.createIndex('scenarios_economy').on('scenarios').column('economy_id').execute();

  await db.schema
    .createTable('scenario_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('scenario_id', 'text', (c) => c.references('scenarios.id'))
    .addColumn('economy_id', 'text', (c) => c.notNull().references('economies.id'))
    .addColumn('version_id', 'text', (c) => c.notNull().references('economy_versions.id'))
    .addColumn('scenario', 'jsonb', (c) => c.notNull())
    .addColumn('trials', 'integer', (c) => c.notNull())
    .addColumn('seed', 'integer', (c) => c.notNull())
    .addColumn('result', 'jsonb', (c) => c.notNull())
    // The decision drafted (a variation, an award, a service move) when the run showed its impact first.
    .addColumn('decision', 'jsonb')
    .addColumn('contract_id', 'text', (c) => c.references('contracts.id'))
    .addColumn('run_by', 'text', (c) => c.notNull())
    .addColumn('run_by_organisation', 'text', (c) => c.notNull())
    .addColumn('run_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('scenario_runs_trials', sql`trials >= 0 and seed >= 0`)
    .execute();
  await db.schema.createIndex('scenario_runs_scenario').on('scenario_runs').column('scenario_id').execute();
  await db.schema.createIndex('scenario_runs_contract').on('scenario_runs').column('contract_id').execute();

  await db.schema
    .createTable('decision_impacts')
    .addColumn('decision_kind', 'text', (c) => c.notNull())
    .addColumn('decision_id', 'text', (c) => c.notNull())
    .addColumn('run_id', 'text', (c) => c.notNull().references('scenario_runs.id'))
    .addColumn('contract_id', 'text', (c) => c.references('contracts.id'))
    .addColumn('linked_by', 'text', (c) => c.notNull())
    .addColumn('linked_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('decision_impacts_pk', ['decision_kind', 'decision_id', 'run_id'])
    .addCheckConstraint('decision_impacts_kind', sql`decision_kind in ('variation', 'variation_proposal', 'procurement_award', 'service_move')`)
    .execute();
  await db.schema.createIndex('decision_impacts_run').on('decision_impacts').column('run_id').execute();

  // An entry may change only to record, once, what superseded it.
  await sql`
    create function economy_entry_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'economy_entries is append-only' using errcode = 'P0001';
      end if;
      if old.superseded_by is not null or new.superseded_by is null
         or (to_jsonb(new) - 'superseded_by') is distinct from (to_jsonb(old) - 'superseded_by') then
        raise exception 'economy_entries is append-only (only superseded_by may be set, once)' using errcode = 'P0001';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger economy_entries_append_only before update or delete on economy_entries
    for each row execute function economy_entry_guard()`.execute(db);
  for (const table of ['economy_versions', 'scenario_runs', 'decision_impacts']) {
    await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.id(table)} for each row execute function refuse_change()`.execute(db);
  }
  for (const table of ['economy_versions', 'economy_entries', 'scenario_runs', 'decision_impacts']) {
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.id(table)} for each statement execute function refuse_truncate()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['decision_impacts', 'scenario_runs', 'scenarios', 'economy_entries', 'economy_versions', 'economies']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop function if exists economy_entry_guard()`.execute(db);
}
