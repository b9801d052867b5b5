/**
 * The annual contract-setting dispute: a contract for the coming year that the parties cannot agree
 * goes to the national dispute resolution process, outside GC14 (RULES.md §1.3 [S2]): mediation
 * within a window, then arbitration with a pendulum determination on each issue. Facilitators may be
 * appointed along the way (seed 000: NEW Devon and Northern Devon, 2014-15). Events replayed, like a
 * notice.
 */

import { addDays } from 'date-fns';
import { isSide, SIDE_LABELS, type RelationshipRules, type Side } from '../contract-management/index.ts';
import { conflict, forbidden, invalid } from '../errors.ts';
import type { Pence } from '../money.ts';
import { formatIsoDate, isFinancialYearLabel, isIsoDate, parseIsoDate, type IsoDate } from '../time/index.ts';
import { checkAppointee, checkFee, type Appointee, type AppointeeRole, type Fee } from './fees.ts';
import { checkOffer, checkPendulumDetermination, type DisputeIssue, type FinalOffers, type Offer } from './pendulum.ts';

export type ContractSettingState = 'negotiation' | 'mediation' | 'arbitration' | 'determined' | 'agreed' | 'withdrawn';

export const CONTRACT_SETTING_STATE_LABELS: Readonly<Record<ContractSettingState, string>> = {
  negotiation: 'in negotiation',
  mediation: 'in mediation under the national dispute resolution process',
  arbitration: 'in arbitration',
  determined: 'determined by arbitration',
  agreed: 'agreed by the parties',
  withdrawn: 'withdrawn',
};

/** Who takes a contract-setting step: a party, or the regulator running the national process. */
export type ContractSettingActor = Side | 'regulator';

export interface FinalOffer {
  readonly issueId: string;
  readonly side: Side;
  readonly offer: Offer;
  readonly submittedOn: IsoDate;
}

export interface Determination {
  readonly issueId: string;
  /** Whose final offer was chosen ('both' when their final offers were the same). */
  readonly awardedTo: Side | 'both';
  readonly offer: Offer;
  readonly reasons: string;
  readonly on: IsoDate;
}

export interface ContractSettingDispute {
  readonly id: string;
  readonly commissionerCode: string;
  readonly providerCode: string;
  /** The contract year being set, e.g. '2013/14'. */
  readonly contractYear: string;
  readonly contractReference: string | null;
  readonly edition: string;
  readonly openedBy: ContractSettingActor;
  readonly openedOn: IsoDate;
  readonly state: ContractSettingState;
  readonly issues: readonly DisputeIssue[];
  readonly finalOffers: readonly FinalOffer[];
  readonly determinations: readonly Determination[];
  readonly appointees: readonly Appointee[];
  readonly fees: readonly Fee[];
  readonly referredToMediationOn: IsoDate | null;
  readonly referredToArbitrationOn: IsoDate | null;
  readonly closedOn: IsoDate | null;
  readonly summary: string | null;
  readonly events: readonly ContractSettingEvent[];
}

interface Step<T extends string> {
  readonly type: T;
  readonly on: IsoDate;
  readonly by: ContractSettingActor;
}

export type ContractSettingOpenEvent = Step<'open'> & {
  readonly disputeId: string;
  readonly commissionerCode: string;
  readonly providerCode: string;
  readonly contractYear: string;
  readonly contractReference?: string;
  readonly edition: string;
  readonly issues: readonly DisputeIssue[];
};

export type ContractSettingStepEvent =
  | (Step<'add_issue'> & { readonly issue: DisputeIssue })
  | (Step<'appoint'> & { readonly appointee: Omit<Appointee, 'appointedOn'> })
  | (Step<'record_fee'> & { readonly fee: Omit<Fee, 'recordedOn'> })
  | Step<'refer_to_mediation'>
  | Step<'refer_to_arbitration'>
  | (Step<'submit_final_offer'> & { readonly issueId: string; readonly offer: Offer })
  | (Step<'determine'> & { readonly issueId: string; readonly offer: Offer; readonly reasons: string })
  | (Step<'agree'> & { readonly summary: string })
  | (Step<'withdraw'> & { readonly reason: string });

export type ContractSettingEvent = ContractSettingOpenEvent | ContractSettingStepEvent;
export type ContractSettingStepType = ContractSettingStepEvent['type'];

type Who = 'either' | 'either_or_regulator' | 'opener';
const OPEN: readonly ContractSettingState[] = ['negotiation', 'mediation', 'arbitration'];

/** Who may take each contract-setting step and from which states. */
export const CONTRACT_SETTING_STEPS: Readonly<Record<ContractSettingStepType, { readonly label: string; readonly from: readonly ContractSettingState[]; readonly by: Who; readonly source: string }>> = {
  add_issue: { label: 'add an issue in dispute', from: ['negotiation', 'mediation'], by: 'either', source: 'RULES.md §1.3 [S2]' },
  appoint: { label: 'appoint a facilitator, mediator or arbitrator', from: OPEN, by: 'either_or_regulator', source: 'RULES.md §1.3 [S2]; seed 000' },
  record_fee: { label: 'record a fee', from: [...OPEN, 'determined', 'agreed', 'withdrawn'], by: 'either_or_regulator', source: 'seed 000' },
  refer_to_mediation: { label: 'refer the contract to mediation', from: ['negotiation'], by: 'either_or_regulator', source: 'RULES.md §1.3 [S2] (national dispute resolution process)' },
  refer_to_arbitration: { label: 'refer the contract to arbitration', from: ['negotiation', 'mediation'], by: 'either_or_regulator', source: 'RULES.md §1.3 [S2] (national dispute resolution process)' },
  submit_final_offer: { label: 'submit a final offer', from: ['arbitration'], by: 'either', source: 'RULES.md §1.3 [S2] (pendulum arbitration)' },
  determine: { label: 'record the pendulum determination', from: ['arbitration'], by: 'either_or_regulator', source: 'RULES.md §1.3 [S2] (a pendulum decision on each issue, "no 50:50s")' },
  agree: { label: 'record the contract agreed', from: OPEN, by: 'either', source: 'RULES.md §1.3' },
  withdraw: { label: 'withdraw the dispute', from: ['negotiation', 'mediation'], by: 'opener', source: 'RULES.md §1.3' },
};

const ROLE_STAGES: Readonly<Record<AppointeeRole, readonly ContractSettingState[]>> = {
  facilitator: ['negotiation', 'mediation'],
  mediator: ['mediation'],
  arbitrator: ['arbitration'],
  expert: [],
};

function requireDate(v: unknown, field: string): IsoDate {
  if (!isIsoDate(v)) throw invalid(field, `must be a date YYYY-MM-DD, got '${String(v)}'`);
  return v;
}
function requireText(v: unknown, field: string, what: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw invalid(field, `give ${what}`);
  return v;
}
function isActor(v: unknown): v is ContractSettingActor {
  return isSide(v) || v === 'regulator';
}

function checkIssue(issue: DisputeIssue, existing: readonly DisputeIssue[], path: (string | number)[]): DisputeIssue {
  const id = requireText(issue?.id, [...path, 'id'].join('.'), 'the issue an id');
  if (existing.some((x) => x.id === id)) throw invalid([...path, 'id'], `issue '${id}' appears twice`);
  requireText(issue.title, [...path, 'title'].join('.'), 'what the issue is');
  if (issue.measure !== 'amount' && issue.measure !== 'terms') throw invalid([...path, 'measure'], "must be 'amount' or 'terms'");
  return { id, title: issue.title, measure: issue.measure };
}

/**
 * Opens a contract-setting dispute in negotiation, with its issues.
 *
 * @example openContractSettingDispute({ type: 'open', disputeId: 'NDEVON-2013-14', contractYear: '2013/14', issues: [...], ... }, relationshipRules('2013/14')).state // 'negotiation'
 */
export function openContractSettingDispute(event: ContractSettingOpenEvent, rules: RelationshipRules): ContractSettingDispute {
  if (event.type !== 'open') throw invalid('type', `a contract-setting dispute starts with 'open', got '${String(event.type)}'`);
  requireText(event.disputeId, 'disputeId', 'the dispute an id');
  requireText(event.commissionerCode, 'commissionerCode', "the co-ordinating commissioner's ODS code");
  requireText(event.providerCode, 'providerCode', "the provider's ODS code");
  if (!isFinancialYearLabel(event.contractYear) || event.contractYear.includes('-')) throw invalid('contractYear', `must be a contract year like '2013/14', got '${String(event.contractYear)}'`);
  const on = requireDate(event.on, 'on');
  if (!isActor(event.by)) throw invalid('by', "must be 'commissioner', 'provider' or 'regulator'");
  if (event.edition !== rules.edition) throw invalid('edition', `the dispute names edition ${event.edition} but the rules given are for ${rules.edition}`);
  if (!Array.isArray(event.issues) || event.issues.length === 0) throw invalid('issues', 'name at least one issue in dispute');
  const issues: DisputeIssue[] = [];
  event.issues.forEach((iss, i) => issues.push(checkIssue(iss, issues, ['issues', i])));
  return {
    id: event.disputeId, commissionerCode: event.commissionerCode, providerCode: event.providerCode, contractYear: event.contractYear,
    contractReference: event.contractReference ?? null, edition: event.edition, openedBy: event.by, openedOn: on, state: 'negotiation',
    issues, finalOffers: [], determinations: [], appointees: [], fees: [], referredToMediationOn: null, referredToArbitrationOn: null,
    closedOn: null, summary: null, events: [event],
  };
}

/**
 * The final offers on an issue, by side.
 *
 * @example offersOn(dispute, 'value').provider // { amountPence: 15_800_000_000 }
 */
export function offersOn(d: Pick<ContractSettingDispute, 'finalOffers'>, issueId: string): FinalOffers {
  const c = d.finalOffers.find((o) => o.issueId === issueId && o.side === 'commissioner');
  const p = d.finalOffers.find((o) => o.issueId === issueId && o.side === 'provider');
  return { ...(c ? { commissioner: c.offer } : {}), ...(p ? { provider: p.offer } : {}) };
}

/**
 * Takes one contract-setting step. Refuses a step the state does not allow (conflict naming the
 * state), a step by someone who may not take it (forbidden), and bad data (invalid naming the field);
 * a determination that is not exactly one party's final offer is refused naming the issue.
 *
 * @example applyContractSettingStep(d, { type: 'determine', by: 'regulator', on: '2013-06-14', issueId: 'value', offer: { amountPence: 15_800_000_000 }, reasons: '...' }, rules)
 */
export function applyContractSettingStep(d: ContractSettingDispute, event: ContractSettingStepEvent, rules: RelationshipRules): ContractSettingDispute {
  const step = CONTRACT_SETTING_STEPS[event.type as ContractSettingStepType];
  if (!step) throw invalid('type', `unknown contract-setting step '${String(event.type)}'`);
  if (rules.edition !== d.edition) throw invalid('edition', `dispute ${d.id} runs on edition ${d.edition} but the rules given are for ${rules.edition}`);
  if (!step.from.includes(d.state)) throw conflict(`cannot ${step.label}: the ${d.contractYear} contract-setting dispute ${d.id} is ${CONTRACT_SETTING_STATE_LABELS[d.state]} (state '${d.state}')`);
  if (!isActor(event.by)) throw invalid('by', "must be 'commissioner', 'provider' or 'regulator'");
  if (step.by === 'either' && !isSide(event.by)) throw forbidden(`only the parties may ${step.label}`);
  if (step.by === 'opener' && event.by !== d.openedBy) throw forbidden(`only the ${d.openedBy === 'regulator' ? 'regulator' : SIDE_LABELS[d.openedBy]}, who opened dispute ${d.id}, may ${step.label}`);
  const on = requireDate(event.on, 'on');
  const last = d.events[d.events.length - 1].on;
  if (on < last) throw invalid('on', `is before the dispute's last step (${last}); steps are recorded in date order`);
  const next = (changes: Partial<ContractSettingDispute>): ContractSettingDispute => ({ ...d, ...changes, events: [...d.events, event] });
  const issue = (id: unknown): DisputeIssue => {
    const found = d.issues.find((x) => x.id === id);
    if (!found) throw invalid('issueId', `no issue '${String(id)}' in dispute ${d.id} (${d.issues.map((x) => x.id).join(', ')})`);
    return found;
  };

  switch (event.type) {
    case 'add_issue':
      return next({ issues: [...d.issues, checkIssue(event.issue, d.issues, ['issue'])] });
    case 'appoint': {
      const a = checkAppointee({ ...event.appointee, appointedOn: on }, d.appointees, on);
      if (!ROLE_STAGES[a.role].includes(d.state)) throw invalid('appointee.role', `a ${a.role} is not appointed while the dispute is ${CONTRACT_SETTING_STATE_LABELS[d.state]}`);
      return next({ appointees: [...d.appointees, a] });
    }
    case 'record_fee':
      return next({ fees: [...d.fees, checkFee(event.fee, d.appointees, on)] });
    case 'refer_to_mediation':
      return next({ state: 'mediation', referredToMediationOn: on });
    case 'refer_to_arbitration':
      return next({ state: 'arbitration', referredToArbitrationOn: on });
    case 'submit_final_offer': {
      const iss = issue(event.issueId);
      const side = event.by as Side;
      if (d.finalOffers.some((o) => o.issueId === iss.id && o.side === side)) throw conflict(`the ${SIDE_LABELS[side]} has already made its final offer on issue '${iss.id}' (${iss.title}); a final offer is final`);
      return next({ finalOffers: [...d.finalOffers, { issueId: iss.id, side, offer: checkOffer(iss, event.offer, 'offer'), submittedOn: on }] });
    }
    case 'determine': {
      const iss = issue(event.issueId);
      if (d.determinations.some((x) => x.issueId === iss.id)) throw conflict(`issue '${iss.id}' (${iss.title}) is already determined`);
      const awardedTo = checkPendulumDetermination(iss, offersOn(d, iss.id), event.offer);
      const determinations = [...d.determinations, { issueId: iss.id, awardedTo, offer: event.offer, reasons: requireText(event.reasons, 'reasons', 'the arbitrator\'s reasons'), on }];
      const done = d.issues.every((x) => determinations.some((y) => y.issueId === x.id));
      return next({ determinations, ...(done ? { state: 'determined', closedOn: on, summary: `Determined by pendulum arbitration on ${d.issues.length} issue${d.issues.length === 1 ? '' : 's'}` } : {}) });
    }
    case 'agree':
      return next({ state: 'agreed', closedOn: on, summary: requireText(event.summary, 'summary', 'what was agreed') });
    case 'withdraw':
      return next({ state: 'withdrawn', closedOn: on, summary: requireText(event.reason, 'reason', 'why the dispute is withdrawn') });
    default: {
      const never: never = event;
      throw invalid('type', `unknown contract-setting step '${String((never as { type: unknown }).type)}'`);
    }
  }
}

/**
 * Rebuilds a contract-setting dispute from its event log.
 *
 * @example replayContractSettingDispute(events, relationshipRules('2013/14')).state // 'determined'
 */
export function replayContractSettingDispute(events: readonly ContractSettingEvent[], rules: RelationshipRules): ContractSettingDispute {
  if (events.length === 0 || events[0].type !== 'open') throw invalid(['events', 0], "a contract-setting dispute's log starts with it being opened");
  let d = openContractSettingDispute(events[0], rules);
  for (let i = 1; i < events.length; i++) {
    const e = events[i];
    if (e.type === 'open') throw invalid(['events', i], 'a dispute is opened once');
    d = applyContractSettingStep(d, e, rules);
  }
  return d;
}

/**
 * The amount determined on a money issue: what the statement follows.
 *
 * @example determinedAmount(dispute, 'value') // 15_800_000_000
 */
export function determinedAmount(d: ContractSettingDispute, issueId: string): Pence | null {
  const x = d.determinations.find((y) => y.issueId === issueId);
  return x && 'amountPence' in x.offer ? x.offer.amountPence : null;
}

/**
 * The day by which the year's contract should be agreed under the national timetable, if known.
 *
 * @example agreementDeadline('2019/20', relationshipRules('2019/20')) // '2019-03-01'
 */
export function agreementDeadline(contractYear: string, rules: RelationshipRules): IsoDate | null {
  const md = rules.contractSetting.agreementDeadline.value;
  return md === null ? null : `${contractYear.slice(0, 4)}-${md}`;
}

/**
 * The last day of the mediation window (calendar days after the referral), if the timetable sets one.
 *
 * @example mediationWindowEnds({ referredToMediationOn: '2019-03-04' }, relationshipRules('2019/20')) // '2019-03-18'
 */
export function mediationWindowEnds(d: Pick<ContractSettingDispute, 'referredToMediationOn'>, rules: RelationshipRules): IsoDate | null {
  const days = rules.contractSetting.mediationWindowDays.value;
  if (days === null || d.referredToMediationOn === null) return null;
  return formatIsoDate(addDays(parseIsoDate(d.referredToMediationOn), days));
}
