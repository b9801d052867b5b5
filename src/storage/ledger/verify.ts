import type { Kysely } from 'kysely';
import { auditChainHash } from '../repositories/audit.ts';
import type { Database } from '../schema.ts';
import { contentSha256, differingFields } from './canonical.ts';
import { entryChainHash, ledgerEntries, type LedgerEntry } from './ledger.ts';
import { SEALED, contractScope } from './sealed.ts';

type Db = Kysely<Database>;

export type BreakKind = 'audit_chain' | 'ledger_chain' | 'ledger_gap' | 'altered' | 'unsealed' | 'deleted' | 'audit_missing';

/** One thing that does not add up, named as precisely as the evidence allows. */
export interface LedgerBreak {
  readonly kind: BreakKind;
  readonly scope: string | null;
  readonly contractId: string | null;
  readonly contractReference: string | null;
  readonly entityType: string | null;
  readonly entityId: string | null;
  /** The altered field (dotted path into the record), when one can be named. */
  readonly field: string | null;
  readonly message: string;
}

export interface VerifyReport {
  readonly ok: boolean;
  readonly auditRecords: number;
  readonly ledgerEntries: number;
  readonly scopes: number;
  readonly sealedRecords: number;
  /** The last chain hash of each ledger (and of the audit log): keep them elsewhere to compare later. */
  readonly heads: Readonly<Record<string, string>>;
  readonly breaks: readonly LedgerBreak[];
}

const AUDIT_PAGE = 5000;

/** Recomputes the audit log's chain, a page at a time. */
async function verifyAuditChain(db: Db, breaks: LedgerBreak[]): Promise<{ count: number; head: string | null; ids: Set<number> }> {
  let previous: string | null = null;
  let afterId = 0;
  let count = 0;
  const ids = new Set<number>();
  for (;;) {
    const rows = await db.selectFrom('audit_log').selectAll().where('id', '>', afterId).orderBy('id').limit(AUDIT_PAGE).execute();
    if (rows.length === 0) break;
    for (const r of rows) {
      const id = Number(r.id);
      ids.add(id);
      const expected = auditChainHash(previous, {
        at: r.at, userId: r.user_id, organisationCode: r.organisation_code, action: r.action, entityType: r.entity_type, entityId: r.entity_id, detail: r.detail,
      });
      if (r.chain_sha256 !== expected) {
        breaks.push({
          kind: 'audit_chain', scope: 'audit', contractId: null, contractReference: null, entityType: r.entity_type, entityId: r.entity_id, field: null,
          message: `audit record ${id} (${r.action}) does not match its chain hash: it was altered, or a record before it was removed`,
        });
      }
      previous = r.chain_sha256;
      afterId = id;
      count++;
    }
  }
  return { count, head: previous, ids };
}

/** Recomputes each ledger's chain: numbered from 1 with no gap, each entry over the one before. */
function verifyChains(entries: readonly LedgerEntry[], breaks: LedgerBreak[], contractOf: (scope: string) => string | null): Map<string, string> {
  const heads = new Map<string, string>();
  let previous: LedgerEntry | null = null;
  for (const e of entries) {
    const first = previous === null || previous.scope !== e.scope;
    const expectedSeq = first ? 1 : previous!.seq + 1;
    const where = { scope: e.scope, contractId: contractOf(e.scope), entityType: e.entityType, entityId: e.entityId };
    if (e.seq !== expectedSeq) {
      breaks.push({ kind: 'ledger_gap', ...where, contractReference: null, field: null, message: `ledger ${e.scope}: entry ${expectedSeq} is missing (next is ${e.seq})` });
    }
    const expectedPrevious = first ? null : previous!.chainSha256;
    const contentOk = contentSha256(e.content) === e.contentSha256;
    const chainOk = e.previousSha256 === expectedPrevious && entryChainHash(e) === e.chainSha256;
    if (!contentOk || !chainOk) {
      breaks.push({
        kind: 'ledger_chain', ...where, contractReference: null, field: null,
        message: `ledger ${e.scope} entry ${e.seq} (${e.entityType} ${e.entityId}) does not match its hash: the ledger itself was altered`,
      });
    }
    heads.set(e.scope, e.chainSha256);
    previous = e;
  }
  return heads;
}

/**
 * Checks that everything sealed is as sealed: recomputes the audit chain and every ledger's chain,
 * compares each sealed record as stored now with its (latest) seal, and finds records stored
 * outside Concordat (never sealed), sealed records that were deleted, and seals whose audit record
 * is gone. With `contractId`, checks that contract's ledger only (the audit chain is global and is
 * checked by the full run).
 *
 * @example const report = await verifyLedgers(db); if (!report.ok) console.log(report.breaks)
 */
export async function verifyLedgers(db: Db, options: { readonly contractId?: string } = {}): Promise<VerifyReport> {
  const breaks: LedgerBreak[] = [];
  const scope = options.contractId === undefined ? undefined : contractScope(options.contractId);
  const audit = scope === undefined ? await verifyAuditChain(db, breaks) : null;
  const entries = await ledgerEntries(db, scope);
  const contractOf = (s: string) => (s.startsWith('contract:') ? s.slice('contract:'.length) : null);
  const heads = verifyChains(entries, breaks, contractOf);

  // Seals whose audit record is gone (a truncated or trimmed audit log).
  const auditIds = audit?.ids ?? new Set(
    (await db.selectFrom('audit_log').select('id').where('id', 'in', [...new Set(entries.flatMap((e) => (e.auditId === null ? [] : [e.auditId])))].concat([-1])).execute())
      .map((r) => Number(r.id)),
  );
  for (const e of entries) {
    if (e.auditId !== null && !auditIds.has(e.auditId)) {
      breaks.push({
        kind: 'audit_missing', scope: e.scope, contractId: contractOf(e.scope), contractReference: null, entityType: e.entityType, entityId: e.entityId, field: null,
        message: `the audit record ${e.auditId} of ${e.entityType} ${e.entityId} is missing from the audit log`,
      });
    }
  }

  // Each sealed record as stored now against its latest seal.
  const latest = new Map<string, LedgerEntry>();
  for (const e of entries) latest.set(`${e.entityType}\u0000${e.entityId}`, e);
  let sealedRecords = 0;
  for (const [kind, type] of Object.entries(SEALED)) {
    const stored = await type.load(db, undefined, options.contractId);
    sealedRecords += stored.size;
    for (const [id, s] of stored) {
      const seal = latest.get(`${kind}\u0000${id}`);
      const where = { scope: s.scope, contractId: s.contractId, entityType: kind, entityId: id };
      if (!seal) {
        breaks.push({ kind: 'unsealed', ...where, contractReference: null, field: null, message: `${type.table} ${id} is not in the ledger: it was stored outside Concordat` });
        continue;
      }
      if (seal.scope !== s.scope) {
        breaks.push({ kind: 'altered', ...where, contractReference: null, field: 'contract', message: `${type.table} ${id} was moved from ${seal.scope} to ${s.scope}` });
      }
      for (const field of differingFields(s.content, seal.content)) {
        breaks.push({
          kind: 'altered', ...where, contractReference: null, field,
          message: `${type.table} ${id}: ${field} is not what was recorded (ledger ${seal.scope} entry ${seal.seq})`,
        });
      }
      latest.delete(`${kind}\u0000${id}`);
    }
  }
  for (const seal of latest.values()) {
    if (!(seal.entityType in SEALED)) continue;
    breaks.push({
      kind: 'deleted', scope: seal.scope, contractId: contractOf(seal.scope), contractReference: null, entityType: seal.entityType, entityId: seal.entityId, field: null,
      message: `${SEALED[seal.entityType].table} ${seal.entityId} was recorded (ledger ${seal.scope} entry ${seal.seq}) but is no longer stored`,
    });
  }

  // Name contracts by their reference where the contract row still exists.
  const ids = [...new Set(breaks.flatMap((b) => (b.contractId ? [b.contractId] : [])))];
  const refs = ids.length ? new Map((await db.selectFrom('contracts').select(['id', 'reference']).where('id', 'in', ids).execute()).map((r) => [r.id, r.reference])) : new Map();
  const named = breaks.map((b) => ({ ...b, contractReference: b.contractId ? refs.get(b.contractId) ?? null : null }));
  const headsOut: Record<string, string> = Object.fromEntries(heads);
  if (audit?.head) headsOut.audit = audit.head;
  return {
    ok: named.length === 0,
    auditRecords: audit?.count ?? 0,
    ledgerEntries: entries.length,
    scopes: heads.size,
    sealedRecords,
    heads: headsOut,
    breaks: named,
  };
}
