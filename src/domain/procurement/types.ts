/**
 * The procurement model: what a procurement records, and the events that change it. A procurement's
 * events are its append-only log; its record is those events replayed through its route's machine.
 */

import type { Calendar } from '../calendar/index.ts';
import type { ContractModel } from '../contracts/contract.ts';
import type { Pence } from '../money.ts';
import type { IsoDate } from '../time/date.ts';
import type { ConflictOfInterest } from './conflicts.ts';
import type { Deadline, HistoryEntry, MachineActor } from './engine.ts';
import type { BidderScores, KeyCriteriaWeights, ScoringScale } from './key-criteria.ts';
import type { Notice, NoticeReason } from './notices.ts';
import type { PsrParameters } from './parameters.ts';
import type { Route, RouteDecision } from './route-chooser.ts';
import type { SelectionAssessment } from './selection.ts';
import type { ReviewWait, StandstillDates } from './standstill.ts';

/**
 * Party roles in a procurement. The lead commissioner runs it (the co-ordinating commissioner of a
 * joint procurement); joint commissioners take part; providers offer, and may make representations.
 */
export const PROCUREMENT_ROLES = ['lead_commissioner', 'joint_commissioner', 'provider'] as const;
export type ProcurementRole = (typeof PROCUREMENT_ROLES)[number];

export interface ProcurementActor extends MachineActor {
  readonly role: ProcurementRole;
}

export interface ProcurementAuthority {
  readonly organisationCode: string;
  readonly name: string;
  readonly address?: string;
  /** The lead (co-ordinating) authority; exactly one per procurement. */
  readonly lead: boolean;
}

export interface ProcurementProvider {
  readonly organisationCode: string;
  readonly name: string;
  /** Registered office or principal place of business (Schedule 3 para 3). */
  readonly address: string;
}

export interface ServicesInScope {
  readonly description: string;
  /** The most relevant CPV code (PSR scope is defined by CPV code, RULES.md §3.4 [S2]). */
  readonly cpvCode: string;
  /** The registry's service codes (e.g. CANCER), for the contract the award creates. */
  readonly serviceCodes?: readonly string[];
}

export interface DecisionMaker {
  readonly name: string;
  readonly role: string;
  readonly organisationCode: string;
}

export interface Representation {
  readonly id: string;
  readonly providerCode: string;
  /** UK local date the written representations were received. */
  readonly receivedOn: IsoDate;
  readonly grounds: string;
}

export interface ReviewOutcome {
  readonly decidedOn: IsoDate;
  /** Reg 12(4): award as intended, go back to an earlier step, or abandon. */
  readonly outcome: 'confirm' | 'return_to_step' | 'abandon';
  readonly reasons: string;
}

export interface AwardFacts {
  readonly providerCode: string;
  /** The day the contract was entered into. */
  readonly awardedOn: IsoDate;
  readonly valuePence: Pence;
  /** The reference the created contract takes. */
  readonly contractReference: string;
  readonly contractPeriod: { readonly startDate: IsoDate; readonly endDate: IsoDate };
}

export interface ProviderDecision {
  readonly providerCode: string;
  readonly decidedOn: IsoDate;
  /** Reasons with reference to the key criteria (Schedule 3 para 7). */
  readonly reasons: readonly NoticeReason[];
  /** An overall statement of reasons (required for a legacy decision). */
  readonly summary?: string;
  /** How a tie for first place was broken. */
  readonly tieBreak?: string;
}

/** A legacy (pre-PSR) decision: roll the contract over, or put it out to tender. */
export interface LegacyDecision {
  readonly decision: 'roll_over' | 'tender';
  readonly decidedOn: IsoDate;
  readonly reasons: string;
  /** For a roll-over: the new end date of the existing contract. */
  readonly rollOverUntil?: IsoDate;
  /** Advice or warnings considered (e.g. Monitor's January 2015 report on community services). */
  readonly adviceConsidered?: string;
}

/** What the procurement is, as opened. */
export interface ProcurementOpening {
  readonly id: string;
  readonly reference: string;
  readonly title: string;
  readonly description?: string;
  readonly route: Route;
  /** The route chooser's recorded questions, answers and choice (PSR routes only). */
  readonly routeDecision?: RouteDecision;
  readonly authorities: readonly ProcurementAuthority[];
  readonly services: ServicesInScope;
  readonly approximateLifetimeValuePence: Pence;
  readonly contractPeriod: { readonly startDate: IsoDate; readonly endDate: IsoDate };
  /** The existing provider, where there is one. */
  readonly incumbent?: ProcurementProvider & { readonly contractReference?: string; readonly lifetimeValueAtEntryPence?: Pence };
  /** Whether the procurement concludes a framework agreement. */
  readonly framework: boolean;
  /** The contracting model of the contract the award creates (defaults to an NHS Standard Contract block). */
  readonly contractModel?: ContractModel;
}

type Base<T extends string> = { readonly type: T; readonly on: IsoDate; readonly by: ProcurementActor };

export type ProcurementEvent =
  | (Base<'opened'> & { readonly procurement: ProcurementOpening })
  | (Base<'decision_makers_named'> & { readonly decisionMakers: readonly DecisionMaker[] })
  | (Base<'conflict_declared'> & { readonly conflict: ConflictOfInterest })
  | (Base<'conflict_managed'> & { readonly conflictId: string; readonly managedHow: string })
  | (Base<'criteria_weighted'> & { readonly weights: KeyCriteriaWeights; readonly scale: ScoringScale })
  | (Base<'contract_notice_published'> & { readonly notice: Notice })
  | (Base<'offer_received'> & { readonly bidder: ProcurementProvider })
  | (Base<'offers_closed'>)
  | (Base<'bidder_assessed'> & { readonly assessment: SelectionAssessment })
  | (Base<'bidder_scored'> & { readonly scores: BidderScores })
  | (Base<'provider_decided'> & { readonly providerCode: string; readonly reasons: readonly NoticeReason[]; readonly summary?: string; readonly tieBreak?: string })
  | (Base<'intention_notice_published'> & { readonly notice: Notice })
  | (Base<'representation_received'> & { readonly representation: Representation })
  | (Base<'review_decided'> & { readonly outcome: ReviewOutcome['outcome']; readonly reasons: string })
  | (Base<'contract_awarded'> & { readonly award: AwardFacts })
  | (Base<'award_notice_published'> & { readonly notice: Notice })
  | (Base<'abandoned'> & { readonly reasons: string })
  | (Base<'legacy_decided'> & { readonly decision: LegacyDecision['decision']; readonly reasons: string; readonly rollOverUntil?: IsoDate; readonly adviceConsidered?: string });

export type ProcurementEventType = ProcurementEvent['type'];
export type EventOf<T extends ProcurementEventType> = Extract<ProcurementEvent, { type: T }>;

/** A procurement as its events have made it. */
export interface ProcurementRecord extends ProcurementOpening {
  readonly state: string;
  readonly history: readonly HistoryEntry[];
  readonly openedOn: IsoDate;
  readonly decisionMakers: readonly DecisionMaker[];
  readonly conflicts: readonly ConflictOfInterest[];
  readonly weights: KeyCriteriaWeights | null;
  readonly scale: ScoringScale | null;
  readonly bidders: readonly ProcurementProvider[];
  readonly offersClosedOn: IsoDate | null;
  readonly assessments: readonly SelectionAssessment[];
  readonly scores: readonly BidderScores[];
  readonly decision: ProviderDecision | null;
  readonly notices: readonly Notice[];
  readonly standstill: StandstillDates | null;
  readonly representations: readonly (Representation & { readonly inTime: boolean })[];
  readonly reviews: readonly ReviewOutcome[];
  readonly reviewWait: ReviewWait | null;
  readonly awards: readonly AwardFacts[];
  readonly abandonment: { readonly on: IsoDate; readonly reasons: string } | null;
  readonly legacyDecision: LegacyDecision | null;
}

/** What the machines need besides the record: the calendar and the parameter table. */
export interface ProcurementContext {
  readonly calendar: Calendar;
  /** PSR parameters in force on a date. */
  readonly parametersOn: (date: IsoDate) => PsrParameters;
}

export type { Deadline };
