/**
 * Notices and disputes as stored (append-only event logs) and as the domain sees them (the events
 * replayed by its machines). A case runs by its own edition, recorded when it began, with its
 * contract's overrides in force.
 */

import type { Kysely } from 'kysely';
import {
  relationshipRules, replayNotice, type ContractPerformanceNotice, type ContractRuleOverrides, type NoticeEvent, type RelationshipRules,
} from '../../domain/contract-management/index.ts';
import {
  replayContractSettingDispute, replayDispute, type ContractSettingDispute, type ContractSettingEvent, type Gc14Dispute, type Gc14Event,
} from '../../domain/disputes/index.ts';
import { invalid } from '../../domain/errors.ts';
import { isIsoDate, type IsoDate } from '../../domain/time/index.ts';
import * as repo from '../../storage/repositories/relationship.ts';
import type { Database } from '../../storage/schema.ts';
import { today } from '../clock.ts';
import type { Scope } from '../scope.ts';

type Db = Kysely<Database>;

export interface StoredCase<T> {
  readonly value: T;
  /** The contract it is under (null for a contract-setting dispute with no contract). */
  readonly contractId: string | null;
  readonly rules: RelationshipRules;
  readonly events: readonly repo.EventRow[];
}

export type StoredNotice = StoredCase<ContractPerformanceNotice>;
export type StoredGc14 = StoredCase<Gc14Dispute>;
export type StoredContractSetting = StoredCase<ContractSettingDispute> & { readonly contractYear: string };

/** A stored event as the domain's event: `{ type, on, by, ...payload }`. */
export function domainEvent<E>(row: repo.EventRow): E {
  return { ...row.payload, type: row.type, on: row.on, by: row.by } as E;
}

/** The overrides in force on each contract (none when no terms are recorded). */
export async function overridesOf(db: Db, contractIds: readonly string[]): Promise<Map<string, ContractRuleOverrides>> {
  const rows = await repo.managementTermsOf(db, [...new Set(contractIds)]);
  const out = new Map<string, ContractRuleOverrides>();
  for (const r of rows) out.set(r.contractId, r.overrides as ContractRuleOverrides);
  return out;
}

function group<R extends repo.EventRow>(rows: readonly R[]): R[][] {
  const by = new Map<string, R[]>();
  for (const r of rows) by.set(r.caseId, [...(by.get(r.caseId) ?? []), r]);
  return [...by.values()];
}

const editionOf = (events: readonly repo.EventRow[]) => String(events[0].payload.edition ?? '');

/** Replays stored notice events, one notice per id. */
export async function replayNotices(db: Db, rows: readonly repo.EventRow[]): Promise<StoredNotice[]> {
  const overrides = await overridesOf(db, rows.map((r) => r.contractId!));
  return group(rows).map((events) => {
    const rules = relationshipRules(editionOf(events), overrides.get(events[0].contractId!) ?? {});
    return { value: replayNotice(events.map((e) => domainEvent<NoticeEvent>(e)), rules), contractId: events[0].contractId, rules, events };
  });
}

export async function replayGc14(db: Db, rows: readonly repo.EventRow[]): Promise<StoredGc14[]> {
  const overrides = await overridesOf(db, rows.map((r) => r.contractId!));
  return group(rows).map((events) => {
    const rules = relationshipRules(editionOf(events), overrides.get(events[0].contractId!) ?? {});
    return { value: replayDispute(events.map((e) => domainEvent<Gc14Event>(e)), rules), contractId: events[0].contractId, rules, events };
  });
}

export async function replayContractSetting(db: Db, rows: readonly repo.ContractSettingEventRow[]): Promise<StoredContractSetting[]> {
  const overrides = await overridesOf(db, rows.flatMap((r) => (r.contractId ? [r.contractId] : [])));
  return group(rows).map((events) => {
    const contractId = events[0].contractId;
    const rules = relationshipRules(editionOf(events), contractId ? overrides.get(contractId) ?? {} : {});
    return {
      value: replayContractSettingDispute(events.map((e) => domainEvent<ContractSettingEvent>(e)), rules),
      contractId, rules, events, contractYear: events[0].contractYear,
    };
  });
}

export async function findNotice(db: Db, id: string): Promise<StoredNotice | undefined> {
  return (await replayNotices(db, await repo.noticeEvents(db, { noticeId: id })))[0];
}

export async function findGc14(db: Db, id: string): Promise<StoredGc14 | undefined> {
  return (await replayGc14(db, await repo.gc14Events(db, { disputeId: id })))[0];
}

export async function findContractSetting(db: Db, id: string): Promise<StoredContractSetting | undefined> {
  return (await replayContractSetting(db, await repo.contractSettingEvents(db, { disputeId: id })))[0];
}

/**
 * The day a step is recorded as taken: today by the clock, or, for a step that happened elsewhere
 * (a meeting, an appointment, a determination), the day it happened, which may not be in the future.
 * The machine checks that steps stay in date order.
 */
export function stepDate(ctx: Scope, type: string, given: string | undefined, happenedElsewhere: readonly string[]): IsoDate {
  const now = today(ctx.clock);
  if (given === undefined) return now;
  if (!happenedElsewhere.includes(type)) {
    throw invalid('on', `a '${type.replace(/_/g, ' ')}' step is dated the day it is recorded (${now}); leave the date out. Only ${happenedElsewhere.map((t) => t.replace(/_/g, ' ')).join(', ')} may give the day it happened`);
  }
  if (!isIsoDate(given)) throw invalid('on', `must be a date YYYY-MM-DD, got '${given}'`);
  if (given > now) throw invalid('on', `${given} is in the future (today is ${now}); record a step once it has happened`);
  return given;
}

/** Splits a domain event into its stored parts. */
export function storedParts(event: { readonly type: string; readonly on: string; readonly by: string } & Record<string, unknown>): { type: string; on: string; by: string; payload: Record<string, unknown> } {
  const { type, on, by, ...payload } = event;
  return { type, on, by, payload };
}
