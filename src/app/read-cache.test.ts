import type { Kysely } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../storage/schema.ts';
import type { Actor } from './actor.ts';
import { fixedClock } from './clock.ts';
import { ReadCache, type CachedAnswer } from './read-cache.ts';

// get and set never touch the database; only version() does.
const noDb = {} as Kysely<Database>;
const answer = (version: number, bytes: number): CachedAnswer => ({
  version, status: 200, contentType: 'application/json', body: new Uint8Array(bytes), etag: `"v${version}"`,
});
const actor = (over: Partial<Actor> = {}): Actor => ({
  userId: 'u1', username: 'commissioner', displayName: 'Commissioner', organisationCode: '06F', role: 'commissioner', side: 'commissioner', managesUsers: false, ...over,
});

describe('the read cache', () => {
  it('hands an answer back only at the version it was read at', () => {
    const cache = new ReadCache(noDb, fixedClock('2015-06-01T09:00:00Z'));
    cache.set('k', answer(5, 10));
    expect(cache.get('k', 5)?.etag).toBe('"v5"');
    expect(cache.get('k', 4)).toBeUndefined(); // a request that began before the answer was read
    expect(cache.get('k', 5)).toBeDefined();
    expect(cache.get('k', 6)).toBeUndefined(); // the data changed since: dropped
    expect(cache.size).toEqual({ entries: 0, bytes: 0 });
  });

  it('keeps the later of two answers for one key', () => {
    const cache = new ReadCache(noDb, fixedClock('2015-06-01T09:00:00Z'));
    cache.set('k', answer(7, 10));
    cache.set('k', answer(6, 10));
    expect(cache.get('k', 7)).toBeDefined();
    expect(cache.size.bytes).toBe(10);
  });

  it('lets the least recently used answers go past its entry and byte limits, and never keeps a huge one', () => {
    const cache = new ReadCache(noDb, fixedClock('2015-06-01T09:00:00Z'), { maxEntries: 3, maxBytes: 800 });
    for (const k of ['a', 'b', 'c']) cache.set(k, answer(1, 50));
    cache.get('a', 1); // a is now the most recently used
    cache.set('d', answer(1, 50));
    expect(['a', 'b', 'c', 'd'].map((k) => cache.get(k, 1) !== undefined)).toEqual([true, false, true, true]);
    cache.set('e', answer(1, 100));
    expect(cache.size.entries).toBe(3);
    cache.set('big', answer(1, 101)); // more than an eighth of the byte cap
    expect(cache.get('big', 1)).toBeUndefined();
    expect(cache.size.bytes).toBeLessThanOrEqual(800);
  });

  it('keys answers by who asks as the scope sees them, the address and the day', () => {
    const cache = new ReadCache(noDb, fixedClock('2015-06-01T09:00:00Z'));
    const base = cache.key(actor(), 'GET', '/api/contracts', '2015-06-01');
    const others = [
      cache.key(actor({ userId: 'u2' }), 'GET', '/api/contracts', '2015-06-01'),
      cache.key(actor({ organisationCode: 'RC1' }), 'GET', '/api/contracts', '2015-06-01'),
      cache.key(actor({ role: 'system' }), 'GET', '/api/contracts', '2015-06-01'),
      cache.key(actor({ side: 'provider' }), 'GET', '/api/contracts', '2015-06-01'),
      cache.key(actor({ managesUsers: true }), 'GET', '/api/contracts', '2015-06-01'),
      cache.key(actor(), 'GET', '/api/contracts?limit=5', '2015-06-01'),
      cache.key(actor(), 'GET', '/api/contracts', '2015-06-02'),
    ];
    expect(new Set([base, ...others]).size).toBe(others.length + 1);
    expect(cache.today()).toBe('2015-06-01');
  });
});
