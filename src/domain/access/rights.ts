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
export type Capacity = PartyRole | 'parent_commissioner' | 'parent_provider' | 'pending_party'
  // Not on a contract but on an organisation: its user administrator (a user flagged to manage its own organisation's users).
  | 'user_administrator'
  // The relationship (issue 8), derived from the case, not the contract alone (src/app/relationship/access.ts):
  // `notice_issuer` / `notice_recipient` hold that side of a contract performance notice; `dispute_party`
  // is the co-ordinating commissioner or provider of the contract a GC14 dispute is under;
  // `relationship_party` is the commissioner or provider of a commissioner-provider pair.
  | 'notice_issuer' | 'notice_recipient' | 'dispute_party' | 'relationship_party'
  // Procurements and stage-gate schemes (issue 9): from the named authorities, providers and signatories.
  | ProcurementCapacity
  // Stored economies and scenarios (issue 10).
  | EconomyCapacity;

/**
 * What the caller's organisation is to a procurement or a scheme: its lead authority, another named
 * (joint) authority, a provider that took part (offered, is the existing provider, or made
 * representations); a scheme's lead, or a signatory of one of its gates.
 */
export type ProcurementCapacity = 'lead_authority' | 'joint_authority' | 'procurement_participant' | 'scheme_lead' | 'gate_signatory';

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
  'users.manage_own',
  // The relationship: contract management (GC9), performance, money each way, disputes (GC14, contract setting).
  'relationship.read',
  'management_terms.set',
  'performance.return_submit',
  'notice.issue',
  'notice.step',
  'dispute.raise',
  'dispute.step',
  'contract_setting.open',
  'contract_setting.step',
  'money.record',
  // Procurement in the open (issue 9).
  'procurement.read',
  'procurement.open',
  'procurement.step',
  'procurement.respond',
  'procurement.import',
  'scheme.read',
  'scheme.open',
  'scheme.lead',
  'scheme.sign',
  'economy.read',
  'economy.create',
  'economy.build',
  'economy.enter',
  'economy.share',
  'economy.edit',
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
  'users.manage_own': {
    roles: ['commissioner', 'provider', 'admin'], side: null, capacities: ['user_administrator'],
    rule: 'an organisation\'s user administrator lists and creates the users of its own organisation only, in roles its side allows (never system or administrator)',
  },
  'relationship.read': {
    roles: EVERYONE, side: null, capacities: ['relationship_party'],
    rule: 'the commissioner or provider of a commissioner-provider pair reads its relationship record, and the notices and disputes on contracts it reads; system and administrator users read every relationship',
  },
  'management_terms.set': {
    roles: WRITERS, side: null, capacities: ['coordinating_commissioner'],
    rule: 'the co-ordinating commissioner sets a contract\'s Standard Contract edition, rule overrides (each with a reason) and performance indicators with their thresholds and consequences',
  },
  'performance.return_submit': {
    roles: ['provider', 'admin'], side: 'provider', capacities: ['provider'],
    rule: 'a provider party submits its monthly performance returns; a later return for the same month and indicator supersedes the earlier one, which stays readable',
  },
  'notice.issue': {
    roles: WRITERS, side: null, capacities: ['coordinating_commissioner', 'provider'],
    rule: 'the co-ordinating commissioner issues a contract performance notice to the provider; the provider may issue one to the commissioner where the contract\'s edition allows it',
  },
  'notice.step': {
    roles: WRITERS, side: null, capacities: ['notice_issuer', 'notice_recipient'],
    rule: 'the issuer or the recipient of a contract performance notice takes the GC9 steps its side may take (the recipient accepts or disputes; the issuer withholds and confirms a remedy; either holds the meeting)',
  },
  'dispute.raise': {
    roles: WRITERS, side: null, capacities: ['coordinating_commissioner', 'provider'],
    rule: 'the co-ordinating commissioner or the provider raises a GC14 dispute under the contract',
  },
  'dispute.step': {
    roles: WRITERS, side: null, capacities: ['dispute_party'],
    rule: 'either party to a GC14 dispute escalates it, appoints the mediator or expert, records fees, settlements and the expert\'s determination; only the party that raised it withdraws it',
  },
  'contract_setting.open': {
    roles: WRITERS, side: null, capacities: ['relationship_party'],
    rule: 'the commissioner or the provider opens a contract-setting dispute over a contract year they cannot agree',
  },
  'contract_setting.step': {
    roles: WRITERS, side: null, capacities: ['relationship_party'],
    rule: 'either party records the contract-setting steps, including the national process\'s referrals and the arbitrator\'s pendulum determination, which must be exactly one party\'s final offer on each issue; only the opener withdraws',
  },
  'money.record': {
    roles: WRITERS, side: null, capacities: ['coordinating_commissioner', 'provider'],
    rule: 'each party records the money on its own side (the commissioner CQUIN shortfalls and releases; the provider upheld challenges, counting and coding changes and charges outside the contract; either a determination adjustment); sanctions and withholdings are computed, never typed',
  },
  'procurement.read': {
    roles: EVERYONE, side: null, capacities: ['lead_authority', 'joint_authority'],
    rule: 'the named authorities read the whole procurement record (scores, conflicts, representations, the reg 24 decision record); system and administrator users read every one; anyone signed in reads what has been published, and a provider its own offers and representations',
  },
  'procurement.open': {
    roles: ['commissioner', 'admin'], side: 'commissioner', capacities: ['lead_authority'],
    rule: 'a commissioning organisation opens a procurement as its lead authority, naming any joint authorities',
  },
  'procurement.step': {
    roles: ['commissioner', 'admin'], side: 'commissioner', capacities: ['lead_authority', 'joint_authority'],
    rule: 'the lead authority runs the procurement step by step; a joint authority takes the steps its role allows (declaring conflicts of interest); the route\'s state machine says which steps are possible now',
  },
  'procurement.respond': {
    roles: ['provider', 'admin'], side: 'provider', capacities: null,
    rule: 'a provider makes its own offer to a published procurement, or its own written representations during standstill',
  },
  'procurement.import': { roles: ['admin'], side: null, capacities: null, rule: 'an administrator imports Contracts Finder or Find a Tender OCDS release packages' },
  'scheme.read': {
    roles: EVERYONE, side: null, capacities: ['scheme_lead', 'gate_signatory'],
    rule: 'a scheme\'s lead and the signatories of its gates read its stage gates; system and administrator users read every scheme',
  },
  'scheme.open': {
    roles: ['commissioner', 'admin'], side: 'commissioner', capacities: ['scheme_lead'],
    rule: 'a commissioning organisation opens a scheme\'s stage gates as its lead, naming who must sign each gate',
  },
  'scheme.lead': {
    roles: ['commissioner', 'admin'], side: 'commissioner', capacities: ['scheme_lead'],
    rule: 'the scheme\'s lead submits each case for signature, moves a gate\'s date, and closes the gate: passed, proceeding without a signature (with reasons), or halted',
  },
  'scheme.sign': {
    roles: ['commissioner', 'provider', 'admin'], side: null, capacities: ['gate_signatory'],
    rule: 'each organisation named to sign a gate signs the case or refuses it (with reasons), for itself',
  },
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
  'economy.edit': {
    roles: WRITERS, side: null, capacities: ['economy_owner'],
    rule: 'the owning organisation renames its economy or corrects its description (versions and scenarios keep its id)',
  },
  'scenario.save': {
    roles: WRITERS, side: null, capacities: ECONOMY_READERS,
    rule: 'anyone who may read an economy saves scenarios on it, owned by their organisation, and keeps their runs',
  },
  'scenario.edit': {
    roles: WRITERS, side: null, capacities: ['scenario_owner'],
    rule: 'the owning organisation edits its scenario, shares it with everyone who may read its economy, or deletes it while no run of it is kept',
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
