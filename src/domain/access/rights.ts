/**
 * Who may do what: one table, role x organisation kind x action, with the capacity the caller's
 * organisation must hold on the contract the action touches. The caller-bound repository
 * (src/app/scope.ts) is the only place that reads it; the README's rights table is printed from it
 * (`npx tsx src/domain/access/print-rights.ts`), and the access test checks every endpoint against it.
 *
 * A commissioner user must belong to a commissioning organisation (ICB, CCG, sub-ICB location, NHS
 * England, local authority); a provider user to a providing one. The system role reads across the
 * economy and changes nothing; the administrator runs imports, resets the demo and manages users,
 * and otherwise acts for its own organisation like anyone else: it cannot let a contract in another
 * commissioner's name.
 */

import type { PartyRole } from '../contracts/contract.ts';

export const ROLES = ['commissioner', 'provider', 'system', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The two sides of the market, from the organisation's kind in the registry. */
export type OrganisationSide = 'commissioner' | 'provider';

/**
 * What the caller's organisation is to a contract. Party roles come from the contract; the rest are
 * derived: `parent_commissioner` commissions the contract a subcontract sits under (it must consent to
 * subcontracting); `parent_provider` is the provider under that parent contract (the prime, who lets
 * the subcontract); `pending_party` is named on a draft contract and has not yet accepted it.
 */
export type Capacity = PartyRole | 'parent_commissioner' | 'parent_provider' | 'pending_party' | EconomyCapacity;

/**
 * What the caller's organisation is to a stored economy or scenario (impact, C8), derived in one
 * place (Scope.economyCapacities): `economy_owner` owns the economy; `economy_member` is a party to
 * one of its contracts while the owner shares it across the economy; `economy_public` is anyone
 * signed in once the owner publishes it; `scenario_owner` owns the scenario.
 */
export type EconomyCapacity = 'economy_owner' | 'economy_member' | 'economy_public' | 'scenario_owner';

export const ACTIONS = [
  'registry.read',
  'registry.import',
  'contract.read',
  'contract.create',
  'subcontract.create',
  'contract.accept',
  'subcontract.consent',
  'contract.vary',
  'variation.propose',
  'variation.decide',
  'payment_terms.set',
  'activity.submit',
  'plan.submit',
  'tariff.read',
  'tariff.load',
  'ledger.verify_all',
  'audit.read_all',
  'users.manage',
  'demo.reset',
  'scenario.run',
  'economy.read',
  'economy.create',
  'economy.build',
  'economy.enter',
  'economy.share',
  'scenario.save',
  'scenario.edit',
  'impact.assess',
] as const;
export type Action = (typeof ACTIONS)[number];

export interface Right {
  /** User roles that may take the action. */
  readonly roles: readonly Role[];
  /** The side the caller's organisation must be on; null: either. */
  readonly side: OrganisationSide | null;
  /** Capacities on the contract, one of which the caller's organisation must hold; null: no contract involved. */
  readonly capacities: readonly Capacity[] | null;
  /** What it means, in words (README and error messages). */
  readonly rule: string;
}

const WRITERS: readonly Role[] = ['commissioner', 'provider', 'admin'];
const EVERYONE: readonly Role[] = ['commissioner', 'provider', 'system', 'admin'];
const ECONOMY_READERS: readonly Capacity[] = ['economy_owner', 'economy_member', 'economy_public'];

export const RIGHTS: Readonly<Record<Action, Right>> = {
  'registry.read': { roles: EVERYONE, side: null, capacities: null, rule: 'any signed-in user reads the registry (published reference data)' },
  'registry.import': { roles: ['admin'], side: null, capacities: null, rule: 'an administrator imports ODS files' },
  'contract.read': {
    roles: EVERYONE, side: null, capacities: ['coordinating_commissioner', 'associate_commissioner', 'provider', 'parent_commissioner'],
    rule: 'a party to the contract, or the commissioner of the contract a subcontract sits under, reads it; system and administrator users read every contract',
  },
  'contract.create': {
    roles: ['commissioner', 'admin'], side: 'commissioner', capacities: ['coordinating_commissioner'],
    rule: 'only a commissioning organisation lets a contract, and only as its co-ordinating commissioner; the other parties must accept before it is agreed',
  },
  'subcontract.create': {
    roles: ['provider', 'admin'], side: 'provider', capacities: ['parent_provider'],
    rule: 'the provider under a contract lets a subcontract under it, as the subcontract\'s co-ordinating party; the subcontractor must accept',
  },
  'contract.accept': {
    roles: ['commissioner', 'provider', 'admin'], side: null, capacities: ['pending_party'],
    rule: 'each party named on a draft contract, other than the one that let it, accepts or declines it for its own organisation',
  },
  'subcontract.consent': {
    roles: ['commissioner', 'admin'], side: 'commissioner', capacities: ['parent_commissioner'],
    rule: 'the commissioner of the contract a subcontract sits under consents to the subcontract, or refuses',
  },
  'contract.vary': {
    roles: ['commissioner', 'provider', 'admin'], side: null, capacities: ['coordinating_commissioner'],
    rule: 'the co-ordinating commissioner (the prime, for a subcontract) records a variation',
  },
  'variation.propose': {
    roles: WRITERS, side: null, capacities: ['provider', 'associate_commissioner'],
    rule: 'a provider or associate commissioner proposes a variation; the co-ordinating commissioner agrees or rejects it',
  },
  'variation.decide': {
    roles: ['commissioner', 'provider', 'admin'], side: null, capacities: ['coordinating_commissioner'],
    rule: 'the co-ordinating commissioner agrees or rejects a proposed variation',
  },
  'payment_terms.set': {
    roles: ['commissioner', 'provider', 'admin'], side: null, capacities: ['coordinating_commissioner'],
    rule: 'the co-ordinating commissioner sets a contract\'s payment terms for a scheme year',
  },
  'activity.submit': {
    roles: ['provider', 'admin'], side: 'provider', capacities: ['provider'],
    rule: 'a provider party submits its monthly activity, once the contract is agreed',
  },
  'plan.submit': {
    roles: WRITERS, side: null, capacities: ['coordinating_commissioner', 'associate_commissioner', 'provider'],
    rule: 'any party submits the year\'s activity plan',
  },
  'tariff.read': { roles: EVERYONE, side: null, capacities: null, rule: 'any signed-in user reads the tariff' },
  'tariff.load': { roles: ['admin'], side: null, capacities: null, rule: 'an administrator loads a payment-scheme year\'s tariff' },
  'ledger.verify_all': { roles: ['system', 'admin'], side: null, capacities: null, rule: 'system and administrator users verify every ledger; anyone verifies the contracts they read' },
  'audit.read_all': { roles: ['system', 'admin'], side: null, capacities: null, rule: 'system and administrator users read the whole audit trail; others read their own organisation\'s' },
  'users.manage': { roles: ['admin'], side: null, capacities: null, rule: 'an administrator creates users' },
  'demo.reset': { roles: ['admin'], side: null, capacities: null, rule: 'an administrator empties the database and loads the demo again' },
  'scenario.run': {
    roles: EVERYONE, side: null, capacities: ECONOMY_READERS,
    rule: 'anyone who may read an economy runs scenarios on it (nothing is kept); system and administrator users run on every economy',
  },
  'economy.read': {
    roles: EVERYONE, side: null, capacities: ECONOMY_READERS,
    rule: 'the owning organisation reads its economy; the organisations in it once the owner shares it across the economy; everyone once published; system and administrator users read every economy',
  },
  'economy.create': {
    roles: WRITERS, side: null, capacities: null,
    rule: 'a commissioner or provider creates an economy owned by its own organisation, built only from the contracts that organisation may see',
  },
  'economy.build': {
    roles: WRITERS, side: null, capacities: ['economy_owner'],
    rule: 'the owning organisation builds a version as at a date from the contracts, statements and plans it may see and the entered figures',
  },
  'economy.enter': {
    roles: WRITERS, side: null, capacities: ['economy_owner'],
    rule: 'the owning organisation enters or uploads service-line costs, workforce and provider figures (each row kept, a correction supersedes)',
  },
  'economy.share': {
    roles: WRITERS, side: null, capacities: ['economy_owner'],
    rule: 'the owning organisation keeps its economy private, shares it across the economy or publishes it',
  },
  'scenario.save': {
    roles: WRITERS, side: null, capacities: ECONOMY_READERS,
    rule: 'anyone who may read an economy saves scenarios on it, owned by their organisation, and keeps their runs',
  },
  'scenario.edit': {
    roles: WRITERS, side: null, capacities: ['scenario_owner'],
    rule: 'the owning organisation edits its scenario or shares it with everyone who may read its economy',
  },
  'impact.assess': {
    roles: WRITERS, side: null, capacities: ['coordinating_commissioner', 'associate_commissioner', 'provider'],
    rule: 'a party who may vary, propose or award a contract runs the decision\'s impact first on an economy it may read; the run is kept with the decision',
  },
};

/** Roles a user of an organisation on this side may hold. */
export function rolesFor(side: OrganisationSide): readonly Role[] {
  return side === 'commissioner' ? ['commissioner', 'system', 'admin'] : ['provider'];
}

export interface Caller {
  readonly role: Role;
  readonly side: OrganisationSide;
}

export type Decision = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

/**
 * Decides an action for a caller holding `capacities` on the contract (empty when none).
 *
 * @example decide('contract.create', { role: 'provider', side: 'provider' }, new Set(['associate_commissioner'])).allowed // false
 */
export function decide(action: Action, caller: Caller, capacities: ReadonlySet<Capacity>): Decision {
  const right = RIGHTS[action];
  if (!right.roles.includes(caller.role)) {
    return { allowed: false, reason: `your role (${caller.role}) may not do this: ${right.rule}` };
  }
  if (right.side && caller.side !== right.side) {
    return { allowed: false, reason: `your organisation is a ${caller.side}: ${right.rule}` };
  }
  if (right.capacities && !right.capacities.some((c) => capacities.has(c))) {
    return { allowed: false, reason: right.rule };
  }
  return { allowed: true };
}
