import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { Kysely, Migrator, PostgresDialect, sql, type MigrationResultSet, type PostgresPool, type PostgresPoolClient } from 'kysely';
import { mapDatabaseError } from './errors.ts';
import { migrations } from './migrations/index.ts';
import { PGlitePool } from './pglite-pool.ts';
import type { Database } from './schema.ts';

export type DialectName = 'pglite' | 'postgres';

export interface DatabaseOptions {
  /** A PostgreSQL connection string; when absent the embedded PGlite database is used. */
  readonly databaseUrl?: string;
  /** PGlite's data directory on disk, or 'memory://' for a throwaway database. */
  readonly dataDir?: string;
  /** PostgreSQL schema to work in (tests isolate themselves this way). Created if missing. */
  readonly schema?: string;
}

export interface Storage {
  readonly db: Kysely<Database>;
  readonly dialect: DialectName;
  close(): Promise<void>;
}

// Type OIDs: int8 (bigint money columns) as numbers (safe to 2^53 pence = £90 trillion);
// date as its ISO text, never a JS Date (which would shift with the time zone);
// timestamptz as ISO text too.
const INT8 = 20;
const DATE = 1082;
const TIMESTAMPTZ = 1184;
const NUMERIC = 1700;

/**
 * Opens the database named by the options and brings its schema up to date.
 *
 * @example const storage = await openStorage({ dataDir: '.concordat/db' });
 */
export async function openStorage(options: DatabaseOptions): Promise<Storage> {
  const storage = options.databaseUrl ? await openPostgres(options) : await openPGlite(options);
  const result = await migrateToLatest(storage.db, options.schema);
  if (result.error) {
    await storage.close();
    throw result.error instanceof Error ? result.error : new Error(String(result.error));
  }
  return storage;
}

async function openPGlite(options: DatabaseOptions): Promise<Storage> {
  const { PGlite } = await import('@electric-sql/pglite');
  const dataDir = options.dataDir ?? 'memory://';
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create({
    dataDir,
    parsers: {
      [INT8]: (v: string) => Number(v),
      [DATE]: (v: string) => v,
      [TIMESTAMPTZ]: (v: string) => new Date(v).toISOString(),
      [NUMERIC]: (v: string) => v,
    },
  });
  if (options.schema) {
    await pglite.exec(`create schema if not exists "${options.schema}"; set search_path to "${options.schema}"`);
  }
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new OutcomePool(new PGlitePool(pglite)) }) });
  return { db, dialect: 'pglite', close: () => db.destroy() };
}

async function openPostgres(options: DatabaseOptions): Promise<Storage> {
  const pg = (await import('pg')).default;
  const types = {
    getTypeParser: (oid: number, format?: string) => {
      if (oid === INT8) return (v: string) => Number(v);
      if (oid === DATE) return (v: string) => v;
      if (oid === TIMESTAMPTZ) return (v: string) => new Date(v).toISOString();
      return pg.types.getTypeParser(oid, format as 'text');
    },
  };
  if (options.schema) {
    const client = new pg.Client({ connectionString: options.databaseUrl });
    await client.connect();
    await client.query(`create schema if not exists "${options.schema}"`);
    await client.end();
  }
  const pool = new pg.Pool({
    connectionString: options.databaseUrl,
    max: 10,
    types,
    ...(options.schema ? { options: `-c search_path="${options.schema}"` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool: new OutcomePool(pool as unknown as PostgresPool, { prepare: true }) }) });
  return { db, dialect: 'postgres', close: () => db.destroy() };
}

const PREPARED_TEXT_MAX = 4096;
const preparedNames = new Map<string, string>();

/** A stable, short name for a statement's text. */
function preparedName(text: string): string {
  let name = preparedNames.get(text);
  if (!name) {
    name = `q${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    if (preparedNames.size < 10_000) preparedNames.set(text, name);
  }
  return name;
}

/**
 * A pool whose connections turn database errors into outcomes (storage/errors.ts) as they happen,
 * so no repository, use case or route handles driver errors itself.
 */
class OutcomePool implements PostgresPool {
  readonly #inner: PostgresPool;
  readonly #prepare: boolean;

  /**
   * With `prepare` (PostgreSQL), each statement is sent as a named prepared statement, so the server
   * plans a query the first time a connection sees it rather than on every request (the contract
   * list's plan cost as much as running it). Names are the SQL's hash; only the query shapes the code
   * builds exist, and very long texts (long `in (...)` lists) are not kept.
   */
  constructor(inner: PostgresPool, options: { readonly prepare?: boolean } = {}) {
    this.#inner = inner;
    this.#prepare = options.prepare ?? false;
  }

  async connect(): Promise<PostgresPoolClient> {
    const client = await this.#inner.connect();
    const prepare = this.#prepare;
    return {
      query: ((...args: unknown[]) => {
        const [text, values] = args;
        const call = prepare && typeof text === 'string' && text.length <= PREPARED_TEXT_MAX && Array.isArray(values)
          ? [{ name: preparedName(text), text, values }]
          : args;
        const result = (client.query as (...a: unknown[]) => unknown)(...call);
        // A cursor (streamed query) is returned as is; promises have their errors mapped.
        return result instanceof Promise ? result.catch((e: unknown) => { throw mapDatabaseError(e); }) : result;
      }) as PostgresPoolClient['query'],
      release: () => client.release(),
    };
  }

  async end(): Promise<void> {
    await this.#inner.end();
  }
}

/** Runs every pending migration; returns Kysely's per-migration report rather than throwing halfway. */
export async function migrateToLatest(db: Kysely<Database>, schema?: string): Promise<MigrationResultSet> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    // Kysely looks for its bookkeeping tables by schema; name ours so two schemas never confuse it.
    ...(schema ? { migrationTableSchema: schema } : {}),
  });
  return migrator.migrateToLatest();
}

/** Drops a schema and everything in it (tests clean up after themselves on PostgreSQL). */
export async function dropSchema(db: Kysely<Database>, schema: string): Promise<void> {
  await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(db);
}
