import type { PGlite } from '@electric-sql/pglite';
import type { PostgresPool, PostgresPoolClient, PostgresQueryResult } from 'kysely';

/**
 * Presents an embedded PGlite database as the small slice of a `pg` pool that Kysely's
 * PostgresDialect uses, so both databases share one dialect, one compiler and one set of migrations.
 *
 * PGlite is a single connection: a transaction must own it from BEGIN to COMMIT, so `connect()`
 * hands the connection out to one caller at a time and queues the rest.
 */
export class PGlitePool implements PostgresPool {
  readonly #db: PGlite;
  #busy = false;
  readonly #waiting: Array<() => void> = [];

  constructor(db: PGlite) {
    this.#db = db;
  }

  async connect(): Promise<PostgresPoolClient> {
    if (this.#busy) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#busy = true;
    const db = this.#db;
    let released = false;
    const client = {
      query: async (sql: string, parameters: ReadonlyArray<unknown>) => {
        const result = await db.query(sql, parameters as unknown[]);
        return {
          command: commandOf(sql),
          rowCount: result.affectedRows ?? result.rows.length,
          rows: result.rows,
        } satisfies PostgresQueryResult<unknown>;
      },
      release: () => {
        if (released) return;
        released = true;
        const next = this.#waiting.shift();
        if (next) next();
        else this.#busy = false;
      },
    };
    return client as unknown as PostgresPoolClient;
  }

  async end(): Promise<void> {
    await this.#db.close();
  }
}

/** Kysely reads the command to decide whether `rowCount` means "rows affected". */
function commandOf(sql: string): PostgresQueryResult<unknown>['command'] {
  const word = /^\s*(?:with\b[\s\S]*?\)\s*)?(\w+)/i.exec(sql)?.[1]?.toUpperCase();
  switch (word) {
    case 'INSERT':
    case 'UPDATE':
    case 'DELETE':
    case 'MERGE':
      return word;
    default:
      return 'SELECT';
  }
}
