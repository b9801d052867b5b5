import { sql, type Kysely } from 'kysely';

/**
 * Procurement in the open (issue 9; DESIGN.md C7):
 * - a procurement is its append-only event log (`procurement_events`); `procurements` holds what
 *   never changes (id, reference, ocid, route, lead) and a cache of what the log says now (state,
 *   title, last step), rebuilt from the log on every step;
 * - who is named on it (`procurement_parties`: lead and joint authorities, providers who offered or
 *   made representations), for visibility;
 * - the OCDS releases each step publishes (`ocds_releases`, append-only, keyed for the cursor feed by
 *   (release_date, id));
 * - the contracts its awards created (`procurement_contracts`, append-only);
 * - stage-gate schemes and their event logs (`schemes`, `scheme_parties`, `scheme_events`);
 * - imports of Contracts Finder / Find a Tender release packages: each import with its report
 *   (`ocds_imports`), every release version as received with its SHA-256 (`imported_releases`),
 *   and what they say now per ocid (`imported_procurements`, replaced on re-import).
 * The event logs, releases, links, imports and imported releases refuse UPDATE, DELETE and TRUNCATE.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('procurements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('reference', 'text', (c) => c.notNull().unique())
    .addColumn('ocid', 'text', (c) => c.notNull().unique())
    .addColumn('route', 'text', (c) => c.notNull())
    .addColumn('lead_organisation_code', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('last_sequence', 'integer', (c) => c.notNull())
    .addColumn('opened_on', 'date', (c) => c.notNull())
    .addColumn('last_step_on', 'date', (c) => c.notNull())
    .addColumn('notices_published', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('procurements_id', sql`id ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'`)
    .execute();

  await db.schema
    .createTable('procurement_parties')
    .addColumn('procurement_id', 'text', (c) => c.notNull().references('procurements.id'))
    .addColumn('organisation_code', 'text', (c) => c.notNull())
    .addColumn('capacity', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('procurement_parties_pk', ['procurement_id', 'organisation_code', 'capacity'])
    .addCheckConstraint('procurement_parties_capacity', sql`capacity in ('lead_authority', 'joint_authority', 'procurement_participant')`)
    .execute();
  await db.schema.createIndex('procurement_parties_organisation').on('procurement_parties').column('organisation_code').execute();

  await db.schema
    .createTable('procurement_events')
    .addColumn('procurement_id', 'text', (c) => c.notNull().references('procurements.id'))
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('on_date', 'date', (c) => c.notNull())
    .addColumn('actor_organisation_code', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('procurement_events_pk', ['procurement_id', 'sequence'])
    .addCheckConstraint('procurement_events_sequence', sql`sequence >= 1`)
    .execute();

  await db.schema
    .createTable('ocds_releases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('ocid', 'text', (c) => c.notNull())
    .addColumn('procurement_id', 'text', (c) => c.notNull().references('procurements.id'))
    .addColumn('release_date', 'timestamptz', (c) => c.notNull())
    .addColumn('tags', 'jsonb', (c) => c.notNull())
    .addColumn('release', 'jsonb', (c) => c.notNull())
    .addColumn('published_at', 'timestamptz', (c) => c.notNull())
    .execute();
  // The public feed pages by (date, id); a record gathers its releases by ocid.
  await db.schema.createIndex('ocds_releases_feed').on('ocds_releases').columns(['release_date', 'id']).execute();
  await db.schema.createIndex('ocds_releases_ocid').on('ocds_releases').column('ocid').execute();

  await db.schema
    .createTable('procurement_contracts')
    .addColumn('contract_id', 'text', (c) => c.primaryKey().references('contracts.id'))
    .addColumn('procurement_id', 'text', (c) => c.notNull().references('procurements.id'))
    .addColumn('award_sequence', 'integer', (c) => c.notNull())
    .addColumn('provider_code', 'text', (c) => c.notNull())
    .addColumn('awarded_on', 'date', (c) => c.notNull())
    .addColumn('linked_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('procurement_contracts_procurement').on('procurement_contracts').column('procurement_id').execute();

  await db.schema
    .createTable('schemes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('lead_organisation_code', 'text', (c) => c.notNull().references('organisations.code'))
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('last_sequence', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .addCheckConstraint('schemes_id', sql`id ~ '^[A-Za-z0-9][A-Za-z0-9._-]*$'`)
    .execute();

  await db.schema
    .createTable('scheme_parties')
    .addColumn('scheme_id', 'text', (c) => c.notNull().references('schemes.id'))
    .addColumn('organisation_code', 'text', (c) => c.notNull())
    .addColumn('capacity', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('scheme_parties_pk', ['scheme_id', 'organisation_code', 'capacity'])
    .addCheckConstraint('scheme_parties_capacity', sql`capacity in ('scheme_lead', 'gate_signatory')`)
    .execute();
  await db.schema.createIndex('scheme_parties_organisation').on('scheme_parties').column('organisation_code').execute();

  await db.schema
    .createTable('scheme_events')
    .addColumn('scheme_id', 'text', (c) => c.notNull().references('schemes.id'))
    .addColumn('sequence', 'integer', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('on_date', 'date', (c) => c.notNull())
    .addColumn('actor_organisation_code', 'text', (c) => c.notNull())
    .addColumn('actor_role', 'text', (c) => c.notNull())
    .addColumn('actor_name', 'text')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('payload', 'jsonb', (c) => c.notNull())
    .addColumn('recorded_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('scheme_events_pk', ['scheme_id', 'sequence'])
    .addCheckConstraint('scheme_events_sequence', sql`sequence >= 1`)
    .execute();

  await db.schema
    .createTable('ocds_imports')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('file_sha256', 'text', (c) => c.notNull())
    .addColumn('imported_by', 'text', (c) => c.notNull())
    .addColumn('imported_by_organisation', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull())
    .addColumn('counts', 'jsonb', (c) => c.notNull())
    .addColumn('report', 'jsonb', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('imported_releases')
    .addColumn('ocid', 'text', (c) => c.notNull())
    .addColumn('release_id', 'text', (c) => c.notNull())
    // SHA-256 of the release's canonical JSON: a corrected release is a new row, the earlier kept.
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('release_date', 'timestamptz', (c) => c.notNull())
    .addColumn('tags', 'jsonb', (c) => c.notNull())
    .addColumn('canonical', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull().references('ocds_imports.id'))
    .addColumn('stored_at', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('imported_releases_pk', ['ocid', 'release_id', 'sha256'])
    .execute();

  await db.schema
    .createTable('imported_procurements')
    .addColumn('ocid', 'text', (c) => c.primaryKey())
    .addColumn('title', 'text')
    .addColumn('buyer_code', 'text')
    .addColumn('buyer_name', 'text')
    .addColumn('tender_status', 'text')
    .addColumn('tender_value_pence', 'bigint')
    .addColumn('awarded_value_pence', 'bigint')
    .addColumn('latest_release_date', 'timestamptz', (c) => c.notNull())
    .addColumn('summary', 'jsonb', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull().references('ocds_imports.id'))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('imported_procurements_buyer').on('imported_procurements').column('buyer_code').execute();

  const appendOnly = ['procurement_events', 'ocds_releases', 'procurement_contracts', 'scheme_events', 'ocds_imports', 'imported_releases'];
  for (const table of appendOnly) {
    await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.id(table)} for each row execute function refuse_change()`.execute(db);
    await sql`create trigger ${sql.id(`${table}_no_truncate`)} before truncate on ${sql.id(table)} for each statement execute function refuse_truncate()`.execute(db);
  }
  // Who is named on a procurement or scheme only ever grows.
  for (const table of ['procurement_parties', 'scheme_parties']) {
    await sql`create trigger ${sql.id(`${table}_append_only`)} before update or delete on ${sql.id(table)} for each row execute function refuse_change()`.execute(db);
  }
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'imported_procurements', 'imported_releases', 'ocds_imports', 'scheme_events', 'scheme_parties', 'schemes',
    'procurement_contracts', 'ocds_releases', 'procurement_events', 'procurement_parties', 'procurements',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
}
