/**
 * The relationship record: one page per commissioner-provider pair (DESIGN.md C6). Contracts over
 * time and how each was agreed; money each way by year (the arms race); notices open and closed;
 * disputes and what they cost; what is overdue; flags; a health band with its derivation; a timeline.
 * Pure: everything is passed in, including the as-at date.
 */

import { englandAndWales, type Calendar } from '../calendar/index.ts';
import {
  CLOSED_NOTICE_STATES,
  NOTICE_STATE_LABELS,
  overdueSteps,
  stepsAsAt,
  withholdingTotals,
  type ContractPerformanceNotice,
  type DueStepAsAt,
  type NoticeState,
  type Side,
} from '../contract-management/index.ts';
import {
  CONTRACT_SETTING_STATE_LABELS,
  GC14_STATE_LABELS,
  disputeCosts,
  type Appointee,
  type ContractSettingDispute,
  type DisputeCosts,
  type Gc14Dispute,
} from '../disputes/index.ts';
import { invalid } from '../errors.ts';
import type { Pence } from '../money.ts';
import { isIsoDate, type IsoDate } from '../time/index.ts';
import { dueStepsOf, EDITION_RULES, type RulesFor } from './actions.ts';
import {
  agreementRoute,
  contractYears,
  subcontractsWithoutConsent,
  unsignedSides,
  type AgreementRoute,
  type ConsentFlag,
  type RelationshipContract,
  type SubcontractConsent,
} from './contracts.ts';
import { DEFAULT_HEALTH_POLICY, relationshipHealth, type HealthIndicator, type HealthPolicy } from './health.ts';
import { armsRace, checkMoneyEntries, moneyByYear, type ArmsRace, type RelationshipMoneyEntry, type YearMoney } from './money.ts';
import { relationshipTimeline, type TimelineEvent } from './timeline.ts';

export interface RelationshipRecordInput {
  readonly commissionerCode: string;
  readonly providerCode: string;
  readonly asAt: IsoDate;
  readonly contracts: readonly RelationshipContract[];
  /** Subcontracts under the pair's contracts (for the consent check). */
  readonly subcontracts?: readonly RelationshipContract[];
  readonly consents?: readonly SubcontractConsent[];
  readonly money: readonly RelationshipMoneyEntry[];
  readonly notices: readonly ContractPerformanceNotice[];
  readonly gc14Disputes: readonly Gc14Dispute[];
  readonly contractSettingDisputes: readonly ContractSettingDispute[];
  readonly rulesFor?: RulesFor;
  readonly calendar?: Calendar;
  readonly healthPolicy?: HealthPolicy;
}

export interface RecordContract extends RelationshipContract {
  readonly years: readonly string[];
  readonly agreedBy: AgreementRoute;
  readonly unsignedBy: readonly Side[];
}

export interface NoticeSummary {
  readonly id: string;
  readonly contractReference: string;
  readonly issuedBy: Side;
  readonly issuedOn: IsoDate;
  readonly subject: string;
  readonly state: NoticeState;
  readonly stateLabel: string;
  readonly closedOn: IsoDate | null;
  readonly withheldPence: Pence;
  readonly repaidPence: Pence;
  readonly retainedPence: Pence;
}

export interface DisputeSummary {
  readonly kind: 'gc14' | 'contract_setting';
  readonly id: string;
  readonly contractReference: string | null;
  readonly title: string;
  readonly openedOn: IsoDate;
  readonly closedOn: IsoDate | null;
  readonly state: string;
  readonly stateLabel: string;
  /** GC14: negotiation, mediation, expert determination; contract setting: negotiation, mediation, arbitration. */
  readonly furthestStage: string;
  readonly outcome: string | null;
  readonly appointees: readonly Appointee[];
  readonly costs: DisputeCosts;
}

export interface RelationshipRecord {
  readonly commissionerCode: string;
  readonly providerCode: string;
  readonly asAt: IsoDate;
  readonly contracts: readonly RecordContract[];
  readonly moneyByYear: readonly YearMoney[];
  readonly armsRace: ArmsRace;
  readonly notices: { readonly open: readonly NoticeSummary[]; readonly closed: readonly NoticeSummary[] };
  readonly disputes: readonly DisputeSummary[];
  /** All dispute fees, by who bears them. */
  readonly disputeCosts: { readonly totalPence: Pence; readonly commissionerPence: Pence; readonly providerPence: Pence; readonly regulatorPence: Pence };
  /** Every pending step as at the date. */
  readonly dueSteps: readonly DueStepAsAt[];
  readonly overdue: readonly DueStepAsAt[];
  readonly flags: { readonly unsignedContracts: readonly RecordContract[]; readonly subcontractsWithoutConsent: readonly ConsentFlag[] };
  readonly health: HealthIndicator;
  readonly timeline: readonly TimelineEvent[];
}

/** A notice as the record lists it. */
export function noticeSummary(n: ContractPerformanceNotice): NoticeSummary {
  const t = withholdingTotals(n.withholdings);
  return {
    id: n.id, contractReference: n.contractReference, issuedBy: n.issuedBy, issuedOn: n.issuedOn, subject: n.subject, state: n.state,
    stateLabel: NOTICE_STATE_LABELS[n.state], closedOn: n.closedOn, withheldPence: t.heldPence + t.repaidPence + t.retainedPence, repaidPence: t.repaidPence, retainedPence: t.retainedPence,
  };
}

/** A GC14 dispute as the record and the disputes list show it. */
export function gc14Summary(d: Gc14Dispute): DisputeSummary {
  const o = d.outcome;
  return {
    kind: 'gc14', id: d.id, contractReference: d.contractReference, title: d.subject, openedOn: d.raisedOn, closedOn: o?.on ?? null,
    state: d.state, stateLabel: GC14_STATE_LABELS[d.state], furthestStage: d.stages[d.stages.length - 1].stage.replace('_', ' '),
    outcome: o ? `${o.how === 'agreement' ? 'Settled' : o.how === 'determination' ? 'Determined by the expert' : 'Withdrawn'} in ${o.atStage.replace('_', ' ')}: ${o.summary}` : null,
    appointees: d.appointees, costs: disputeCosts(d.appointees, d.fees),
  };
}

/** A contract-setting dispute as the record and the disputes list show it. */
export function contractSettingSummary(d: ContractSettingDispute): DisputeSummary {
  return {
    kind: 'contract_setting', id: d.id, contractReference: d.contractReference, title: `Contract for ${d.contractYear}: ${d.issues.map((i) => i.title).join('; ')}`,
    openedOn: d.openedOn, closedOn: d.closedOn, state: d.state, stateLabel: CONTRACT_SETTING_STATE_LABELS[d.state],
    furthestStage: d.referredToArbitrationOn ? 'arbitration' : d.referredToMediationOn ? 'mediation' : 'negotiation',
    outcome: d.summary, appointees: d.appointees, costs: disputeCosts(d.appointees, d.fees),
  };
}

function checkPair(input: RelationshipRecordInput): void {
  const pair = (what: string, i: number, c: { commissionerCode: string; providerCode: string }) => {
    if (c.commissionerCode !== input.commissionerCode || c.providerCode !== input.providerCode) {
      throw invalid([what, i], `belongs to ${c.commissionerCode} and ${c.providerCode}, not to this relationship (${input.commissionerCode} and ${input.providerCode})`);
    }
  };
  input.contracts.forEach((c, i) => pair('contracts', i, c));
  input.money.forEach((c, i) => pair('money', i, c));
  input.notices.forEach((c, i) => pair('notices', i, c));
  input.gc14Disputes.forEach((c, i) => pair('gc14Disputes', i, c));
  input.contractSettingDisputes.forEach((c, i) => pair('contractSettingDisputes', i, c));
}

/**
 * The relationship record for one commissioner-provider pair as at a date. Everything given must
 * belong to the pair (invalid otherwise, naming the item).
 *
 * @example
 * const r = relationshipRecord({ commissionerCode: '99P', providerCode: 'RBZ', asAt: '2015-03-31', ... });
 * r.health.band // 'strained'
 */
export function relationshipRecord(input: RelationshipRecordInput): RelationshipRecord {
  if (!isIsoDate(input.asAt)) throw invalid('asAt', 'must be a date YYYY-MM-DD');
  checkPair(input);
  checkMoneyEntries(input.money);
  const calendar = input.calendar ?? englandAndWales;
  const rulesFor = input.rulesFor ?? EDITION_RULES;
  const policy = input.healthPolicy ?? DEFAULT_HEALTH_POLICY;

  const contracts: RecordContract[] = [...input.contracts]
    .sort((a, b) => (a.startDate < b.startDate ? -1 : a.startDate > b.startDate ? 1 : 0))
    .map((c) => ({ ...c, years: contractYears(c), agreedBy: agreementRoute(c, input.contractSettingDisputes), unsignedBy: unsignedSides(c) }));
  const years = moneyByYear(input.money.filter((e) => e.period <= input.asAt.slice(0, 7)));
  const race = armsRace(years);
  const pending = dueStepsOf(input, rulesFor, calendar);
  const dueSteps = stepsAsAt(pending, input.asAt, calendar);
  const overdue = overdueSteps(pending, input.asAt, calendar);
  const consentFlags = subcontractsWithoutConsent(input.contracts, input.subcontracts ?? [], input.consents ?? [], input.asAt);
  const notices = input.notices.map(noticeSummary);
  const disputes = [...input.contractSettingDisputes.map(contractSettingSummary), ...input.gc14Disputes.map(gc14Summary)].sort((a, b) => (a.openedOn < b.openedOn ? -1 : a.openedOn > b.openedOn ? 1 : 0));
  const costs = disputes.reduce(
    (s, d) => ({ totalPence: s.totalPence + d.costs.totalPence, commissionerPence: s.commissionerPence + d.costs.commissionerPence, providerPence: s.providerPence + d.costs.providerPence, regulatorPence: s.regulatorPence + d.costs.regulatorPence }),
    { totalPence: 0, commissionerPence: 0, providerPence: 0, regulatorPence: 0 },
  );
  const health = relationshipHealth({ asAt: input.asAt, contracts: input.contracts, notices: input.notices, gc14Disputes: input.gc14Disputes, contractSettingDisputes: input.contractSettingDisputes, overdue, armsRace: race, consentFlags }, policy);

  return {
    commissionerCode: input.commissionerCode,
    providerCode: input.providerCode,
    asAt: input.asAt,
    contracts,
    moneyByYear: years,
    armsRace: race,
    notices: { open: notices.filter((n) => !CLOSED_NOTICE_STATES.has(n.state)), closed: notices.filter((n) => CLOSED_NOTICE_STATES.has(n.state)) },
    disputes,
    disputeCosts: costs,
    dueSteps,
    overdue,
    flags: { unsignedContracts: contracts.filter((c) => c.unsignedBy.length > 0), subcontractsWithoutConsent: consentFlags },
    health,
    timeline: relationshipTimeline(input),
  };
}
