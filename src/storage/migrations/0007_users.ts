import { sql, type Kysely } from 'kysely';

/**
 * Organisation user administrators: a user who creates and lists the users of its own organisation
 * (an ICB's administrator creates its contracting team), without the global administrator's
 * reach. What they may do is the rights table's `users.manage_own` (src/domain/access/rights.ts).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').addColumn('manages_users', 'boolean', (c) => c.notNull().defaultTo(sql`false`)).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('manages_users').execute();
}
