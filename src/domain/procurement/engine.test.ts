import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import { allow, deadlines, overdueAsAt, possibleSteps, refuseConflict, replay, STAY, step, type Machine, type MachineEvent, type MachineRecord } from './engine.ts';

/** A toy machine: a request is raised, answered within a due date, then closed. */
interface Req extends MachineRecord {
  readonly dueOn: string | null;
  readonly answeredOn: string | null;
  readonly notes: number;
}
type Ev = MachineEvent & { readonly dueOn?: string };

const machine: Machine<Req, Ev, null> = {
  name: 'toy',
  label: 'toy request',
  initial: 'open',
  states: [{ name: 'open', label: 'open' }, { name: 'answered', label: 'answered' }, { name: 'closed', label: 'closed', terminal: true }],
  transitions: [
    { event: 'noted', label: 'noted', from: '*', to: STAY, by: ['clerk', 'owner'], apply: (r) => ({ ...r, notes: r.notes + 1 }) },
    { event: 'due_set', label: 'set the due date', from: ['open'], to: STAY, by: ['owner'], apply: (r, e) => ({ ...r, dueOn: e.dueOn ?? null }) },
    { event: 'answered', label: 'answered', from: ['open'], to: 'answered', by: ['owner'], guard: (r) => (r.dueOn ? allow : refuseConflict('set a due date first')), apply: (r, e) => ({ ...r, answeredOn: e.on }) },
    { event: 'closed', label: 'closed', from: ['answered'], to: 'closed', by: ['owner'] },
  ],
  deadlines: (r) => (r.dueOn ? [{ key: 'answer', label: 'Answer due', kind: 'act_by', due: r.dueOn, met: r.answeredOn !== null, cite: 'toy' }] : []),
};

const start: Req = { state: 'open', history: [], dueOn: null, answeredOn: null, notes: 0 };
const owner = { organisationCode: 'QNC', role: 'owner' };
const ev = (type: string, on: string, extra: Partial<Ev> = {}): Ev => ({ type, on, by: owner, ...extra });

function refusal(f: () => unknown): ConcordatError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConcordatError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('state-machine engine', () => {
  it('applies events in order, keeping a numbered history of each step', () => {
    const r = replay(machine, start, [ev('due_set', '2025-01-06', { dueOn: '2025-01-10' }), ev('answered', '2025-01-09'), ev('closed', '2025-01-09')], null);
    expect(r.state).toBe('closed');
    expect(r.history.map((h) => [h.sequence, h.type, h.from, h.to])).toEqual([[1, 'due_set', 'open', 'open'], [2, 'answered', 'open', 'answered'], [3, 'closed', 'answered', 'closed']]);
  });

  it('refuses a step not possible in the current state, naming the state and the steps possible', () => {
    const e = refusal(() => step(machine, start, ev('closed', '2025-01-06'), null));
    expect(e.kind).toBe('conflict');
    expect(e.message).toBe('cannot take "closed" now: the toy request is open (state "open"); possible now: noted, due_set, answered');
  });

  it('refuses an unknown event as invalid, and a party without the role as forbidden', () => {
    expect(refusal(() => step(machine, start, ev('reopened', '2025-01-06'), null)).kind).toBe('invalid');
    const e = refusal(() => step(machine, start, { ...ev('due_set', '2025-01-06'), by: { organisationCode: 'RJE', role: 'clerk' } }, null));
    expect(e.kind).toBe('forbidden');
    expect(e.message).toMatch(/only owner may take "due_set"; RJE acts as clerk/);
  });

  it('refuses a failed guard with its reason, and an event dated before the previous step', () => {
    expect(refusal(() => step(machine, start, ev('answered', '2025-01-06'), null)).message).toBe('set a due date first');
    const r = step(machine, start, ev('due_set', '2025-01-06', { dueOn: '2025-01-10' }), null);
    expect(refusal(() => step(machine, r, ev('answered', '2025-01-05'), null)).message).toMatch(/on: must not be before the previous step \("due_set" on 2025-01-06\)/);
  });

  it('"*" steps are possible in every state but a terminal one', () => {
    const closed = replay(machine, start, [ev('due_set', '2025-01-06', { dueOn: '2025-01-10' }), ev('answered', '2025-01-07'), ev('closed', '2025-01-08')], null);
    expect(possibleSteps(machine, closed)).toEqual([]);
    expect(possibleSteps(machine, start, 'clerk').map((t) => t.event)).toEqual(['noted']);
  });

  it('says what is overdue as at a date: an act-by deadline passed and not met', () => {
    const r = step(machine, start, ev('due_set', '2025-01-06', { dueOn: '2025-01-10' }), null);
    expect(overdueAsAt(machine, r, '2025-01-10', null)).toEqual([]);
    expect(overdueAsAt(machine, r, '2025-01-11', null).map((d) => d.key)).toEqual(['answer']);
    const answered = step(machine, r, ev('answered', '2025-01-13'), null);
    expect(overdueAsAt(machine, answered, '2025-02-01', null)).toEqual([]);
    expect(deadlines(machine, answered, null)[0].met).toBe(true);
  });
});
