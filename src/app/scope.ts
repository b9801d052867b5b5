/**
 * The caller-bound repository (as Medplum's request-scoped repository): every use case receives a
 * Scope already bound to who is acting, and reads contracts, checks rights and records changes only
 * through it. Organisation visibility (which contracts exist for you) and the rights table (what you
 * may do to them, src/domain/access/rights.ts) are applied here and nowhere else.
 *
 * `Scope.system` is the explicit exception: imports, the demo load and the command line's
 * administrative commands act as the system, which sees and may do everything. The HTTP API never
 * hands it out.
 */

import type { Kysely } from 'kysely';
import { decide, type Action, type Capacity, type OrganisationSide } from '../domain/access/rights.ts';
import type { Contract } from '../domain/contracts/contract.ts';
import { forbidden, notFound } from '../domain/errors.ts';
import { appendAudit } from '../storage/repositories/audit.ts';
import * as contractsRepo from '../storage/repositories/contracts.ts';
import * as economiesRepo from '../storage/repositories/economies.ts';
import { appendSeals, prepareSeals, type LedgerEntry } from '../storage/ledger/ledger.ts';
import type { SealedKind } from '../storage/ledger/sealed.ts';
import { lock } from '../storage/locks.ts';
import type { Database } from '../storage/schema.ts';
import { SYSTEM_ACTOR, type Actor } from './actor.ts';
import type { Clock } from './clock.ts';

const COMMISSIONING = new Set(['coordinating_commissioner', 'associate_commissioner']);

/** What an action concerns: a contract, or an organisation (its users). */
export type Target = Contract | { readonly organisationCode: string };

/** A party's recorded decision on a contract: who, in which capacity. */
export interface Decided {
  readonly organisationCode: string;
  readonly capacity: string;
}

/** Capacities a caller's own helper has already worked out (a procurement's, a scheme's). */
function isCapacities(t: Target | ReadonlySet<Capacity>): t is ReadonlySet<Capacity> {
  return t instanceof Set;
}

export interface AuditRecord {
  readonly action: string;
  readonly entityType: string;
  readonly entityId: string;
  readonly detail?: unknown;
}

export class Scope {
  readonly db: Kysely<Database>;
  readonly actor: Actor;
  readonly clock: Clock;
  /** True for imports, the demo and the command line's administration; never for an HTTP caller. */
  readonly isSystem: boolean;
  readonly #inTransaction: boolean;

  private constructor(db: Kysely<Database>, actor: Actor, clock: Clock, isSystem: boolean, inTransaction: boolean) {
    this.db = db;
    this.actor = actor;
    this.clock = clock;
    this.isSystem = isSystem;
    this.#inTransaction = inTransaction;
  }

  /** A user's scope. */
  static forUser(db: Kysely<Database>, actor: Actor, clock: Clock): Scope {
    if (actor.userId === SYSTEM_ACTOR.userId) throw new Error('the system actor acts through Scope.system, not as a user');
    return new Scope(db, actor, clock, false, false);
  }

  /** The system's scope: imports, the demo load, command-line administration. */
  static system(db: Kysely<Database>, clock: Clock): Scope {
    return new Scope(db, SYSTEM_ACTOR, clock, true, false);
  }

  /** Reads every contract in the economy: the system, and system or administrator users. */
  get readsAcrossEconomy(): boolean {
    return this.isSystem || this.actor.role === 'system' || this.actor.role === 'admin';
  }

  /** Which contracts exist for this caller (storage applies it in SQL). */
  get visibility(): contractsRepo.Visibility {
    return this.readsAcrossEconomy ? null : { organisationCode: this.actor.organisationCode };
  }

  /** The caller's organisation is a commissioner or a provider. */
  get side(): OrganisationSide {
    return this.actor.side;
  }

  /**
   * A contract the caller may see, by id or reference; not visible and not there look the same (404),
   * so a provider cannot learn that another's contract exists. With an action, also checks the
   * caller may take it on this contract (403 naming the rule).
   */
  async contract(idOrReference: string, action?: Action): Promise<Contract> {
    const c = await contractsRepo.findContract(this.db, this.visibility, idOrReference);
    if (!c) throw notFound(`contract ${idOrReference}`);
    if (action) await this.require(action, c);
    return c;
  }

  /** What the caller's organisation is to a contract (its party roles and the derived capacities). */
  async capacities(contract: Contract, decided?: readonly Decided[]): Promise<Set<Capacity>> {
    const org = this.actor.organisationCode;
    const out = new Set<Capacity>();
    for (const p of contract.parties) if (p.organisationCode === org) out.add(p.role);
    if (contract.parentContractId) {
      const parent = await contractsRepo.findContract(this.db, null, contract.parentContractId);
      for (const p of parent?.parties ?? []) {
        if (p.organisationCode !== org) continue;
        if (COMMISSIONING.has(p.role)) out.add('parent_commissioner');
        if (p.role === 'provider') out.add('parent_provider');
      }
    }
    if ((await this.pendingParties(contract, decided)).some((p) => p.organisationCode === org)) out.add('pending_party');
    return out;
  }

  /**
   * Parties named on a contract let through Concordat that have not yet accepted or declined it. A
   * contract recorded by an import or the demo (no letting organisation) has none: its parties are
   * taken as having agreed it as recorded.
   */
  async pendingParties(contract: Contract, decided?: readonly Decided[]): Promise<{ organisationCode: string; role: string }[]> {
    if (contract.letByOrganisation === null) return [];
    decided ??= (await this.db.selectFrom('contract_acceptances').select(['organisation_code', 'capacity'])
      .where('contract_id', '=', contract.id).execute()).map((d) => ({ organisationCode: d.organisation_code, capacity: d.capacity }));
    const done = new Set(decided.map((d) => `${d.organisationCode}/${d.capacity}`));
    return contract.parties
      .filter((p) => p.organisationCode !== contract.letByOrganisation && !done.has(`${p.organisationCode}/${p.role}`))
      .map((p) => ({ organisationCode: p.organisationCode, role: p.role }));
  }

  /**
   * What the caller is to an organisation: `user_administrator` of its own organisation when the
   * user is flagged to manage its users. The one place that capacity is worked out.
   */
  organisationCapacities(organisationCode: string): Set<Capacity> {
    const out = new Set<Capacity>();
    if (this.actor.managesUsers && this.actor.organisationCode === organisationCode) out.add('user_administrator');
    return out;
  }

  /**
   * Whether the caller may take an action: on a contract or an organisation when the action concerns
   * one, or holding the given capacities (a procurement or scheme, whose capacities its own helper
   * works out).
   */
  async may(action: Action, target?: Target | ReadonlySet<Capacity>): Promise<boolean> {
    return (await this.#decide(action, target)) === null;
  }

  /**
   * Whether the caller may take each of several actions on one contract (its capacities worked out
   * once). `decided`: the contract's acceptances, when the caller has just read them.
   */
  async mayEach<A extends Action>(actions: readonly A[], contract: Contract, decided?: readonly Decided[]): Promise<Record<A, boolean>> {
    const capacities = this.isSystem ? new Set<Capacity>() : await this.capacities(contract, decided);
    const caller = { role: this.actor.role, side: this.actor.side };
    return Object.fromEntries(actions.map((a) => [a, this.isSystem || decide(a, caller, capacities).allowed])) as Record<A, boolean>;
  }

  /**
   * Whether the caller's role and side allow an action it would take holding `capacities`: what to
   * offer before the contract exists ("let a contract" to a commissioner, who names itself the
   * co-ordinating commissioner). The action itself is decided again on the contract.
   */
  mayHolding(action: Action, capacities: readonly Capacity[]): boolean {
    return this.isSystem || decide(action, { role: this.actor.role, side: this.actor.side }, new Set(capacities)).allowed;
  }

  /** Throws forbidden (403), naming the rule, unless the caller may take the action. */
  async require(action: Action, target?: Target | ReadonlySet<Capacity>): Promise<void> {
    const reason = await this.#decide(action, target);
    if (reason !== null) throw forbidden(reason);
  }

  async #decide(action: Action, target?: Target | ReadonlySet<Capacity>): Promise<string | null> {
    if (this.isSystem) return null;
    const capacities = !target ? new Set<Capacity>()
      : isCapacities(target) ? target
      : 'parties' in target ? await this.capacities(target)
      : this.organisationCapacities(target.organisationCode);
    const d = decide(action, { role: this.actor.role, side: this.actor.side }, capacities);
    return d.allowed ? null : d.reason;
  }

  /**
   * Runs `fn` in one transaction, with a scope bound to it. `locks` (e.g. `contract:<id>`) are held
   * until commit, taken in sorted order, so appends to one contract's ledger, variation numbers and
   * submission chain queue rather than fork.
   */
  async write<T>(locks: readonly string[], fn: (w: Scope) => Promise<T>): Promise<T> {
    if (this.#inTransaction) {
      for (const key of [...new Set(locks)].sort()) await lock(this.db, key);
      return fn(this);
    }
    return this.db.transaction().execute(async (trx) => {
      for (const key of [...new Set(locks)].sort()) await lock(trx, key);
      return fn(new Scope(trx, this.actor, this.clock, this.isSystem, true));
    });
  }

  /**
   * Records a change: its audit record (chained), then a seal in the ledger for each record it
   * stored. Only inside `write`.
   */
  async record(entry: AuditRecord, seals: readonly { readonly kind: SealedKind; readonly id: string }[] = []): Promise<{ auditId: number; entries: LedgerEntry[] }> {
    if (!this.#inTransaction) throw new Error('record() must run inside Scope.write()');
    const at = this.clock.now().toISOString();
    // The records' ledgers are locked before the audit log (appendAudit locks it last).
    const prepared = await prepareSeals(this.db, seals);
    const auditId = await appendAudit(this.db, {
      at, userId: this.actor.userId, organisationCode: this.actor.organisationCode,
      action: entry.action, entityType: entry.entityType, entityId: entry.entityId, detail: entry.detail ?? {},
    });
    const entries = await appendSeals(this.db, prepared, { auditId, at });
    return { auditId, entries };
  }

  /**
   * What the caller's organisation is to a stored economy: the one place economy capacities are
   * derived. Owner; member (a party to a contract of one of its versions) once shared across the
   * economy; public once published. System and administrator users, who read every contract, read
   * every economy as if it were published.
   */
  async economyCapacities(economy: economiesRepo.EconomyRow): Promise<Set<Capacity>> {
    const org = this.actor.organisationCode;
    const out = new Set<Capacity>();
    if (economy.ownerOrganisation === org) out.add('economy_owner');
    if (economy.sharing === 'published' || this.readsAcrossEconomy) out.add('economy_public');
    if (economy.sharing === 'economy' && !out.has('economy_owner') && (await economiesRepo.isEconomyMember(this.db, economy.id, org))) out.add('economy_member');
    return out;
  }

  /**
   * A stored economy the caller may read, by id; one it may not read answers 404 like a contract.
   * With an action, also checks the caller may take it on this economy (403 naming the rule).
   */
  async economy(id: string, action?: Action): Promise<economiesRepo.EconomyRow> {
    const e = await economiesRepo.findEconomy(this.db, id);
    if (!e) throw notFound(`economy ${id}`);
    if (this.isSystem) return e;
    const capacities = await this.economyCapacities(e);
    const caller = { role: this.actor.role, side: this.actor.side };
    if (!decide('economy.read', caller, capacities).allowed) throw notFound(`economy ${id}`);
    if (action) {
      const d = decide(action, caller, capacities);
      if (!d.allowed) throw forbidden(d.reason);
    }
    return e;
  }

  /**
   * A stored scenario the caller may read: its owner's, or shared on an economy the caller may read
   * (404 otherwise). With an action, checks it against the scenario's owner (`scenario_owner`) or,
   * for actions on its economy, the economy's capacities.
   */
  async scenario(id: string, action?: Action): Promise<{ scenario: economiesRepo.ScenarioRow; economy: economiesRepo.EconomyRow }> {
    const s = await economiesRepo.findScenario(this.db, id);
    if (!s) throw notFound(`scenario ${id}`);
    const own = s.ownerOrganisation === this.actor.organisationCode;
    if (!own && s.sharing !== 'economy' && !this.readsAcrossEconomy && !this.isSystem) throw notFound(`scenario ${id}`);
    const economy = await this.economy(s.economyId).catch((e: unknown) => {
      throw e instanceof Error && (e as { kind?: string }).kind === 'not_found' ? notFound(`scenario ${id}`) : e;
    });
    if (action && !this.isSystem) {
      const capacities = await this.economyCapacities(economy);
      if (own) capacities.add('scenario_owner');
      const d = decide(action, { role: this.actor.role, side: this.actor.side }, capacities);
      if (!d.allowed) throw forbidden(d.reason);
    }
    return { scenario: s, economy };
  }

  /**
   * The system reading as one organisation's users would (its own contracts and the subcontracts
   * under those it commissions), for building that organisation's economy from the command line:
   * an economy draws only on what its owner may see. Reads only; it is bound to the same transaction.
   */
  readingAs(organisationCode: string): Scope {
    if (!this.isSystem) throw new Error('only the system reads as another organisation');
    const actor: Actor = { ...this.actor, organisationCode, role: 'commissioner', side: 'commissioner' };
    return new Scope(this.db, actor, this.clock, false, this.#inTransaction);
  }

  /** Whether the caller may take an action on a stored economy it can read. */
  async mayOnEconomy(action: Action, economy: economiesRepo.EconomyRow): Promise<boolean> {
    if (this.isSystem) return true;
    return decide(action, { role: this.actor.role, side: this.actor.side }, await this.economyCapacities(economy)).allowed;
  }
}
