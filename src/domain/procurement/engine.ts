/**
 * One state-machine engine for every procurement route (and for stage gates). A machine lists its
 * states and its transitions: which event moves it from which states to which, who (by party role)
 * may take the step, the guard that must hold, and how the record changes. Records are rebuilt by
 * replaying their append-only event log, so a procurement's history is its events.
 *
 * Refusals: a step not possible in the current state is a conflict naming that state and the steps
 * possible now; a party without the role is forbidden; a failed guard is invalid (naming the fields)
 * or a conflict (naming the rule and the date).
 */

import { ConcordatError, conflict, forbidden, invalid, invalidMany, type Issue } from '../errors.ts';
import { isIsoDate, type IsoDate } from '../time/date.ts';

/** Who takes a step: an organisation acting in a party role. */
export interface MachineActor {
  readonly organisationCode: string;
  readonly role: string;
  /** The person, for the decision record. */
  readonly name?: string;
}

/** Every event has a type, the (UK local) date it happened and who took it. */
export interface MachineEvent {
  readonly type: string;
  readonly on: IsoDate;
  readonly by: MachineActor;
}

/** One applied step of the log. */
export interface HistoryEntry {
  readonly sequence: number;
  readonly type: string;
  readonly on: IsoDate;
  readonly by: MachineActor;
  readonly from: string;
  readonly to: string;
}

export interface MachineRecord {
  readonly state: string;
  readonly history: readonly HistoryEntry[];
}

/** A guard's answer: null to allow, otherwise why not. */
export type GuardResult = null | { readonly kind: 'invalid'; readonly issues: readonly Issue[] } | { readonly kind: 'conflict'; readonly message: string };

export const allow: GuardResult = null;
export function refuseInvalid(path: string | readonly (string | number)[], message: string): GuardResult {
  return { kind: 'invalid', issues: [{ path: typeof path === 'string' ? path.split('.') : path, message }] };
}
export function refuseConflict(message: string): GuardResult {
  return { kind: 'conflict', message };
}

/** The transition stays in the state it was taken from. */
export const STAY = Symbol('stay');

export interface Transition<R extends MachineRecord, E extends MachineEvent, C> {
  readonly event: E['type'];
  /** Past-tense label for people: "published the notice of intention". */
  readonly label: string;
  /** The states it may be taken from; '*' for every state that is not terminal. */
  readonly from: readonly string[] | '*';
  readonly to: string | typeof STAY | ((record: R, event: E, context: C) => string);
  /** Party roles that may take it. */
  readonly by: readonly string[];
  /** The rule's source (regulation and RULES.md section). */
  readonly cite?: string;
  guard?(record: R, event: E, context: C): GuardResult;
  apply?(record: R, event: E, context: C): R;
}

export interface StateDefinition {
  readonly name: string;
  readonly label: string;
  readonly terminal?: boolean;
}

/**
 * A date by which something must happen ('act_by': overdue when passed and not met), before which
 * something must not ('not_before'), or on which a window closes for someone else ('window_closes').
 */
export interface Deadline {
  readonly key: string;
  readonly label: string;
  readonly kind: 'act_by' | 'not_before' | 'window_closes';
  /** The last day (act_by, window_closes: until midnight at its end) or the first permitted day (not_before). */
  readonly due: IsoDate;
  readonly met: boolean;
  readonly cite: string;
}

export interface Machine<R extends MachineRecord, E extends MachineEvent, C> {
  readonly name: string;
  readonly label: string;
  readonly initial: string;
  readonly states: readonly StateDefinition[];
  readonly transitions: readonly Transition<R, E, C>[];
  /** Checks the acting organisation really holds the role it claims in this record. */
  authorise?(record: R, event: E, context: C): GuardResult;
  deadlines?(record: R, context: C): readonly Deadline[];
}

function stateOf<R extends MachineRecord, E extends MachineEvent, C>(m: Machine<R, E, C>, name: string): StateDefinition {
  const s = m.states.find((x) => x.name === name);
  if (!s) throw new Error(`${m.name}: unknown state "${name}"`);
  return s;
}

function from<R extends MachineRecord, E extends MachineEvent, C>(m: Machine<R, E, C>, t: Transition<R, E, C>, state: string): boolean {
  return t.from === '*' ? !stateOf(m, state).terminal : t.from.includes(state);
}

function raise(g: Exclude<GuardResult, null>): ConcordatError {
  return g.kind === 'invalid' ? invalidMany(g.issues) : conflict(g.message);
}

/**
 * The steps possible now, optionally only those a party role may take (for step-by-step pages).
 *
 * @example possibleSteps(competitiveRoute, record, 'lead_commissioner').map((t) => t.event)
 */
export function possibleSteps<R extends MachineRecord, E extends MachineEvent, C>(m: Machine<R, E, C>, record: R, role?: string): Transition<R, E, C>[] {
  return m.transitions.filter((t) => from(m, t, record.state) && (role === undefined || t.by.includes(role)));
}

/**
 * Applies one event: refuses it (naming the current state) if it is not a step from that state,
 * if the party may not take it, or if its guard fails; otherwise returns the new record with the
 * step appended to its history.
 *
 * @example step(competitiveRoute, record, { type: 'offers_closed', on: '2024-11-01', by: lead }, context)
 */
export function step<R extends MachineRecord, E extends MachineEvent, C>(m: Machine<R, E, C>, record: R, event: E, context: C): R {
  if (!isIsoDate(event.on)) throw invalid('on', `must be a date YYYY-MM-DD, got '${String(event.on)}'`);
  const current = stateOf(m, record.state);
  const named = m.transitions.filter((t) => t.event === event.type);
  if (named.length === 0) throw invalid('type', `"${event.type}" is not a step of the ${m.label}`);
  const t = named.find((x) => from(m, x, record.state));
  if (!t) {
    const now = possibleSteps(m, record).map((x) => x.event);
    throw conflict(`cannot take "${event.type}" now: the ${m.label} is ${current.label} (state "${current.name}")`
      + (now.length ? `; possible now: ${[...new Set(now)].join(', ')}` : '; no further steps are possible'));
  }
  if (!t.by.includes(event.by.role)) throw forbidden(`only ${t.by.join(' or ')} may take "${event.type}"; ${event.by.organisationCode} acts as ${event.by.role}`);
  const last = record.history[record.history.length - 1];
  if (last && event.on < last.on) throw invalid('on', `must not be before the previous step ("${last.type}" on ${last.on})`);
  const who = m.authorise?.(record, event, context) ?? null;
  if (who) throw who.kind === 'conflict' ? forbidden(who.message) : raise(who);
  const g = t.guard?.(record, event, context) ?? null;
  if (g) throw raise(g);
  const next = t.apply ? t.apply(record, event, context) : record;
  const to = t.to === STAY ? record.state : typeof t.to === 'function' ? t.to(next, event, context) : t.to;
  stateOf(m, to);
  const entry: HistoryEntry = { sequence: record.history.length + 1, type: event.type, on: event.on, by: event.by, from: record.state, to };
  return { ...next, state: to, history: [...record.history, entry] };
}

/**
 * Replays events in order from a starting record (the append-only log rebuilt).
 *
 * @example replay(competitiveRoute, opened, events, context).state // 'concluded'
 */
export function replay<R extends MachineRecord, E extends MachineEvent, C>(m: Machine<R, E, C>, start: R, events: readonly E[], context: C): R {
  return events.reduce((r, e) => step(m, r, e, context), start);
}

/**
 * Every deadline of the record in date order.
 *
 * @example deadlines(directAwardC, record, context)[0].key // 'representations_close'
 */
export function deadlines<R extends MachineRecord, E extends MachineEvent, C>(m: Machine<R, E, C>, record: R, context: C): Deadline[] {
  return [...(m.deadlines?.(record, context) ?? [])].sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : 0));
}

/**
 * What is overdue as at a date: 'act_by' deadlines not met whose last day has passed.
 *
 * @example overdueAsAt(directAwardA, record, '2025-03-01', context).map((d) => d.key) // ['award_notice:RRU']
 */
export function overdueAsAt<R extends MachineRecord, E extends MachineEvent, C>(m: Machine<R, E, C>, record: R, asAt: IsoDate, context: C): Deadline[] {
  if (!isIsoDate(asAt)) throw invalid('asAt', `must be a date YYYY-MM-DD, got '${String(asAt)}'`);
  return deadlines(m, record, context).filter((d) => d.kind === 'act_by' && !d.met && d.due < asAt);
}
