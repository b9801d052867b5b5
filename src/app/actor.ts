import { forbidden } from '../domain/errors.ts';

/**
 * Roles. A commissioner or provider user reads and acts for its own organisation only; a system
 * user reads across the whole economy but changes nothing; an administrator also runs imports,
 * resets the demo and manages users.
 */
export const ROLES = ['commissioner', 'provider', 'system', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Actor {
  readonly userId: string;
  readonly username: string;
  readonly displayName: string;
  readonly organisationCode: string;
  readonly role: Role;
}

/** The actor used by the CLI and by start-up tasks (demo load): an administrator of NHS England. */
export const SYSTEM_ACTOR: Actor = {
  userId: 'system',
  username: 'system',
  displayName: 'Concordat (command line)',
  organisationCode: 'X24',
  role: 'admin',
};

export function readsAcrossEconomy(actor: Actor): boolean {
  return actor.role === 'system' || actor.role === 'admin';
}

export function requireAdmin(actor: Actor): void {
  if (actor.role !== 'admin') throw forbidden('only an administrator may do this');
}

export function requireWriter(actor: Actor): void {
  if (actor.role === 'system') throw forbidden('the system role reads across the economy but changes nothing');
}
