import { CompiledQuery, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

// Compiled once: this runs before every cached read, so it skips the query builder.
const VERSION_QUERY = CompiledQuery.raw('select version from data_version where id = 1', []);

/**
 * The data version (migration 0008): a number that every audited change, and the demo reset,
 * increases in the transaction that makes the change. Undefined if the row is missing, which
 * nothing but hand-run SQL could do; a reader then treats every answer as new.
 *
 * @example const v = await dataVersion(db); // 4182
 */
export async function dataVersion(db: Kysely<Database>): Promise<number | undefined> {
  const { rows } = await db.executeQuery<{ version: number }>(VERSION_QUERY);
  return rows.length === 1 ? Number(rows[0].version) : undefined;
}
