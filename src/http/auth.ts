import type { MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ConcordatApp } from '../app/app.ts';
import { unauthenticated } from '../domain/errors.ts';
import type { HttpEnv } from './env.ts';

export const SESSION_COOKIE = 'concordat_session';

/**
 * Every API request carries a user: a bearer token (API clients, the CLI) or the session cookie
 * (the web app). The handler receives use cases already bound to that user.
 */
export function requireUser(app: ConcordatApp): MiddlewareHandler<HttpEnv> {
  return async (c, next) => {
    const header = c.req.header('authorization');
    const token = header?.startsWith('Bearer ') ? header.slice(7).trim() : getCookie(c, SESSION_COOKIE);
    if (!token) throw unauthenticated('sign in first: send "Authorization: Bearer <token>" from POST /api/session');
    const actor = await app.actorForToken(token);
    c.set('token', token);
    c.set('workspace', app.as(actor));
    await next();
  };
}
