/**
 * Stage gates for large schemes (DESIGN.md C2): strategic outline case, outline business case, full
 * business case, regulatory approval. Each gate lists who must sign; each signatory signs or refuses
 * (the Dudley Group did not sign the Dudley ICP strategic outline case in November 2019, seed 001);
 * the scheme's lead then closes the gate: passed (all signed), proceeded without some signatures
 * (with reasons, the refusals kept on record), or halted. Runs on the same engine as the routes.
 */

import { invalidMany, type Issue } from '../errors.ts';
import { isIsoDate, type IsoDate } from '../time/date.ts';
import { allow, deadlines, overdueAsAt, refuseConflict, refuseInvalid, replay, STAY, step, type Deadline, type GuardResult, type HistoryEntry, type Machine, type MachineActor, type Transition } from './engine.ts';

export const STAGE_GATES = ['strategic_outline_case', 'outline_business_case', 'full_business_case', 'regulatory_approval'] as const;
export type StageGate = (typeof STAGE_GATES)[number];

export const STAGE_GATE_LABELS: Readonly<Record<StageGate, string>> = {
  strategic_outline_case: 'Strategic outline case',
  outline_business_case: 'Outline business case',
  full_business_case: 'Full business case',
  regulatory_approval: 'Regulatory approval',
};

export interface Signatory {
  readonly organisationCode: string;
  readonly name: string;
}

export interface GateRecord {
  readonly gate: StageGate;
  readonly requiredSignatories: readonly Signatory[];
  readonly dueOn: IsoDate | null;
  readonly submittedOn: IsoDate | null;
  readonly signatures: readonly { organisationCode: string; on: IsoDate; signedBy: string }[];
  readonly refusals: readonly { organisationCode: string; on: IsoDate; reason: string }[];
  readonly outcome: 'passed' | 'proceeded_without_all_signatures' | 'halted' | null;
  readonly outcomeOn: IsoDate | null;
  readonly outcomeReason: string | null;
}

export interface SchemeRecord {
  readonly id: string;
  readonly title: string;
  /** The commissioner leading the scheme, who closes each gate. */
  readonly leadCode: string;
  readonly gates: readonly GateRecord[];
  readonly state: string;
  readonly history: readonly HistoryEntry[];
}

export type SchemeRole = 'scheme_lead' | 'signatory';
export interface SchemeActor extends MachineActor {
  readonly role: SchemeRole;
}

type Base<T extends string> = { readonly type: T; readonly on: IsoDate; readonly by: SchemeActor };
export type SchemeEvent =
  | (Base<'scheme_opened'> & { readonly scheme: { readonly id: string; readonly title: string; readonly leadCode: string; readonly gates: readonly { readonly gate: StageGate; readonly requiredSignatories: readonly Signatory[]; readonly dueOn?: IsoDate }[] } })
  | (Base<'gate_submitted'> & { readonly gate: StageGate })
  | (Base<'gate_signed'> & { readonly gate: StageGate; readonly signedBy: string })
  | (Base<'gate_refused'> & { readonly gate: StageGate; readonly reason: string })
  | (Base<'gate_rescheduled'> & { readonly gate: StageGate; readonly dueOn: IsoDate; readonly reason: string })
  | (Base<'gate_closed'> & { readonly gate: StageGate; readonly outcome: NonNullable<GateRecord['outcome']>; readonly reason: string });

type E<T extends SchemeEvent['type']> = Extract<SchemeEvent, { type: T }>;
type SchemeTransition = Transition<SchemeRecord, SchemeEvent, null>;

function gateOf(r: SchemeRecord, gate: StageGate): GateRecord | undefined {
  return r.gates.find((g) => g.gate === gate);
}

function withGate(r: SchemeRecord, gate: StageGate, f: (g: GateRecord) => GateRecord): SchemeRecord {
  return { ...r, gates: r.gates.map((g) => (g.gate === gate ? f(g) : g)) };
}

function t<T extends SchemeEvent['type']>(event: T, def: Omit<SchemeTransition, 'event' | 'guard' | 'apply' | 'to'> & {
  to: SchemeTransition['to'] | ((r: SchemeRecord, e: E<T>) => string);
  guard?: (r: SchemeRecord, e: E<T>) => GuardResult;
  apply?: (r: SchemeRecord, e: E<T>) => SchemeRecord;
}): SchemeTransition {
  const { guard, apply, to, ...rest } = def;
  return {
    ...rest,
    event,
    to: typeof to === 'function' ? (r, e) => (to as (r: SchemeRecord, e: E<T>) => string)(r, e as E<T>) : to,
    guard: guard && ((r, e) => guard(r, e as E<T>)),
    apply: apply && ((r, e) => apply(r, e as E<T>)),
  };
}

/** The gate the scheme is at must be the one the event names. */
function atGate(r: SchemeRecord, gate: StageGate): GuardResult {
  return r.state === gate ? allow : refuseConflict(`the scheme is at the ${STAGE_GATE_LABELS[r.state as StageGate] ?? r.state} gate, not the ${STAGE_GATE_LABELS[gate] ?? gate}`);
}

function signatoryGuard(r: SchemeRecord, e: E<'gate_signed'> | E<'gate_refused'>): GuardResult {
  const g = gateOf(r, e.gate);
  const at = atGate(r, e.gate);
  if (at || !g) return at ?? refuseInvalid('gate', `no ${e.gate} gate`);
  if (!g.submittedOn) return refuseConflict(`the ${STAGE_GATE_LABELS[e.gate]} has not been submitted for signature`);
  if (!g.requiredSignatories.some((s) => s.organisationCode === e.by.organisationCode)) return refuseConflict(`${e.by.organisationCode} is not a signatory of the ${STAGE_GATE_LABELS[e.gate]}`);
  if (g.signatures.some((s) => s.organisationCode === e.by.organisationCode) || g.refusals.some((s) => s.organisationCode === e.by.organisationCode)) {
    return refuseConflict(`${e.by.organisationCode} has already answered the ${STAGE_GATE_LABELS[e.gate]}`);
  }
  return allow;
}

function nextState(r: SchemeRecord, gate: StageGate, outcome: NonNullable<GateRecord['outcome']>): string {
  if (outcome === 'halted') return 'halted';
  const i = r.gates.findIndex((g) => g.gate === gate);
  return r.gates[i + 1]?.gate ?? 'approved';
}

const GATE_STATES = STAGE_GATES.map((g) => g as string);

export const stageGateMachine: Machine<SchemeRecord, SchemeEvent, null> = {
  name: 'stage_gates',
  label: 'scheme',
  initial: 'strategic_outline_case',
  states: [
    ...STAGE_GATES.map((g) => ({ name: g, label: `at the ${STAGE_GATE_LABELS[g].toLowerCase()} gate` })),
    { name: 'approved', label: 'through every gate', terminal: true },
    { name: 'halted', label: 'halted at a gate', terminal: true },
  ],
  transitions: [
    t('gate_submitted', {
      label: 'submitted the case for signature',
      from: GATE_STATES,
      to: STAY,
      by: ['scheme_lead'],
      guard: (r, e) => atGate(r, e.gate) ?? (gateOf(r, e.gate)?.submittedOn ? refuseConflict(`the ${STAGE_GATE_LABELS[e.gate]} is already submitted`) : allow),
      apply: (r, e) => withGate(r, e.gate, (g) => ({ ...g, submittedOn: e.on })),
    }),
    t('gate_signed', {
      label: 'signed the case',
      from: GATE_STATES,
      to: STAY,
      by: ['signatory', 'scheme_lead'],
      guard: (r, e) => signatoryGuard(r, e) ?? (e.signedBy?.trim() ? allow : refuseInvalid('signedBy', 'who signed')),
      apply: (r, e) => withGate(r, e.gate, (g) => ({ ...g, signatures: [...g.signatures, { organisationCode: e.by.organisationCode, on: e.on, signedBy: e.signedBy.trim() }] })),
    }),
    t('gate_refused', {
      label: 'refused to sign the case',
      from: GATE_STATES,
      to: STAY,
      by: ['signatory', 'scheme_lead'],
      guard: (r, e) => signatoryGuard(r, e) ?? (e.reason?.trim() ? allow : refuseInvalid('reason', 'record why it did not sign')),
      apply: (r, e) => withGate(r, e.gate, (g) => ({ ...g, refusals: [...g.refusals, { organisationCode: e.by.organisationCode, on: e.on, reason: e.reason.trim() }] })),
    }),
    t('gate_rescheduled', {
      label: 'moved the gate date',
      from: GATE_STATES,
      to: STAY,
      by: ['scheme_lead'],
      guard: (r, e) => (!gateOf(r, e.gate) ? refuseInvalid('gate', `no ${e.gate} gate`) : !isIsoDate(e.dueOn) || !e.reason?.trim() ? refuseInvalid('dueOn', 'give the new date and the reason') : allow),
      apply: (r, e) => withGate(r, e.gate, (g) => ({ ...g, dueOn: e.dueOn })),
    }),
    t('gate_closed', {
      label: 'closed the gate',
      from: GATE_STATES,
      to: (r: SchemeRecord, e: E<'gate_closed'>) => nextState(r, e.gate, e.outcome),
      by: ['scheme_lead'],
      guard: (r, e) => {
        const at = atGate(r, e.gate);
        if (at) return at;
        const g = gateOf(r, e.gate)!;
        if (!g.submittedOn) return refuseConflict(`the ${STAGE_GATE_LABELS[e.gate]} has not been submitted`);
        const unsigned = g.requiredSignatories.filter((s) => !g.signatures.some((x) => x.organisationCode === s.organisationCode));
        if (e.outcome === 'passed' && unsigned.length) return refuseConflict(`not signed by ${unsigned.map((s) => `${s.name} (${s.organisationCode})`).join(', ')}: the gate cannot pass; proceed without them with reasons, or halt`);
        if (e.outcome === 'proceeded_without_all_signatures' && unsigned.length === 0) return refuseInvalid('outcome', 'every signatory signed: the gate passed');
        if (e.outcome !== 'passed' && !e.reason?.trim()) return refuseInvalid('reason', 'record why');
        return allow;
      },
      apply: (r, e) => withGate(r, e.gate, (g) => ({ ...g, outcome: e.outcome, outcomeOn: e.on, outcomeReason: e.reason?.trim() || null })),
    }),
  ],
  authorise: (r, e) => (e.by.role === 'scheme_lead' && e.by.organisationCode !== r.leadCode ? refuseConflict(`${e.by.organisationCode} does not lead ${r.title}`) : allow),
  deadlines: (r) => r.gates.filter((g) => g.dueOn).map((g): Deadline => ({
    key: `gate:${g.gate}`,
    label: `${STAGE_GATE_LABELS[g.gate]} due`,
    kind: 'act_by',
    due: g.dueOn!,
    met: g.outcome !== null,
    cite: 'the scheme\'s own plan',
  })),
};

/**
 * A scheme's stage gates rebuilt from its events, the first being 'scheme_opened'.
 *
 * @example replayScheme(DUDLEY_ICP_STAGE_GATE_EVENTS).gates[0].refusals[0].organisationCode // 'RNA'
 */
export function replayScheme(events: readonly SchemeEvent[]): SchemeRecord {
  const [first, ...rest] = events;
  if (!first || first.type !== 'scheme_opened') throw invalidMany([{ path: ['events', 0, 'type'], message: 'the first event is "scheme_opened"' }]);
  const s = first.scheme;
  const issues: Issue[] = [];
  if (s.gates.length === 0) issues.push({ path: ['scheme', 'gates'], message: 'needs at least one gate' });
  const order = s.gates.map((g) => STAGE_GATES.indexOf(g.gate));
  if (order.some((i) => i < 0) || order.some((v, i) => i > 0 && v <= order[i - 1])) issues.push({ path: ['scheme', 'gates'], message: `gates in order, each once: ${STAGE_GATES.join(', ')}` });
  s.gates.forEach((g, i) => {
    if (g.requiredSignatories.length === 0) issues.push({ path: ['scheme', 'gates', i, 'requiredSignatories'], message: 'name who must sign' });
  });
  if (first.by.role !== 'scheme_lead' || first.by.organisationCode !== s.leadCode) issues.push({ path: ['by'], message: `the scheme lead (${s.leadCode}) opens it` });
  if (issues.length) throw invalidMany(issues);
  const start: SchemeRecord = {
    id: s.id,
    title: s.title,
    leadCode: s.leadCode,
    gates: s.gates.map((g) => ({ gate: g.gate, requiredSignatories: g.requiredSignatories, dueOn: g.dueOn ?? null, submittedOn: null, signatures: [], refusals: [], outcome: null, outcomeOn: null, outcomeReason: null })),
    state: s.gates[0].gate,
    history: [{ sequence: 1, type: 'scheme_opened', on: first.on, by: first.by, from: '', to: s.gates[0].gate }],
  };
  return replay(stageGateMachine, start, rest, null);
}

/** One more stage-gate event. */
export function applySchemeEvent(record: SchemeRecord, event: SchemeEvent): SchemeRecord {
  return step(stageGateMachine, record, event, null);
}

/**
 * Gates overdue as at a date (due, not closed).
 *
 * @example schemeOverdueAsAt(dudley, '2020-11-30').map((d) => d.key) // ['gate:full_business_case']
 */
export function schemeOverdueAsAt(record: SchemeRecord, asAt: IsoDate): Deadline[] {
  return overdueAsAt(stageGateMachine, record, asAt, null);
}

export function schemeDeadlines(record: SchemeRecord): Deadline[] {
  return deadlines(stageGateMachine, record, null);
}
