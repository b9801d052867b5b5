import { createRoute, z } from '@hono/zod-openapi';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { ConcordatApp } from '../../app/app.ts';
import { getConnInfo } from '@hono/node-server/conninfo';
import { SESSION_COOKIE } from '../guard.ts';
import { router } from '../env.ts';
import { AccountSchema, ErrorSchema, UserSchema } from '../schemas.ts';

const SignInSchema = z.object({ username: z.string().min(1, 'is required').max(100), password: z.string().min(1, 'is required').max(1000) }).openapi('SignIn');
const SessionSchema = z.object({ token: z.string(), expiresAt: z.string(), user: UserSchema }).openapi('Session');

/** The caller's address for sign-in throttling (in-process tests have none: they share one). */
function clientAddress(c: Parameters<typeof getConnInfo>[0]): string {
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    return 'local';
  }
}

export function sessionRoutes(app: ConcordatApp) {
  const r = router();
  r.openapi(
    createRoute({
      method: 'post', path: '/session', tags: ['Session'], summary: 'Sign in',
      description: 'Returns a bearer token and sets the session cookie the web app uses.',
      request: { body: { content: { 'application/json': { schema: SignInSchema } }, required: true } },
      responses: {
        200: { description: 'Signed in', content: { 'application/json': { schema: SessionSchema } } },
        401: { description: 'Unknown user or wrong password', content: { 'application/json': { schema: ErrorSchema } } },
        429: { description: 'Too many attempts for this user name or from this address; Retry-After says when to try again', content: { 'application/json': { schema: ErrorSchema } } },
      },
    }),
    async (c) => {
      const { username, password } = c.req.valid('json');
      const s = await app.signIn(username, password, clientAddress(c));
      setCookie(c, SESSION_COOKIE, s.token, { httpOnly: true, sameSite: 'Lax', path: '/', expires: new Date(s.expiresAt) });
      return c.json(s, 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get', path: '/session/me', tags: ['Session'], summary: 'Who am I, and what may I start',
      description: 'The signed-in user, and `youMay`: whether to offer letting a contract or subcontract and managing users (each is decided again when taken).',
      responses: { 200: { description: 'The signed-in user', content: { 'application/json': { schema: AccountSchema } } } },
    }),
    async (c) => c.json((await c.get('workspace').account()) as never, 200),
  );
  r.openapi(
    createRoute({
      method: 'delete', path: '/session/me', tags: ['Session'], summary: 'Sign out',
      responses: { 204: { description: 'Signed out' } },
    }),
    async (c) => {
      await app.signOut(c.get('token'));
      deleteCookie(c, SESSION_COOKIE, { path: '/' });
      return c.body(null, 204);
    },
  );
  return r;
}
