import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { ConcordatError, TooManyRequests, type Issue, type OutcomeKind } from '../domain/errors.ts';

/** The one place outcomes become HTTP statuses. */
export const STATUS_OF: Record<OutcomeKind, ContentfulStatusCode> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  too_large: 413,
  too_many_requests: 429,
};

/** The one error shape every endpoint returns. */
export interface ErrorBody {
  readonly error: {
    readonly kind: OutcomeKind | 'internal';
    readonly message: string;
    readonly issues: readonly { readonly path: string; readonly message: string }[];
  };
}

export function errorBody(kind: ErrorBody['error']['kind'], message: string, issues: readonly Issue[] = []): ErrorBody {
  return { error: { kind, message, issues: issues.map((i) => ({ path: i.path.join('.'), message: i.message })) } };
}

export function respondWithError(c: Context, err: unknown): Response {
  if (err instanceof TooManyRequests) c.header('retry-after', String(err.retryAfterSeconds));
  if (err instanceof ConcordatError) return c.json(errorBody(err.kind, err.message, err.issues), STATUS_OF[err.kind]);
  // A malformed percent-encoding in the path (Hono decodes parameters lazily).
  if (err instanceof URIError) return c.json(errorBody('invalid', 'the address contains a malformed %-encoding'), 400);
  // Only the unexpected is logged: expected outcomes are answers, not faults.
  console.error(err);
  return c.json(errorBody('internal', 'something went wrong on our side; nothing was changed'), 500);
}

/** zod issues (from request validation) as our issues, with the part of the request named. */
export function zodIssues(
  target: string,
  issues: readonly { path: readonly PropertyKey[]; message: string }[],
): Issue[] {
  return issues.map((i) => ({
    path: i.path.length ? i.path.map((p) => (typeof p === 'number' ? p : String(p))) : [target],
    message: i.message,
  }));
}
