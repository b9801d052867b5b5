/**
 * A dispute under GC14 of the Standard Contract (RULES.md §1.3; verification pass 2 §3 [S2]):
 * escalated negotiation between senior directors, then mediation, then a binding expert determination,
 * settled by agreement at any stage. Like a contract performance notice, a dispute is its events
 * replayed; illegal steps are refused naming the stage the dispute is at.
 */

import { isSide, otherSide, SIDE_LABELS, type RelationshipRules, type Side } from '../contract-management/index.ts';
import { englandAndWales, type Calendar } from '../calendar/index.ts';
import { conflict, forbidden, invalid } from '../errors.ts';
import { isPence, type Pence } from '../money.ts';
import { isIsoDate, type IsoDate } from '../time/index.ts';
import { checkAppointee, checkFee, type Appointee, type Fee } from './fees.ts';

export type Gc14Stage = 'negotiation' | 'mediation' | 'expert_determination';
export type Gc14State = Gc14Stage | 'resolved' | 'withdrawn';

export const GC14_STATE_LABELS: Readonly<Record<Gc14State, string>> = {
  negotiation: 'in escalated negotiation between senior directors',
  mediation: 'in mediation',
  expert_determination: 'referred for expert determination',
  resolved: 'resolved',
  withdrawn: 'withdrawn',
};

/** How a dispute ended and what it decided. */
export interface DisputeOutcome {
  readonly on: IsoDate;
  readonly how: 'agreement' | 'determination' | 'withdrawal';
  readonly atStage: Gc14Stage;
  readonly summary: string;
  /** A sum the outcome settles, if any, and in whose favour. */
  readonly amountPence: Pence | null;
  readonly inFavourOf: Side | null;
}

export interface Gc14Dispute {
  readonly id: string;
  readonly contractReference: string;
  readonly commissionerCode: string;
  readonly providerCode: string;
  readonly edition: string;
  readonly raisedBy: Side;
  readonly raisedOn: IsoDate;
  readonly subject: string;
  readonly amountInDisputePence: Pence | null;
  readonly state: Gc14State;
  /** Each stage reached, with when it began and ended. */
  readonly stages: readonly { readonly stage: Gc14Stage; readonly startedOn: IsoDate; readonly endedOn: IsoDate | null }[];
  readonly appointees: readonly Appointee[];
  readonly fees: readonly Fee[];
  readonly outcome: DisputeOutcome | null;
  readonly events: readonly Gc14Event[];
}

interface Step<T extends string> {
  readonly type: T;
  readonly on: IsoDate;
  readonly by: Side;
}

interface Result {
  readonly summary: string;
  readonly amountPence?: Pence;
  readonly inFavourOf?: Side;
}

export type Gc14RaiseEvent = Step<'raise'> & {
  readonly disputeId: string;
  readonly contractReference: string;
  readonly commissionerCode: string;
  readonly providerCode: string;
  readonly edition: string;
  readonly subject: string;
  readonly amountInDisputePence?: Pence;
};

export type Gc14StepEvent =
  /** Negotiation failed; `early` when both parties agree to go to mediation before its period ends. */
  | (Step<'escalate_to_mediation'> & { readonly early?: boolean })
  | (Step<'appoint'> & { readonly appointee: Omit<Appointee, 'appointedOn'> })
  | (Step<'record_fee'> & { readonly fee: Omit<Fee, 'recordedOn'> })
  | Step<'refer_to_expert'>
  | (Step<'settle'> & Result)
  | (Step<'determine'> & Result)
  | (Step<'withdraw'> & { readonly reason: string });

export type Gc14Event = Gc14RaiseEvent | Gc14StepEvent;
export type Gc14StepType = Gc14StepEvent['type'];

const OPEN: readonly Gc14State[] = ['negotiation', 'mediation', 'expert_determination'];

/** Who may take each GC14 step and from which states. 'raiser' is the party that raised the dispute. */
export const GC14_STEPS: Readonly<Record<Gc14StepType, { readonly label: string; readonly from: readonly Gc14State[]; readonly by: 'either' | 'raiser'; readonly source: string }>> = {
  escalate_to_mediation: { label: 'escalate to mediation', from: ['negotiation'], by: 'either', source: 'RULES.md §1.3 [S2]' },
  appoint: { label: 'appoint a mediator or expert', from: ['mediation', 'expert_determination'], by: 'either', source: 'RULES.md §1.3, verification pass 2 §3 [S2]' },
  record_fee: { label: 'record a fee', from: [...OPEN, 'resolved', 'withdrawn'], by: 'either', source: 'RULES.md §1.3 [S2]' },
  refer_to_expert: { label: 'refer the dispute for expert determination', from: ['mediation'], by: 'either', source: 'RULES.md §1.3 [S2]' },
  settle: { label: 'record a settlement', from: OPEN, by: 'either', source: 'RULES.md §1.3 [S2]' },
  determine: { label: "record the expert's determination", from: ['expert_determination'], by: 'either', source: 'RULES.md §1.3 [S2] (binding expert determination)' },
  withdraw: { label: 'withdraw the dispute', from: OPEN, by: 'raiser', source: 'RULES.md §1.3' },
};

function requireDate(v: unknown, field: string): IsoDate {
  if (!isIsoDate(v)) throw invalid(field, `must be a date YYYY-MM-DD, got '${String(v)}'`);
  return v;
}
function requireText(v: unknown, field: string, what: string): string {
  if (typeof v !== 'string' || v.trim() === '') throw invalid(field, `give ${what}`);
  return v;
}

/**
 * Starts a GC14 dispute in escalated negotiation.
 *
 * @example raiseDispute({ type: 'raise', disputeId: 'D-1', by: 'provider', on: '2013-07-01', ... }, relationshipRules('2013/14')).state // 'negotiation'
 */
export function raiseDispute(event: Gc14RaiseEvent, rules: RelationshipRules): Gc14Dispute {
  if (event.type !== 'raise') throw invalid('type', `a GC14 dispute starts with 'raise', got '${String(event.type)}'`);
  requireText(event.disputeId, 'disputeId', 'the dispute an id');
  requireText(event.contractReference, 'contractReference', 'the contract reference');
  requireText(event.commissionerCode, 'commissionerCode', "the co-ordinating commissioner's ODS code");
  requireText(event.providerCode, 'providerCode', "the provider's ODS code");
  requireText(event.subject, 'subject', 'what is in dispute');
  const on = requireDate(event.on, 'on');
  if (!isSide(event.by)) throw invalid('by', "must be 'commissioner' or 'provider'");
  if (event.edition !== rules.edition) throw invalid('edition', `the dispute names edition ${event.edition} but the rules given are for ${rules.edition}`);
  if (event.amountInDisputePence !== undefined && (!isPence(event.amountInDisputePence) || event.amountInDisputePence < 0)) throw invalid('amountInDisputePence', 'must be a whole number of pence, 0 or more');
  return {
    id: event.disputeId, contractReference: event.contractReference, commissionerCode: event.commissionerCode, providerCode: event.providerCode,
    edition: event.edition, raisedBy: event.by, raisedOn: on, subject: event.subject, amountInDisputePence: event.amountInDisputePence ?? null,
    state: 'negotiation', stages: [{ stage: 'negotiation', startedOn: on, endedOn: null }], appointees: [], fees: [], outcome: null, events: [event],
  };
}

/**
 * The last day of the escalated negotiation: the Nth operational day after the dispute was raised.
 *
 * @example negotiationEnds(dispute, relationshipRules('2013/14')) // 15 operational days after raisedOn
 */
export function negotiationEnds(d: Pick<Gc14Dispute, 'raisedOn'>, rules: RelationshipRules, calendar: Calendar = englandAndWales): IsoDate {
  return calendar.nthOperationalDayAfter(d.raisedOn, rules.gc14.negotiationOperationalDays.value);
}

function result(e: Result, field: string): Pick<DisputeOutcome, 'summary' | 'amountPence' | 'inFavourOf'> {
  requireText(e.summary, `${field}.summary`, 'what was agreed or decided');
  if (e.amountPence !== undefined && (!isPence(e.amountPence) || e.amountPence < 0)) throw invalid('amountPence', 'must be a whole number of pence, 0 or more');
  if (e.inFavourOf !== undefined && !isSide(e.inFavourOf)) throw invalid('inFavourOf', "must be 'commissioner' or 'provider'");
  if ((e.amountPence === undefined) !== (e.inFavourOf === undefined)) throw invalid('inFavourOf', 'give both the amount and in whose favour, or neither');
  return { summary: e.summary, amountPence: e.amountPence ?? null, inFavourOf: e.inFavourOf ?? null };
}

/**
 * Takes one GC14 step. Refuses a step the stage does not allow (conflict naming the stage), a step by
 * a party that may not take it (forbidden) and bad step data (invalid naming the field).
 *
 * @example applyDisputeStep(d, { type: 'escalate_to_mediation', by: 'provider', on: '2013-07-23' }, rules).state // 'mediation'
 */
export function applyDisputeStep(d: Gc14Dispute, event: Gc14StepEvent, rules: RelationshipRules, calendar: Calendar = englandAndWales): Gc14Dispute {
  const step = GC14_STEPS[event.type as Gc14StepType];
  if (!step) throw invalid('type', `unknown GC14 step '${String(event.type)}'`);
  if (rules.edition !== d.edition) throw invalid('edition', `dispute ${d.id} runs on edition ${d.edition} but the rules given are for ${rules.edition}`);
  if (!step.from.includes(d.state)) throw conflict(`cannot ${step.label}: dispute ${d.id} is ${GC14_STATE_LABELS[d.state]} (state '${d.state}')`);
  if (!isSide(event.by)) throw invalid('by', "must be 'commissioner' or 'provider'");
  if (step.by === 'raiser' && event.by !== d.raisedBy) throw forbidden(`only the ${SIDE_LABELS[d.raisedBy]}, who raised dispute ${d.id}, may ${step.label}`);
  const on = requireDate(event.on, 'on');
  const last = d.events[d.events.length - 1].on;
  if (on < last) throw invalid('on', `is before the dispute's last step (${last}); steps are recorded in date order`);

  const next = (changes: Partial<Gc14Dispute>): Gc14Dispute => ({ ...d, ...changes, events: [...d.events, event] });
  const enterStage = (stage: Gc14Stage): Gc14Dispute['stages'] => [...d.stages.map((s) => (s.endedOn === null ? { ...s, endedOn: on } : s)), { stage, startedOn: on, endedOn: null }];
  const endStages = (): Gc14Dispute['stages'] => d.stages.map((s) => (s.endedOn === null ? { ...s, endedOn: on } : s));
  const atStage = d.state as Gc14Stage;

  switch (event.type) {
    case 'escalate_to_mediation': {
      const ends = negotiationEnds(d, rules, calendar);
      if (on <= ends && !event.early) {
        throw invalid('on', `escalated negotiation runs until ${ends} (${rules.gc14.negotiationOperationalDays.value} operational days: ${rules.gc14.negotiationOperationalDays.source}); escalate earlier only if both parties agree (early: true)`);
      }
      return next({ state: 'mediation', stages: enterStage('mediation') });
    }
    case 'appoint': {
      const a = checkAppointee({ ...event.appointee, appointedOn: on }, d.appointees, on);
      const wanted = d.state === 'mediation' ? 'mediator' : 'expert';
      if (a.role !== wanted) throw invalid('appointee.role', `a dispute ${GC14_STATE_LABELS[d.state]} appoints a ${wanted}, not a ${a.role}`);
      const allowed = rules.gc14.appointers.value;
      const by = a.appointedBy === 'parties' || a.appointedBy === 'regulator' ? a.appointedBy : null;
      if (by === null || !allowed.includes(by)) {
        throw invalid('appointee.appointedBy', `a GC14 ${wanted} is appointed by ${allowed.map((x) => (x === 'parties' ? 'the parties together' : 'a regulator')).join(' or ')} (${rules.gc14.appointers.source})`);
      }
      return next({ appointees: [...d.appointees, a] });
    }
    case 'record_fee':
      return next({ fees: [...d.fees, checkFee(event.fee, d.appointees, on)] });
    case 'refer_to_expert':
      // RULES.md §1.3 [S2]: an expert is appointed "if mediation fails", so mediation must have been tried.
      if (!d.appointees.some((a) => a.role === 'mediator')) throw conflict(`cannot refer dispute ${d.id} to an expert before a mediator has been appointed: mediation comes first (${step.source})`);
      return next({ state: 'expert_determination', stages: enterStage('expert_determination') });
    case 'settle':
      return next({ state: 'resolved', stages: endStages(), outcome: { on, how: 'agreement', atStage, ...result(event, 'settle') } });
    case 'determine':
      if (!d.appointees.some((a) => a.role === 'expert')) throw conflict(`cannot record a determination on dispute ${d.id}: no expert has been appointed`);
      return next({ state: 'resolved', stages: endStages(), outcome: { on, how: 'determination', atStage, ...result(event, 'determine') } });
    case 'withdraw':
      return next({ state: 'withdrawn', stages: endStages(), outcome: { on, how: 'withdrawal', atStage, summary: requireText(event.reason, 'reason', 'why the dispute is withdrawn'), amountPence: null, inFavourOf: null } });
    default: {
      const never: never = event;
      throw invalid('type', `unknown GC14 step '${String((never as { type: unknown }).type)}'`);
    }
  }
}

/**
 * Rebuilds a GC14 dispute from its event log.
 *
 * @example replayDispute([raise, escalate, appoint, settle], rules).state // 'resolved'
 */
export function replayDispute(events: readonly Gc14Event[], rules: RelationshipRules, calendar: Calendar = englandAndWales): Gc14Dispute {
  if (events.length === 0 || events[0].type !== 'raise') throw invalid(['events', 0], "a dispute's log starts with it being raised");
  let d = raiseDispute(events[0], rules);
  for (let i = 1; i < events.length; i++) {
    const e = events[i];
    if (e.type === 'raise') throw invalid(['events', i], 'a dispute is raised once');
    d = applyDisputeStep(d, e, rules, calendar);
  }
  return d;
}

/**
 * The other party to a dispute, from the raiser's side.
 *
 * @example respondent({ raisedBy: 'provider' }) // 'commissioner'
 */
export function respondent(d: Pick<Gc14Dispute, 'raisedBy'>): Side {
  return otherSide(d.raisedBy);
}
