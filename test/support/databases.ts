import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe } from 'vitest';
import type { DatabaseOptions } from '../../src/storage/db.ts';

/**
 * The storage suites run on every database Concordat supports, as Kysely's own tests do:
 * `for (const d of DIALECTS) describe(d.name, ...)`. PGlite is always there. PostgreSQL is the
 * machine's server (TEST_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test); if it cannot
 * be reached the PostgreSQL suites are reported as skipped, loudly, and under CI=true they fail.
 */
export const POSTGRES_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function postgresReachable(): Promise<string | null> {
  const client = new pg.Client({ connectionString: POSTGRES_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (e) {
    return (e as Error).message;
  } finally {
    await client.end().catch(() => {});
  }
}

const postgresProblem = await postgresReachable();
if (postgresProblem) {
  const msg = `\n*** PostgreSQL at ${POSTGRES_URL} is not reachable (${postgresProblem}): the PostgreSQL storage suites are SKIPPED, not passed. ***\n`;
  if (process.env.CI === 'true') throw new Error(`${msg}CI=true requires PostgreSQL.`);
  console.warn(msg);
}

export interface TestDialect {
  readonly name: 'pglite' | 'postgres';
  /** Fresh, isolated database options: an in-memory PGlite, or a new schema on PostgreSQL. */
  options(): DatabaseOptions;
}

export const DIALECTS: readonly TestDialect[] = [
  { name: 'pglite', options: () => ({ dataDir: 'memory://' }) },
  { name: 'postgres', options: () => ({ databaseUrl: POSTGRES_URL, schema: `test_${randomBytes(6).toString('hex')}` }) },
];

/** `describe` for a dialect, or a visibly skipped one when that database is missing. */
export function describeOn(d: TestDialect, title: string, fn: () => void): void {
  if (d.name === 'postgres' && postgresProblem) describe.skip(`${title} [postgres: NOT REACHABLE, skipped]`, fn);
  else describe(`${title} [${d.name}]`, fn);
}

/** Drops a test schema on PostgreSQL after a suite. */
export async function dropTestSchema(options: DatabaseOptions): Promise<void> {
  if (!options.databaseUrl || !options.schema) return;
  const client = new pg.Client({ connectionString: options.databaseUrl });
  await client.connect();
  await client.query(`drop schema if exists "${options.schema}" cascade`);
  await client.end();
}
