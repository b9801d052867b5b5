/**
 * The decision record (PSR reg 24, RULES.md §3.4 [S2]): everything the procurement holds about how
 * the decision was reached, as plain data for export (JSON here; the app may flatten it to CSV or
 * XLSX) and for providers who ask for it during standstill (reg 12(4)). Reg 24's own list of contents
 * is not in RULES.md, so this keeps every recorded fact rather than a selection.
 */

import type { Pence } from '../money.ts';
import type { IsoDate } from '../time/date.ts';
import type { ConflictOfInterest } from './conflicts.ts';
import type { HistoryEntry } from './engine.ts';
import { KEY_CRITERIA, KEY_CRITERIA_LABELS, type KeyCriterion } from './key-criteria.ts';
import { NOTICE_SCHEDULES } from './notices.ts';
import { ROUTE_LABELS, type RecordedAnswer } from './route-chooser.ts';
import { debarmentRequired, ranking } from './routes/shared.ts';
import { machineFor } from './routes/index.ts';
import { selectionOutcome } from './selection.ts';
import type { ProcurementContext, ProcurementRecord } from './types.ts';
import { procurementContext } from './routes/shared.ts';

export interface DecisionRecordProvider {
  readonly organisationCode: string;
  readonly name: string;
  readonly eligible: boolean | null;
  readonly selectionReasons: readonly string[];
  readonly scores: Readonly<Partial<Record<KeyCriterion, number>>> | null;
  readonly rationale: Readonly<Partial<Record<KeyCriterion, string>>> | null;
  /** Weighted score in micros of full marks; null when not scored or not eligible. */
  readonly weightedScore: number | null;
  readonly rank: number | null;
}

export interface DecisionRecord {
  readonly procurementId: string;
  readonly reference: string;
  readonly title: string;
  readonly route: string;
  readonly routeLabel: string;
  readonly state: string;
  readonly stateLabel: string;
  readonly authorities: readonly { organisationCode: string; name: string; lead: boolean }[];
  readonly services: { readonly description: string; readonly cpvCode: string };
  readonly approximateLifetimeValuePence: Pence;
  readonly contractPeriod: { readonly startDate: IsoDate; readonly endDate: IsoDate };
  readonly incumbent: string | null;
  readonly framework: boolean;
  readonly routeSelection: {
    readonly answers: readonly RecordedAnswer[];
    readonly considerableChange: unknown;
    readonly permitted: readonly string[];
    readonly reason: string;
  } | null;
  readonly decisionMakers: readonly { name: string; role: string; organisationCode: string }[];
  readonly conflicts: readonly ConflictOfInterest[];
  readonly keyCriteria: { readonly weights: readonly { criterion: KeyCriterion; label: string; weight: number }[]; readonly scaleMax: number } | null;
  readonly providers: readonly DecisionRecordProvider[];
  readonly decision: ProcurementRecord['decision'];
  readonly legacyDecision: ProcurementRecord['legacyDecision'];
  readonly notices: readonly { id: string; kind: string; label: string; schedule: string | null; publishedOn: IsoDate }[];
  readonly standstill: ProcurementRecord['standstill'];
  readonly representations: ProcurementRecord['representations'];
  readonly reviews: ProcurementRecord['reviews'];
  readonly awards: ProcurementRecord['awards'];
  readonly abandonment: ProcurementRecord['abandonment'];
  readonly timeline: readonly HistoryEntry[];
  readonly source: string;
}

/**
 * The reg 24 decision record of a procurement.
 *
 * @example decisionRecord(record).providers.find((p) => p.rank === 1)?.organisationCode // 'RJE'
 */
export function decisionRecord(record: ProcurementRecord, context: ProcurementContext = procurementContext()): DecisionRecord {
  const m = machineFor(record.route);
  const ranked = ranking(record, context);
  const providers = record.bidders.map((b): DecisionRecordProvider => {
    const a = record.assessments.find((x) => x.bidderCode === b.organisationCode);
    const outcome = a ? selectionOutcome(a, debarmentRequired(context, a.assessedOn)) : null;
    const s = record.scores.find((x) => x.bidderCode === b.organisationCode);
    const r = ranked.find((x) => x.bidderCode === b.organisationCode);
    return {
      organisationCode: b.organisationCode,
      name: b.name,
      eligible: outcome ? outcome.eligible : null,
      selectionReasons: outcome ? outcome.reasons : [],
      scores: s ? s.scores : null,
      rationale: s?.rationale ?? null,
      weightedScore: r ? r.weightedScore : null,
      rank: r ? r.rank : null,
    };
  });
  const rd = record.routeDecision;
  return {
    procurementId: record.id,
    reference: record.reference,
    title: record.title,
    route: record.route,
    routeLabel: ROUTE_LABELS[record.route],
    state: record.state,
    stateLabel: m.states.find((s) => s.name === record.state)?.label ?? record.state,
    authorities: record.authorities.map((a) => ({ organisationCode: a.organisationCode, name: a.name, lead: a.lead })),
    services: { description: record.services.description, cpvCode: record.services.cpvCode },
    approximateLifetimeValuePence: record.approximateLifetimeValuePence,
    contractPeriod: record.contractPeriod,
    incumbent: record.incumbent?.organisationCode ?? null,
    framework: record.framework,
    routeSelection: rd ? { answers: rd.answers, considerableChange: rd.considerableChange, permitted: rd.permitted, reason: rd.reason } : null,
    decisionMakers: record.decisionMakers,
    conflicts: record.conflicts,
    keyCriteria: record.weights && record.scale
      ? { weights: KEY_CRITERIA.map((c) => ({ criterion: c, label: KEY_CRITERIA_LABELS[c], weight: record.weights![c] })), scaleMax: record.scale.max }
      : null,
    providers,
    decision: record.decision,
    legacyDecision: record.legacyDecision,
    notices: record.notices.map((n) => ({ id: n.id, kind: n.kind, label: NOTICE_SCHEDULES[n.kind].label, schedule: NOTICE_SCHEDULES[n.kind].schedule, publishedOn: n.publishedOn })),
    standstill: record.standstill,
    representations: record.representations,
    reviews: record.reviews,
    awards: record.awards,
    abandonment: record.abandonment,
    timeline: record.history,
    source: 'PSR reg 24 decision record (RULES.md §3.4 [S2]); contents list not in RULES.md, so every recorded fact is kept',
  };
}
