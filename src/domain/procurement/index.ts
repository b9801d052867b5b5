/**
 * Procurement in the open (DESIGN.md C7; RULES.md §3): the Provider Selection Regime's routes as
 * state machines on one engine, the route chooser, considerable change and modifications, key
 * criteria, selection and exclusions, conflicts of interest, notices checked against the Schedules,
 * standstill on the working-day calendar, the reg 24 decision record, legacy roll-over or tender
 * decisions, stage gates, and the contract an award creates. Pure: dates, ids and the calendar are
 * passed in.
 */

export * from './parameters.ts';
export * from './standstill.ts';
export * from './considerable-change.ts';
export * from './modification.ts';
export * from './key-criteria.ts';
export * from './selection.ts';
export * from './conflicts.ts';
export * from './notices.ts';
export * from './route-chooser.ts';
export * from './types.ts';
export {
  type Deadline as MachineDeadline, type GuardResult, type HistoryEntry, type Machine, type MachineActor, type MachineEvent,
  type MachineRecord, type StateDefinition, type Transition, deadlines, overdueAsAt, possibleSteps, replay, step,
} from './engine.ts';
export {
  ROUTE_MACHINES, type ProcurementMachine, applyProcurementEvent, machineFor, nextSteps, openProcurement,
  procurementDeadlinesOf, procurementOverdueAsAt, replayProcurement,
} from './routes/index.ts';
export { procurementContext, ranking } from './routes/shared.ts';
export * from './decision-record.ts';
export * from './stage-gates.ts';
export * from './award-contract.ts';
export * from './public-notices.ts';
export { STAFFORDSHIRE_CANCER_EVENTS } from './fixtures/staffordshire-cancer.ts';
export { COMMUNITY_ROLLOVER_EVENTS } from './fixtures/community-services-rollover.ts';
export { DUDLEY_ICP_STAGE_GATE_EVENTS } from './fixtures/dudley-icp-stage-gates.ts';
