import { describe, expect, it } from 'vitest';
import { overdueSteps, relationshipRules } from '../contract-management/index.ts';
import { ConcordatError } from '../errors.ts';
import {
  applyDisputeStep,
  disputeCosts,
  feeShares,
  type Gc14Dispute,
  type Gc14RaiseEvent,
  type Gc14StepEvent,
  gc14DueSteps,
  raiseDispute,
  replayDispute,
} from './index.ts';

const RULES = relationshipRules('2025/26');
const RAISE: Gc14RaiseEvent = {
  type: 'raise', disputeId: 'GC14-1', by: 'provider', on: '2025-12-19', edition: '2025/26',
  contractReference: 'DEVON-ACUTE-2025-26', commissionerCode: '15N', providerCode: 'RH8',
  subject: 'Counting and coding: same-day emergency care recoded as admissions', amountInDisputePence: 240_000_000,
};
const MEDIATOR = { id: 'med', name: 'A. Mediator', role: 'mediator', appointedBy: 'parties', description: 'CEDR-accredited mediator' } as const;
const EXPERT = { id: 'exp', name: 'B. Expert', role: 'expert', appointedBy: 'regulator' } as const;

function run(steps: readonly Gc14StepEvent[]): Gc14Dispute {
  return steps.reduce((d, e) => applyDisputeStep(d, e, RULES), raiseDispute(RAISE, RULES));
}
function error(f: () => unknown): ConcordatError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ConcordatError);
    return e as ConcordatError;
  }
  throw new Error('expected a ConcordatError');
}

const TO_MEDIATION: Gc14StepEvent[] = [{ type: 'escalate_to_mediation', by: 'provider', on: '2026-01-15' }];

describe('escalated negotiation (RULES.md §1.3 [S2]: 15 working days)', () => {
  it('runs 15 operational days from the day the dispute is raised, shown with its source', () => {
    const [due] = gc14DueSteps(raiseDispute(RAISE, RULES), RULES);
    // 22, 23, 24, 29, 30, 31 Dec, 2, 5, 6, 7, 8, 9, 12, 13, 14 Jan.
    expect(due).toMatchObject({ step: 'conclude_negotiation', dueDate: '2026-01-14', mustAct: 'either', confidence: 'S2' });
    expect(due.source).toMatch(/Bailey & Moore/);
  });

  it('cannot be cut short by one party', () => {
    const e = error(() => run([{ type: 'escalate_to_mediation', by: 'provider', on: '2026-01-14' }]));
    expect(e.kind).toBe('invalid');
    expect(e.message).toMatch(/^on: escalated negotiation runs until 2026-01-14/);
    expect(run([{ type: 'escalate_to_mediation', by: 'provider', on: '2026-01-05', early: true }]).state).toBe('mediation');
  });

  it('is listed as overdue when it has run past its period unresolved', () => {
    expect(overdueSteps(gc14DueSteps(raiseDispute(RAISE, RULES), RULES), '2026-01-15').map((s) => s.step)).toEqual(['conclude_negotiation']);
  });
});

describe('mediation and expert determination', () => {
  it('appoints a mediator chosen by the parties or a regulator, never one party alone', () => {
    const e = error(() => run([...TO_MEDIATION, { type: 'appoint', by: 'commissioner', on: '2026-01-15', appointee: { ...MEDIATOR, appointedBy: 'commissioner' } }]));
    expect(e.message).toMatch(/appointedBy: a GC14 mediator is appointed by the parties together or a regulator/);
    expect(error(() => run([...TO_MEDIATION, { type: 'appoint', by: 'commissioner', on: '2026-01-15', appointee: EXPERT }])).message).toMatch(/appoints a mediator, not a expert/);
  });

  it('asks for a mediator and gives mediation its [M] period', () => {
    const d = run(TO_MEDIATION);
    expect(gc14DueSteps(d, RULES).map((s) => [s.step, s.dueDate, s.confidence])).toEqual([['appoint', null, 'S2'], ['conclude_mediation', '2026-02-12', 'M']]);
  });

  it('goes to an expert only after mediation has been tried', () => {
    expect(error(() => run([...TO_MEDIATION, { type: 'refer_to_expert', by: 'provider', on: '2026-02-12' }])).message).toMatch(/before a mediator has been appointed: mediation comes first/);
    const d = run([...TO_MEDIATION, { type: 'appoint', by: 'provider', on: '2026-01-15', appointee: MEDIATOR }, { type: 'refer_to_expert', by: 'provider', on: '2026-02-12' }]);
    expect(d.state).toBe('expert_determination');
    expect(d.stages.map((s) => [s.stage, s.startedOn, s.endedOn])).toEqual([['negotiation', '2025-12-19', '2026-01-15'], ['mediation', '2026-01-15', '2026-02-12'], ['expert_determination', '2026-02-12', null]]);
  });

  it('records a binding determination with its amount and in whose favour', () => {
    const d = run([...TO_MEDIATION,
      { type: 'appoint', by: 'provider', on: '2026-01-15', appointee: MEDIATOR },
      { type: 'refer_to_expert', by: 'commissioner', on: '2026-02-12' },
      { type: 'appoint', by: 'commissioner', on: '2026-02-16', appointee: EXPERT },
      { type: 'determine', by: 'commissioner', on: '2026-03-20', summary: 'SDEC attendances are not admissions', amountPence: 180_000_000, inFavourOf: 'commissioner' },
    ]);
    expect(d.outcome).toEqual({ on: '2026-03-20', how: 'determination', atStage: 'expert_determination', summary: 'SDEC attendances are not admissions', amountPence: 180_000_000, inFavourOf: 'commissioner' });
    expect(gc14DueSteps(d, RULES)).toEqual([]);
  });

  it('can be settled at any stage, and withdrawn only by the party that raised it', () => {
    expect(run([{ type: 'settle', by: 'commissioner', on: '2026-01-02', summary: 'Agreed half the recoding' }]).outcome).toMatchObject({ how: 'agreement', atStage: 'negotiation' });
    expect(error(() => run([{ type: 'withdraw', by: 'commissioner', on: '2026-01-02', reason: 'x' }])).message).toMatch(/only the provider, who raised dispute GC14-1, may withdraw/);
  });

  it('refuses an illegal step naming the stage', () => {
    const e = error(() => run([{ type: 'determine', by: 'commissioner', on: '2026-01-02', summary: 'x' }]));
    expect(e.kind).toBe('conflict');
    expect(e.message).toBe("cannot record the expert's determination: dispute GC14-1 is in escalated negotiation between senior directors (state 'negotiation')");
  });
});

describe('fees and who pays', () => {
  it('split a shared fee so the parts add up exactly', () => {
    expect(feeShares({ amountPence: 1_200_701, payer: { kind: 'shared', commissionerShareMicros: 500_000 } })).toEqual({ commissionerPence: 600_351, providerPence: 600_350, regulatorPence: 0 });
    expect(feeShares({ amountPence: 1_200_700, payer: { kind: 'paid_by', side: 'provider' } })).toEqual({ commissionerPence: 0, providerPence: 1_200_700, regulatorPence: 0 });
  });

  it('are totalled by who bears them, after the dispute ends too', () => {
    const d = run([...TO_MEDIATION,
      { type: 'appoint', by: 'provider', on: '2026-01-15', appointee: MEDIATOR },
      { type: 'settle', by: 'provider', on: '2026-02-02', summary: 'Settled' },
      { type: 'record_fee', by: 'commissioner', on: '2026-02-20', fee: { appointeeId: 'med', amountPence: 450_001, description: 'Mediation day and preparation', payer: { kind: 'shared', commissionerShareMicros: 500_000 } } },
    ]);
    const c = disputeCosts(d.appointees, d.fees);
    expect(c).toMatchObject({ totalPence: 450_001, commissionerPence: 225_001, providerPence: 225_000, regulatorPence: 0 });
    expect(c.fees[0].appointee.name).toBe('A. Mediator');
  });

  it('belong to someone appointed on the dispute', () => {
    expect(error(() => run([{ type: 'record_fee', by: 'commissioner', on: '2026-01-02', fee: { appointeeId: 'nobody', amountPence: 1, description: 'x', payer: { kind: 'regulator' } } }])).message).toMatch(/^appointeeId: no appointee 'nobody' on this dispute \(none appointed\)/);
  });
});

describe('replay', () => {
  it('rebuilds the dispute from its event log', () => {
    const steps: Gc14StepEvent[] = [...TO_MEDIATION, { type: 'appoint', by: 'provider', on: '2026-01-15', appointee: MEDIATOR }];
    expect(replayDispute([RAISE, ...steps], RULES)).toEqual(run(steps));
    expect(() => replayDispute([RAISE, RAISE], RULES)).toThrowError(/events\.1: a dispute is raised once/);
  });
});
