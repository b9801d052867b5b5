/**
 * A seed case as the data storage would hold it: contracts, event logs of notices and disputes,
 * performance indicators and returns, typed ledger entries. `seedRelationship` replays it the way the
 * app will (event logs replayed, sanctions and withholdings derived, never typed) and builds the record.
 */

import { englandAndWales, type Calendar } from '../../calendar/index.ts';
import { replayNotice, type ContractPerformanceNotice, type NoticeEvent } from '../../contract-management/index.ts';
import {
  replayContractSettingDispute,
  replayDispute,
  type ContractSettingDispute,
  type ContractSettingEvent,
  type Gc14Dispute,
  type Gc14Event,
} from '../../disputes/index.ts';
import { computeBreaches, hiddenBreaches, type Breach, type HiddenBreach, type PerformanceIndicator, type PerformanceReturn } from '../../performance/index.ts';
import type { IsoDate } from '../../time/index.ts';
import { EDITION_RULES, type RulesFor } from '../actions.ts';
import type { RelationshipContract, SubcontractConsent } from '../contracts.ts';
import { noticeMoneyEntries, sanctionEntries } from '../money-sources.ts';
import type { RelationshipMoneyEntry } from '../money.ts';
import { relationshipRecord, type RelationshipRecord } from '../record.ts';

export interface SeedRelationship {
  readonly name: string;
  /** The seed document and what it says, in brief. */
  readonly seed: string;
  readonly commissionerCode: string;
  readonly providerCode: string;
  /** The date the case is read as at. */
  readonly asAt: IsoDate;
  readonly contracts: readonly RelationshipContract[];
  readonly subcontracts?: readonly RelationshipContract[];
  readonly consents?: readonly SubcontractConsent[];
  readonly indicators?: readonly PerformanceIndicator[];
  readonly returns?: readonly PerformanceReturn[];
  readonly noticeLogs?: readonly (readonly NoticeEvent[])[];
  readonly gc14Logs?: readonly (readonly Gc14Event[])[];
  readonly contractSettingLogs?: readonly (readonly ContractSettingEvent[])[];
  /** Entries typed into the ledger (provider charges, CQUIN, determinations); sanctions and withholdings are derived. */
  readonly money?: readonly RelationshipMoneyEntry[];
  /** What is real (from the seed) and what is illustrative. */
  readonly provenance: readonly string[];
}

/** A seed case replayed: the objects the record is built from. */
export interface ReplayedSeed {
  readonly notices: ContractPerformanceNotice[];
  readonly gc14Disputes: Gc14Dispute[];
  readonly contractSettingDisputes: ContractSettingDispute[];
  readonly breaches: Breach[];
  readonly hiddenBreaches: HiddenBreach[];
  /** Typed entries, then sanctions from breaches, then withholdings from notices. */
  readonly money: RelationshipMoneyEntry[];
}

/**
 * Replays a seed case's logs as they stood on `asAt` (events on or before it, returns submitted by
 * then, ledger entries for months up to its month) and derives its money.
 *
 * @example replaySeed(NEW_DEVON).contractSettingDisputes[0].state // 'determined'
 */
export function replaySeed(seed: SeedRelationship, asAt: IsoDate = seed.asAt, rulesFor: RulesFor = EDITION_RULES, calendar: Calendar = englandAndWales): ReplayedSeed {
  const upTo = <E extends { readonly on: IsoDate }>(logs: readonly (readonly E[])[] | undefined): E[][] => (logs ?? []).map((log) => log.filter((e) => e.on <= asAt)).filter((log) => log.length > 0);
  // A log's first event (issue, raise, open) names the edition and contract its rules come from.
  const rulesOf = (log: readonly object[]) => {
    const head = (log[0] ?? {}) as { edition?: string; contractReference?: string };
    return rulesFor(head.edition ?? '', head.contractReference ?? null);
  };
  const notices = upTo(seed.noticeLogs).map((log) => replayNotice(log, rulesOf(log), calendar));
  const gc14Disputes = upTo(seed.gc14Logs).map((log) => replayDispute(log, rulesOf(log), calendar));
  const contractSettingDisputes = upTo(seed.contractSettingLogs).map((log) => replayContractSettingDispute(log, rulesOf(log)));
  const returns = (seed.returns ?? []).filter((r) => r.submittedOn <= asAt);
  const breaches = seed.indicators ? computeBreaches(seed.indicators, returns) : [];
  const hidden = seed.indicators ? hiddenBreaches(seed.indicators, returns) : [];
  const parties = (ref: string) => ({ contractReference: ref, commissionerCode: seed.commissionerCode, providerCode: seed.providerCode });
  const refs = [...new Set(breaches.map((b) => b.return.contractReference))];
  const money = [
    ...(seed.money ?? []).filter((e) => e.period <= asAt.slice(0, 7)),
    ...refs.flatMap((ref) => sanctionEntries(breaches, parties(ref))),
    ...notices.flatMap(noticeMoneyEntries),
  ];
  return { notices, gc14Disputes, contractSettingDisputes, breaches, hiddenBreaches: hidden, money };
}

/**
 * The relationship record of a seed case, as at its own date unless another is given.
 *
 * @example seedRelationship(NEW_DEVON).health.band // 'strained'
 */
export function seedRelationship(seed: SeedRelationship, asAt: IsoDate = seed.asAt, rulesFor: RulesFor = EDITION_RULES): RelationshipRecord {
  const r = replaySeed(seed, asAt, rulesFor);
  return relationshipRecord({
    commissionerCode: seed.commissionerCode, providerCode: seed.providerCode, asAt,
    contracts: seed.contracts.filter((c) => c.startDate <= asAt), subcontracts: seed.subcontracts, consents: seed.consents,
    money: r.money, notices: r.notices, gc14Disputes: r.gc14Disputes, contractSettingDisputes: r.contractSettingDisputes, rulesFor,
  });
}
