import { describe, expect, it } from 'vitest';
import { ConcordatError } from '../errors.ts';
import { DUDLEY_CCG, DUDLEY_ICP_STAGE_GATE_EVENTS } from './fixtures/dudley-icp-stage-gates.ts';
import { applySchemeEvent, replayScheme, schemeOverdueAsAt } from './stage-gates.ts';

function refusal(f: () => unknown): ConcordatError {
  try {
    f();
  } catch (e) {
    if (e instanceof ConcordatError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('stage gates: the Dudley integrated care provider', () => {
  const dudley = replayScheme(DUDLEY_ICP_STAGE_GATE_EVENTS);

  it('records who signed the strategic outline case and that the Dudley Group (RNA) did not', () => {
    const soc = dudley.gates[0];
    expect(soc.signatures.map((s) => s.organisationCode)).toEqual(['05C', 'RYK', 'E08000027']);
    expect(soc.refusals).toEqual([expect.objectContaining({ organisationCode: 'RNA', on: '2019-11-28' })]);
    expect(soc.outcome).toBe('proceeded_without_all_signatures');
    expect(dudley.state).toBe('full_business_case');
  });

  it('the gate could not simply pass without the trust\'s signature', () => {
    const beforeClose = replayScheme(DUDLEY_ICP_STAGE_GATE_EVENTS.slice(0, -1));
    const e = refusal(() => applySchemeEvent(beforeClose, { type: 'gate_closed', on: '2019-11-29', by: DUDLEY_CCG, gate: 'strategic_outline_case', outcome: 'passed', reason: '' }));
    expect(e.message).toMatch(/not signed by The Dudley Group NHS Foundation Trust \(RNA\): the gate cannot pass/);
  });

  it('the full business case due by October 2020 is overdue from 1 November 2020', () => {
    expect(schemeOverdueAsAt(dudley, '2020-10-31')).toEqual([]);
    expect(schemeOverdueAsAt(dudley, '2020-11-01').map((d) => d.key)).toEqual(['gate:full_business_case']);
  });

  it('only a named signatory signs, once', () => {
    const fbc = applySchemeEvent(dudley, { type: 'gate_submitted', on: '2020-10-15', by: DUDLEY_CCG, gate: 'full_business_case' });
    expect(refusal(() => applySchemeEvent(fbc, { type: 'gate_signed', on: '2020-10-20', by: { organisationCode: 'RXK', role: 'signatory' }, gate: 'full_business_case', signedBy: 'x' })).message).toMatch(/RXK is not a signatory/);
    const signed = applySchemeEvent(fbc, { type: 'gate_signed', on: '2020-10-20', by: { organisationCode: 'RNA', role: 'signatory' }, gate: 'full_business_case', signedBy: 'Chair' });
    expect(refusal(() => applySchemeEvent(signed, { type: 'gate_refused', on: '2020-10-21', by: { organisationCode: 'RNA', role: 'signatory' }, gate: 'full_business_case', reason: 'changed mind' })).message).toMatch(/RNA has already answered/);
  });

  it('cannot sign a gate the scheme has not reached', () => {
    const e = refusal(() => applySchemeEvent(dudley, { type: 'gate_signed', on: '2020-12-01', by: { organisationCode: 'X24', role: 'signatory' }, gate: 'regulatory_approval', signedBy: 'x' }));
    expect(e.message).toMatch(/the scheme is at the Full business case gate, not the Regulatory approval/);
  });

  it('halting at a gate ends the scheme, with the reason kept', () => {
    const fbc = applySchemeEvent(dudley, { type: 'gate_submitted', on: '2020-10-15', by: DUDLEY_CCG, gate: 'full_business_case' });
    const halted = applySchemeEvent(fbc, { type: 'gate_closed', on: '2021-06-30', by: DUDLEY_CCG, gate: 'full_business_case', outcome: 'halted', reason: 'Illustrative: partners agreed not to proceed' });
    expect(halted.state).toBe('halted');
    expect(halted.gates[1]).toMatchObject({ outcome: 'halted', outcomeReason: 'Illustrative: partners agreed not to proceed' });
  });
});
