import { sql, type Kysely } from 'kysely';

/** Registry, services, users, contracts with append-only variations, and the audit log. */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('organisations')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sector', 'text', (c) => c.notNull())
    .addColumn('parent_code', 'text')
    .addColumn('region_code', 'text')
    .addColumn('postcode', 'text')
    .addColumn('open_date', 'date')
    .addColumn('close_date', 'date')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('ods_verified', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('note', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('organisations_kind').on('organisations').column('kind').execute();

  await db.schema
    .createTable('organisation_successors')
    .addColumn('predecessor_code', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('successor_code', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('effective_date', 'date', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('organisation_successors_pk', ['predecessor_code', 'successor_code'])
    .execute();

  await db.schema
    .createTable('services')
    .addColumn('code', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('commissioned_by', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('organisation_code', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('token', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('contracts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('parent_contract_id', 'text', (c) => c.references('contracts.id'))
    .addColumn('start_date', 'date', (c) => c.notNull())
    .addColumn('end_date', 'date', (c) => c.notNull())
    .addColumn('extension_options', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('signed_value_pence', 'bigint', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addCheckConstraint('contracts_dates', sql`end_date >= start_date`)
    .addCheckConstraint('contracts_value', sql`signed_value_pence >= 0`)
    .execute();

  await db.schema
    .createTable('contract_parties')
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id').onDelete('cascade'))
    .addColumn('organisation_code', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('contract_parties_pk', ['contract_id', 'organisation_code', 'role'])
    .execute();
  await db.schema.createIndex('contract_parties_org').on('contract_parties').column('organisation_code').execute();

  await db.schema
    .createTable('contract_services')
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id').onDelete('cascade'))
    .addColumn('service_code', 'text', (c) => c.notNull().references('services.code'))
    .addPrimaryKeyConstraint('contract_services_pk', ['contract_id', 'service_code'])
    .execute();

  await db.schema
    .createTable('contract_variations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id').onDelete('cascade'))
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('effective_date', 'date', (c) => c.notNull())
    .addColumn('rationale', 'text', (c) => c.notNull())
    .addColumn('value_change_pence', 'bigint', (c) => c.notNull())
    .addColumn('changes', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addUniqueConstraint('contract_variations_seq', ['contract_id', 'sequence'])
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'bigserial', (c) => c.primaryKey())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('organisation_code', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();

  await db.schema
    .createTable('app_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();

  // Variations and the audit log are append-only: the database itself refuses edits and deletes,
  // so no code path (and no hand-run SQL short of dropping the trigger) can rewrite history.
  // Cascading deletes from a contract are allowed only through `concordat demo reset`, which
  // truncates (TRUNCATE does not fire row triggers).
  await sql`
    create function refuse_change() returns trigger language plpgsql as $$
    begin
      raise exception '% is append-only', tg_table_name using errcode = 'P0001';
    end $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function refuse_change()`.execute(db);
  await sql`create trigger contract_variations_append_only before update on contract_variations
    for each row execute function refuse_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'app_meta', 'audit_log', 'contract_variations', 'contract_services', 'contract_parties', 'contracts',
    'sessions', 'users', 'services', 'organisation_successors', 'organisations',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop function if exists refuse_change()`.execute(db);
}
