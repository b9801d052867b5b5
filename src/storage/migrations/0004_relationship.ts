import { sql, type Kysely } from 'kysely';

/**
 * The commissioner-provider relationship (issue 8):
 * - a contract's management terms: its Standard Contract edition, rule overrides (each with a
 *   reason) and performance indicators, as numbered versions (the latest is in force);
 * - monthly performance returns, a ledger like activity submissions: a later return for the same
 *   contract, month and indicator supersedes the earlier one, which stays readable;
 * - the event logs of contract performance notices (GC9), GC14 disputes and contract-setting
 *   disputes (keyed by the commissioner-provider pair and contract year: there may be no contract
 *   yet); each notice or dispute is its events replayed by the domain's machine;
 * - the money typed into the relationship (provider claims, CQUIN, determination adjustments); a
 *   correction supersedes an entry, never reverses it. Sanctions and withholdings are not stored:
 *   they are computed from the returns and the notices when a statement is built.
 *
 * Every table is append-only (UPDATE, DELETE and TRUNCATE refused, except the one superseded_by a
 * return or money entry may have set, once) and every row is sealed into its ledger.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('contract_management_terms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('edition', 'text', (c) => c.notNull())
    .addColumn('overrides', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('indicators', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_by_organisation', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull())
    .addUniqueConstraint('contract_management_terms_version', ['contract_id', 'version'])
    .addCheckConstraint('contract_management_terms_edition', sql`edition ~ '^[0-9]{4}/[0-9]{2}$'`)
    .execute();

  await db.schema
    .createTable('performance_returns')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Order of recording: within a month and indicator the latest is current.
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('indicator_id', 'text', (c) => c.notNull())
    .addColumn('numerator', 'bigint', (c) => c.notNull())
    .addColumn('denominator', 'bigint')
    .addColumn('submitted_on', 'date', (c) => c.notNull())
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_by_organisation', 'text', (c) => c.notNull())
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('superseded_by', 'text')
    .addCheckConstraint('performance_returns_period', sql`period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
    .addCheckConstraint('performance_returns_counts', sql`numerator >= 0 and (denominator is null or (denominator >= 0 and numerator <= denominator))`)
    // Deferred, as for activity submissions: the old return is marked before its successor is inserted.
    .addForeignKeyConstraint('performance_returns_superseded_by', ['superseded_by'], 'performance_returns', ['id'], (fk) => fk.deferrable().initiallyDeferred())
    .execute();
  await sql`create unique index performance_returns_current on performance_returns (contract_id, period, indicator_id) where superseded_by is null`.execute(db);
  await db.schema.createIndex('performance_returns_contract').on('performance_returns').columns(['contract_id', 'period']).execute();

  const eventLog = (table: string, key: string) =>
    db.schema
      .createTable(table)
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn(key, 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('type', 'text', (c) => c.notNull())
      // The day the step was taken (or, for a step that happened elsewhere such as a meeting, the day it happened).
      .addColumn('occurred_on', 'date', (c) => c.notNull())
      // Everything else the step carries, as the domain's event has it.
      .addColumn('payload', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
      .addColumn('recorded_by', 'text', (c) => c.notNull())
      .addColumn('recorded_by_organisation', 'text', (c) => c.notNull())
      .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
      .addCheckConstraint(`${table}_seq`, sql`seq >= 1`)
      .addUniqueConstraint(`${table}_order`, [key, 'seq']);

  await eventLog('notice_events', 'notice_id')
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('side', 'text', (c) => c.notNull())
    .addCheckConstraint('notice_events_side', sql`side in ('commissioner', 'provider')`)
    .execute();
  await db.schema.createIndex('notice_events_contract').on('notice_events').column('contract_id').execute();

  await eventLog('gc14_events', 'dispute_id')
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('side', 'text', (c) => c.notNull())
    .addCheckConstraint('gc14_events_side', sql`side in ('commissioner', 'provider')`)
    .execute();
  await db.schema.createIndex('gc14_events_contract').on('gc14_events').column('contract_id').execute();

  await eventLog('contract_setting_events', 'dispute_id')
    .addColumn('commissioner_code', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('provider_code', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('contract_year', 'text', (c) => c.notNull())
    .addColumn('contract_id', 'text', (c) => c.references('contracts.id'))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addCheckConstraint('contract_setting_events_actor', sql`actor in ('commissioner', 'provider', 'regulator')`)
    .addCheckConstraint('contract_setting_events_year', sql`contract_year ~ '^[0-9]{4}/[0-9]{2}$'`)
    .execute();
  await db.schema.createIndex('contract_setting_events_pair').on('contract_setting_events').columns(['commissioner_code', 'provider_code']).execute();

  await db.schema
    .createTable('relationship_money_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The entry as people and statement lines refer to it; a correction keeps the reference.
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id'))
    .addColumn('commissioner_code', 'text', (c) => c.notNull())
    .addColumn('provider_code', 'text', (c) => c.notNull())
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('amount_pence', 'bigint', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    .addColumn('origin', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('illustrative', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('recorded_by', 'text', (c) => c.notNull())
    .addColumn('recorded_by_organisation', 'text', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addColumn('superseded_by', 'text')
    .addCheckConstraint('relationship_money_entries_period', sql`period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
    .addCheckConstraint('relationship_money_entries_kind', sql`kind in ('cquin_shortfall', 'cquin_release', 'challenge', 'counting_coding_query', 'charge_outside_contract', 'determination_adjustment')`)
    .addForeignKeyConstraint('relationship_money_entries_superseded_by', ['superseded_by'], 'relationship_money_entries', ['id'], (fk) => fk.deferrable().initiallyDeferred())
    .execute();
  await sql`create unique index relationship_money_entries_current on relationship_money_entries (reference) where superseded_by is null`.execute(db);
  await db.schema.createIndex('relationship_money_entries_contract').on('relationship_money_entries').column('contract_id').execute();

  // A return or money entry may change only to record, once, what superseded it.
  await sql`
    create function superseded_once_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception '% is append-only', tg_table_name using errcode = 'P0001';
      end if;
      if old.superseded_by is not null or new.superseded_by is null
         or (to_jsonb(new) - 'superseded_by') is distinct from (to_jsonb(old) - 'superseded_by') then
        raise exception '% is append-only (only superseded_by may be set, once)', tg_table_name using errcode = 'P0001';
      end if;
      return new;
    end $$`.execute(db);
  for (const table of ['performance_returns', 'relationship_money_entries']) {
    await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.id(table)} for each row execute function superseded_once_guard()`.execute(db);
  }
  for (const table of ['contract_management_terms', 'notice_events', 'gc14_events', 'contract_setting_events']) {
    await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.id(table)} for each row execute function refuse_change()`.execute(db);
  }
  for (const table of ['contract_management_terms', 'performance_returns', 'notice_events', 'gc14_events', 'contract_setting_events', 'relationship_money_entries']) {
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.id(table)} for each statement execute function refuse_truncate()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['relationship_money_entries', 'contract_setting_events', 'gc14_events', 'notice_events', 'performance_returns', 'contract_management_terms']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop function if exists superseded_once_guard()`.execute(db);
}
