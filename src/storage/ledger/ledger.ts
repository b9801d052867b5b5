import type { Kysely } from 'kysely';
import { lock } from '../locks.ts';
import type { Database } from '../schema.ts';
import { contentSha256, sha256Hex } from './canonical.ts';
import { SEALED, type SealedKind } from './sealed.ts';

type Db = Kysely<Database>;

export interface LedgerEntry {
  readonly id: number;
  readonly scope: string;
  readonly seq: number;
  readonly entityType: string;
  readonly entityId: string;
  readonly content: Record<string, unknown>;
  readonly contentSha256: string;
  readonly previousSha256: string | null;
  readonly chainSha256: string;
  readonly auditId: number | null;
  readonly recordedAt: string;
}

/** An entry's chain hash: over the previous entry's, its place, what it seals and when. */
export function entryChainHash(e: Pick<LedgerEntry, 'previousSha256' | 'scope' | 'seq' | 'entityType' | 'entityId' | 'contentSha256' | 'recordedAt'>): string {
  return sha256Hex([e.previousSha256 ?? '', e.scope, e.seq, e.entityType, e.entityId, e.contentSha256, e.recordedAt].join('|'));
}

/** Records read back as stored, ready to seal, with their ledgers locked. */
export interface PreparedSeals {
  readonly items: readonly { kind: SealedKind; id: string; scope: string; content: Record<string, unknown> }[];
}

/**
 * First half of sealing, in the caller's transaction: reads each record back as stored and locks
 * its ledger (scopes in sorted order, before the audit lock is taken, so two writers never wait on
 * each other in a circle).
 */
export async function prepareSeals(db: Db, records: readonly { readonly kind: SealedKind; readonly id: string }[]): Promise<PreparedSeals> {
  const items: { kind: SealedKind; id: string; scope: string; content: Record<string, unknown> }[] = [];
  for (const r of records) {
    const stored = (await SEALED[r.kind].load(db, [r.id])).get(r.id);
    if (!stored) throw new Error(`cannot seal ${r.kind} ${r.id}: it is not stored`);
    items.push({ kind: r.kind, id: r.id, scope: stored.scope, content: stored.content });
  }
  for (const scope of [...new Set(items.map((l) => l.scope))].sort()) await lock(db, scope);
  return { items };
}

/**
 * Second half: appends an entry per record, chained to its ledger's last one, so entries are
 * numbered 1, 2, 3... with no gap or fork (the unique (scope, seq) constraint would refuse one anyway).
 */
export async function appendSeals(db: Db, prepared: PreparedSeals, meta: { readonly auditId: number | null; readonly at: string }): Promise<LedgerEntry[]> {
  const recordedAt = new Date(meta.at).toISOString();
  const out: LedgerEntry[] = [];
  for (const l of prepared.items) {
    const head = await db.selectFrom('ledger_entries').select(['seq', 'chain_sha256']).where('scope', '=', l.scope)
      .orderBy('seq', 'desc').limit(1).executeTakeFirst();
    const base = {
      scope: l.scope, seq: (head?.seq ?? 0) + 1, entityType: l.kind, entityId: l.id, contentSha256: contentSha256(l.content),
      previousSha256: head?.chain_sha256 ?? null, recordedAt,
    };
    const chainSha256 = entryChainHash(base);
    const row = await db.insertInto('ledger_entries').values({
      scope: base.scope, seq: base.seq, entity_type: base.entityType, entity_id: base.entityId, content: JSON.stringify(l.content),
      content_sha256: base.contentSha256, previous_sha256: base.previousSha256, chain_sha256: chainSha256, audit_id: meta.auditId, recorded_at: recordedAt,
    }).returning('id').executeTakeFirstOrThrow();
    out.push({ ...base, id: Number(row.id), content: l.content, chainSha256, auditId: meta.auditId });
  }
  return out;
}

/**
 * Seals stored records into their ledgers in one step (for callers with no audit record to write first).
 *
 * @example await seal(trx, [{ kind: 'tariff_year', id: '2025/26' }], { auditId: null, at })
 */
export async function seal(
  db: Db,
  records: readonly { readonly kind: SealedKind; readonly id: string }[],
  meta: { readonly auditId: number | null; readonly at: string },
): Promise<LedgerEntry[]> {
  return appendSeals(db, await prepareSeals(db, records), meta);
}

function toEntry(r: {
  id: number; scope: string; seq: number; entity_type: string; entity_id: string; content: unknown; content_sha256: string;
  previous_sha256: string | null; chain_sha256: string; audit_id: number | null; recorded_at: string;
}): LedgerEntry {
  return {
    id: Number(r.id), scope: r.scope, seq: r.seq, entityType: r.entity_type, entityId: r.entity_id, content: r.content as Record<string, unknown>,
    contentSha256: r.content_sha256, previousSha256: r.previous_sha256, chainSha256: r.chain_sha256,
    auditId: r.audit_id === null ? null : Number(r.audit_id), recordedAt: r.recorded_at,
  };
}

/** A scope's entries in order (every scope when none is given). */
export async function ledgerEntries(db: Db, scope?: string): Promise<LedgerEntry[]> {
  let q = db.selectFrom('ledger_entries').selectAll();
  if (scope !== undefined) q = q.where('scope', '=', scope);
  const rows = await q.orderBy('scope').orderBy('seq').execute();
  return rows.map(toEntry);
}

/** The latest seal of each record, by kind and id. */
export async function latestSeals(db: Db, entityType: string, ids: readonly string[]): Promise<Map<string, LedgerEntry>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('ledger_entries').selectAll().where('entity_type', '=', entityType).where('entity_id', 'in', [...ids])
    .orderBy('id').execute();
  return new Map(rows.map((r) => [r.entity_id, toEntry(r)]));
}
