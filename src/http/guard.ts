/**
 * What every request to the API passes before any route code runs, in this order:
 * 1. a signed-in user, on every /api route but a short allow-list (sign-in, the API reference) —
 *    a new route is protected without anyone remembering to protect it, and nothing of the body is
 *    read before the caller is known;
 * 2. the body's type and size: JSON (default at most 1 MB) everywhere, CSV (default at most 20 MB)
 *    only where a file is uploaded; a larger body is refused with 413 as soon as the limit is passed,
 *    before it is held in memory;
 * 3. JSON that does not parse is a 400 naming the body.
 */
import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ConcordatApp } from '../app/app.ts';
import { invalid, tooLarge, unauthenticated } from '../domain/errors.ts';
import type { HttpEnv } from './env.ts';

export const SESSION_COOKIE = 'concordat_session';

export interface BodyLimits {
  /** Largest JSON body, bytes. */
  readonly jsonBytes: number;
  /** Largest uploaded file (CSV), bytes. */
  readonly uploadBytes: number;
}

export const DEFAULT_LIMITS: BodyLimits = { jsonBytes: 1 << 20, uploadBytes: 20 << 20 };

/** Routes open without signing in: method and path under /api. */
const PUBLIC_ROUTES: readonly { readonly method: string; readonly path: RegExp }[] = [
  { method: 'POST', path: /^\/api\/session$/ },
  { method: 'GET', path: /^\/api\/docs$/ },
  // Published procurement notices, the OCDS feed and records, the registry as FHIR, the PSR calculators (issue 9).
  { method: 'GET', path: /^\/api\/public\// },
];

/** Routes that take an uploaded CSV body as well as JSON. */
const UPLOAD_ROUTES: readonly RegExp[] = [/^\/api\/contracts\/[^/]+\/submissions$/, /^\/api\/economies\/[^/]+\/entries\/upload$/];
/** Upload routes that also take an XLSX workbook (the cost and workforce template). */
const WORKBOOK_ROUTES: readonly RegExp[] = [/^\/api\/economies\/[^/]+\/entries\/upload$/];
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function isPublicRoute(method: string, path: string): boolean {
  return PUBLIC_ROUTES.some((r) => r.method === method && r.path.test(path));
}

/** Every API request carries a user (bearer token or the web app's session cookie), except the allow-list. */
export function authenticate(app: ConcordatApp): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    if (isPublicRoute(c.req.method, c.req.path)) return next();
    const header = c.req.header('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : getCookie(c, SESSION_COOKIE);
    if (!token) throw unauthenticated('sign in first: send "Authorization: Bearer <token>" from POST /api/session');
    const actor = await app.actorForToken(token);
    c.set('token', token);
    c.set('workspace', app.as(actor));
    await next();
  };
}

const mb = (bytes: number) => `${(bytes / (1 << 20)).toFixed(bytes < 1 << 20 ? 2 : 0)} MB`;

export function limitBody(limits: BodyLimits): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    if (!['POST', 'PUT', 'PATCH'].includes(c.req.method)) return next();
    const type = (c.req.header('content-type') ?? '').toLowerCase();
    const length = c.req.header('content-length');
    const hasBody = c.req.raw.body !== null && length !== '0';
    const upload = UPLOAD_ROUTES.some((r) => r.test(c.req.path));
    const json = type.startsWith('application/json');
    const csv = upload && (type.startsWith('text/csv') || type.startsWith('text/plain') || (type.startsWith(XLSX_TYPE) && WORKBOOK_ROUTES.some((r) => r.test(c.req.path))));
    if (hasBody && !json && !csv) {
      throw invalid('content-type', upload ? 'send the file as text/csv, or JSON as application/json' : `send JSON with content-type application/json (got "${type || 'none'}")`);
    }
    if (!hasBody) return next();
    const max = json ? limits.jsonBytes : limits.uploadBytes;
    const what = json ? 'a JSON body' : 'an uploaded file';
    if (length !== undefined && Number(length) > max) {
      throw tooLarge(`the request body is ${mb(Number(length))}: ${what} may be at most ${mb(max)}; nothing was recorded`);
    }
    // Chunked bodies carry no length: count as they stream and stop at the limit.
    let seen = 0;
    const counted = c.req.raw.body!.pipeThrough(new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        seen += chunk.byteLength;
        if (seen > max) controller.error(tooLarge(`the request body passed ${mb(max)}, the most ${what} may be; nothing was recorded`));
        else controller.enqueue(chunk);
      },
    }));
    c.req.raw = new Request(c.req.raw, { body: counted, duplex: 'half' } as RequestInit);
    if (json) {
      const text = await c.req.text();
      try {
        JSON.parse(text);
      } catch {
        throw invalid('body', 'is not valid JSON');
      }
    }
    await next();
  };
}
