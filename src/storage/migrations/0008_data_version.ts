import { sql, type Kysely } from 'kysely';

/**
 * The data version: one number that goes up whenever anything a reader could see changes, so a
 * server process can tell, with one trivial query, whether an answer it computed earlier still
 * holds (the API's read cache, src/http/read-cache.ts).
 *
 * Every change through the product writes an audit record in its own transaction (Scope.record), so
 * the counter is bumped by a statement-level trigger on audit_log inserts and commits with the
 * change. Audit writes already queue on the audit lock, so the row lock this takes adds no new
 * waiting. The demo reset truncates audit_log, which bumps it too; the counter itself is never
 * truncated (the reset leaves it out), so it never goes back to a value an old answer carries.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create table data_version (
    id smallint primary key check (id = 1),
    version bigint not null
  )`.execute(db);
  await sql`insert into data_version (id, version) values (1, 1)`.execute(db);
  await sql`
    create function bump_data_version() returns trigger language plpgsql as $$
    begin
      update data_version set version = version + 1 where id = 1;
      return null;
    end $$`.execute(db);
  await sql`create trigger audit_log_bumps_data_version after insert or truncate on audit_log
    for each statement execute function bump_data_version()`.execute(db);
  // Emptying the counter would let it count again from 1 and meet versions old answers carry.
  await sql`
    create function refuse_data_version_truncate() returns trigger language plpgsql as $$
    begin
      raise exception 'data_version is never emptied: readers compare it with the version of what they read' using errcode = 'P0001';
    end $$`.execute(db);
  await sql`create trigger data_version_no_truncate before truncate on data_version
    for each statement execute function refuse_data_version_truncate()`.execute(db);
}

export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists audit_log_bumps_data_version on audit_log`.execute(db);
  await sql`drop table if exists data_version`.execute(db);
  await sql`drop function if exists bump_data_version()`.execute(db);
  await sql`drop function if exists refuse_data_version_truncate()`.execute(db);
}
