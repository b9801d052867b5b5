/**
 * One error type with a closed set of outcomes. Every layer throws {@link ConcordatError}; the
 * HTTP layer maps the outcome to a status in one place and the CLI prints the same message.
 */

export type OutcomeKind = 'invalid' | 'not_found' | 'forbidden' | 'conflict' | 'unauthenticated' | 'too_large' | 'too_many_requests';

/** One problem with the input, located by a path such as `["providers", 0]` or `line 12 / hrg`. */
export interface Issue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

export class ConcordatError extends Error {
  readonly kind: OutcomeKind;
  readonly issues: readonly Issue[];

  constructor(kind: OutcomeKind, message: string, issues: readonly Issue[] = [], options?: { readonly cause?: unknown }) {
    // The underlying error (a driver's, a parser's) travels as `cause`, as Hono's HTTPException carries it.
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ConcordatError';
    this.kind = kind;
    this.issues = issues;
  }
}

/** Invalid input, naming the field: `invalid('endDate', 'must be after startDate')`. */
export function invalid(path: string | readonly (string | number)[], message: string): ConcordatError {
  const p = typeof path === 'string' ? path.split('.') : path;
  return new ConcordatError('invalid', `${p.join('.')}: ${message}`, [{ path: p, message }]);
}

/** Several invalid fields at once. */
export function invalidMany(issues: readonly Issue[]): ConcordatError {
  const first = issues[0];
  const summary = first ? `${first.path.join('.')}: ${first.message}` : 'invalid input';
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more)` : '';
  return new ConcordatError('invalid', summary + more, issues);
}

export function notFound(what: string): ConcordatError {
  return new ConcordatError('not_found', `${what} not found`);
}

export function forbidden(message = 'not permitted for your organisation or role'): ConcordatError {
  return new ConcordatError('forbidden', message);
}

export function conflict(message: string): ConcordatError {
  return new ConcordatError('conflict', message);
}

export function unauthenticated(message = 'sign in first'): ConcordatError {
  return new ConcordatError('unauthenticated', message);
}

/** More than a limit allows (a request body, a file's lines or rows): nothing was written. */
export function tooLarge(message: string, issues: readonly Issue[] = []): ConcordatError {
  return new ConcordatError('too_large', message, issues);
}

/** Too many attempts (sign-in throttling); `retryAfterSeconds` says when to try again. */
export class TooManyRequests extends ConcordatError {
  readonly retryAfterSeconds: number;
  constructor(message: string, retryAfterSeconds: number) {
    super('too_many_requests', message);
    this.retryAfterSeconds = retryAfterSeconds;
  }
}

export function isConcordatError(e: unknown): e is ConcordatError {
  return e instanceof ConcordatError;
}
