/**
 * Answers already computed for a caller, kept while the data they were read from is unchanged.
 *
 * Correctness rests on the data version (migration 0008): a number every audited change (and the
 * demo reset) raises in the same transaction as the change. A reader takes the version *before* it
 * reads the data, so an answer is never older than the version it is filed under; an answer filed
 * under the version that is current now is therefore current too. A change made by another server
 * process on the same database raises the same number, so it is seen on the next request.
 *
 * An answer is kept for exactly one caller as the Scope sees them (user, organisation, role, side,
 * user administration), one address and one day (answers read "as at today" by default), so nobody
 * is ever handed an answer computed for someone else. Memory is bounded by an entry count and a
 * byte cap; the least recently used answers go first.
 */

import type { Kysely } from 'kysely';
import { dataVersion } from '../storage/repositories/data-version.ts';
import type { Database } from '../storage/schema.ts';
import type { Actor } from './actor.ts';
import { today, type Clock } from './clock.ts';

export interface ReadCacheLimits {
  /** Most answers kept. */
  readonly maxEntries: number;
  /** Most bytes of answers kept; one answer larger than an eighth of this is not kept at all. */
  readonly maxBytes: number;
}

export const DEFAULT_READ_CACHE_LIMITS: ReadCacheLimits = { maxEntries: 2_000, maxBytes: 64 << 20 };

/** One answer as sent: the version it was read at, and the bytes. */
export interface CachedAnswer {
  readonly version: number;
  readonly status: number;
  readonly contentType: string;
  readonly body: Uint8Array;
  readonly etag: string;
}

export class ReadCache {
  readonly limits: ReadCacheLimits;
  readonly #db: Kysely<Database>;
  readonly #clock: Clock;
  /** Insertion order is recency: a hit moves its entry to the end, eviction takes from the front. */
  readonly #answers = new Map<string, CachedAnswer>();
  #bytes = 0;

  constructor(db: Kysely<Database>, clock: Clock, limits: Partial<ReadCacheLimits> = {}) {
    this.#db = db;
    this.#clock = clock;
    this.limits = { ...DEFAULT_READ_CACHE_LIMITS, ...limits };
  }

  /**
   * The data version now. Read it before reading the data an answer is built from. Undefined when
   * the version cannot be told (its row gone): nothing is then served from or kept in the cache.
   */
  version(): Promise<number | undefined> {
    return dataVersion(this.#db);
  }

  /** Today as the app's clock gives it: the date answers are read as at unless they name one. */
  today(): string {
    return today(this.#clock);
  }

  /**
   * The key an answer is kept under: who asks as the Scope sees them, the method and address (path
   * and query) asked for, and the day.
   */
  key(actor: Actor, method: string, address: string, date: string): string {
    return [actor.userId, actor.organisationCode, actor.role, actor.side, actor.managesUsers ? 'manages-users' : '', date, method, address].join('\u0000');
  }

  /** The answer kept under `key` if it was read at `version`, the version current now. */
  get(key: string, version: number): CachedAnswer | undefined {
    const hit = this.#answers.get(key);
    if (!hit) return undefined;
    if (hit.version > version) return undefined; // read later than this request began: keep it for the next
    this.#answers.delete(key);
    if (hit.version < version) {
      // Read before the data last changed: no use to anyone now.
      this.#bytes -= hit.body.byteLength;
      return undefined;
    }
    this.#answers.set(key, hit);
    return hit;
  }

  /** Keeps an answer, unless one read at a later version is already kept. */
  set(key: string, answer: CachedAnswer): void {
    const size = answer.body.byteLength;
    if (size > this.limits.maxBytes / 8) return;
    const old = this.#answers.get(key);
    if (old) {
      if (old.version > answer.version) return;
      this.#answers.delete(key);
      this.#bytes -= old.body.byteLength;
    }
    this.#answers.set(key, answer);
    this.#bytes += size;
    for (const [k, a] of this.#answers) {
      if (this.#answers.size <= this.limits.maxEntries && this.#bytes <= this.limits.maxBytes) break;
      this.#answers.delete(k);
      this.#bytes -= a.body.byteLength;
    }
  }

  /** How many answers and bytes are kept (for tests and diagnostics). */
  get size(): { readonly entries: number; readonly bytes: number } {
    return { entries: this.#answers.size, bytes: this.#bytes };
  }
}
