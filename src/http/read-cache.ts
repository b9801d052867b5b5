/**
 * Serves the heavy reads from the app's read cache (src/app/read-cache.ts) when the data has not
 * changed since the answer was computed for this caller.
 *
 * Only GET endpoints whose answer depends on nothing but the stored data, the caller and the date
 * are listed; an endpoint that reads in-memory state (simulation jobs, sessions) or the time of day
 * (the ledger check's `checkedAt`) must never be. Per request: who is asking is known (authenticate
 * runs first), the data version is read (one trivial query) before anything else, and then either
 * the bytes kept for this caller at this version are sent, or the route runs as usual and its 200
 * answer is kept. Each answer carries an ETag (a hash of its bytes); a matching If-None-Match gets
 * 304 with no body.
 */
import { createHash } from 'node:crypto';
import type { Context, MiddlewareHandler } from 'hono';
import type { CachedAnswer, ReadCache } from '../app/read-cache.ts';
import type { HttpEnv } from './env.ts';

/** The cached reads: paths under /api (GET only). */
export const CACHED_READS: readonly RegExp[] = [
  /^\/api\/contracts$/, // the contracts you may see, as at a date (default today)
  /^\/api\/contracts\/[^/]+$/, // one contract with its history, and what you may do to it now
  /^\/api\/economy$/, // the economy overview (opens on a date worked out from today)
  /^\/api\/organisations$/, // the registry
  /^\/api\/organisations\/[^/]+$/,
];

export function isCachedRead(method: string, path: string): boolean {
  return method === 'GET' && CACHED_READS.some((r) => r.test(path));
}

/** The address asked for: path and query, without the scheme and host. */
function addressOf(url: string): string {
  const start = url.indexOf('/', url.indexOf('://') + 3);
  return start < 0 ? '/' : url.slice(start);
}

function etagOf(body: Uint8Array): string {
  return `"${createHash('sha256').update(body).digest('base64url').slice(0, 32)}"`;
}

/** Whether an If-None-Match header names this ETag (weak comparison, as RFC 9110 asks for GET). */
function matches(ifNoneMatch: string | undefined, etag: string): boolean {
  if (!ifNoneMatch) return false;
  return ifNoneMatch.split(',').some((t) => {
    const tag = t.trim();
    return tag === '*' || (tag.startsWith('W/') ? tag.slice(2) : tag) === etag;
  });
}

/** Per-user answers: a shared cache must not keep them; a browser keeps them and asks again each time. */
const CACHE_CONTROL = 'private, no-cache';

function send(c: Context<HttpEnv>, answer: CachedAnswer): Response {
  if (matches(c.req.header('if-none-match'), answer.etag)) {
    return c.body(null, 304, { etag: answer.etag, 'cache-control': CACHE_CONTROL });
  }
  return c.body(answer.body as Uint8Array<ArrayBuffer>, answer.status as 200, {
    'content-type': answer.contentType, etag: answer.etag, 'cache-control': CACHE_CONTROL,
  });
}

/** The middleware; with the cache turned off (null) it passes every request straight on. */
export function cacheReads(reads: ReadCache | null): MiddlewareHandler<HttpEnv> {
  if (!reads) return (_c, next) => next();
  return async (c, next) => {
    if (!isCachedRead(c.req.method, c.req.path)) return next();
    const workspace = c.get('workspace');
    if (!workspace) return next();
    const date = reads.today();
    const key = reads.key(workspace.actor, 'GET', addressOf(c.req.url), date);
    // The version first, then the data: an answer is never older than the version it is kept under.
    const version = await reads.version();
    if (version === undefined) return next();
    const hit = reads.get(key, version);
    if (hit) return send(c, hit);

    await next();
    const res = c.res;
    const contentType = res.headers.get('content-type') ?? '';
    if (res.status !== 200 || !contentType.startsWith('application/json')) return;
    const body = new Uint8Array(await res.arrayBuffer());
    const answer: CachedAnswer = { version, status: res.status, contentType, body, etag: etagOf(body) };
    // An answer computed across midnight may hold the next day's reading; keep only a same-day one.
    if (reads.today() === date) reads.set(key, answer);
    // The body has been read: send it again from the bytes, with the route's headers. Clearing c.res
    // first is Hono's way to replace a response rather than merge into it.
    const replacement = send(c, answer);
    c.res = undefined;
    c.res = replacement;
  };
}
