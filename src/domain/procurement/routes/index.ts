/** One machine per route, sharing the engine; and the procurement opened, stepped and replayed. */

import { possibleSteps, replay, step, deadlines, overdueAsAt, type Deadline, type Machine } from '../engine.ts';
import { invalid } from '../../errors.ts';
import type { Route } from '../route-chooser.ts';
import type { EventOf, ProcurementContext, ProcurementEvent, ProcurementRecord } from '../types.ts';
import { competitive } from './competitive.ts';
import { directAwardA } from './direct-award-a.ts';
import { directAwardB } from './direct-award-b.ts';
import { directAwardC } from './direct-award-c.ts';
import { legacy } from './legacy.ts';
import { mostSuitableProvider } from './most-suitable-provider.ts';
import { openRecord, procurementContext } from './shared.ts';

export type ProcurementMachine = Machine<ProcurementRecord, ProcurementEvent, ProcurementContext>;

export const ROUTE_MACHINES: Readonly<Record<Route, ProcurementMachine>> = {
  direct_award_a: directAwardA,
  direct_award_b: directAwardB,
  direct_award_c: directAwardC,
  most_suitable_provider: mostSuitableProvider,
  competitive,
  legacy,
};

/**
 * The machine a route runs on.
 *
 * @example machineFor('competitive').initial // 'planning'
 */
export function machineFor(route: Route): ProcurementMachine {
  const m = ROUTE_MACHINES[route];
  if (!m) throw invalid('route', `no such route: ${String(route)}`);
  return m;
}

/**
 * A procurement from its 'opened' event: checked, in its route's first state.
 *
 * @example openProcurement(opened).state // 'planning' for the Competitive Process
 */
export function openProcurement(opened: EventOf<'opened'>): ProcurementRecord {
  if (opened.type !== 'opened') throw invalid('type', 'the first event of a procurement is "opened"');
  return openRecord(opened, machineFor(opened.procurement.route).initial);
}

/**
 * The procurement after one more event on its route's machine.
 *
 * @example applyProcurementEvent(record, { type: 'offers_closed', on, by }, procurementContext())
 */
export function applyProcurementEvent(record: ProcurementRecord, event: ProcurementEvent, context: ProcurementContext = procurementContext()): ProcurementRecord {
  if (event.type === 'opened') throw invalid('type', `${record.reference} is already open`);
  return step(machineFor(record.route), record, event, context);
}

/**
 * A procurement rebuilt from its whole event log, the first event being 'opened'.
 *
 * @example replayProcurement(STAFFORDSHIRE_CANCER_EVENTS).state // 'concluded'
 */
export function replayProcurement(events: readonly ProcurementEvent[], context: ProcurementContext = procurementContext()): ProcurementRecord {
  const [first, ...rest] = events;
  if (!first || first.type !== 'opened') throw invalid('events.0.type', 'the first event of a procurement is "opened"');
  const start = openProcurement(first);
  return replay(machineFor(start.route), start, rest, context);
}

/** Every deadline of a procurement, in date order. */
export function procurementDeadlinesOf(record: ProcurementRecord, context: ProcurementContext = procurementContext()): Deadline[] {
  return deadlines(machineFor(record.route), record, context);
}

/**
 * What is overdue on a procurement as at a date.
 *
 * @example procurementOverdueAsAt(record, '2025-03-01').map((d) => d.key)
 */
export function procurementOverdueAsAt(record: ProcurementRecord, asAt: string, context: ProcurementContext = procurementContext()): Deadline[] {
  return overdueAsAt(machineFor(record.route), record, asAt, context);
}

/** The steps possible now on a procurement, optionally for one party role. */
export function nextSteps(record: ProcurementRecord, role?: string) {
  return possibleSteps(machineFor(record.route), record, role).map((t) => ({ event: t.event, label: t.label, by: t.by, cite: t.cite }));
}

export { competitive, directAwardA, directAwardB, directAwardC, legacy, mostSuitableProvider, procurementContext };
