import { OpenAPIHono } from '@hono/zod-openapi';
import type { ConcordatApp, Workspace } from '../app/app.ts';
import { invalidMany } from '../domain/errors.ts';
import { zodIssues } from './errors.ts';

export interface HttpEnv {
  Variables: {
    workspace: Workspace;
    token: string;
  };
}

/** Every router shares this validation hook: a bad request throws the same invalid outcome the app layer uses. */
export function router(): OpenAPIHono<HttpEnv> {
  return new OpenAPIHono<HttpEnv>({
    defaultHook: (result, _c) => {
      if (!result.success) {
        throw invalidMany(zodIssues(result.target, result.error.issues));
      }
    },
  });
}

export type AppRef = { readonly app: ConcordatApp };
