import { sql, type Kysely } from 'kysely';

/**
 * Payments: tariff years as documents, contract payment terms per scheme year, the activity
 * submission ledger (append-only, hashed and chained) and aggregated plan lines.
 */
export async function up(db: Kysely<any>): Promise<void> {
  // A payment-scheme year's tariff as one JSON document (src/domain/tariff Tariff). A re-load
  // replaces the document; the replacement is audited with the source it replaced.
  await db.schema
    .createTable('tariff_years')
    .addColumn('year', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('document', 'jsonb', (c) => c.notNull())
    .addColumn('loaded_by', 'text', (c) => c.notNull())
    .addColumn('loaded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('tariff_years_label', sql`year ~ '^[0-9]{4}/[0-9]{2}$'`)
    .execute();

  // Terms validated with paymentTermsSchema before they are written.
  await db.schema
    .createTable('contract_payment_terms')
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id').onDelete('cascade'))
    .addColumn('scheme_year', 'text', (c) => c.notNull())
    .addColumn('terms', 'jsonb', (c) => c.notNull())
    .addColumn('expected_annual_value_pence', 'bigint')
    .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('set_by', 'text', (c) => c.notNull())
    .addColumn('set_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('contract_payment_terms_pk', ['contract_id', 'scheme_year'])
    .addCheckConstraint('contract_payment_terms_year', sql`scheme_year ~ '^[0-9]{4}/[0-9]{2}$'`)
    .execute();

  await db.schema
    .createTable('activity_submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // Order of recording: the ledger's chain follows it.
    .addColumn('seq', 'bigserial', (c) => c.notNull().unique())
    .addColumn('contract_id', 'text', (c) => c.notNull().references('contracts.id').onDelete('cascade'))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('chain_sha256', 'text', (c) => c.notNull())
    .addColumn('previous_id', 'text', (c) => c.references('activity_submissions.id'))
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('rows_priced', 'integer', (c) => c.notNull())
    .addColumn('rows_rejected', 'integer', (c) => c.notNull())
    .addColumn('total_pence', 'bigint', (c) => c.notNull())
    .addColumn('tariff_year', 'text')
    .addColumn('submitted_by', 'text', (c) => c.notNull())
    .addColumn('submitted_by_organisation', 'text')
    .addColumn('submitted_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('superseded_by', 'text')
    .addColumn('rejections', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('hints', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    // The priced aggregate a statement needs: {period: {pricedPence, pricedByPod, volumes}}.
    .addColumn('monthly', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addCheckConstraint('activity_submissions_period', sql`period ~ '^[0-9]{4}-(0[1-9]|1[0-2])$'`)
    .addCheckConstraint('activity_submissions_kind', sql`kind in ('patient_level', 'plan')`)
    .addCheckConstraint('activity_submissions_counts', sql`rows_read = rows_priced + rows_rejected and rows_read >= 0`)
    // Deferred: the old row is marked superseded before its successor is inserted (the unique index
    // below allows one current submission), and the reference is checked at commit.
    .addForeignKeyConstraint('activity_submissions_superseded_by', ['superseded_by'], 'activity_submissions', ['id'], (fk) => fk.deferrable().initiallyDeferred())
    .addCheckConstraint('activity_submissions_sha', sql`sha256 ~ '^[0-9a-f]{64}$'`)
    .execute();
  await db.schema.createIndex('activity_submissions_contract').on('activity_submissions').columns(['contract_id', 'period', 'kind']).execute();
  // At most one current (not superseded) submission per contract, period and kind.
  await sql`create unique index activity_submissions_current on activity_submissions (contract_id, period, kind) where superseded_by is null`.execute(db);

  await db.schema
    .createTable('plan_lines')
    .addColumn('submission_id', 'text', (c) => c.notNull().references('activity_submissions.id').onDelete('cascade'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('pod', 'text', (c) => c.notNull())
    .addColumn('hrg', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('period', 'text', (c) => c.notNull())
    .addColumn('activity', 'integer', (c) => c.notNull())
    .addColumn('planned_pence', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('plan_lines_pk', ['submission_id', 'line'])
    .execute();

  // The ledger is append-only: a submission row may change only to record, once, what superseded it.
  await sql`
    create function activity_submission_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'activity_submissions is append-only' using errcode = 'P0001';
      end if;
      if old.superseded_by is not null or new.superseded_by is null
         or (to_jsonb(new) - 'superseded_by') is distinct from (to_jsonb(old) - 'superseded_by') then
        raise exception 'activity_submissions is append-only (only superseded_by may be set, once)' using errcode = 'P0001';
      end if;
      return new;
    end $$`.execute(db);
  await sql`create trigger activity_submissions_append_only before update or delete on activity_submissions
    for each row execute function activity_submission_guard()`.execute(db);
  await sql`create trigger plan_lines_append_only before update or delete on plan_lines
    for each row execute function refuse_change()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['plan_lines', 'activity_submissions', 'contract_payment_terms', 'tariff_years']) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop function if exists activity_submission_guard()`.execute(db);
}
