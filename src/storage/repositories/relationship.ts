/**
 * Storage of the commissioner-provider relationship: contract management terms, performance returns,
 * the event logs of notices and disputes, and typed money entries. Every table is append-only; a
 * return or money entry may only be marked, once, as superseded by its correction.
 */

import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

type Db = Kysely<Database>;

// --- management terms -----------------------------------------------------------------------------

export interface ManagementTermsRow {
  readonly id: string;
  readonly contractId: string;
  readonly version: number;
  readonly edition: string;
  readonly overrides: unknown;
  readonly indicators: unknown;
  readonly reason: string;
  readonly setBy: string;
  readonly setByOrganisation: string;
  readonly setAt: string;
}

export async function managementTermsOf(db: Db, contractIds: readonly string[]): Promise<ManagementTermsRow[]> {
  if (contractIds.length === 0) return [];
  const rows = await db.selectFrom('contract_management_terms').selectAll().where('contract_id', 'in', [...contractIds])
    .orderBy('contract_id').orderBy('version').execute();
  return rows.map((r) => ({
    id: r.id, contractId: r.contract_id, version: r.version, edition: r.edition, overrides: r.overrides, indicators: r.indicators,
    reason: r.reason, setBy: r.set_by, setByOrganisation: r.set_by_organisation, setAt: r.set_at,
  }));
}

export async function insertManagementTerms(db: Db, t: ManagementTermsRow): Promise<void> {
  await db.insertInto('contract_management_terms').values({
    id: t.id, contract_id: t.contractId, version: t.version, edition: t.edition, overrides: JSON.stringify(t.overrides),
    indicators: JSON.stringify(t.indicators), reason: t.reason, set_by: t.setBy, set_by_organisation: t.setByOrganisation, set_at: t.setAt,
  }).execute();
}

// --- performance returns --------------------------------------------------------------------------

export interface ReturnRow {
  readonly id: string;
  readonly seq: number;
  readonly contractId: string;
  readonly period: string;
  readonly indicatorId: string;
  readonly numerator: number;
  readonly denominator: number | null;
  readonly submittedOn: string;
  readonly submittedBy: string;
  readonly submittedByOrganisation: string;
  readonly submittedAt: string;
  readonly note: string;
  readonly supersededBy: string | null;
}

export async function returnsOf(db: Db, contractIds: readonly string[]): Promise<ReturnRow[]> {
  if (contractIds.length === 0) return [];
  const rows = await db.selectFrom('performance_returns').selectAll().where('contract_id', 'in', [...contractIds]).orderBy('seq').execute();
  return rows.map((r) => ({
    id: r.id, seq: Number(r.seq), contractId: r.contract_id, period: r.period, indicatorId: r.indicator_id, numerator: Number(r.numerator),
    denominator: r.denominator === null ? null : Number(r.denominator), submittedOn: r.submitted_on, submittedBy: r.submitted_by,
    submittedByOrganisation: r.submitted_by_organisation, submittedAt: r.submitted_at, note: r.note, supersededBy: r.superseded_by,
  }));
}

/** The current return for a contract, month and indicator (call under the contract's lock). */
export async function currentReturn(db: Db, contractId: string, period: string, indicatorId: string): Promise<{ id: string } | undefined> {
  return db.selectFrom('performance_returns').select('id').where('contract_id', '=', contractId).where('period', '=', period)
    .where('indicator_id', '=', indicatorId).where('superseded_by', 'is', null).executeTakeFirst();
}

export async function insertReturn(db: Db, r: Omit<ReturnRow, 'seq' | 'supersededBy'>): Promise<void> {
  await db.insertInto('performance_returns').values({
    id: r.id, contract_id: r.contractId, period: r.period, indicator_id: r.indicatorId, numerator: r.numerator, denominator: r.denominator,
    submitted_on: r.submittedOn, submitted_by: r.submittedBy, submitted_by_organisation: r.submittedByOrganisation, submitted_at: r.submittedAt,
    note: r.note, superseded_by: null,
  }).execute();
}

export async function markReturnSuperseded(db: Db, id: string, by: string): Promise<void> {
  await db.updateTable('performance_returns').set({ superseded_by: by }).where('id', '=', id).where('superseded_by', 'is', null).execute();
}

// --- event logs -----------------------------------------------------------------------------------

/** One stored event of a notice or dispute: the domain event is `{ type, on, by, ...payload }`. */
export interface EventRow {
  readonly id: string;
  /** The notice or dispute id. */
  readonly caseId: string;
  readonly seq: number;
  readonly type: string;
  readonly on: string;
  /** The side that took it ('regulator' for the national process, contract setting only). */
  readonly by: string;
  readonly payload: Record<string, unknown>;
  readonly contractId: string | null;
  readonly recordedBy: string;
  readonly recordedByOrganisation: string;
  readonly recordedAt: string;
}

export interface ContractSettingEventRow extends EventRow {
  readonly commissionerCode: string;
  readonly providerCode: string;
  readonly contractYear: string;
}

const common = (r: { id: string; seq: number; type: string; occurred_on: string; payload: unknown; recorded_by: string; recorded_by_organisation: string; recorded_at: string }) => ({
  id: r.id, seq: r.seq, type: r.type, on: r.occurred_on, payload: (r.payload ?? {}) as Record<string, unknown>,
  recordedBy: r.recorded_by, recordedByOrganisation: r.recorded_by_organisation, recordedAt: r.recorded_at,
});

/** Notice events, by notice and order: of some contracts, or of one notice. */
export async function noticeEvents(db: Db, f: { contractIds?: readonly string[]; noticeId?: string }): Promise<EventRow[]> {
  let q = db.selectFrom('notice_events').selectAll();
  if (f.contractIds) q = q.where('contract_id', 'in', f.contractIds.length ? [...f.contractIds] : ['\u0001none']);
  if (f.noticeId !== undefined) q = q.where('notice_id', '=', f.noticeId);
  const rows = await q.orderBy('notice_id').orderBy('seq').execute();
  return rows.map((r) => ({ ...common(r), caseId: r.notice_id, by: r.side, contractId: r.contract_id }));
}

export async function insertNoticeEvent(db: Db, e: EventRow & { contractId: string }): Promise<void> {
  await db.insertInto('notice_events').values({
    id: e.id, notice_id: e.caseId, seq: e.seq, contract_id: e.contractId, type: e.type, occurred_on: e.on, side: e.by, payload: JSON.stringify(e.payload),
    recorded_by: e.recordedBy, recorded_by_organisation: e.recordedByOrganisation, recorded_at: e.recordedAt,
  }).execute();
}

export async function gc14Events(db: Db, f: { contractIds?: readonly string[]; disputeId?: string }): Promise<EventRow[]> {
  let q = db.selectFrom('gc14_events').selectAll();
  if (f.contractIds) q = q.where('contract_id', 'in', f.contractIds.length ? [...f.contractIds] : ['\u0001none']);
  if (f.disputeId !== undefined) q = q.where('dispute_id', '=', f.disputeId);
  const rows = await q.orderBy('dispute_id').orderBy('seq').execute();
  return rows.map((r) => ({ ...common(r), caseId: r.dispute_id, by: r.side, contractId: r.contract_id }));
}

export async function insertGc14Event(db: Db, e: EventRow & { contractId: string }): Promise<void> {
  await db.insertInto('gc14_events').values({
    id: e.id, dispute_id: e.caseId, seq: e.seq, contract_id: e.contractId, type: e.type, occurred_on: e.on, side: e.by, payload: JSON.stringify(e.payload),
    recorded_by: e.recordedBy, recorded_by_organisation: e.recordedByOrganisation, recorded_at: e.recordedAt,
  }).execute();
}

/** Contract-setting events: every one, one pair's, or one dispute's. */
export async function contractSettingEvents(db: Db, f: { pair?: { commissionerCode: string; providerCode: string }; organisationCode?: string; disputeId?: string }): Promise<ContractSettingEventRow[]> {
  let q = db.selectFrom('contract_setting_events').selectAll();
  if (f.pair) q = q.where('commissioner_code', '=', f.pair.commissionerCode).where('provider_code', '=', f.pair.providerCode);
  if (f.organisationCode !== undefined) {
    const org = f.organisationCode;
    q = q.where((eb) => eb.or([eb('commissioner_code', '=', org), eb('provider_code', '=', org)]));
  }
  if (f.disputeId !== undefined) q = q.where('dispute_id', '=', f.disputeId);
  const rows = await q.orderBy('dispute_id').orderBy('seq').execute();
  return rows.map((r) => ({
    ...common(r), caseId: r.dispute_id, by: r.actor, contractId: r.contract_id, commissionerCode: r.commissioner_code, providerCode: r.provider_code,
    contractYear: r.contract_year,
  }));
}

export async function insertContractSettingEvent(db: Db, e: ContractSettingEventRow): Promise<void> {
  await db.insertInto('contract_setting_events').values({
    id: e.id, dispute_id: e.caseId, seq: e.seq, commissioner_code: e.commissionerCode, provider_code: e.providerCode, contract_year: e.contractYear,
    contract_id: e.contractId, type: e.type, occurred_on: e.on, actor: e.by, payload: JSON.stringify(e.payload),
    recorded_by: e.recordedBy, recorded_by_organisation: e.recordedByOrganisation, recorded_at: e.recordedAt,
  }).execute();
}

/** Whether a notice or dispute id is taken, in any of the three logs (ids are unique across them). */
export async function caseIdTaken(db: Db, id: string): Promise<boolean> {
  const [n, g, c] = await Promise.all([
    db.selectFrom('notice_events').select('id').where('notice_id', '=', id).limit(1).executeTakeFirst(),
    db.selectFrom('gc14_events').select('id').where('dispute_id', '=', id).limit(1).executeTakeFirst(),
    db.selectFrom('contract_setting_events').select('id').where('dispute_id', '=', id).limit(1).executeTakeFirst(),
  ]);
  return n !== undefined || g !== undefined || c !== undefined;
}

// --- money ----------------------------------------------------------------------------------------

export interface MoneyRow {
  readonly id: string;
  readonly reference: string;
  readonly seq: number;
  readonly contractId: string;
  readonly commissionerCode: string;
  readonly providerCode: string;
  readonly period: string;
  readonly kind: string;
  readonly ruleId: string;
  readonly amountPence: number;
  readonly description: string;
  readonly origin: Record<string, string>;
  readonly illustrative: boolean;
  readonly note: string;
  readonly recordedBy: string;
  readonly recordedByOrganisation: string;
  readonly recordedAt: string;
  readonly supersededBy: string | null;
}

export async function moneyEntriesOf(db: Db, contractIds: readonly string[]): Promise<MoneyRow[]> {
  if (contractIds.length === 0) return [];
  const rows = await db.selectFrom('relationship_money_entries').selectAll().where('contract_id', 'in', [...contractIds]).orderBy('seq').execute();
  return rows.map((r) => ({
    id: r.id, reference: r.reference, seq: Number(r.seq), contractId: r.contract_id, commissionerCode: r.commissioner_code, providerCode: r.provider_code,
    period: r.period, kind: r.kind, ruleId: r.rule_id, amountPence: Number(r.amount_pence), description: r.description,
    origin: (r.origin ?? {}) as Record<string, string>, illustrative: r.illustrative, note: r.note, recordedBy: r.recorded_by,
    recordedByOrganisation: r.recorded_by_organisation, recordedAt: r.recorded_at, supersededBy: r.superseded_by,
  }));
}

export async function currentMoneyEntry(db: Db, reference: string): Promise<{ id: string; contractId: string } | undefined> {
  const r = await db.selectFrom('relationship_money_entries').select(['id', 'contract_id']).where('reference', '=', reference)
    .where('superseded_by', 'is', null).executeTakeFirst();
  return r && { id: r.id, contractId: r.contract_id };
}

export async function countMoneyEntries(db: Db, contractId: string): Promise<number> {
  const rows = await db.selectFrom('relationship_money_entries').select('reference').distinct().where('contract_id', '=', contractId).execute();
  return rows.length;
}

export async function insertMoneyEntry(db: Db, m: Omit<MoneyRow, 'seq' | 'supersededBy'>): Promise<void> {
  await db.insertInto('relationship_money_entries').values({
    id: m.id, reference: m.reference, contract_id: m.contractId, commissioner_code: m.commissionerCode, provider_code: m.providerCode, period: m.period,
    kind: m.kind, rule_id: m.ruleId, amount_pence: m.amountPence, description: m.description, origin: JSON.stringify(m.origin),
    illustrative: m.illustrative, note: m.note, recorded_by: m.recordedBy, recorded_by_organisation: m.recordedByOrganisation,
    recorded_at: m.recordedAt, superseded_by: null,
  }).execute();
}

export async function markMoneySuperseded(db: Db, id: string, by: string): Promise<void> {
  await db.updateTable('relationship_money_entries').set({ superseded_by: by }).where('id', '=', id).where('superseded_by', 'is', null).execute();
}
