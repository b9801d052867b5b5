/**
 * People as a history names them: who recorded a variation, submitted a file, set the terms. One
 * place, so every history reads the same ("Bedford Hospital finance lead (RC1)") and never shows a
 * user id.
 */

import { usersById, usersOfContractHistory } from '../storage/repositories/users.ts';
import type { Scope } from './scope.ts';

/** What the system's own records (imports, the demo load, command-line administration) are recorded as. */
export const SYSTEM_NAME = 'Concordat (import or demo)';

/** A person as a history names them: "Bedford Hospital finance lead (RC1)". */
export function personName(u: { readonly displayName: string; readonly organisationCode: string }): string {
  return `${u.displayName} (${u.organisationCode})`;
}

/**
 * Users' names for ids, each "display name (organisation code)"; an id no user has is left out, so
 * the caller can fall back to the id.
 *
 * @example (await userNames(ctx, ['system'])).get('system') // 'Concordat (import or demo)'
 */
export async function userNames(ctx: Scope, ids: readonly string[]): Promise<Map<string, string>> {
  return namesOf(await usersById(ctx.db, [...new Set(ids)].filter((id) => id !== 'system')));
}

/** Each user's name by id, and the system's. */
function namesOf(users: readonly { readonly id: string; readonly displayName: string; readonly organisationCode: string }[]): Map<string, string> {
  const out = new Map(users.map((u) => [u.id, personName(u)]));
  out.set('system', SYSTEM_NAME);
  return out;
}

/**
 * The names of everyone who recorded a variation of the contract, and of `ids`: one query, without
 * waiting for the variations to be read.
 */
export async function contractHistoryNames(ctx: Scope, contractId: string, ids: readonly string[]): Promise<Map<string, string>> {
  return namesOf(await usersOfContractHistory(ctx.db, contractId, ids.filter((id) => id !== 'system')));
}
